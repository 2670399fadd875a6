"""official_marking — seals, signatures, red headers, telegram headers, leader instructions.

Published documents carry none of these (R-PUB-3). "重要指示批示精神" in a news sentence
is not an instruction; "拟同意，请张三同志阅示。李四 3月5日" is.

When the text comes from HTML the markup is looked at too:

* a red header (红头) drawn with styling: a line of red text naming an issuing body
  (``<p style="color:#ff0000">云泽市人民政府办公室</p>``, also …文件, …函, …纪要, …简报),
  followed within 200 characters by a
  document number (``云政办发〔2026〕12号``) or a red rule (``<hr>`` or a border in red);
  red text inside a sentence, or a red title that is not an issuing body, is not one;
* images of seals and signatures: an ``<img>`` whose alt text, title or file path says
  公章/印章/电子章/seal/章 (a seal) or 签名/签字/手签/signature (a signature), unless the
  words describe an event or a service (签字仪式, 公章刻制服务).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ..context import RuleInput
from ..extract import Image, Markup
from ..findings import Category, Finding, Severity, make
from ..scan import Anchored

_ORGAN = r"(?:人民政府|政府办公室|政府办公厅|委员会|党委|办公室|办公厅|人大常委会|政协|局|厅|委|部|院|署|中心)"
_NAME = r"[\u4e00-\u9fa5]{2,4}"
_DATE = r"(?:\d{4}\s*[.年/-]\s*)?\d{1,2}\s*[.月/-]\s*\d{1,2}\s*日?"

SEAL = Anchored(
    r"[（(【\[〔]\s*(?:印章|盖章|公章|签章|单位公章|单位盖章|加盖公章|章|钢印|骑缝章|签字|签名|手签|签字盖章|盖章处)\s*[）)】\]〕]",
    ("（", "(", "【", "[", "〔"),
)
SIGNATURE = Anchored(
    r"(?:签发人|签批人|会签人|负责人签字|领导签字|签字|签名)\s*[:：]\s*[\u4e00-\u9fa5]{2,4}(?=\s|$)",
    ("签发人", "签批人", "会签人", "负责人签字", "领导签字", "签字", "签名"),
)
RED_HEADER_END = re.compile(r"文[ \t\u3000]*件[ \t\u3000]*$", re.MULTILINE)
RED_HEADER = re.compile(
    rf"^(?![^\n]*(?:学习|贯彻|印发|关于|落实|传达|解读|的))\s*(?:中共)?[\u4e00-\u9fa5、]{{1,30}}{_ORGAN}\s*文\s*件\s*$",
    re.MULTILINE,
)
TELEGRAM = Anchored(
    r"明传电报|密码电报|明码电报|传真电报|加急电报|发电单位\s*[:：]|签批盖章",
    ("明传电报", "密码电报", "明码电报", "传真电报", "加急电报", "发电单位", "签批盖章"),
)
INSTRUCTION = Anchored(
    rf"拟同意\s*[，,。；]?\s*(?:请|呈|报)\s*{_NAME}(?:同志|主任|书记|市长|县长|区长|局长|部长|厅长|秘书长)?\s*(?:阅示|审示|批示|审定|审批|阅|核示|阅处)"
    rf"|请\s*{_NAME}\s*(?:同志|主任|书记|市长|县长|区长|局长|部长|厅长|秘书长)\s*(?:阅示|审示|批示|阅处|核示|阅)"
    rf"|同意[。，,\s]+{_NAME}\s*{_DATE}|已阅[。，,\s]+{_NAME}\s*{_DATE}|阅[。，,\s]+{_NAME}\s*{_DATE}"
    r"|批示\s*[:：]|阅示\s*[:：]|批办意见\s*[:：]|审批意见\s*[:：]"
    r"|阅示|呈批件|阅文单|批办单|公文处理单",
    ("拟同意", "请", "同意", "已阅", "阅", "批示", "批办", "审批意见", "呈批件", "公文处理单"),
)

# --- HTML: red headers drawn with styling, seal and signature images ----------------------------------------------
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号")
ISSUER = re.compile(
    rf"(?:[\u4e00-\u9fa5、（）()·]{{1,60}}?{_ORGAN})+(?:文件|函|[\u4e00-\u9fa5]{{0,6}}?纪要|简报|专报|快报)?|[\u4e00-\u9fa5、（）()·]{{1,60}}?文件"
)
NOT_ISSUER = re.compile(r"关于|学习|贯彻|印发|落实|传达|解读|的")
_WS = re.compile(r"\s+")
HEADER_REACH = 200  # a document number or red rule this far after the red line (in characters)

SEAL_WORDS = re.compile(r"公章|印章|盖章|签章|电子章|专用章|骑缝章|钢印|印鉴|红章")
SEAL_ALONE = re.compile(r"[（(【\[]?章[）)】\]]?")
SEAL_TOKENS = frozenset({"seal", "seals", "gongzhang", "yinzhang", "dianzizhang", "zhangtu"})
SIGN_WORDS = re.compile(r"签名|签字|手签|亲笔签|签批")
SIGN_TOKENS = frozenset({"signature", "signatures", "qianming", "qianzi", "shouqian", "autograph"})
# words that make an image of a seal or a signature ordinary news or a service notice
IMAGE_CONTEXT = re.compile(
    r"仪式|活动|现场|签约|合影|会议|承诺|倡议|墙|刻制|刻章|管理|办法|制度|规定|遗失|作废|启用|服务|窗口|办理|发放|免费|培训|展"
)
_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

_MSG = {
    "official_marking.seal": "含有印章/签章标注“{m}”，公开文件不得带有印章或签字，请去除后发布。",
    "official_marking.signature": "含有个人签名/签发人“{m}”，公开文件不得带有个人签名，请删除。",
    "official_marking.red_header": "含有红头文件版头“{m}”，公开文本不得带有红头，请去除版头后发布。",
    "official_marking.telegram": "含有电报头“{m}”，电报件不得公开，请撤下或改写。",
    "official_marking.instruction": "含有领导批示/阅示内容“{m}”，不得公开，请删除。",
    "official_marking.seal_image": "含有印章图片（{m}），公开文件不得带有印章，请去除印章图片后发布。",
    "official_marking.signature_image": "含有签名图片（{m}），公开文件不得带有个人签名，请删除。",
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


def styled_red_headers(text: str, markup: Markup) -> Iterator[tuple[int, int]]:
    """Red lines naming an issuing body, with a document number or a red rule just after."""
    for s, e in markup.red:
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:s].strip() or text[e:line_end].strip():
            continue  # red words inside a sentence
        label = _WS.sub("", text[s:e])
        if not 3 <= len(label) <= 60 or NOT_ISSUER.search(label) or not ISSUER.fullmatch(label):
            continue
        numbered = DOC_NUMBER.search(text, e, e + HEADER_REACH) is not None
        ruled = any(s <= r <= e + HEADER_REACH for r in markup.red_rules)
        if numbered or ruled:
            yield s, e


def _path_words(src: str) -> tuple[str, set[str]]:
    """The decoded path of an image source and its Latin words (``companySeal_01.png`` → company, seal, 01)."""
    if src.startswith("data:"):
        return "", set()
    try:
        path = unquote(urlsplit(src).path)
    except ValueError:
        path = src
    stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    return path, {t.lower() for t in _TOKEN.findall(stem)}


def image_kind(img: Image) -> str | None:
    """``seal_image``, ``signature_image`` or None."""
    words = f"{img.alt} {img.title}"
    path, tokens = _path_words(img.src)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    described = f"{words} {path}"
    if IMAGE_CONTEXT.search(described):
        return None
    if (
        SEAL_WORDS.search(described)
        or tokens & SEAL_TOKENS
        or SEAL_ALONE.fullmatch(_WS.sub("", img.alt))
        or SEAL_ALONE.fullmatch(stem)
    ):
        return "seal_image"
    if SIGN_WORDS.search(described) or tokens & SIGN_TOKENS:
        return "signature_image"
    return None


def _markup_findings(text: str, markup: Markup, found: list[Finding]) -> Iterator[Finding]:
    headers = [(f.start, f.end) for f in found if f.rule == "official_marking.red_header"]
    for s, e in styled_red_headers(text, markup):
        if any(hs < e and s < he for hs, he in headers):
            continue  # the same line is already a 文件 header
        rule = "official_marking.red_header"
        yield make(
            text,
            s,
            e,
            category=Category.OFFICIAL_MARKING,
            rule=rule,
            severity=Severity.BLOCK,
            message=_MSG[rule].format(m=_WS.sub("", text[s:e])),
        )
    marked = [(f.start, f.end) for f in found if f.rule in ("official_marking.seal", "official_marking.signature")]
    for img in markup.images:
        kind = image_kind(img)
        if kind is None or any(ms < img.end and img.start < me for ms, me in marked):
            continue  # the alt text itself was reported as a seal/signature marking
        rule = f"official_marking.{kind}"
        label = img.alt.strip() or img.title.strip() or img.src.rsplit("/", 1)[-1][:60]
        yield make(
            text,
            img.start,
            img.end,
            category=Category.OFFICIAL_MARKING,
            rule=rule,
            severity=Severity.BLOCK,
            message=_MSG[rule].format(m=label),
        )


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    found: list[Finding] = []
    for rx, rule in (
        (SEAL, "official_marking.seal"),
        (SIGNATURE, "official_marking.signature"),
        (TELEGRAM, "official_marking.telegram"),
        (INSTRUCTION, "official_marking.instruction"),
    ):
        for m in rx.finditer(text, inp.scan):
            if rule in _LINE_START and not _at_line_start(text, m.start()):
                continue
            if rule == "official_marking.instruction" and not _instruction_ok(text, m):
                continue
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            found.append(
                make(
                    text,
                    s,
                    e,
                    category=Category.OFFICIAL_MARKING,
                    rule=rule,
                    severity=Severity.BLOCK,
                    message=_MSG[rule].format(m=text[s:e].strip()),
                )
            )
    for s, e in red_headers(text):
        rule = "official_marking.red_header"
        found.append(
            make(
                text,
                s,
                e,
                category=Category.OFFICIAL_MARKING,
                rule=rule,
                severity=Severity.BLOCK,
                message=_MSG[rule].format(m=text[s:e].strip()),
            )
        )
    if inp.markup is not None:
        found += list(_markup_findings(text, inp.markup, found))
    yield from found
