"""classified — classification marks as printed on classified documents.

A mark is a level (绝密/机密/秘密) with ★ and a term (``秘密★1年``, ``机密★长期``,
``绝密★启用前``), or a ``密级：机密`` header field. The words 国家秘密/商业秘密 in an
ordinary sentence are not marks.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make
from ..scan import Anchored

_LEVELS = ("绝密", "机密", "秘密")
_STAR = r"[★☆✩✭⭐*＊]"
_TERM = r"(?:\d{1,2}\s*(?:年|个月|月)|[一二三四五六七八九十]{1,3}\s*(?:年|个月)|长期|启用前|解密前|公布前)"
MARK = Anchored(rf"(绝密|机密|秘密)\s*{_STAR}\s*{_TERM}?", _LEVELS)
LEVEL_FIELD = Anchored(r"密\s*级\s*[:：]\s*(绝密|机密|秘密)", ("密",))
MARK_CN = Anchored(r"(绝密|机密|秘密)\s*[（(]\s*(?:保密期限)?\s*[:：]?\s*\d{1,2}\s*年\s*[）)]", _LEVELS)

MESSAGE = "含有密级标志“{m}”，涉密文件严禁公开，请撤下并按保密规定处理。"


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    for rx, rule in ((MARK, "classified.mark"), (LEVEL_FIELD, "classified.level_field"), (MARK_CN, "classified.mark")):
        for m in rx.finditer(text, inp.scan):
            yield make(
                text,
                m.start(),
                m.end(),
                category=Category.CLASSIFIED,
                rule=rule,
                severity=Severity.BLOCK,
                message=MESSAGE.format(m=m.group(0).strip()),
            )
