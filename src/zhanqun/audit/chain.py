"""The hash chain and its signatures: pure functions, no models (docs/audit.md, R-SEC-3).

Every audit record is reduced to a canonical byte string (``canonical``); its hash is

    SM3( "zhanqun-audit-v1" LF previous-hash-hex LF canonical )

so each record's hash covers the one before it, and its signature is HMAC-SM3 over that
hash under a key only the application holds. Someone who can write to the database can
recompute SM3 hashes, but not the HMAC without the key: editing, inserting or deleting a
record is therefore detected by ``zhanqun audit verify``.

Why HMAC-SM3 and not Ed25519: SM3 is the national hash standard (GB/T 32905-2016) and
HMAC-SM3 the keyed MAC that 商用密码应用安全性评估 expects; the national signature (SM2)
is not in ``cryptography``, and Ed25519 would bring a foreign algorithm for one property
we do not need (verification without the secret: the auditor verifies on the server,
with the application's key). The price: whoever verifies holds a key that could also
sign. Archives leave the server signed with the same key.
"""

import hmac as std_hmac
import json
from datetime import UTC, datetime

from cryptography.hazmat.primitives import hashes, hmac

DOMAIN = b"zhanqun-audit-v1"
GENESIS = "0" * 64

#: The hashed fields, in this order. ``verify`` selects exactly these columns.
FIELDS = (
    "seq",
    "created_at",
    "user_id",
    "username",
    "source_address",
    "action",
    "action_label",
    "object_type",
    "object_id",
    "object_repr",
    "success",
    "detail",
    "key_id",
)


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def key_id(key: bytes) -> str:
    """A short public name of a key, stored with each record so that verification picks
    the right key after a rotation. Reveals nothing usable about the key."""
    return sm3(b"zhanqun-audit-key-id\n" + key).hex()[:16]


def parse_key(value: str) -> bytes:
    """A key as configured: at least 32 hex digits (128 bits); 64 recommended."""
    key = bytes.fromhex(value.strip())
    if len(key) < 16:
        raise ValueError("audit key too short")
    return key


def timestamp(value: datetime) -> str:
    """UTC, microseconds, always the same text for the same instant on any database."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_detail(detail) -> dict:
    """The detail as the database will give it back: JSON types only (dates, UUIDs and
    decimals become strings), so that the hash computed before saving is the hash
    recomputed after loading."""
    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical(values) -> bytes:
    """``values`` in ``FIELDS`` order → the bytes that are hashed."""
    values = list(values)
    if not isinstance(values[1], str):  # already canonical text when read raw (verify)
        values[1] = timestamp(values[1])
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def record_hash(values, prev_hash: str) -> str:
    return sm3(DOMAIN + b"\n" + prev_hash.encode() + b"\n" + canonical(values)).hex()


def sign(key: bytes, hash_hex: str) -> str:
    return hmac_sm3(key, bytes.fromhex(hash_hex)).hex()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two hex strings."""
    return std_hmac.compare_digest(str(a), str(b))


def signature_ok(key: bytes, hash_hex: str, signature: str) -> bool:
    return same(sign(key, hash_hex), signature)


def head_message(seq, hash_hex, anchor_seq, anchor_hash) -> bytes:
    """What the chain head's signature covers: the last record and the purge anchor, so a
    truncated tail or a moved anchor is detected."""
    return f"zhanqun-audit-head-v1\n{seq}\n{hash_hex}\n{anchor_seq}\n{anchor_hash}".encode()


def sign_head(key: bytes, seq, hash_hex, anchor_seq, anchor_hash) -> str:
    return hmac_sm3(key, head_message(seq, hash_hex, anchor_seq, anchor_hash)).hex()


class Break(Exception):
    """The first place the chain does not verify."""

    def __init__(self, seq, record_id, reason):
        super().__init__(reason)
        self.seq = seq
        self.record_id = record_id
        self.reason = reason


def walk(rows, keys: dict, *, start_seq: int, start_hash: str, mark_seq=None):
    """Check ``rows`` (tuples: id, prev_hash, hash, signature, then ``FIELDS``) in
    ``seq`` order, starting after the record ``start_seq`` whose hash is ``start_hash``.

    Returns (count, last_seq, last_hash, hash of record ``mark_seq`` or None); raises
    ``Break`` at the first bad record. ``keys`` maps key ids to keys.
    """
    expected_seq = start_seq + 1
    prev = start_hash
    count = 0
    mark_hash = start_hash if mark_seq == start_seq else None
    _record_hash = record_hash
    _signature_ok = signature_ok
    for row in rows:
        record_id, prev_hash, hash_hex, signature = row[0], row[1], row[2], row[3]
        values = row[4:]
        seq = values[0]
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"第 {expected_seq} 条" if seq == expected_seq + 1 else f"第 {expected_seq}–{seq - 1} 条"
                raise Break(seq, record_id, f"记录缺失：{missing}记录已被删除（在第 {seq} 条之前）")
            raise Break(seq, record_id, f"序号重复或错乱：应为第 {expected_seq} 条")
        if prev_hash != prev:
            raise Break(seq, record_id, "前一条记录的哈希不符：此前的记录被删除、插入或改动")
        if _record_hash(values, prev_hash) != hash_hex:
            raise Break(seq, record_id, "记录内容与哈希不符：此记录已被改动")
        key = keys.get(values[-1])
        if key is None:
            raise Break(seq, record_id, f"未知的签名密钥 {values[-1]}")
        if not _signature_ok(key, hash_hex, signature):
            raise Break(seq, record_id, "签名不符：哈希被重新计算过（无密钥者所为）")
        if seq == mark_seq:
            mark_hash = hash_hex
        prev = hash_hex
        expected_seq += 1
        count += 1
    return count, expected_seq - 1, prev, mark_hash
