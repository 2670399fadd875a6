"""personal_info — citizens' ID numbers, mobile numbers, bank cards, home addresses.

ID numbers are validated (province code, birth date, ISO 7064 MOD 11-2 check digit),
so an 18-digit contract or serial number is not one. An 18-digit number whose province and
birth date are right but whose check digit is wrong, written just after 身份证号 (or
身份号码, 公民身份, 证件号), is most likely a real ID mistyped: a warning, not silence. A 15-digit first-generation ID has no
check digit: its province code and 19YYMMDD birth date are validated and it must stand
near a word such as 身份证 (or in a table whose header names the column 身份证号), so other
15-digit numbers (old business registration numbers, IMEIs) are not taken for one. Bank
cards need a Luhn-valid number *and* a card/account word nearby. Official landlines and
hotlines (12345) are not personal and are not matched, nor is a unit's published duty
mobile (``值班电话：139…``, ``值班手机``): it is the office's number, not a person's.

Numbers are looked for only inside blocks of 15 or more digits (one scan of the text);
mobile numbers have their own, literal-led scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make
from ..scan import Anchored, Literals, Scan

PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# every ID and card number lies in a block of ≥ 15 digits joined by at most one space or hyphen
_D = "[0-9０-９]"  # ASCII and full-width digits (IDs and cards are not written in other scripts' digits)
NUMBER_BLOCK = re.compile(rf"{_D}{{4}}(?:[\s-]?{_D}){{11,}}")
# The same blocks found faster in a byte copy of the text (one byte a character) where ASCII
# digits read 0, ASCII spaces and hyphens s, anything non-ASCII (and “?”) u, the rest “.”:
# a literal-led search. It is exact unless a full-width digit (１２３) is anywhere in the text
# (the scan reports them: FULL_WIDTH_DIGITS) or a non-ASCII space stands between two digits
# (a “0u0” in the copy); then NUMBER_BLOCK runs instead. bytes.find does the searching: for
# “0u0”, and for runs of 15 digits or separators, the only places a block can be.
_ASCII_CLASSES = bytes(
    ord("0")
    if 48 <= b <= 57
    else ord("s")
    if b < 128 and (chr(b).isspace() or b == 45)
    else ord("u")
    if b >= 128 or b == 63
    else ord(".")
    for b in range(256)
)
FAST_BLOCK = re.compile(rb"0000(?:s?0){11,}")
_JOINED = bytes.maketrans(b"s", b"0")  # digits and separators alike: a block lies in a run of 15 or more
_RUN = re.compile(rb"0*")
FULL_WIDTH_DIGITS = Literals(("０", "１", "２", "３", "４", "５", "６", "７", "８", "９"))
ID_RX = re.compile(rf"({_D}{{17}}[0-9０-９Xx])(?![0-9A-Za-z])")
ID15_RX = re.compile(rf"({_D}{{15}})(?![0-9A-Za-z])")
ID15_CONTEXT = re.compile(r"身份证|身份号码|公民身份|证件号")
# a unit's duty line just before a mobile number: the office's, not a person's
DUTY_PHONE = re.compile(r"(?:值班|值守)(?:室)?(?:电话|手机|号码)\s*(?:[:：]|为|是)?\s*$")
MOBILE_RX = re.compile(r"(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?![0-9A-Za-z])")
COUNTRY_CODE = re.compile(r"(?:\+|00)?86[\s-]?$")
CARD_RX = re.compile(rf"({_D}{{4}}(?:[\s-]?{_D}{{4}}){{3}}(?:[\s-]?{_D}{{1,3}})?)(?![0-9A-Za-z])")
CARD_CONTEXT = re.compile(r"银行卡|卡号|账号|帐号|账户|帐户|开户行|储蓄卡|信用卡|借记卡|社保卡|银行")
_SEPARATORS = re.compile(r"[\s-]")
ADDRESS_RX = Anchored(
    r"(家庭住址|家庭地址|户籍地址?|居住地址?|现住址?|住址|家住|住所地?|住(?=[在于]?[^\n，。；]{0,10}?(?:省|市|县|区|镇|乡|村|街道|路|街|小区)))\s*[:：于在]?\s*"
    r"([\u4e00-\u9fa5A-Za-z0-9（）()\-－#]{3,40}?"
    r"(?:\d+|[一二三四五六七八九十百零]+)\s*(?:号楼|号院|号|室|栋|幢|单元|组|户))",
    ("家庭", "户籍", "居住", "现住", "家住", "住"),
)
PERSON_NEAR = re.compile(
    r"(?:姓名|当事人|申请人|被申请人|被处罚人|违法行为人|户主|村民|居民|先生|女士|同志|[男女](?:[，,、]|\s)|"
    r"[男女]性|出生|身份证)"
)


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _id_body_ok(number: str, today: date | None) -> bool:
    """18 characters, 17 digits first, a province code and a birth date that can be."""
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1880 <= born.year and born <= (today or date.today())


def is_valid_id(number: str, *, today: date | None = None) -> bool:
    """A mainland resident ID (GB 11643-1999): province, birth date, check digit."""
    if not _id_body_ok(number, today):
        return False
    last = number[17]
    return id_check_digit(number[:17]) == (str(int(last)) if last.isdigit() else last.upper())  # ８ (full-width) is 8


def is_mistyped_id(number: str, *, today: date | None = None) -> bool:
    """Province and birth date of an ID (GB 11643-1999) but not its check digit."""
    return _id_body_ok(number, today) and not is_valid_id(number, today=today)


def is_valid_id15(number: str) -> bool:
    """A first-generation (15-digit) resident ID: province and prefecture code, birth date 19YYMMDD."""
    if len(number) != 15 or not number.isdigit():
        return False
    if int(number[:2]) not in PROVINCES or number[2:4] == "00":
        return False
    try:
        date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def _id15_context(text: str, start: int, end: int) -> bool:
    """身份证 (or 身份号码, 公民身份, 证件号) within 40 characters before or 12 after, or a table
    row under a header line that names the column."""
    if ID15_CONTEXT.search(text, max(0, start - 40), start) or ID15_CONTEXT.search(text, end, end + 12):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if "\t" not in text[line_start : line_end if line_end >= 0 else len(text)]:
        return False
    for line in text[:line_start].splitlines():
        if "\t" in line and ID15_CONTEXT.search(line):
            return True
    return False


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


def number_blocks(text: str, scan: Scan | None) -> list[tuple[int, int]]:
    """Spans of the NUMBER_BLOCK matches in ``text``."""
    if FULL_WIDTH_DIGITS.positions(scan) == []:  # scanned, and no full-width digit
        classes = text.encode("ascii", "replace").translate(_ASCII_CLASSES)
        p = classes.find(b"0u0")
        while p >= 0 and not text[p + 1].isspace():
            p = classes.find(b"0u0", p + 1)
        if p < 0:  # no non-ASCII space between two digits
            joined = classes.translate(_JOINED)
            blocks: list[tuple[int, int]] = []
            run = joined.find(b"0" * 15)
            while run >= 0:
                end = _RUN.match(joined, run + 15).end()
                blocks += [m.span() for m in FAST_BLOCK.finditer(classes, run, end)]
                run = joined.find(b"0" * 15, end)
            return blocks
    return [m.span() for m in NUMBER_BLOCK.finditer(text)]


def _numbers(text: str, scan: Scan | None, taken: list[tuple[int, int]]) -> Iterator[Finding]:
    """ID numbers (18 and 15 digits) and bank cards, looked for inside long digit blocks."""
    n = len(text)
    for a, b in number_blocks(text, scan):
        endpos = min(n, b + 2)  # room for a final X and the character after it
        # a block of ASCII digits alone can only hold an ID of its own length, a card of 16–19
        # digits (a longer run fails the look-ahead or is glued); 0: look for everything
        block = text[a:b]
        length = b - a if block.isascii() and block.isdigit() else 0
        ids = []
        if length in (0, 18) or (length == 17 and text[b : b + 1] in ("X", "x")):
            found18 = ID_RX.finditer(text, a, endpos)
        else:
            found18 = ()
        for m in found18:
            number = m.group(1)
            if _glued(text, m.start()):
                continue
            if is_valid_id(number):
                ids.append(m.span(1))
                yield make(
                    text,
                    *m.span(1),
                    category=Category.PERSONAL_INFO,
                    rule="personal_info.id_number",
                    severity=Severity.BLOCK,
                    message=f"含有公民身份号码，请删除或脱敏处理（如 {_mask(number, 6, 4)}）。",
                )
            elif is_mistyped_id(number) and ID15_CONTEXT.search(text, max(0, m.start() - 12), m.start()):
                ids.append(m.span(1))
                yield make(
                    text,
                    *m.span(1),
                    category=Category.PERSONAL_INFO,
                    rule="personal_info.id_number_mistyped",
                    severity=Severity.WARN,
                    message=(
                        f"疑似公民身份号码（{_mask(number, 6, 4)}，校验位不符，可能录入有误），"
                        "请核实后删除或脱敏处理。"
                    ),
                )
        for m in ID15_RX.finditer(text, a, endpos) if length in (0, 15) else ():
            number = m.group(1)
            if _glued(text, m.start()) or not is_valid_id15(number) or not _id15_context(text, *m.span(1)):
                continue
            ids.append(m.span(1))
            yield make(
                text,
                *m.span(1),
                category=Category.PERSONAL_INFO,
                rule="personal_info.id_number",
                severity=Severity.BLOCK,
                message=f"含有公民身份号码（15位），请删除或脱敏处理（如 {_mask(number, 6, 3)}）。",
            )
        taken += ids
        if length == 0 or (16 <= length <= 19 and CARD_CONTEXT.search(text, max(0, a - 20), a)):
            cards = CARD_RX.finditer(text, a, endpos)
        else:
            cards = ()  # a card in a digits-only block starts where it does: the card word must be before it
        for m in cards:
            if _glued(text, m.start()) or not CARD_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
                continue
            digits = _SEPARATORS.sub("", m.group(1))
            if not 16 <= len(digits) <= 19 or not luhn_ok(digits):
                continue
            if any(s <= m.start(1) < e for s, e in ids):
                continue
            taken.append(m.span(1))
            yield make(
                text,
                *m.span(1),
                category=Category.PERSONAL_INFO,
                rule="personal_info.bank_card",
                severity=Severity.BLOCK,
                message=f"含有银行卡号，请删除或脱敏处理（如 {_mask(digits, 4, 4)}）。",
            )


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    yield from _numbers(text, inp.scan, taken)
    for m in MOBILE_RX.finditer(text):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        digits = _SEPARATORS.sub("", m.group(1))
        start = m.start()
        if DUTY_PHONE.search(text, max(0, start - 12), start):
            continue  # a unit's duty line
        cc = COUNTRY_CODE.search(text, max(0, start - 5), start)
        if cc:
            start = cc.start()
        if _glued(text, start, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"):
            continue
        yield make(
            text,
            start,
            m.end(),
            category=Category.PERSONAL_INFO,
            rule="personal_info.mobile",
            severity=Severity.BLOCK,
            message=f"含有个人手机号码，请删除、脱敏（如 {_mask(digits, 3, 4)}）或改为单位办公电话。",
        )
    for m in ADDRESS_RX.finditer(text, inp.scan):
        if not PERSON_NEAR.search(text, max(0, m.start() - 40), m.start()):
            continue
        yield make(
            text,
            m.start(2),
            m.end(2),
            category=Category.PERSONAL_INFO,
            rule="personal_info.home_address",
            severity=Severity.BLOCK,
            message="含有个人详细住址，请删除或脱敏处理（如只保留到县区或乡镇）。",
        )
