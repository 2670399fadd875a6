"""Writing, verifying, purging and archiving the audit log (docs/audit.md, R-SEC-3).

Transactions (the choice, and why)
----------------------------------
A record is written **in the transaction of the action it describes**: a mirrored
Wagtail log entry, a group change, a personal-data view. If that transaction rolls back,
the action did not happen and its record goes with it, so the log never claims something
that is not in the database. Appends lock the chain head row (``select_for_update``) in
that same transaction, which serialises every writer until it commits: the chain never
forks, at the price of back-office writes queueing behind each other for the few
milliseconds a record takes.

Failures must not vanish with the rollback, so they are written after it:

* ``record(..., success=False)`` during a back-office request is queued on the request
  and written by ``AuditMiddleware`` once the view has returned, i.e. after every atomic
  block of the view has committed or rolled back;
* a view that ends in 403 or 500 is recorded by the middleware the same way;
* failed sign-ins run outside any transaction of ours.

A failure to write a record is never swallowed (the log would then silently miss an
action): ``AuditWriteError`` propagates, inside the action's transaction, so the action
is rolled back with it and the user sees an error. Each append runs in its own savepoint,
so a failed append leaves the action's transaction usable for the rollback and corrupts
nothing.
"""

import contextvars
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from . import chain
from .enums import AuditAction
from .models import AuditRecord, ChainHead, _purging

logger = logging.getLogger("zhanqun.audit")

#: Detail key of a record appended while the chain head did not verify (verify reports it).
ALERT = "_chain_alert"
ARCHIVE_FORMAT = "zhanqun-audit-archive/1"
MIN_RETENTION_DAYS = 180  # R-SEC-3: at least 6 months

_request = contextvars.ContextVar("zhanqun_audit_request", default=None)


class AuditWriteError(RuntimeError):
    """An audit record could not be written; the action it describes must not stand."""


class PurgeRefused(Exception):
    pass


# --- keys -------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _parse(value, setting):
    try:
        return chain.parse_key(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{setting} must be at least 32 hex digits (64 recommended), see docs/audit.md."
        ) from None


def signing_key() -> tuple[str, bytes]:
    """(key id, key) of ``ZHANQUN_AUDIT_KEY``."""
    value = getattr(settings, "ZHANQUN_AUDIT_KEY", "")
    if not value:
        raise ImproperlyConfigured("ZHANQUN_AUDIT_KEY is not set (docs/audit.md).")
    key = _parse(value, "ZHANQUN_AUDIT_KEY")
    return chain.key_id(key), key


def verification_keys() -> dict[str, bytes]:
    """Current and former keys (``ZHANQUN_AUDIT_OLD_KEYS``) by key id."""
    keys = {}
    for value in getattr(settings, "ZHANQUN_AUDIT_OLD_KEYS", []) or []:
        key = _parse(value, "ZHANQUN_AUDIT_OLD_KEYS")
        keys[chain.key_id(key)] = key
    kid, key = signing_key()
    keys[kid] = key
    return keys


# --- the request context ------------------------------------------------------------------


def current_request():
    """The back-office request being handled (set by ``AuditMiddleware``), or None."""
    return _request.get()


def source_address(request):
    """The client's address as every part of the platform sees it (``core.http``)."""
    from zhanqun.core.http import client_ip

    return client_ip(request)


@dataclass
class ObjectRef:
    """An object described without loading it (a mirrored Wagtail log entry)."""

    content_type: ContentType | None
    object_id: str
    repr: str


def _describe(obj):
    if obj is None:
        return None, "", "", ""
    if isinstance(obj, ObjectRef):
        ct = obj.content_type
        return ct, f"{ct.app_label}.{ct.model}" if ct else "", str(obj.object_id or ""), obj.repr
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return ct, f"{ct.app_label}.{ct.model}", str(obj.pk or ""), str(obj)


def _action_label(action):
    if action in AuditAction.values:
        return str(AuditAction(action).label)
    from wagtail.log_actions import registry

    if registry.action_exists(action):
        return str(registry.get_action_label(action))
    return ""


