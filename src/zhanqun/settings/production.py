"""Production: every secret and host comes from the environment; refuses to start without."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _require(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see docs/deployment.md).")
    return value


def _require_sm4_key(name):
    value = _require(name).strip()
    try:
        valid = len(bytes.fromhex(value)) == 16
    except ValueError:
        valid = False
    if not valid:
        raise ImproperlyConfigured(f"{name} must be 32 hex digits, a 128-bit SM4 key (see docs/cases.md).")
    return value


def _require_audit_key(name):
    value = _require(name).strip()
    try:
        valid = len(bytes.fromhex(value)) >= 16
    except ValueError:
        valid = False
    if not valid:
        raise ImproperlyConfigured(
            f"{name} must be at least 32 hex digits (64 recommended: `python -c 'import secrets; "
            f"print(secrets.token_hex(32))'`), see docs/audit.md."
        )
    return value


SECRET_KEY = _require("DJANGO_SECRET_KEY")
# SM4 key of citizens' personal data (docs/cases.md, R-SEC-8): 32 hex digits.
ZHANQUN_CASES_KEY = _require_sm4_key("ZHANQUN_CASES_KEY")
# HMAC-SM3 key of the audit chain (docs/audit.md, R-SEC-3): at least 32 hex digits.
ZHANQUN_AUDIT_KEY = _require_audit_key("ZHANQUN_AUDIT_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",")]
DEBUG = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
