"""Plain-Python parts: office hours, masking, the kind declaration checks, SM4 encryption."""

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from zhanqun.cases import crypto, sms
from zhanqun.cases.enums import Action
from zhanqun.cases.kinds import CaseKind, State, Transition, register_kind, unregister_kind
from zhanqun.cases.masking import mask_address, mask_email, mask_id_number, mask_name, mask_phone
from zhanqun.cases.workhours import OfficeHours
from zhanqun.workdays.calendar import WorkdayCalendar

from .kinds import TEST_KIND

CALENDAR = WorkdayCalendar.from_chinesecalendar()
HOURS = OfficeHours.parse([("09:00", "12:00"), ("13:30", "17:30")])


# --- office hours ------------------------------------------------------------------------------------


def test_an_office_day_has_seven_hours():
    assert HOURS.per_day == timedelta(hours=7)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (datetime(2026, 9, 29, 11, 30), 1, datetime(2026, 9, 29, 14, 0)),  # over the lunch break
        (datetime(2026, 9, 29, 12, 30), 1, datetime(2026, 9, 29, 14, 30)),  # received at lunch
        (datetime(2026, 9, 30, 17, 0), 1, datetime(2026, 10, 8, 9, 30)),  # over National Day
        (datetime(2026, 10, 3, 10, 0), 1, datetime(2026, 10, 8, 10, 0)),  # received on a holiday
        (datetime(2026, 10, 9, 20, 0), 1, datetime(2026, 10, 10, 10, 0)),  # make-up Saturday works
        (datetime(2026, 9, 30, 9, 0), 7, datetime(2026, 9, 30, 17, 30)),  # ends at closing time
        (datetime(2026, 9, 30, 9, 0), 15, datetime(2026, 10, 9, 10, 0)),  # several days at once
    ],
)
def test_adding_office_hours(start, hours, due):
    assert HOURS.add(CALENDAR, start, timedelta(hours=hours)) == due


def test_office_time_between_two_moments_skips_nights_lunch_and_holidays():
    assert HOURS.between(CALENDAR, datetime(2026, 9, 30, 17, 0), datetime(2026, 10, 8, 9, 30)) == timedelta(hours=1)
    # 9/29 6h, 9/30 7h, 10/8 7h, 10/9 7h, 10/10 (Sat) 7h, 10/12 1h.
    assert HOURS.between(CALENDAR, datetime(2026, 9, 29, 10, 0), datetime(2026, 10, 12, 10, 0)) == timedelta(hours=35)
    assert HOURS.between(CALENDAR, datetime(2026, 10, 2), datetime(2026, 10, 1)) == timedelta(0)


def test_office_hours_that_overlap_or_run_backwards_are_refused():
    with pytest.raises(ValueError, match="重叠"):
        OfficeHours.parse([("09:00", "12:00"), ("11:00", "17:00")])
    with pytest.raises(ValueError, match="无效"):
        OfficeHours.parse([("17:00", "09:00")])


# --- masking -----------------------------------------------------------------------------------------


def test_masks():
    assert [mask_name("张三"), mask_name("张三丰"), mask_name("欧阳娜娜"), mask_name("")] == [
        "张*",
        "张**",
        "欧***",
        "",
    ]
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("+86 138-1234-1234") == "138****1234"
    assert mask_phone("0931-8123456") == "093****3456"
    assert mask_phone("12345") == "*****"
    assert mask_id_number("110101199003071234") == "1101**********1234"
    assert mask_id_number("11010119900307123x") == "1101**********123X"
    assert mask_address("甘肃省玉门市新市区人民路12号") == "甘肃省玉门市***"
    assert mask_email("zhangsan@example.com") == "z***@example.com"


# --- kinds ---------------------------------------------------------------------------------------------


