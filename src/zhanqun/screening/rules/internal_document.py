"""internal_document — 请示/报告 to a superior, 函 between peer bodies, internal-only markings.

A 请示 is recognised by its title (关于…的请示) or closing formula (妥否，请批示); a 报告
only when it is addressed to a superior (a 主送 line such as “市人民政府：”) or closes with
特此报告 — so 政府工作报告 and 年度报告, which are public, are not caught. A 函 is
recognised by its closing formula (特此函告/函复, 请予函复); a 关于…的函 title alone warns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make
from ..scan import Anchored

_END = r"(?=\s|$|[》”\"」』）)】:：，。])"
QINGSHI_TITLE = re.compile(rf"关于[^\n。；！？]{{2,80}}?的请示{_END}")
BAOGAO_TITLE = re.compile(rf"关于[^\n。；！？]{{2,80}}?的(?:报告|情况报告|工作报告){_END}")
HAN_TITLE = re.compile(rf"关于[^\n。；！？]{{2,80}}?的(?:复函|函){_END}")
QINGSHI_CLOSE = Anchored(
    r"妥否\s*[，,]?\s*请予?(?:批示|批复|审批|示)|当否\s*[，,]?\s*请予?(?:批示|批复|审批|示)|可否\s*[，,]?\s*请予?(?:批示|批复|审批|示)|特此请示|以上请示[^\n。]{0,10}?请|请予批复|请批复为盼",
    ("妥否", "当否", "可否", "特此请示", "以上请示", "请予批复", "请批复为盼"),
)
BAOGAO_CLOSE = Anchored(
    r"特此报告|专此报告|以上报告[^\n。]{0,10}?请(?:审阅|审示|审定)|请审阅|请予审阅",
    ("特此报告", "专此报告", "以上报告", "请审阅", "请予审阅"),
)
HAN_CLOSE = Anchored(
    r"特此函[告复达询商]|此函(?=\s*[。.]?\s*(?:$|\n))|专此函[告复达]|请予函复|请函复|盼予?函复|函复为盼",
    ("特此函", "此函", "专此函", "请予函复", "请函复", "盼函复", "盼予函复", "函复为盼"),
)
# a 主送 line addressed to a superior body, on its own line near the top
ADDRESSEE = re.compile(
    r"^\s*(?!各)[\u4e00-\u9fa5、]{0,30}(?:人民政府|政府|党委|市委|县委|区委|省委|委员会|办公厅|办公室|人大常委会|领导)\s*[:：]\s*$",
    re.MULTILINE,
)
INTERNAL_MARK = Anchored(
    r"(内部资料|内部文件|内部材料|内部刊物|内部明电|内部参考|内部发行|内部使用)"
    r"(?=\s*(?:$|[\n）)】\]」”\"，,、；;]|注意保存|不得外传|请勿外传))"
    r"|仅供内部(?:参考|使用|传阅|学习)|不得外传|请勿外传|严禁外传|不得对外公开|注意保存\s*(?:$|\n)",
    ("内部", "仅供内部", "不得外传", "请勿外传", "严禁外传", "不得对外公开", "注意保存"),
    re.MULTILINE,
)


def _han_glued(text: str, m: re.Match) -> bool:
    return m.group(0) == "此函" and m.start() > 0 and text[m.start() - 1] in "因特专"


def _mark_opens(text: str, pos: int) -> bool:
    """An internal marking stands at the start of a line or right after an opening bracket/quote."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] in '\n（(【[「“"'


def _f(text, start, end, rule, severity, message):
    return make(text, start, end, category=Category.INTERNAL_DOCUMENT, rule=rule, severity=severity, message=message)


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    head = text[:600]
    title = inp.title or ""
    addressed = ADDRESSEE.search(head) is not None

    # 请示: title in the text or the given title, or closing formula
    requests = list(QINGSHI_TITLE.finditer(text))
    for m in requests:
        yield _f(
            text,
            m.start(),
            m.end(),
            "internal_document.request",
            Severity.BLOCK,
            "疑似向上级请示（请示件），请示属内部公文，不应公开发布，请撤下。",
        )
    if title and not requests and QINGSHI_TITLE.search(title):
        yield _f(
            text,
            0,
            0,
            "internal_document.request",
            Severity.BLOCK,
            f"标题“{title}”为请示件，请示属内部公文，不应公开发布，请撤下。",
        )
    for m in QINGSHI_CLOSE.finditer(text, inp.scan):
        yield _f(
            text,
            m.start(),
            m.end(),
            "internal_document.request_close",
            Severity.BLOCK,
            "含有请示结束语，疑似向上级的请示件，不应公开发布，请撤下。",
        )

    # 报告 to a superior: needs an addressee line or a report closing formula
    closes = list(BAOGAO_CLOSE.finditer(text, inp.scan))
    titled = list(BAOGAO_TITLE.finditer(head)) or ([] if not (title and BAOGAO_TITLE.search(title)) else [None])
    if closes:
        for m in closes:
            yield _f(
                text,
                m.start(),
                m.end(),
                "internal_document.report_close",
                Severity.BLOCK,
                "含有“特此报告”等上行文结束语，疑似向上级的报告，不应公开发布，请撤下。",
            )
    elif titled and addressed:
        m = titled[0]
        start, end = (m.start(), m.end()) if m else (0, 0)
        yield _f(
            text,
            start,
            end,
            "internal_document.report",
            Severity.BLOCK,
            "疑似主送上级机关的报告，上行文属内部公文，不应公开发布，请撤下。",
        )

    # 函 between peer bodies
    han_closes = [m for m in HAN_CLOSE.finditer(text, inp.scan) if not _han_glued(text, m)]
    for m in han_closes:
        yield _f(
            text,
            m.start(),
            m.end(),
            "internal_document.letter_close",
            Severity.BLOCK,
            "含有“特此函告”等函件结束语，疑似机关之间的往来函，不应公开发布，请撤下。",
        )
    if not han_closes:
        m = HAN_TITLE.search(head) or (HAN_TITLE.search(title) if title else None)
        if m:
            inside = m.re.search(head) is not None
            yield _f(
                text,
                *(m.span() if inside else (0, 0)),
                "internal_document.letter",
                Severity.WARN,
                "疑似机关之间的往来函，请确认是否属于应主动公开的内容。",
            )

    for m in INTERNAL_MARK.finditer(text, inp.scan):
        if m.group(1) and not _mark_opens(text, m.start()):
            continue
        s, e = m.span(1) if m.group(1) else m.span()
        yield _f(
            text,
            s,
            e,
            "internal_document.internal_mark",
            Severity.BLOCK,
            f"含有“{text[s:e].strip()}”等内部标注，内部资料不得公开发布，请撤下。",
        )
