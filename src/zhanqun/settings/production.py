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
# HMAC-SM3 key of backup manifests (docs/backup.md, R-SEC-5): at least 32 hex digits, checked
# here when set; `zhanqun backup` refuses to run without it.
if os.environ.get("ZHANQUN_BACKUP_KEY"):
    ZHANQUN_BACKUP_KEY = _require_audit_key("ZHANQUN_BACKUP_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",")]
DEBUG = False

# Only the static files' storage changes; "private" (citizens' evidence, never served)
# must stay outside MEDIA_ROOT, as in base.
STORAGES = {
    **STORAGES,  # noqa: F405 - from base
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Web hardening (docs/security.md, docs/deployment.md#web-hardening): `zhanqun check
# --deploy --fail-level WARNING` passes with the defaults. HTTPS is assumed; an intranet
# installation served only over plain HTTP says so with ZHANQUN_HTTPS=0, which turns off
# the redirect, HSTS and the Secure cookies, and silences the deploy checks about them
# (an explicit, documented decision rather than a warning everybody learns to ignore).
def _env_flag(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r} (see docs/deployment.md).")


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r} (see docs/deployment.md).") from None


ZHANQUN_HTTPS = _env_flag("ZHANQUN_HTTPS", True)
# nginx (or another proxy) terminating TLS: name the header it sets, as a META key
# (HTTP_X_FORWARDED_PROTO with deploy/nginx, which overwrites what a client sends).
# Never set it when clients can reach the app directly: they could claim HTTPS.
_proxy_ssl_header = os.environ.get("ZHANQUN_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
# HTTP → HTTPS by the app; 0 when the proxy redirects by itself. /healthz stays on HTTP
# for load balancers' probes.
SECURE_SSL_REDIRECT = ZHANQUN_HTTPS and _env_flag("ZHANQUN_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS is sent on HTTPS responses only. One year for the exact host; subdomains and the
# browsers' preload list are separate decisions that are hard to undo (off by default).
SECURE_HSTS_SECONDS = _env_int("ZHANQUN_HSTS_SECONDS", 31536000) if ZHANQUN_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("ZHANQUN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_flag("ZHANQUN_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = ZHANQUN_HTTPS
CSRF_COOKIE_SECURE = ZHANQUN_HTTPS
# Origins allowed to POST besides the request's own host, e.g. https://admin.zw.yunze.gov.cn
# when a proxy in front changes the scheme or port; comma-separated, with the scheme.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("ZHANQUN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No page of ours is meant to be framed; Wagtail's preview frames itself (its views say
# SAMEORIGIN themselves, xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = []
if not ZHANQUN_HTTPS:
    # Plain HTTP by decision (ZHANQUN_HTTPS=0): no HSTS, redirect or Secure cookies.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
elif not SECURE_SSL_REDIRECT:
    # The proxy redirects to HTTPS (ZHANQUN_SSL_REDIRECT=0).
    SILENCED_SYSTEM_CHECKS += ["security.W008"]
if ZHANQUN_HTTPS and SECURE_HSTS_SECONDS == 0:
    # HSTS off by decision (ZHANQUN_HSTS_SECONDS=0).
    SILENCED_SYSTEM_CHECKS += ["security.W004"]
# Off by default, by decision: the subdomains of a government domain belong to other
# units' sites, some still on HTTP, which includeSubDomains would lock out for a year;
# the browsers' preload list is all but irreversible. Turn on with the env variables.
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS += ["security.W005"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
