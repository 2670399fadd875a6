"""Sign-in policy on back-office requests (docs/accounts.md). After
``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware``.

``IdleTimeoutMiddleware`` — signs out a session idle for ``ZHANQUN_IDLE_TIMEOUT_MINUTES``
(30). Background requests of an open page (Wagtail's editing-session pings) do not count
as activity, so a forgotten editor tab does not keep a session alive.

``SignInPolicyMiddleware`` — a signed-in user who has not finished signing in is sent,
from every back-office page, to the step still to do:

1. two factors (``ZHANQUN_REQUIRE_2FA``): enrol a TOTP authenticator, or verify a code;
2. the password (``must_change_password`` after a one-time password, or older than
   ``ZHANQUN_PASSWORD_MAX_AGE_DAYS``): the change page.

Only the sign-in pages, sign-out and static assets stay reachable meanwhile.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy

LAST_ACTIVITY_KEY = "accounts_last_activity"
# Requests an open page makes by itself: not activity of the person.
BACKGROUND_PATH_PARTS = ("/editing-sessions/", "/jsi18n/", "/sprite/", "/dismissibles/")


def _is_back_office(request):
    return getattr(request, "is_admin_host", True)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = policy.idle_timeout()
        user = getattr(request, "user", None)
        if timeout and _is_back_office(request) and user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > timeout.total_seconds():
                logout(request)
                messages.info(request, _("您已 %(n)d 分钟没有操作，为了安全已自动退出，请重新登录。") % {
                    "n": int(timeout.total_seconds() // 60)
                })
                return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.path})}")
            if last is None or not any(part in request.path for part in BACKGROUND_PATH_PARTS):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def _is_verified(user):
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's OTPMiddleware
    return bool(is_verified and is_verified())


def password_change_reason(user):
    """Why ``user`` must change their password now: "one-time", "expired" or None."""
    from .models import AccountSecurity

    security = AccountSecurity.objects.filter(user=user).first()
    if security is not None and security.must_change_password:
        return "one-time"
    max_age = policy.password_max_age()
    if max_age:
        changed = (security.password_changed_at if security else None) or user.date_joined
        if changed and timezone.now() - changed > max_age:
            return "expired"
    return None


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def paths(self):
        if self._paths is None:
            self._paths = {
                "admin": reverse("wagtailadmin_home"),
                "two_factor": reverse("accounts:two_factor"),
                "recovery": reverse("accounts:recovery_codes"),
                "password": reverse("accounts:change_password"),
                "open": (
                    reverse("wagtailadmin_login"),
                    reverse("wagtailadmin_logout"),
                    reverse("wagtailadmin_javascript_catalog"),
                    reverse("wagtailadmin_sprite"),
                ),
            }
        return self._paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not _is_back_office(request):
            return self.get_response(request)
        paths = self.paths()
        path = request.path
        if not path.startswith(paths["admin"]) or path.startswith(paths["open"]):
            return self.get_response(request)
        if policy.require_two_factors() and not _is_verified(user):
            if path.startswith(paths["two_factor"]):
                return self.get_response(request)
            return redirect(f"{paths['two_factor']}?{urlencode({'next': request.get_full_path()})}")
        if path.startswith((paths["two_factor"], paths["recovery"])):
            return self.get_response(request)
        if password_change_reason(user):
            if path.startswith(paths["password"]):
                return self.get_response(request)
            return redirect(f"{paths['password']}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
