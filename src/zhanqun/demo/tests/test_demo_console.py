"""What `make demo` shows on the console and where the demo's mail goes: a summary, no
raw e-mail; mail and text messages kept under var/; the port the demo runs on in every
link."""

import io
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.management import call_command
from wagtail.models import Site

from zhanqun.cases import sms


def test_dev_settings__keep_mail_in_var_and_link_to_the_demo_port(tmp_path):
    """The dev settings as `make demo PORT=8123` loads them: a sent e-mail is a file in
    var/mail/, nothing on the console, and back-office links say :8123."""
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        from django.core.mail import send_mail
        send_mail("审核通知", "请审核：" + settings.WAGTAILADMIN_BASE_URL + "/admin/", None, ["a@example.com"])
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhanqun.settings.dev", "PORT": "8123",
           "ZHANQUN_VAR_DIR": str(tmp_path)}
    env.pop("ZHANQUN_PUBLIC_PORT", None)
    env.pop("ZHANQUN_ADMIN_BASE_URL", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "审核" not in done.stdout and "Subject" not in done.stdout
    [mail] = (tmp_path / "mail").iterdir()
    text = mail.read_text()
    assert "a@example.com" in text
    assert "http://localhost:8123/admin/" in text


def test_sms_file_backend__appends_each_message_with_the_number_masked(settings, tmp_path):
    settings.ZHANQUN_SMS_BACKEND = "zhanqun.cases.sms.FileBackend"
    settings.ZHANQUN_SMS_FILE = tmp_path / "mail" / "sms.log"
    sms.send_sms("13900000004", "您的申请已答复。")
    sms.send_sms("13900000005", "您的来信已受理。")
    lines = settings.ZHANQUN_SMS_FILE.read_text().splitlines()
    assert len(lines) == 2
    assert "139****0004 您的申请已答复。" in lines[0]
    assert "13900000004" not in lines[0]


@pytest.mark.django_db
def test_demo_info__prints_the_port_make_demo_runs_on_and_where_mail_is(monkeypatch, settings, tmp_path):
    monkeypatch.setenv("PORT", "8123")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    out = io.StringIO()
    call_command("demo_info", stdout=out)
    assert "http://localhost:8123/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    assert f"{tmp_path / 'mail'}/" in out.getvalue()


def test_demo_info__without_PORT_prints_the_port_the_sites_were_given(site_group, monkeypatch):
    """`demo_info --otp` from another shell (no PORT): the port `make demo` gave the sites."""
    monkeypatch.delenv("PORT", raising=False)
    Site.objects.update(port=8124)
    out = io.StringIO()
    call_command("demo_info", stdout=out)
    assert "http://localhost:8124/admin/" in out.getvalue()
    assert "http://fgw.yunze.gov.cn.localhost:8124/" in out.getvalue()


def test_seed__a_demo_seeded_on_another_port_takes_the_port_it_is_served_on(site_group, settings):
    settings.ZHANQUN_PUBLIC_PORT = 8123
    sites = Site.objects.count()
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert f"已将 {sites} 个网站的端口改为 8123" in out.getvalue()
    assert set(Site.objects.values_list("port", flat=True)) == {8123}
    assert ":8123/" in site_group.department_home.get_full_url()
