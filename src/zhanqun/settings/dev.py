"""Local development and the demo (`make demo`): DEBUG on, embedded SQLite."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", ".localhost"]


def _local_secret_key():
    """A per-checkout random key kept in var/, never committed."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()

# Public sites are served as <official domain>.localhost so that every site of the
# group has its own host on one machine; browsers resolve *.localhost to loopback.
ZHANQUN_DEMO_HOST_SUFFIX = ".localhost"
# `make demo` serves everything on one port (PORT, default 8000); links carry it:
# links to the sites and the back-office links in e-mails.
DEMO_PORT = int(os.environ.get("PORT", "8000"))
ZHANQUN_PUBLIC_PORT = int(os.environ.get("ZHANQUN_PUBLIC_PORT", DEMO_PORT))
WAGTAILADMIN_BASE_URL = os.environ.get("ZHANQUN_ADMIN_BASE_URL", f"http://localhost:{DEMO_PORT}")

# Mail the demo sends (review notifications, replies to citizens, reminders) is kept in
# var/mail/, a file per sending, not printed on the console; text messages are appended
# to var/mail/sms.log. `make demo`'s summary says where (docs/getting-started.md).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
ZHANQUN_SMS_BACKEND = os.environ.get("ZHANQUN_SMS_BACKEND", "zhanqun.cases.sms.FileBackend")
ZHANQUN_SMS_FILE = EMAIL_FILE_PATH / "sms.log"

# A fixed, published key: fine for the demo's made-up citizens, never for real data.
ZHANQUN_CASES_KEY = "00112233445566778899aabbccddeeff"
# Audit log: a fixed, published key, fine for the demo, never for a real installation.
ZHANQUN_AUDIT_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
# Backups: a fixed, published key, fine for the demo, never for a real installation.
ZHANQUN_BACKUP_KEY = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100"

# Accounts: everything on as in production; the demo accounts are pre-enrolled with a
# TOTP authenticator (`zhanqun demo_info --otp` prints the codes) and may sign in from
# this machine (127.0.0.1, ::1). docs/accounts.md.

# Monitoring: the demo machine has no internet; external links are not fetched (the
# links monitor still checks every internal link). docs/monitoring.md.
ZHANQUN_MONITOR_EXTERNAL_LINKS = False
