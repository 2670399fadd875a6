"""Index numbers (索引号) — pure Python, no Django.

An index number is ``<unit code>/<year>-<5-digit sequence>``, e.g.
``11620981MB0000001X/2026-00012``: the unit's 统一社会信用代码 (or, for a unit without
one, its 组织机构代码), the year the item was first published, and the item's place in
that unit's series for that year. ``services.assign_index_number`` hands them out; this
module only formats and reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEQUENCE_DIGITS = 5
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
#: 18-character 统一社会信用代码 or 9-character 组织机构代码 (8 + check, optionally "-").
CODE_RE = re.compile(r"^(?:[0-9A-HJ-NPQRTUWXY]{18}|[0-9A-Z]{8}-?[0-9X])$")
INDEX_RE = re.compile(r"^(?P<code>[0-9A-Z-]{9,18})/(?P<year>\d{4})-(?P<sequence>\d{5})$")


class NumberingError(ValueError):
    pass


@dataclass(frozen=True)
class IndexNumber:
    code: str
    year: int
    sequence: int

    def __str__(self):
        return format_index_number(self.code, self.year, self.sequence)


def format_index_number(code: str, year: int, sequence: int) -> str:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise NumberingError(f"不是有效的统一社会信用代码或组织机构代码：{code!r}")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise NumberingError(f"{year}年的索引号序号已用尽（最多 {MAX_SEQUENCE} 个）。")
    return f"{code}/{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"


def parse_index_number(value: str) -> IndexNumber:
    match = INDEX_RE.match((value or "").strip())
    if not match:
        raise NumberingError(f"不是有效的索引号：{value!r}")
    return IndexNumber(match["code"], int(match["year"]), int(match["sequence"]))