_UNSET = object()


def record(request, action, obj=None, success=True, *, user=_UNSET, username=None, label=None, **detail):
    """Record one back-office action. The API for every app::

        from zhanqun import audit
        audit.record(request, "export", obj=None, rows=120)

    ``request`` may be None: the current back-office request is used if there is one
    (address, user), otherwise the record has neither (a command, a scheduled job).
    ``user`` overrides the request's user (sign-in), ``username`` names someone who is
    not a user (a failed sign-in), ``label`` is the Chinese name of a code not in
    ``AuditAction``. ``detail`` must be JSON-serialisable (dates and UUIDs are turned
    into text). Returns the record, or None when a failure was queued for later.
    """
    request = request if request is not None else current_request()
    if user is _UNSET:
        candidate = getattr(request, "user", None) if request is not None else None
        user = candidate if candidate is not None and candidate.is_authenticated else None
    if request is not None and request.method:
        detail.setdefault("request", f"{request.method} {request.get_full_path()}"[:500])
    ct, object_type, object_id, object_repr = _describe(obj)
    fields = {
        "user_id": user.pk if user is not None else None,
        "username": (username if username is not None else (user.get_username() if user is not None else ""))[:150],
        "source_address": source_address(request),
        "action": action[:100],
        "action_label": (str(label) if label else _action_label(action))[:200],
        "content_type": ct,
        "object_type": object_type[:200],
        "object_id": object_id[:255],
        "object_repr": object_repr[:500],
        "success": bool(success),
        "detail": detail,
    }
    pending = getattr(request, "_audit_pending", None) if request is not None else None
    if not success and pending is not None and connection.in_atomic_block:
        # Written by the middleware after the view's transactions have ended, so that a
        # rollback of the failed action does not take its record with it.
        pending.append(fields)
        return None
    return append(**fields)


def flush_pending(request):
    pending = getattr(request, "_audit_pending", None) or []
    while pending:
        append(**pending.pop(0))


# --- appending -----------------------------------------------------------------------------


def _lock_head():
    """The chain head, locked until the current transaction ends (created if missing)."""
    # The UPDATE takes the row lock on PostgreSQL and the write lock on SQLite before we
    # read, so two writers can never read the same head.
    if not ChainHead.objects.filter(pk=1).update(seq=F("seq")):
        last = AuditRecord.objects.order_by("-seq").values("seq", "hash").first()
        first = AuditRecord.objects.order_by("seq").values("seq", "prev_hash").first()
        try:
            with transaction.atomic():
                ChainHead.objects.create(
                    pk=1,
                    seq=last["seq"] if last else 0,
                    hash=last["hash"] if last else chain.GENESIS,
                    anchor_seq=first["seq"] - 1 if first else 0,
                    anchor_hash=first["prev_hash"] if first else chain.GENESIS,
                    # A head recreated over existing records is left unsigned: the next
                    # record carries an alert that verify reports.
                    signature="" if last else _head_signature(0, chain.GENESIS, 0, chain.GENESIS),
                )
        except IntegrityError:
            pass  # created by a concurrent writer
    return ChainHead.objects.select_for_update().get(pk=1)


def _head_signature(seq, hash_hex, anchor_seq, anchor_hash):
    _kid, key = signing_key()
    return chain.sign_head(key, seq, hash_hex, anchor_seq, anchor_hash)


def _head_ok(head, keys):
    return any(
        chain.same(chain.sign_head(key, head.seq, head.hash, head.anchor_seq, head.anchor_hash), head.signature)
        for key in keys.values()
    )


