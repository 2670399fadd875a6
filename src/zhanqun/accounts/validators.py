"""Password rules of R-SEC-1, with Chinese messages (AUTH_PASSWORD_VALIDATORS).

* ``ComplexityValidator`` — at least 8 characters (longer if configured) mixing letters,
  digits and symbols;
* ``UsernameValidator`` — not the username and not containing it;
* ``CommonPasswordValidator`` — Django's list of 20,000 common passwords;
* ``PasswordHistoryValidator`` — none of the last 5 (``PasswordHistory``); its
  ``password_changed`` hook, which Django calls from ``User.save()`` after any
  ``set_password``, records the new hash and the time of the change.
"""

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy


class ComplexityValidator:
    def __init__(self, min_length=8):
        self.min_length = min_length

    def validate(self, password, user=None):
        length = policy.password_min_length(self.min_length)
        errors = []
        if len(password) < length:
            errors.append(
                ValidationError(_("密码太短，至少需要 %(n)d 个字符。") % {"n": length}, code="password_too_short")
            )
        has_letter = any(c.isascii() and c.isalpha() for c in password)
        has_digit = any(c.isdigit() for c in password)
        has_symbol = any(not c.isalnum() and not c.isspace() for c in password)
        if not (has_letter and has_digit and has_symbol):
            errors.append(
                ValidationError(_("密码须同时包含字母、数字和符号（如 # ! @ %）。"), code="password_not_mixed")
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return _("至少 %(n)d 个字符，同时包含字母、数字和符号。") % {"n": policy.password_min_length(self.min_length)}


class UsernameValidator:
    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(_("密码不能与用户名相同，也不能包含用户名。"), code="password_contains_username")

    def get_help_text(self):
        return _("不能与用户名相同或包含用户名。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("这个密码太常见，容易被猜到，请换一个。")

    def get_help_text(self):
        return _("不能是常见密码。")


class PasswordHistoryValidator:
    """R-SEC-1: the last ``ZHANQUN_PASSWORD_HISTORY`` (5) passwords cannot be reused."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        size = policy.password_history_size()
        hashes = list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[:size])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        for encoded in hashes[: max(size, 1)]:
            if check_password(password, encoded):
                raise ValidationError(
                    _("不能使用最近 %(n)d 次用过的密码。") % {"n": size}, code="password_reused"
                )

    def password_changed(self, password, user):
        from .models import AccountSecurity, PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: policy.password_history_size()]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        AccountSecurity.objects.update_or_create(
            user=user, defaults={"password_changed_at": timezone.now(), "must_change_password": False}
        )

    def get_help_text(self):
        return _("不能使用最近 %(n)d 次用过的密码。") % {"n": policy.password_history_size()}