def test_a_kind_with_an_unknown_state_is_refused_at_declaration():
    with pytest.raises(ImproperlyConfigured, match="unknown target state 'done'"):
        CaseKind(
            code="broken",
            label="坏",
            prefix="BR",
            states=[State("new", "新")],
            initial_state="new",
            transitions={Action.ASSIGN: Transition(["new"], "done")},
        )


def test_two_kinds_cannot_share_a_prefix_or_a_code():
    twin = CaseKind(
        code="twin",
        label="重复前缀",
        prefix=TEST_KIND.prefix,
        states=[State("new", "新")],
        initial_state="new",
        transitions={},
    )
    with pytest.raises(ImproperlyConfigured, match="share the prefix"):
        register_kind(twin)
    unregister_kind("twin")
    clone = CaseKind(**{**TEST_KIND.__dict__, "label": "另一个"})
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_kind(clone)


# --- encryption -------------------------------------------------------------------------------------------


def test_encryption_round_trips_and_each_value_is_different():
    a, b = crypto.encrypt("13812341234", "ctx"), crypto.encrypt("13812341234", "ctx")
    assert a != b and a.startswith("sm4gcm:1:")
    assert crypto.decrypt(a, "ctx") == "13812341234"


def test_an_altered_or_moved_value_does_not_decrypt():
    token = crypto.encrypt("张三丰", "cases.case.submitter_name")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "cases.case.submitter_phone")
    head, body = token.rsplit(":", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{head}:{flipped}", "cases.case.submitter_name")


def test_after_a_key_rotation_old_values_still_decrypt():
    old_key = crypto.generate_key()
    with override_settings(ZHANQUN_CASES_KEY=old_key):
        token = crypto.encrypt("旧数据")
    with override_settings(ZHANQUN_CASES_KEY=crypto.generate_key(), ZHANQUN_CASES_OLD_KEYS=[old_key]):
        assert crypto.decrypt(token) == "旧数据"
    with override_settings(ZHANQUN_CASES_KEY=crypto.generate_key(), ZHANQUN_CASES_OLD_KEYS=[]):
        with pytest.raises(crypto.DecryptionError, match="没有编号为"):
            crypto.decrypt(token)


def test_a_missing_or_malformed_key_is_refused_clearly():
    with override_settings(ZHANQUN_CASES_KEY=""):
        with pytest.raises(ImproperlyConfigured, match="ZHANQUN_CASES_KEY"):
            crypto.encrypt("x")
    with override_settings(ZHANQUN_CASES_KEY="not-hex"):
        with pytest.raises(ImproperlyConfigured, match="32 位十六进制"):
            crypto.encrypt("x")


def production_settings(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"ZHANQUN_CASES_KEY", "DATABASE_URL"}}
    base.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="admin.example.gov.cn", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import zhanqun.settings.production"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_the_key():
    result = production_settings()
    assert result.returncode != 0
    assert "Set the environment variable ZHANQUN_CASES_KEY" in result.stderr
    result = production_settings(ZHANQUN_CASES_KEY="too-short")
    assert "ZHANQUN_CASES_KEY must be 32 hex digits" in result.stderr
    # With a valid key, production may still want other apps' keys, but not this one.
    assert "ZHANQUN_CASES_KEY" not in production_settings(ZHANQUN_CASES_KEY=crypto.generate_key()).stderr


# --- SMS ----------------------------------------------------------------------------------------------------


def test_the_fake_sms_gateway_records_and_the_logging_one_masks(caplog):
    sms.outbox.clear()
    sms.send_sms("13812341234", "您的来信已答复")
    assert [(m.phone, m.text) for m in sms.outbox] == [("13812341234", "您的来信已答复")]
    with caplog.at_level("INFO", logger="zhanqun.cases.sms"):
        sms.get_backend("zhanqun.cases.sms.LoggingBackend").send_messages([sms.SmsMessage("13812341234", "测试")])
    assert "138****1234" in caplog.text and "13812341234" not in caplog.text
    sms.outbox.clear()