def _chained(head, kid, key, fields, now):
    """The column values (by attname) of the record that follows ``head``, hash and
    signature included; moves ``head`` on (not saved)."""
    # Milliseconds: Django's serialisers (dumpdata, a test's serialized rollback) keep no
    # more, and a record must verify after any faithful copy of the database.
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    content_type = fields.get("content_type")
    values = {
        "seq": head.seq + 1,
        "created_at": now,
        "user_id": fields.get("user_id"),
        "username": fields.get("username", ""),
        "source_address": fields.get("source_address"),
        "action": fields["action"],
        "action_label": fields.get("action_label", ""),
        "object_type": fields.get("object_type", ""),
        "object_id": fields.get("object_id", ""),
        "object_repr": fields.get("object_repr", ""),
        "success": fields.get("success", True),
        "detail": chain.normalise_detail(fields.get("detail")),
        "key_id": kid,
    }
    hash_hex = chain.record_hash([values[name] for name in chain.FIELDS], head.hash)
    values.update(
        content_type_id=content_type.pk if content_type is not None else None,
        prev_hash=head.hash,
        hash=hash_hex,
        signature=chain.sign(key, hash_hex),
    )
    head.seq, head.hash = values["seq"], hash_hex
    return values


def _append_locked(head, fields, *, anchor=None):
    """Append after ``head`` (locked). ``anchor`` (seq, hash) moves the purge anchor, after
    the head as it was has been checked."""
    kid, key = signing_key()
    if not _head_ok(head, verification_keys()):
        logger.error("audit: chain head signature invalid at #%s; the tail may have been cut", head.seq)
        fields = {**fields, "detail": {**(fields.get("detail") or {}), ALERT: "head_signature_invalid"}}
    if anchor is not None:
        head.anchor_seq, head.anchor_hash = anchor
    record = AuditRecord(**_chained(head, kid, key, fields, timezone.now()))
    record.save(force_insert=True, _append=True)
    head.signature = chain.sign_head(key, head.seq, head.hash, head.anchor_seq, head.anchor_hash)
    head.save(update_fields=["seq", "hash", "signature", "anchor_seq", "anchor_hash"])
    return record


def append(**fields):
    """Append one record (fields as ``record`` builds them) in its own savepoint."""
    try:
        with transaction.atomic():
            return _append_locked(_lock_head(), fields)
    except Exception as exc:
        logger.exception("audit: could not write the record of %s", fields.get("action"))
        raise AuditWriteError(f"审计记录写入失败，操作未完成：{exc}") from exc


def bulk_append(rows, *, batch_size=5000, now=None):
    """Append many records at once (the benchmark, imports): one lock, plain multi-row
    INSERTs without model instances, the chain computed exactly as for single appends.
    ``rows`` are ``record`` fields, optionally with ``created_at``."""
    kid, key = signing_key()
    now = now or timezone.now()
    meta = AuditRecord._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    plain = {"seq", "user_id", "username", "action", "action_label", "object_type", "object_id", "object_repr"}
    plain |= {"success", "key_id", "prev_hash", "hash", "signature", "content_type_id"}
    prepare = [
        (f.attname, None if f.attname in plain else (lambda v, f=f: f.get_db_prep_save(v, connection))) for f in columns
    ]
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        head = _lock_head()
        batch = []
        for fields in rows:
            values = _chained(head, kid, key, fields, fields.get("created_at") or now)
            batch.append([values[name] if fn is None else fn(values[name]) for name, fn in prepare])
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        head.signature = chain.sign_head(key, head.seq, head.hash, head.anchor_seq, head.anchor_hash)
        head.save(update_fields=["seq", "hash", "signature"])
    return count


# --- verifying -----------------------------------------------------------------------------

ROW_FIELDS = ("id", "prev_hash", "hash", "signature", *chain.FIELDS)


@dataclass
class VerifyResult:
    ok: bool
    count: int = 0
    seq: int | None = None
    record_id: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = ""
    anchor_seq: int = 0


