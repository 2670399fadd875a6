"""The test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(env="DATABASE_URL")}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ZHANQUN_DEMO_HOST_SUFFIX = ".localhost"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Publishing tests switch it on themselves; elsewhere a test never writes a document root.
ZHANQUN_PUBLISH_AUTO = False
# Never the checkout's var/public: what `make demo` published there would be served to
# the tests' public requests instead of the pages they render. Publishing tests point it
# at their own temporary folder.
ZHANQUN_PUBLISH_ROOT = Path(tempfile.gettempdir()) / f"zhanqun-test-public-{os.getpid()}"
# Cases: a fixed, non-secret key; SMS go to zhanqun.cases.sms.outbox.
ZHANQUN_CASES_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
ZHANQUN_CASES_OLD_KEYS = []
ZHANQUN_SMS_BACKEND = "zhanqun.cases.sms.LocmemBackend"
# Audit: a fixed, non-secret key.
ZHANQUN_AUDIT_KEY = "a0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5"
ZHANQUN_AUDIT_OLD_KEYS = []
ZHANQUN_AUDIT_ARCHIVE_DIR = Path(tempfile.gettempdir()) / f"zhanqun-test-audit-{os.getpid()}"
# Backups: a fixed, non-secret key; archives go to a temporary folder.
ZHANQUN_BACKUP_KEY = "b0c1d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445"
ZHANQUN_BACKUP_OLD_KEYS = []
ZHANQUN_BACKUP_DIR = Path(tempfile.gettempdir()) / f"zhanqun-test-backups-{os.getpid()}"
# Accounts (docs/accounts.md): enforcement off, so that other apps' tests, which sign in
# with client.force_login, see the back office as before; accounts tests switch each on
# with override_settings. Hashing stays MD5 (above) for speed.
ZHANQUN_REQUIRE_2FA = False
ZHANQUN_PASSWORD_MAX_AGE_DAYS = 0
ZHANQUN_DEVICE_BINDING = False
AXES_ENABLED = False

# Monitoring: no request leaves the machine; the external-link tests turn it on against
# a loopback server.
ZHANQUN_MONITOR_EXTERNAL_LINKS = False
# Nor is a site crawled over HTTP, except in the tests that start a web server for it.
ZHANQUN_MONITOR_CRAWL = False
