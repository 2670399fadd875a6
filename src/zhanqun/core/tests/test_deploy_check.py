"""`zhanqun check --deploy` on the production settings: clean with the documented
environment, and every way of weakening it is an explicit, documented switch."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "zhanqun.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-deploy-check-key-" + "x7Kq9pLm2Zr4Vt8Ws1Yb6Nc3Hd5Jf0Ge",
    "DJANGO_ALLOWED_HOSTS": "admin.zw.yunze.gov.cn,www.yunze.gov.cn",
    "ZHANQUN_ADMIN_HOSTS": "admin.zw.yunze.gov.cn",
    "ZHANQUN_ADMIN_ALLOWED_NETWORKS": "10.12.0.0/16",
    "ZHANQUN_CASES_KEY": "00112233445566778899aabbccddeeff",
    "ZHANQUN_AUDIT_KEY": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
}


def deploy_check(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZHANQUN_", "DATABASE_URL"))}
    base.update(PRODUCTION_ENV)
    base.update(env)
    base = {k: v for k, v in base.items() if v is not None}
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "zhanqun.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_intranet_served_over_plain_http_says_so_and_still_passes():
    result = deploy_check(ZHANQUN_HTTPS="0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_empty_admin_network_list_is_a_warning_until_set_to_star():
    result = deploy_check(ZHANQUN_ADMIN_ALLOWED_NETWORKS="")
    assert result.returncode != 0
    assert "zhanqun.W001" in result.stderr
    assert deploy_check(ZHANQUN_ADMIN_ALLOWED_NETWORKS="*").returncode == 0


def test_a_network_that_is_not_one_is_an_error():
    result = deploy_check(ZHANQUN_ADMIN_ALLOWED_NETWORKS="10.12.0.0/33")
    assert result.returncode != 0 and "zhanqun.E001" in result.stderr


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, {"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
              "SECURE_HSTS_PRELOAD": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
              "SECURE_PROXY_SSL_HEADER": None, "X_FRAME_OPTIONS": "DENY"}),
        ({"ZHANQUN_HTTPS": "0"}, {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0, "SESSION_COOKIE_SECURE": False}),
        ({"ZHANQUN_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO", "ZHANQUN_SSL_REDIRECT": "0"},
         {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SECURE_SSL_REDIRECT": False}),
        ({"ZHANQUN_CSRF_TRUSTED_ORIGINS": "https://admin.zw.yunze.gov.cn, https://www.yunze.gov.cn"},
         {"CSRF_TRUSTED_ORIGINS": ["https://admin.zw.yunze.gov.cn", "https://www.yunze.gov.cn"]}),
    ],
)
def test_the_environment_sets_the_https_settings(env, expected):
    import json

    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZHANQUN_", "DATABASE_URL"))}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k, None) for k in {sorted(expected)!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], env={**base, **PRODUCTION_ENV, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_citizens_evidence_is_stored_outside_what_the_web_server_serves():
    """Production keeps the private storage of base (error-report screenshots): never
    under MEDIA_ROOT, which nginx serves at /media/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZHANQUN_", "DATABASE_URL"))}
    env.update(PRODUCTION_ENV)
    code = (
        "import json; from pathlib import Path; from zhanqun.settings import production as s; "
        "print(json.dumps([s.STORAGES['private']['OPTIONS']['location'], str(s.MEDIA_ROOT), "
        "s.STORAGES['staticfiles']['BACKEND']]))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0, result.stderr
    private, media, static = json.loads(result.stdout)
    assert not Path(private).resolve().is_relative_to(Path(media).resolve())
    assert static.startswith("whitenoise.")
