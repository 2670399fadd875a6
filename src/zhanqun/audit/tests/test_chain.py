"""The chain as an auditor (``zhanqun audit verify``) and an attacker with SQL access see it."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from zhanqun.audit import chain, services
from zhanqun.audit.models import AppendOnlyError, AuditRecord

from .conftest import make_records, run, sql

pytestmark = pytest.mark.usefixtures("empty_log")


def seq_of(n):
    return AuditRecord.objects.order_by("seq")[n - 1]


def test_verify__an_intact_chain_exits_0_with_the_count():
    make_records(5)
    services.record(None, "test.single", note="一条")
    code, out, _err = run("verify")
    total = AuditRecord.objects.count()
    assert code == 0
    assert f"{total} 条记录校验通过" in out


def test_verify__detail_edited_in_sql_exits_1_naming_that_record():
    make_records(6)
    target = seq_of(4)
    sql("UPDATE {table} SET detail = %s WHERE id = %s", [json.dumps({"n": 999}), target.pk])
    code, _out, err = run("verify")
    assert code == 1
    assert f"第 {target.seq} 条记录（id {target.pk}）" in err
    assert "已被改动" in err


def test_verify__a_recomputed_hash_without_the_key_is_still_caught():
    """An attacker who edits a row and recomputes SM3 for it and every later record
    cannot produce the HMAC signatures."""
    make_records(4)
    rows = list(AuditRecord.objects.order_by("seq").values_list(*services.ROW_FIELDS))
    target = rows[1]
    values = list(target[4:])
    values[3] = "innocent"  # username
    prev = target[1]
    new_hash = chain.record_hash(values, prev)
    sql("UPDATE {table} SET username = %s, hash = %s WHERE id = %s", ["innocent", new_hash, target[0]])
    for row in rows[2:]:
        prev_new = new_hash
        new_hash = chain.record_hash(list(row[4:]), prev_new)
        sql("UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s", [prev_new, new_hash, row[0]])
    code, _out, err = run("verify")
    assert code == 1
    assert f"第 {target[4]} 条" in err and "签名不符" in err


def test_verify__deleting_a_middle_record_is_detected():
    make_records(6)
    victim = seq_of(3)
    sql("DELETE FROM {table} WHERE id = %s", [victim.pk])
    code, _out, err = run("verify")
    assert code == 1
    assert f"第 {victim.seq} 条记录已被删除" in err


def test_verify__cutting_off_the_last_records_is_detected():
    make_records(5)
    last = AuditRecord.objects.order_by("-seq").first()
    sql("DELETE FROM {table} WHERE id = %s", [last.pk])
    code, _out, err = run("verify")
    assert code == 1
    assert "链尾记录缺失" in err


def test_verify__json_output_names_the_broken_record():
    make_records(3)
    target = seq_of(2)
    sql("UPDATE {table} SET success = %s WHERE id = %s", [False, target.pk])
    code, out, _err = run("verify", "--json")
    data = json.loads(out)
    assert code == 1
    assert (data["ok"], data["seq"], data["record_id"]) == (False, target.seq, target.pk)


def test_records_are_append_only_in_the_application():
    record = services.record(None, "test.single")
    record.detail = {"changed": True}
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord(action="forged").save()
    assert run("verify")[0] == 0


def test_detail_values_that_are_not_json_are_kept_as_text_and_still_verify():
    today = timezone.localdate()
    record = services.record(None, "test.single", day=today, ids={3, 1} and [3, 1])
    assert AuditRecord.objects.get(pk=record.pk).detail["day"] == today.isoformat()
    assert run("verify")[0] == 0


def test_a_rotated_key_still_verifies_old_records():
    make_records(2)
    old = "a0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5"
    with override_settings(ZHANQUN_AUDIT_KEY="11" * 32, ZHANQUN_AUDIT_OLD_KEYS=[old]):
        make_records(2)
        assert run("verify")[0] == 0
    with override_settings(ZHANQUN_AUDIT_KEY="11" * 32, ZHANQUN_AUDIT_OLD_KEYS=[]):
        code, _out, err = run("verify")
        assert code == 1 and "未知的签名密钥" in err


# --- purge and archives (R-SEC-3: at least 180 days) --------------------------------------------


def test_purge__refuses_dates_younger_than_the_retention_period(tmp_path):
    make_records(3, days_ago=400)
    too_young = timezone.localdate() - timedelta(days=179)
    with pytest.raises(CommandError, match="至少保存 180 天"):
        run("purge", "--before", too_young.isoformat(), "--archive-dir", str(tmp_path))
    assert AuditRecord.objects.count() >= 3
    assert not list(tmp_path.iterdir())


@override_settings(ZHANQUN_AUDIT_RETENTION_DAYS=30)
def test_purge__a_retention_below_180_days_is_not_honoured(tmp_path):
    with pytest.raises(CommandError, match="至少保存 180 天"):
        run("purge", "--before", (timezone.localdate() - timedelta(days=100)).isoformat())


def test_purge__archives_then_deletes_and_the_chain_still_verifies(tmp_path):
    make_records(4, days_ago=400)
    make_records(2, days_ago=10)
    before = timezone.localdate() - timedelta(days=200)
    code, out, _err = run("purge", "--before", before.isoformat(), "--archive-dir", str(tmp_path))
    assert code == 0 and "共 4 条" in out
    assert not AuditRecord.objects.filter(created_at__lt=timezone.now() - timedelta(days=200)).exists()
    purge = AuditRecord.objects.get(action="audit.purge")
    assert purge.detail["count"] == 4
    code, out, _err = run("verify")
    assert code == 0, _err
    (archive,) = tmp_path.iterdir()
    assert purge.detail["archive"] == archive.name
    code, out, _err = run("verify-archive", str(archive))
    assert code == 0 and "4 条记录" in out
    # Idempotent: a second run finds nothing more to remove.
    code, out, _err = run("purge", "--before", before.isoformat(), "--archive-dir", str(tmp_path))
    assert "没有" in out and len(list(tmp_path.iterdir())) == 1


def test_purge__a_moved_anchor_is_detected(tmp_path):
    make_records(4, days_ago=400)
    make_records(1)
    run("purge", "--before", (timezone.localdate() - timedelta(days=200)).isoformat(), "--archive-dir", str(tmp_path))
    sql("UPDATE audit_chainhead SET anchor_seq = anchor_seq + 1")
    code, _out, err = run("verify")
    assert code == 1


def test_purge__refuses_when_the_chain_is_broken(tmp_path):
    make_records(4, days_ago=400)
    sql("UPDATE {table} SET username = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="校验未通过"):
        run(
            "purge",
            "--before",
            (timezone.localdate() - timedelta(days=200)).isoformat(),
            "--archive-dir",
            str(tmp_path),
        )


def test_archive__a_tampered_archive_fails(tmp_path):
    make_records(3, days_ago=400)
    run("purge", "--before", (timezone.localdate() - timedelta(days=200)).isoformat(), "--archive-dir", str(tmp_path))
    (archive,) = tmp_path.iterdir()
    lines = archive.read_text().splitlines(keepends=True)
    record = json.loads(lines[2])
    record["username"] = "nobody"
    lines[2] = json.dumps(record, ensure_ascii=False) + "\n"
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("".join(lines))
    code, _out, err = run("verify-archive", str(tampered))
    assert code == 1 and "归档文件被改动" in err
    dropped = tmp_path / "dropped.jsonl"
    dropped.write_text("".join(lines[:2] + lines[3:]))
    assert run("verify-archive", str(dropped))[0] == 1
    assert run("verify-archive", str(archive))[0] == 0


# --- keys ---------------------------------------------------------------------------------------


def production_settings(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"ZHANQUN_AUDIT_KEY", "DATABASE_URL"}}
    base.update(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="admin.example.gov.cn",
        ZHANQUN_CASES_KEY="00" * 16,
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import zhanqun.settings.production"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_the_audit_key():
    result = production_settings()
    assert result.returncode != 0
    assert "Set the environment variable ZHANQUN_AUDIT_KEY" in result.stderr
    result = production_settings(ZHANQUN_AUDIT_KEY="abc")
    assert "ZHANQUN_AUDIT_KEY must be at least 32 hex digits" in result.stderr
    assert production_settings(ZHANQUN_AUDIT_KEY="ab" * 32).returncode == 0
