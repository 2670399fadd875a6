from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in security: password policy and rotation, two factors, device binding,
    lockouts, idle timeout, offboarding (docs/accounts.md, R-SEC-1, R-SEC-7)."""

    default = True
    name = "zhanqun.accounts"
    label = "accounts"
    verbose_name = "账号与登录安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import User

        from .names import get_full_name

        User.get_full_name = get_full_name  # 陈晓梅, not "晓梅 陈" (names.py)
        User.get_short_name = get_full_name  # Wagtail's e-mails greet 陈晓梅, not 晓梅 (names.py)
