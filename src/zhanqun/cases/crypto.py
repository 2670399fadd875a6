"""Encryption of citizens' personal data at rest (R-SEC-8): SM4-GCM via ``cryptography``.

SM4 (GB/T 32907-2016) in Galois/Counter Mode is authenticated encryption: a changed or
swapped value fails to decrypt instead of decrypting to something else. Each value gets
a fresh random 96-bit nonce, and the field's name is bound in as associated data, so a
phone number copied into the name column does not decrypt either.

Stored form (text, so it fits any text column and survives dumps)::

    sm4gcm:1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>

The key is 16 bytes given as 32 hex digits in ``settings.ZHANQUN_CASES_KEY``; former
keys may stay readable for a rotation in ``settings.ZHANQUN_CASES_OLD_KEYS``. The key id
is the first 8 hex digits of SM3(key), so a value says which key it needs without
revealing it. Production settings refuse to start without the key (docs/cases.md).
"""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["DecryptionError", "PREFIX", "decrypt", "encrypt", "generate_key", "is_encrypted", "load_key"]

PREFIX = "sm4gcm:1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value could not be decrypted: wrong key, or it was altered."""


def generate_key() -> str:
    """A new random key in the settings' format (32 hex digits)."""
    return os.urandom(16).hex()


def load_key(value: str, name: str = "ZHANQUN_CASES_KEY") -> bytes:
    """Parse a key from settings; explain what is wrong if it is not 32 hex digits."""
    try:
        key = bytes.fromhex((value or "").strip())
    except ValueError:
        key = b""
    if len(key) != 16:
        raise ImproperlyConfigured(
            f"{name} 必须是 32 位十六进制数（SM4 的 128 位密钥），可用 "
            f'`python -c "import os; print(os.urandom(16).hex())"` 生成。'
            f" / {name} must be 32 hex digits (a 128-bit SM4 key)."
        )
    return key


def key_id(key: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(key)
    return digest.finalize().hex()[:8]


@lru_cache(maxsize=8)
def _keys(current: str, old: tuple[str, ...]) -> tuple[tuple[str, bytes], dict[str, bytes]]:
    if not current:
        raise ImproperlyConfigured(
            "未设置 ZHANQUN_CASES_KEY，无法加密或解密公众个人信息（R-SEC-8）。"
            " / ZHANQUN_CASES_KEY is not set: citizens' personal data cannot be encrypted."
        )
    key = load_key(current)
    everything = {key_id(key): key}
    for value in old:
        k = load_key(value, "ZHANQUN_CASES_OLD_KEYS")
        everything.setdefault(key_id(k), k)
    return (key_id(key), key), everything


def _settings_keys():
    return _keys(
        getattr(settings, "ZHANQUN_CASES_KEY", "") or "", tuple(getattr(settings, "ZHANQUN_CASES_OLD_KEYS", ()))
    )


def encrypt(plaintext: str, context: str = "") -> str:
    """Encrypt ``plaintext`` with the current key; ``context`` (e.g. the field name) must
    be given again to decrypt."""
    (kid, key), _all = _settings_keys()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    token = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}{kid}:{token}"


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def decrypt(stored: str, context: str = "") -> str:
    """The plaintext of a value made by :func:`encrypt`; raises :class:`DecryptionError`."""
    if not is_encrypted(stored):
        raise DecryptionError("不是加密后的值 / not an encrypted value")
    _current, keys = _settings_keys()
    kid, _sep, token = stored[len(PREFIX) :].partition(":")
    key = keys.get(kid)
    if key is None:
        raise DecryptionError(f"没有编号为 {kid} 的密钥 / no key with id {kid} (ZHANQUN_CASES_OLD_KEYS?)")
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("密文格式错误 / malformed ciphertext") from exc
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("密文格式错误 / malformed ciphertext")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError("密文校验失败（密钥错误或数据被篡改） / authentication failed") from exc
