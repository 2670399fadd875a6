"""official_marking — seals, signatures, red headers, telegram headers, leader instructions.

Published documents carry none of these (R-PUB-3). "重要指示批示精神" in a news sentence
is not an instruction; "拟同意，请张三同志阅示。李四 3月5日" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make

_ORGAN = r"(?:人民政府|政府办公室|政府办公厅|委员会|党委|办公室|办公厅|人大常委会|政协|局|厅|委|部|院|署|中心)"
_NAME = r"[\u4e00-\u9fa5]{2,4}"
_DATE = r"(?:\d{4}\s*[.年/-]\s*)?\d{1,2}\s*[.月/-]\s*\d{1,2}\s*日?"

SEAL = re.compile(
    r"[（(【\[〔]\s*(?:印章|盖章|公章|签章|单位公章|单位盖章|加盖公章|章|钢印|骑缝章|签字|签名|手签|签字盖章|盖章处)\s*[）)】\]〕]"
)
SIGNATURE = re.compile(r"(?:签发人|签批人|会签人|负责人签字|领导签字|签字|签名)\s*[:：]\s*[\u4e00-\u9fa5]{2,4}(?=\s|$)")
RED_HEADER_END = re.compile(r"文[ \t\u3000]*件[ \t\u3000]*$", re.MULTILINE)
RED_HEADER = re.compile(rf"^(?![^\n]*(?:学习|贯彻|印发|关于|落实|传达|解读|的))\s*(?:中共)?[\u4e00-\u9fa5、]{{1,30}}{_ORGAN}\s*文\s*件\s*$", re.MULTILINE)
TELEGRAM = re.compile(r"明传电报|密码电报|明码电报|传真电报|加急电报|发电单位\s*[:：]|签批盖章")
INSTRUCTION = re.compile(
    rf"拟同意\s*[，,。；]?\s*(?:请|呈|报)\s*{_NAME}(?:同志|主任|书记|市长|县长|区长|局长|部长|厅长|秘书长)?\s*(?:阅示|审示|批示|审定|审批|阅|核示|阅处)"
    rf"|请\s*{_NAME}\s*(?:同志|主任|书记|市长|县长|区长|局长|部长|厅长|秘书长)\s*(?:阅示|审示|批示|阅处|核示|阅)"
    rf"|同意[。，,\s]+{_NAME}\s*{_DATE}|已阅[。，,\s]+{_NAME}\s*{_DATE}|阅[。，,\s]+{_NAME}\s*{_DATE}"
    r"|批示\s*[:：]|阅示\s*[:：]|批办意见\s*[:：]|审批意见\s*[:：]"
    r"|阅示|呈批件|阅文单|批办单|公文处理单"
)

_MSG = {
    "official_marking.seal": "含有印章/签章标注“{m}”，公开文件不得带有印章或签字，请去除后发布。",
    "official_marking.signature": "含有个人签名/签发人“{m}”，公开文件不得带有个人签名，请删除。",
    "official_marking.red_header": "含有红头文件版头“{m}”，公开文本不得带有红头，请去除版头后发布。",
    "official_marking.telegram": "含有电报头“{m}”，电报件不得公开，请撤下或改写。",
    "official_marking.instruction": "含有领导批示/阅示内容“{m}”，不得公开，请删除。",
}


_LINE_START = frozenset({"official_marking.signature"})
_STANDALONE = "\n。，,；;：: \t\u3000"


def _at_line_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] == "\n"


def _instruction_ok(text: str, m: re.Match) -> bool:
    word = m.group(0)
    if word.startswith(("同意", "已阅", "阅")) and not word.startswith("阅示"):
        return m.start() == 0 or text[m.start() - 1] in _STANDALONE  # a standalone instruction, not 查阅/会议同意
    if word.startswith("批示"):
        return text[max(0, m.start() - 2) : m.start()] not in ("重要", "作出", "指示")
    return True


def red_headers(text: str):
    for m in RED_HEADER_END.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.end()]
        if RED_HEADER.fullmatch(line):
            yield line_start + (len(line) - len(line.lstrip())), m.end()


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    for rx, rule in (
        (SEAL, "official_marking.seal"),
        (SIGNATURE, "official_marking.signature"),
        (TELEGRAM, "official_marking.telegram"),
        (INSTRUCTION, "official_marking.instruction"),
    ):
        for m in rx.finditer(text):
            if rule in _LINE_START and not _at_line_start(text, m.start()):
                continue
            if rule == "official_marking.instruction" and not _instruction_ok(text, m):
                continue
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            yield make(
                text, s, e,
                category=Category.OFFICIAL_MARKING, rule=rule, severity=Severity.BLOCK,
                message=_MSG[rule].format(m=text[s:e].strip()),
            )
    for s, e in red_headers(text):
        rule = "official_marking.red_header"
        yield make(
            text, s, e, category=Category.OFFICIAL_MARKING, rule=rule, severity=Severity.BLOCK,
            message=_MSG[rule].format(m=text[s:e].strip()),
        )
