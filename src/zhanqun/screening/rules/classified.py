"""classified — classification marks as printed on classified documents.

A mark is a level (绝密/机密/秘密) with ★ and a term (``秘密★1年``, ``机密★长期``,
``绝密★启用前``), a ``密级：机密`` header field (also ``密级为机密``), or the document
classifying itself in words (``本文件属机密级``, ``本通知为秘密级文件``, ``此件为绝密``).
The words 国家秘密/商业秘密 in an ordinary sentence, or the levels named in a sentence
about secrecy rules (``国家秘密分为绝密、机密、秘密三级``), are not marks.
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
LEVEL_FIELD = Anchored(r"密\s*级\s*(?:[:：]|为|是|定为)\s*(绝密|机密|秘密)", ("密",))
# the document speaks of itself: 本/此/该 + what it is + 属/为/系 … + a level
_SELF = ("本", "此", "该")
_DOCUMENT = ("文件", "通知", "文", "件", "材料", "报告", "函", "纪要", "资料", "通报", "简报", "方案", "意见", "电报")
SELF_CLASSIFIED = Anchored(
    rf"(?:{'|'.join(_SELF)})(?:{'|'.join(_DOCUMENT)})\s*(?:属于|属|为|系|定为|列为|是)\s*(?:国家)?(绝密|机密|秘密)"
    r"(?:级|级别)?(?:文件|材料|资料|件|事项)?",
    tuple(a + b for a in _SELF for b in _DOCUMENT),
)
MARK_CN = Anchored(r"(绝密|机密|秘密)\s*[（(]\s*(?:保密期限)?\s*[:：]?\s*\d{1,2}\s*年\s*[）)]", _LEVELS)

MESSAGE = "含有密级标志“{m}”，涉密文件严禁公开，请撤下并按保密规定处理。"


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    for rx, rule in (
        (MARK, "classified.mark"),
        (LEVEL_FIELD, "classified.level_field"),
        (MARK_CN, "classified.mark"),
        (SELF_CLASSIFIED, "classified.stated"),
    ):
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
