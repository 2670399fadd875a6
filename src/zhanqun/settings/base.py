"""Settings shared by every environment.

Nothing here is a secret and DEBUG is off: `dev`, `test` and `production` build on
this module and say what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Repository root when running from a checkout (src layout); used for var/ only.
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ZHANQUN_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = False

INSTALLED_APPS = [
    # Ours, one app per capability (docs/architecture.md).
    "zhanqun.core",
    "zhanqun.workdays",
    "zhanqun.units",
    "zhanqun.sitegroup",
    "zhanqun.columns",
    "zhanqun.content",
    "zhanqun.commissions",
    "zhanqun.demo",
    "zhanqun.screening",
    "zhanqun.publishing",
    "zhanqun.review",
    "zhanqun.cases",
    "zhanqun.audit",
    "zhanqun.interaction",
    "zhanqun.disclosure",
    "zhanqun.monitoring",
    "zhanqun.duty",
    "zhanqun.reports",
    "zhanqun.analytics",
    "zhanqun.accounts",
    # Wagtail.
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "zhanqun.units.apps.ZhanqunUsersAppConfig",  # replaces wagtail.users (adds 单位 to users)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Third party.
    "captcha",  # django-simple-captcha: the public forms' CAPTCHA (interaction)
    "django_otp",  # accounts: two factors (TOTP, recovery codes)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # accounts: lockout after failed sign-ins
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Referrer-Policy and Permissions-Policy: the public policy on public hosts,
    # a looser one for the Wagtail admin (core/headers.py, docs/security.md).
    "zhanqun.core.middleware.SecurityHeadersMiddleware",
    "zhanqun.core.middleware.HostRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sign-in policy (docs/accounts.md): the OTP state of the session; after messages,
    # the idle timeout and the steps still to do (two factors, password change);
    # lockouts (axes) last.
    "django_otp.middleware.OTPMiddleware",
    # Back-office requests only: the request as context of audit records (docs/audit.md).
    "zhanqun.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhanqun.accounts.middleware.IdleTimeoutMiddleware",
    "zhanqun.accounts.middleware.SignInPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The back office answers only on these hosts; every other host is a public site
# served by the public URLconf, which has no admin routes (R-SEC-2).
ADMIN_HOSTS = [
    h.strip() for h in os.environ.get("ZHANQUN_ADMIN_HOSTS", "localhost,127.0.0.1").split(",")
]
# ... and only to clients in these networks (CIDR, comma-separated; core.http.client_ip):
# others get 403 before any view runs (core.middleware). Empty: no restriction, which
# `check --deploy` warns about (zhanqun.W001); "*" says "from anywhere" on purpose.
ZHANQUN_ADMIN_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("ZHANQUN_ADMIN_ALLOWED_NETWORKS", "").split(",") if n.strip()
]
ROOT_URLCONF = "zhanqun.urls"
PUBLIC_URLCONF = "zhanqun.public_urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "zhanqun.core.branding.branding",
            ],
        },
    },
]

WSGI_APPLICATION = "zhanqun.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'zhanqun.sqlite3'}",
        conn_max_age=600,
    )
}
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the public app read while an editor writes; a busy timeout instead of
    # "database is locked" under light concurrency. IMMEDIATE: a transaction takes the
    # write lock when it begins, so it waits out the timeout for a concurrent writer —
    # a deferred one that reads first and then writes fails at once with "database is
    # locked" (seen: `publish all` in the background while an editor signed in).
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and sign-in (docs/accounts.md, R-SEC-1, R-SEC-7). Every enforcement has a
# switch; all are on here (production, the demo) and off in settings.test.
AUTHENTICATION_BACKENDS = [
    "zhanqun.accounts.backends.LockoutBackend",  # django-axes: refuses locked accounts and sources
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhanqun.accounts.validators.ComplexityValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "zhanqun.accounts.validators.UsernameValidator"},
    {"NAME": "zhanqun.accounts.validators.CommonPasswordValidator"},
    {"NAME": "zhanqun.accounts.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Accounts and initial passwords are issued by the office (R-SEC-1): no reset by e-mail.
WAGTAIL_PASSWORD_RESET_ENABLED = False
ZHANQUN_PASSWORD_MIN_LENGTH = int(os.environ.get("ZHANQUN_PASSWORD_MIN_LENGTH", "8"))
ZHANQUN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ZHANQUN_PASSWORD_MAX_AGE_DAYS", "90"))  # 0: never expires
ZHANQUN_PASSWORD_HISTORY = 5
ZHANQUN_REQUIRE_2FA = True
ZHANQUN_RECOVERY_CODES = 10
# Device binding: sign in only from the user's networks or approved devices. A user with
# neither is refused unless ZHANQUN_DEVICE_BINDING_OPEN_WHEN_EMPTY (default: fail closed).
ZHANQUN_DEVICE_BINDING = True
ZHANQUN_DEVICE_BINDING_OPEN_WHEN_EMPTY = os.environ.get("ZHANQUN_DEVICE_BINDING_OPEN_WHEN_EMPTY", "") == "1"
ZHANQUN_DEVICE_COOKIE_DAYS = 365
# Idle timeout in minutes (0: none); sessions otherwise live at most SESSION_COOKIE_AGE.
ZHANQUN_IDLE_TIMEOUT_MINUTES = int(os.environ.get("ZHANQUN_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# django-otp: TOTP devices named in authenticator apps; throttling of wrong codes.
OTP_TOTP_ISSUER = "站群管理平台"
OTP_TOTP_THROTTLE_FACTOR = 1
# django-axes (accounts/lockout.py): 5 failures (passwords and second-factor codes) lock
# the account, from any address, for 30 minutes; an address alone only when it shows password
# spraying: 50 failures over at least 5 usernames within the cool-off.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = "zhanqun.accounts.lockout.lockout_parameters"
ZHANQUN_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("ZHANQUN_LOCKOUT_ADDRESS_FAILURES", "50"))
ZHANQUN_LOCKOUT_ADDRESS_USERNAMES = int(os.environ.get("ZHANQUN_LOCKOUT_ADDRESS_USERNAMES", "5"))
AXES_RESET_ON_SUCCESS = False  # cleared once the sign-in is complete (second factor included)
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]
# An attempt refused during a lock checks no password: it is not a failure of the account typed
# (else a colleague refused during an address throttle would lock their own account, and
# an attacker could keep a locked account locked indefinitely).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "zhanqun.accounts.network.client_ip"
AXES_LOCKOUT_CALLABLE = "zhanqun.accounts.views.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin here: 账号安全 → 登录锁定 instead

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files the public sends as evidence (error-report screenshots): outside MEDIA_ROOT,
    # never served by a web server; the admin streams them to staff (interaction).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
}

# Branding of the back office (docs/deployment.md#branding): the product's name on the
# sign-in page, in tab titles and on the dashboard; its logo (a static file path or an
# absolute URL); where 帮助 → 使用帮助 leads (empty: the built-in help page, which works
# on an intranet without the internet).
ZHANQUN_PRODUCT_NAME = os.environ.get("ZHANQUN_PRODUCT_NAME", "站群管理平台")
ZHANQUN_LOGO = os.environ.get("ZHANQUN_LOGO", "zhanqun/logo.svg")
ZHANQUN_HELP_URL = os.environ.get("ZHANQUN_HELP_URL", "")
# The project's own translations (zh_Hans) come before Wagtail's and Django's: Wagtail
# 8's zh_Hans catalog lacks a few hundred strings that the back office shows.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# Wagtail.
WAGTAIL_SITE_NAME = ZHANQUN_PRODUCT_NAME
WAGTAILADMIN_USER_LOGIN_FORM = "zhanqun.accounts.forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("ZHANQUN_ADMIN_BASE_URL", "http://localhost:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# One time zone (Beijing time): no list of 600 zones in English (Eire, Greenwich …) on
# the account page; with one language too, Wagtail hides the 语言和时区 panel.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_I18N_ENABLED = False
# Uploads (docs/security.md): by extension, by content (core.uploads sniffs the first
# bytes: a .pdf must be a PDF) and by size.
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "ofd", "txt", "zip"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "zhanqun.core.forms.DocumentForm"
ZHANQUN_DOCUMENT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# No SVG (it can carry script); Wagtail decodes every image and refuses one whose
# content is not the type its extension says.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Request bodies: form fields at most 2.5 MB in total; uploads above 2.5 MB go to a
# temporary file instead of memory. nginx refuses bodies over 10 MB on the public door.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Background jobs (django-tasks, as Wagtail 8 uses): run in-process unless configured.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"zhanqun": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Demo-only behaviour (suffix for local hostnames) is off unless dev settings turn it on.
ZHANQUN_DEMO_HOST_SUFFIX = ""
# Port of the public sites as the platform links to them (Wagtail Site.port).
ZHANQUN_PUBLIC_PORT = int(os.environ.get("ZHANQUN_PUBLIC_PORT", "80"))
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The back office runs on an intranet: no avatar requests to outside services.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Review (docs/review.md, R-PUB-2): an approval counts only for the revision it was
# given to, so an edited item goes through screening and every level again; the
# last approval publishes the approved revision although approvers may not publish.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "zhanqun.review.finish.publish_approved_revision"

# Static publishing (docs/publishing.md): one folder per site under this root.
ZHANQUN_PUBLISH_ROOT = Path(os.environ.get("ZHANQUN_PUBLISH_ROOT", VAR_DIR / "public"))

# Cases (docs/cases.md). Citizens' personal data is encrypted with SM4 under this key
# (32 hex digits); dev and test settings set a fixed, non-secret one, production reads it
# from the environment and refuses to start without it (R-SEC-8).
ZHANQUN_CASES_KEY = os.environ.get("ZHANQUN_CASES_KEY", "")
# Former keys still accepted for reading after a rotation (comma-separated in the env).
ZHANQUN_CASES_OLD_KEYS = [k for k in os.environ.get("ZHANQUN_CASES_OLD_KEYS", "").split(",") if k.strip()]
# Office hours for clocks counted in hours (R-INT-4 "within 1 hour"): only this time on
# working days counts. Beijing time, the same every working day.
ZHANQUN_CASES_OFFICE_HOURS = [("09:00", "12:00"), ("13:30", "17:30")]
# SMS gateway (cases/sms.py): logs messages (number masked) and sends nothing, until a
# real gateway backend is configured.
ZHANQUN_SMS_BACKEND = os.environ.get("ZHANQUN_SMS_BACKEND", "zhanqun.cases.sms.LoggingBackend")

# Interaction (docs/interaction.md): letters and error reports from the public forms.
# CAPTCHA (django-simple-captcha): four letters, no session needed (the public hosts
# have none), images drawn with the font the package ships.
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_LETTER_ROTATION = (-20, 20)
# Per-IP limits of the public forms, (requests, seconds) per scope, on the default cache.
ZHANQUN_RATE_LIMITS = {"letter": (5, 3600), "error": (10, 3600), "query": (30, 600), "disclosure": (5, 3600)}
# Raised for one run from the environment, e.g. ZHANQUN_RATE_LIMITS_ENV="letter=5000/3600"
# (bench/letters_submit.py: 1,000 letters from one address). Never set it in production.
ZHANQUN_RATE_LIMITS.update(
    (scope.strip(), tuple(int(n) for n in limit.split("/")))
    for scope, _sep, limit in (
        part.partition("=") for part in os.environ.get("ZHANQUN_RATE_LIMITS_ENV", "").split(",") if "=" in part
    )
)
# Largest screenshot accepted with an error report, in bytes.
ZHANQUN_INTERACTION_MAX_SCREENSHOT = 5 * 1024 * 1024

# Audit log (docs/audit.md, R-SEC-3). Records are chained by SM3 and signed with
# HMAC-SM3 under this key (hex, at least 32 digits; 64 recommended); dev and test
# settings set a fixed, non-secret one, production reads it from the environment and
# refuses to start without it.
ZHANQUN_AUDIT_KEY = os.environ.get("ZHANQUN_AUDIT_KEY", "")
# Former keys still accepted when verifying after a rotation (comma-separated in the env).
ZHANQUN_AUDIT_OLD_KEYS = [k for k in os.environ.get("ZHANQUN_AUDIT_OLD_KEYS", "").split(",") if k.strip()]
# Records are kept at least this many days; `zhanqun audit purge` refuses younger ones.
# Never less than 180 (R-SEC-3: at least 6 months), whatever is configured.
ZHANQUN_AUDIT_RETENTION_DAYS = int(os.environ.get("ZHANQUN_AUDIT_RETENTION_DAYS", "180"))
# Where purge writes its signed archives.
ZHANQUN_AUDIT_ARCHIVE_DIR = Path(os.environ.get("ZHANQUN_AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archives"))
# The request header carrying the client address set by our own reverse proxy, as a
# META key (e.g. "HTTP_X_FORWARDED_FOR"); empty: the TCP peer (REMOTE_ADDR) is used.
# Set it only behind a proxy that overwrites or appends to the header (deploy/nginx).
# One address for the audit log, the lockout, device binding and rate limits (core.http).
ZHANQUN_PROXY_HEADER = os.environ.get("ZHANQUN_PROXY_HEADER", "")

# Backups (docs/backup.md, R-SEC-5): `zhanqun backup create` signs each archive's manifest
# with HMAC-SM3 under this key (hex, at least 32 digits); dev and test settings set a
# fixed, non-secret one, production reads it from the environment and refuses to start
# without it. Former keys still verify older archives after a rotation.
ZHANQUN_BACKUP_KEY = os.environ.get("ZHANQUN_BACKUP_KEY", "")
ZHANQUN_BACKUP_OLD_KEYS = [k for k in os.environ.get("ZHANQUN_BACKUP_OLD_KEYS", "").split(",") if k.strip()]
# Where `zhanqun backup create` writes when not given --output.
ZHANQUN_BACKUP_DIR = Path(os.environ.get("ZHANQUN_BACKUP_DIR", VAR_DIR / "backups"))