def _raw_rows(chunk_size=10000):
    """Every record as a tuple of ``ROW_FIELDS`` in chain order, read with a plain (on
    PostgreSQL server-side) cursor: Django's per-field converters would cost a third of
    the walk. Values are brought to what ``chain.canonical`` expects; the timestamp comes
    as canonical text."""
    meta = AuditRecord._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ROW_FIELDS)
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} ORDER BY {quote('seq')}"  # noqa: S608
    timestamp, loads = chain.timestamp, json.loads
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                created, address, success, detail = row[5], row[8], row[14], row[15]
                if isinstance(created, str):  # "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC
                    created = created.replace(" ", "T")
                    created = (created if "." in created else created + ".000000") + "Z"
                elif created.tzinfo is None:  # SQLite's converter: naive, in UTC
                    created = created.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                else:
                    created = timestamp(created)
                if isinstance(detail, str | bytes):
                    detail = loads(detail)
                if isinstance(detail, dict) and ALERT in detail:
                    raise chain.Break(row[4], row[0], "写入此记录时链头签名无效：此前链尾可能被截断或链头被改动")
                if address is not None and not isinstance(address, str):
                    address = str(address)
                yield (*row[:5], created, row[6], row[7], address, *row[9:14], bool(success), detail, row[16])


def verify_chain(chunk_size=10000) -> VerifyResult:
    """Walk the whole chain from the purge anchor; stop at the first broken record."""
    keys = verification_keys()
    head = ChainHead.objects.filter(pk=1).first()
    records = AuditRecord.objects.order_by("seq")
    if head is None:
        first = records.values_list("seq", "id").first()
        if first is None:
            return VerifyResult(ok=True)
        return VerifyResult(ok=False, seq=first[0], record_id=first[1], reason="审计链头缺失")
    result = VerifyResult(ok=True, head_seq=head.seq, head_hash=head.hash, anchor_seq=head.anchor_seq)
    try:
        # Records appended while we walk come after the head we read: the chain must pass
        # through that head, and may go on.
        count, last_seq, _last_hash, head_hash = chain.walk(
            _raw_rows(chunk_size), keys, start_seq=head.anchor_seq, start_hash=head.anchor_hash, mark_seq=head.seq
        )
    except chain.Break as brk:
        result.ok, result.seq, result.record_id, result.reason = False, brk.seq, brk.record_id, brk.reason
        return result
    result.count = count
    if head_hash != head.hash:
        result.ok, result.seq = False, head.seq
        result.reason = f"链尾记录缺失：链头记载到第 {head.seq} 条，现存记录只到第 {last_seq} 条"
    elif not _head_ok(head, keys):
        result.ok, result.seq, result.reason = False, head.seq, "链头签名不符：链头或清理锚点被改动"
    elif head.anchor_seq:
        purge = records.filter(action=AuditAction.AUDIT_PURGE).order_by("-seq").values_list("id", "detail").first()
        anchor = (purge[1].get("anchor_seq"), purge[1].get("anchor_hash")) if purge else None
        if anchor != (head.anchor_seq, head.anchor_hash):
            result.ok, result.seq = False, head.anchor_seq + 1
            result.record_id = purge[0] if purge else None
            result.reason = "清理锚点与最近一次清理记录不符"
    return result


def check_record(record) -> str:
    """This record on its own: '' when its hash and signature hold, else the reason. (The
    detail screen also shows whether its predecessor links to it.)"""
    values = [getattr(record, name) for name in chain.FIELDS]
    if chain.record_hash(values, record.prev_hash) != record.hash:
        return "记录内容与哈希不符：此记录已被改动"
    key = verification_keys().get(record.key_id)
    if key is None:
        return f"未知的签名密钥 {record.key_id}"
    if not chain.signature_ok(key, record.hash, record.signature):
        return "签名不符"
    previous = AuditRecord.objects.filter(seq=record.seq - 1).values_list("hash", flat=True).first()
    if previous is None:
        head = ChainHead.objects.filter(pk=1).first()
        if not (head and head.anchor_seq == record.seq - 1 and head.anchor_hash == record.prev_hash):
            if record.seq > 1 or record.prev_hash != chain.GENESIS:
                return "前一条记录缺失"
    elif previous != record.prev_hash:
        return "前一条记录的哈希不符"
    if isinstance(record.detail, dict) and ALERT in record.detail:
        return "写入此记录时链头签名无效"
    return ""


