"""personal_info — citizens' ID numbers, mobile numbers, bank cards, home addresses.

ID numbers are validated (province code, birth date, ISO 7064 MOD 11-2 check digit),
so an 18-digit contract or serial number is not one. Bank cards need a Luhn-valid
number *and* a card/account word nearby. Official landlines and hotlines (12345) are
not personal and are not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make

PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

ID_RX = re.compile(r"(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RX = re.compile(r"(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?![0-9A-Za-z])")
COUNTRY_CODE = re.compile(r"(?:\+|00)?86[\s-]?$")
CARD_RX = re.compile(r"(\d{4}(?:[\s-]?\d{4}){3}(?:[\s-]?\d{1,3})?)(?![0-9A-Za-z])")
CARD_CONTEXT = re.compile(r"银行卡|卡号|账号|帐号|账户|帐户|开户行|储蓄卡|信用卡|借记卡|社保卡|银行")
ADDRESS_RX = re.compile(
    r"(家庭住址|家庭地址|户籍地址?|居住地址?|现住址?|住址|家住|住所地?|住(?=[在于]?[^\n，。；]{0,10}?(?:省|市|县|区|镇|乡|村|街道|路|街|小区)))\s*[:：于在]?\s*"
    r"([\u4e00-\u9fa5A-Za-z0-9（）()\-－#]{3,40}?"
    r"(?:\d+|[一二三四五六七八九十百零]+)\s*(?:号楼|号院|号|室|栋|幢|单元|组|户))"
)
PERSON_NEAR = re.compile(
    r"(?:姓名|当事人|申请人|被申请人|被处罚人|违法行为人|户主|村民|居民|先生|女士|同志|[男女](?:[，,、]|\s)|"
    r"[男女]性|出生|身份证)"
)


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def is_valid_id(number: str, *, today: date | None = None) -> bool:
    """A mainland resident ID (GB 11643-1999): province, birth date, check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if int(number[:2]) not in PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1880 or born > (today or date.today()):
        return False
    return id_check_digit(number[:17]) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _glued(text: str, pos: int, chars: str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") -> bool:
    """Whether the match at ``pos`` continues a longer alphanumeric run (then it's not a number of its own)."""
    return pos > 0 and text[pos - 1] in chars


def _mask(s: str, keep_head: int, keep_tail: int) -> str:
    return s[:keep_head] + "*" * max(0, len(s) - keep_head - keep_tail) + s[len(s) - keep_tail :]


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    for m in ID_RX.finditer(text):
        number = m.group(1)
        if not _glued(text, m.start()) and is_valid_id(number):
            taken.append(m.span(1))
            yield make(
                text, *m.span(1),
                category=Category.PERSONAL_INFO, rule="personal_info.id_number", severity=Severity.BLOCK,
                message=f"含有公民身份号码，请删除或脱敏处理（如 {_mask(number, 6, 4)}）。",
            )
    for m in CARD_RX.finditer(text):
        digits = re.sub(r"[\s-]", "", m.group(1))
        if _glued(text, m.start()) or not 16 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        window = text[max(0, m.start() - 20) : m.start()]
        if not CARD_CONTEXT.search(window):
            continue
        taken.append(m.span(1))
        yield make(
            text, *m.span(1),
            category=Category.PERSONAL_INFO, rule="personal_info.bank_card", severity=Severity.BLOCK,
            message=f"含有银行卡号，请删除或脱敏处理（如 {_mask(digits, 4, 4)}）。",
        )
    for m in MOBILE_RX.finditer(text):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        digits = re.sub(r"[\s-]", "", m.group(1))
        start = m.start()
        cc = COUNTRY_CODE.search(text, max(0, start - 5), start)
        if cc:
            start = cc.start()
        if _glued(text, start, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"):
            continue
        yield make(
            text, start, m.end(),
            category=Category.PERSONAL_INFO, rule="personal_info.mobile", severity=Severity.BLOCK,
            message=f"含有个人手机号码，请删除、脱敏（如 {_mask(digits, 3, 4)}）或改为单位办公电话。",
        )
    for m in ADDRESS_RX.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if not PERSON_NEAR.search(before):
            continue
        yield make(
            text, m.start(2), m.end(2),
            category=Category.PERSONAL_INFO, rule="personal_info.home_address", severity=Severity.BLOCK,
            message="含有个人详细住址，请删除或脱敏处理（如只保留到县区或乡镇）。",
        )
