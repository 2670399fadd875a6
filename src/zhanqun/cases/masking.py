"""Masking of citizens' personal data wherever it is shown publicly (R-SEC-8, R-INT-6).

Pure Python. Every public page, export and status lookup shows these forms and never
the stored values::

    mask_name("张三丰")                 → "张**"
    mask_phone("13812341234")          → "138****1234"
    mask_id_number("110101199003071234") → "1101**********1234"
    mask_address("甘肃省玉门市新市区人民路12号3单元") → "甘肃省玉门市***"
    mask_email("zhangsan@example.com")  → "z***@example.com"

Empty values stay empty; unexpected shapes are masked more, never less.
"""

import re

__all__ = ["mask_address", "mask_email", "mask_id_number", "mask_name", "mask_phone", "MASKERS"]

STAR = "*"
#: Characters of an address kept before it is cut (about province + city/county).
ADDRESS_KEEP = 6


def mask_name(value: str) -> str:
    """Keep the family name (first character): 张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧***."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + STAR * max(len(value) - 1, 1)


def mask_phone(value: str) -> str:
    """Mobile 138****1234; other numbers keep at most the first 3 and last 4 digits, and
    always hide at least half of them."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]  # +86 country code
    if not digits:
        return ""
    n = len(digits)
    if n >= 11:
        return digits[:3] + STAR * (n - 7) + digits[-4:]
    if n >= 7:
        keep_tail = min(4, n // 2 - 1) if n < 9 else 4
        keep_head = min(3, n - keep_tail - (n + 1) // 2)
        keep_head = max(keep_head, 0)
        return digits[:keep_head] + STAR * (n - keep_head - keep_tail) + digits[n - keep_tail :]
    return STAR * n


def mask_id_number(value: str) -> str:
    """居民身份证号: the first 4 (province and city) and the last 4 characters."""
    value = re.sub(r"\s", "", value or "").upper()
    if not value:
        return ""
    if len(value) <= 8:
        return STAR * len(value)
    return value[:4] + STAR * (len(value) - 8) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the first characters (province, city), cut the rest: 甘肃省玉门市***."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= ADDRESS_KEEP:
        return value[: max(len(value) // 2, 1)] + STAR * 3
    return value[:ADDRESS_KEEP] + STAR * 3


def mask_email(value: str) -> str:
    """z***@example.com: the first character of the mailbox and the domain."""
    value = (value or "").strip()
    if not value:
        return ""
    local, sep, domain = value.partition("@")
    if not sep:
        return STAR * 3
    return (local[:1] or STAR) + STAR * 3 + "@" + domain


#: Personal-data field of a case → its mask.
MASKERS = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": mask_address,
    "email": mask_email,
}