# --- purging and archives -------------------------------------------------------------------


def retention_days():
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "ZHANQUN_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)))


def earliest_allowed_before(today=None):
    """The latest ``--before`` date a purge accepts: records younger than the retention
    period are never removed."""
    return (today or timezone.localdate()) - timedelta(days=retention_days())


def archive_dir():
    return Path(getattr(settings, "ZHANQUN_AUDIT_ARCHIVE_DIR", None) or Path(settings.VAR_DIR) / "audit-archives")


def _record_json(row):
    data = dict(zip(ROW_FIELDS, row, strict=True))
    data["created_at"] = chain.timestamp(data["created_at"])
    return data


@dataclass
class PurgeResult:
    count: int
    first_seq: int | None = None
    last_seq: int | None = None
    archive: Path | None = None
    record: AuditRecord | None = None
    dry_run: bool = False


def purge(before: date, *, directory=None, user=None, dry_run=False, today=None) -> PurgeResult:
    """Archive, then delete, every record older than ``before`` (local date), keeping the
    chain verifiable: the hash of the last purged record becomes the anchor that
    verification starts from, and the purge is itself recorded (R-SEC-3)."""
    latest = earliest_allowed_before(today)
    if before > latest:
        raise PurgeRefused(f"审计记录至少保存 {retention_days()} 天：--before 不能晚于 {latest:%Y-%m-%d}。")
    result = verify_chain()
    if not result.ok:
        raise PurgeRefused(f"审计链校验未通过（第 {result.seq} 条：{result.reason}），不清理：请先查明原因。")
    cutoff = timezone.make_aware(datetime.combine(before, dtime.min))
    head = ChainHead.objects.get(pk=1)
    first_kept = (
        AuditRecord.objects.filter(created_at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
    )
    # Only a prefix of the chain is removed: up to the first record that must be kept.
    last_seq = first_kept - 1 if first_kept is not None else head.seq
    doomed = AuditRecord.objects.filter(seq__gt=head.anchor_seq, seq__lte=last_seq).order_by("seq")
    count = doomed.count()
    if not count:
        return PurgeResult(count=0, dry_run=dry_run)
    first_seq = head.anchor_seq + 1
    if dry_run:
        return PurgeResult(count=count, first_seq=first_seq, last_seq=last_seq, dry_run=True)
    path, digest = write_archive(doomed, before=before, directory=directory)
    last_hash = AuditRecord.objects.filter(seq=last_seq).values_list("hash", flat=True).get()
    with transaction.atomic():
        head = _lock_head()
        token = _purging.set(True)
        try:
            AuditRecord.objects.filter(seq__lte=last_seq)._raw_purge()
        finally:
            _purging.reset(token)
        purge_record = _append_locked(
            head,
            {
                "user_id": user.pk if user else None,
                "username": user.get_username() if user else "",
                "action": AuditAction.AUDIT_PURGE.value,
                "action_label": str(AuditAction.AUDIT_PURGE.label),
                "detail": {
                    "before": before.isoformat(),
                    "count": count,
                    "first_seq": first_seq,
                    "last_seq": last_seq,
                    "anchor_seq": last_seq,
                    "anchor_hash": last_hash,
                    "archive": path.name,
                    "archive_sm3": digest,
                },
            },
            anchor=(last_seq, last_hash),
        )
    return PurgeResult(count=count, first_seq=first_seq, last_seq=last_seq, archive=path, record=purge_record)


def write_archive(queryset, *, before=None, directory=None):
    """Stream ``queryset`` (ordered by seq) to a signed JSON-lines file; returns (path, SM3).

    Line 1 is a header, then one record per line with every field, hash and signature,
    then a trailer: the SM3 of all bytes before it and its HMAC-SM3 under the audit key.
    Written to a temporary file and renamed, so a half-written archive never exists.
    """
    kid, key = signing_key()
    directory = Path(directory or archive_dir())
    directory.mkdir(parents=True, exist_ok=True)
    first = queryset.values_list("seq", "prev_hash").first()
    last = queryset.reverse().values_list("seq", "hash").first()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    path = directory / f"audit-{first[0]:09d}-{last[0]:09d}-{stamp}.jsonl"
    header = {
        "format": ARCHIVE_FORMAT,
        "created_at": chain.timestamp(timezone.now()),
        "before": before.isoformat() if before else None,
        "first_seq": first[0],
        "last_seq": last[0],
        "start_hash": first[1],
        "end_hash": last[1],
    }
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(hashes.SM3())
    count = 0
    fd, tmp = tempfile.mkstemp(prefix=".audit-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:

            def emit(obj):
                line = (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
                digest.update(line)
                out.write(line)

            emit(header)
            for row in queryset.values_list(*ROW_FIELDS).iterator(chunk_size=10000):
                emit(_record_json(row))
                count += 1
            sm3_hex = digest.finalize().hex()
            trailer = {
                "trailer": {
                    "count": count,
                    "sm3": sm3_hex,
                    "key_id": kid,
                    "signature": chain.hmac_sm3(key, bytes.fromhex(sm3_hex)).hex(),
                }
            }
            out.write((json.dumps(trailer, sort_keys=True, separators=(",", ":")) + "\n").encode())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, sm3_hex


@dataclass
class ArchiveResult:
    ok: bool
    count: int = 0
    reason: str = ""
    line: int | None = None
    header: dict = field(default_factory=dict)


def verify_archive(path) -> ArchiveResult:
    """Check an archive: its trailer signature over every byte, and the chain inside it."""
    from cryptography.hazmat.primitives import hashes

    keys = verification_keys()
    digest = hashes.Hash(hashes.SM3())
    header, trailer, rows = None, None, []
    try:
        with open(path, "rb") as f:
            for number, line in enumerate(f, start=1):
                if trailer is not None:
                    return ArchiveResult(False, reason="签名行之后还有内容", line=number)
                obj = json.loads(line)
                if number > 1 and isinstance(obj, dict) and "trailer" in obj:
                    trailer = obj["trailer"]
                    continue
                digest.update(line)
                if number == 1:
                    header = obj
                    if header.get("format") != ARCHIVE_FORMAT:
                        return ArchiveResult(False, reason="不是审计归档文件", line=1)
                else:
                    rows.append((number, obj))
    except (OSError, ValueError) as exc:
        return ArchiveResult(False, reason=f"无法读取：{exc}")
    if header is None or trailer is None:
        return ArchiveResult(False, reason="文件不完整：缺少文件头或签名行")
    sm3_hex = digest.finalize().hex()
    key = keys.get(trailer.get("key_id"))
    if key is None:
        return ArchiveResult(False, reason=f"未知的签名密钥 {trailer.get('key_id')}", header=header)
    if sm3_hex != trailer.get("sm3") or not chain.same(
        chain.hmac_sm3(key, bytes.fromhex(sm3_hex)).hex(), str(trailer.get("signature"))
    ):
        return ArchiveResult(False, reason="文件签名不符：归档文件被改动", header=header)

    def tuples():
        for _number, obj in rows:
            values = [obj.get(name) for name in chain.FIELDS]
            values[1] = datetime.fromisoformat(values[1].replace("Z", "+00:00"))
            yield (obj.get("id"), obj.get("prev_hash"), obj.get("hash"), obj.get("signature"), *values)

    try:
        count, last_seq, last_hash, _mark = chain.walk(
            tuples(), keys, start_seq=header["first_seq"] - 1, start_hash=header["start_hash"]
        )
    except chain.Break as brk:
        return ArchiveResult(False, reason=f"第 {brk.seq} 条：{brk.reason}", header=header)
    if count != trailer.get("count") or (last_seq, last_hash) != (header["last_seq"], header["end_hash"]):
        return ArchiveResult(False, reason="记录条数或首尾与文件头不符", header=header)
    return ArchiveResult(True, count=count, header=header)
