"""Unit tests per rule: what is caught, what is not, and the finding format."""

from datetime import date

import pytest

from zhanqun.screening import Category, Finding, Screener, Severity
from zhanqun.screening.context import ScreenContext
from zhanqun.screening.dictionaries import Dictionaries
from zhanqun.screening.rules.personal_info import id_check_digit, is_valid_id, luhn_ok


def make_id(prefix17: str) -> str:
    return prefix17 + id_check_digit(prefix17)


@pytest.fixture(scope="module")
def screener():
    return Screener()


def cats(screener, text, **kw):
    return {f.category for f in screener.screen_text(text, **kw)}


def rules(screener, text, **kw):
    return {f.rule for f in screener.screen_text(text, **kw)}


# --- finding format ----------------------------------------------------------------------------------------------


def test_finding_has_the_documented_fields(screener):
    text = "前言。秘密★1年 正文"
    [f] = screener.screen_text(text)
    assert isinstance(f, Finding)
    assert (f.category, f.rule, f.severity) == (Category.CLASSIFIED, "classified.mark", Severity.BLOCK)
    assert text[f.start : f.end] == "秘密★1年"
    assert "秘密★1年" in f.excerpt
    assert "请" in f.message
    d = f.to_dict()
    assert set(d) == {"category", "rule", "severity", "start", "end", "excerpt", "message", "file", "page"}
    assert d["category"] == "classified" and d["severity"] == "block"


def test_category_and_severity_are_plain_strings():
    assert Category.PERSONAL_INFO == "personal_info"
    assert [str(s) for s in Severity] == ["block", "warn"]
    assert {str(c) for c in Category} == {
        "classified",
        "personal_info",
        "internal_document",
        "official_marking",
        "advertising",
        "sensitive_word",
        "wording_error",
        "format",
    }


def test_clean_text_has_no_findings(screener):
    assert screener.screen_text("市政府召开常务会议，研究部署春季农业生产工作。") == []


# --- classified --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["秘密★1年", "机密★10年", "绝密★长期", "绝密★启用前", "秘密 ★ 6个月", "密级：机密"])
def test_classification_marks(screener, mark):
    assert cats(screener, f"{mark}\n关于某事项的通知") == {Category.CLASSIFIED}


@pytest.mark.parametrize(
    "text",
    ["要严格保守国家秘密和工作秘密。", "依法保护商业秘密。", "密级分为绝密、机密、秘密三级。", "五星级★★★★★酒店"],
)
def test_ordinary_sentences_are_not_marks(screener, text):
    assert Category.CLASSIFIED not in cats(screener, text)


# --- personal_info -----------------------------------------------------------------------------------------------


def test_id_validation():
    valid = make_id("11010519800101123")
    assert is_valid_id(valid)
    assert not is_valid_id(valid[:17] + ("0" if valid[17] != "0" else "1"))  # check digit
    assert not is_valid_id(make_id("99010519800101123"))  # no such province
    assert not is_valid_id(make_id("11010520010229123"))  # 2001-02-29
    assert not is_valid_id(make_id("11010520990101123"), today=date(2025, 1, 1))  # born in the future
    assert is_valid_id(make_id("51010719921111347")) and make_id("51010719921111347").endswith("X")


def test_id_number_is_found_and_masked_in_message(screener):
    number = make_id("62010219751230456")
    [f] = screener.screen_text(f"身份证号：{number}。")
    assert f.rule == "personal_info.id_number" and f.severity == Severity.BLOCK
    assert number not in f.message and "620102" in f.message and "脱敏" in f.message


def test_contract_numbers_are_not_ids(screener):
    assert cats(screener, "合同编号：202405180000123456") == set()
    bad_check = make_id("11010519800101123")[:17] + "0"
    if is_valid_id(bad_check):
        bad_check = bad_check[:17] + "1"
    assert cats(screener, f"编号 {bad_check}") == set()


def test_mobile_numbers(screener):
    assert rules(screener, "手机13812345678") == {"personal_info.mobile"}
    assert rules(screener, "电话 139-3712-3456") == {"personal_info.mobile"}
    assert rules(screener, "手机138****5678") == set()


@pytest.mark.parametrize("text", ["电话：0937-8221234", "请拨打12345热线", "传真（0937）8221235", "邮编730000"])
def test_official_numbers_are_allowed(screener, text):
    assert cats(screener, text) == set()


def test_bank_card_needs_luhn_and_context(screener):
    assert luhn_ok("6222021234567890128") and not luhn_ok("6222021234567890127")
    assert rules(screener, "银行卡号6222021234567890128") == {"personal_info.bank_card"}
    assert rules(screener, "账号：6222 0212 3456 7890 128") == {"personal_info.bank_card"}
    assert rules(screener, "银行卡号6222021234567890127") == set()
    assert rules(screener, "流水号6222021234567890128") == set()


def test_home_address_next_to_a_person(screener):
    assert rules(screener, "当事人：郑某，男，住云泽市城关区幸福路12号3单元501室。") == {"personal_info.home_address"}
    assert rules(screener, "企业住所：云泽市城关区工业园区8号") == set()
    assert rules(screener, "办公地址：云泽市城关区人民路1号") == set()


# --- internal_document -------------------------------------------------------------------------------------------


def test_request_to_superior(screener):
    assert rules(screener, "关于申请专项资金的请示\n市人民政府：\n……") >= {"internal_document.request"}
    assert rules(screener, "……妥否，请批示。") == {"internal_document.request_close"}
    assert cats(screener, "申请增加编制。", title="关于增加编制的请示") == {Category.INTERNAL_DOCUMENT}


def test_report_needs_superior_addressee_or_closing(screener):
    assert rules(screener, "关于安全生产工作情况的报告\n市人民政府：\n现报告如下。") == {"internal_document.report"}
    assert rules(screener, "……特此报告。") == {"internal_document.report_close"}
    assert cats(screener, "关于2024年计划执行情况的报告\n各位代表：现将计划执行情况提请审议。") == set()
    assert cats(screener, "2025年政府工作报告\n各位代表：") == set()
    assert cats(screener, "2024年政府信息公开工作年度报告") == set()
    assert cats(screener, "严格执行重大事项请示报告制度。") == set()


def test_letters_and_internal_marks(screener):
    assert rules(screener, "经研究，同意提供。特此函复。") == {"internal_document.letter_close"}
    [f] = screener.screen_text("关于商请协助的函\n市公安局：\n请协助。")
    assert (f.rule, f.severity) == ("internal_document.letter", Severity.WARN)
    assert rules(screener, "内部资料\n经济运行分析") == {"internal_document.internal_mark"}
    assert cats(screener, "建立健全内部控制制度。") == set()


# --- official_marking --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("云泽市教育局（印章）", "official_marking.seal"),
        ("签发人：张建国\n", "official_marking.signature"),
        ("云泽市人民政府文件\n云政发〔2025〕3号", "official_marking.red_header"),
        ("明传电报 云防汛电〔2025〕5号", "official_marking.telegram"),
        ("拟同意，请王明同志阅示。", "official_marking.instruction"),
        ("同意。赵刚 2025.3.6", "official_marking.instruction"),
    ],
)
def test_official_markings(screener, text, rule):
    assert rule in rules(screener, text)


@pytest.mark.parametrize(
    "text",
    [
        "深入学习贯彻习近平总书记重要指示批示精神。",
        "认真学习市委文件精神。",
        "3月5日，市委书记李明调研乡村振兴工作。",
        "经市人民政府同意，现印发给你们。",
    ],
)
def test_not_official_markings(screener, text):
    assert Category.OFFICIAL_MARKING not in cats(screener, text)


# --- advertising -------------------------------------------------------------------------------------------------


def test_advertising(screener):
    assert rules(screener, "厂家直销，欢迎选购") == {"advertising.phrase"}
    [f] = screener.screen_text("详见 https://shop.example.com/x")
    assert (f.rule, f.severity) == ("advertising.commercial_link", Severity.WARN)
    assert cats(screener, "详见 https://www.gov.cn/ 和 http://www.news.cn/a.htm") == set()
    ctx = ScreenContext(allowed_domains=frozenset({"example.com"}))
    assert cats(screener, "详见 https://shop.example.com/x", context=ctx) == set()
    assert cats(screener, "开展虚假广告专项整治。") == set()


def test_commercial_links_in_html(screener):
    found = screener.screen_html('<p>详见<a href="https://www.taobao.com/x">此处</a></p>')
    assert [f.rule for f in found] == ["advertising.commercial_link"]


# --- dictionaries ------------------------------------------------------------------------------------------------


def test_sensitive_words_from_shipped_sample(screener):
    [f] = screener.screen_text("含有测试敏感词的句子")
    assert (f.category, f.severity) == (Category.SENSITIVE_WORD, Severity.BLOCK)
    [f] = screener.screen_text("含有测试提示词的句子")
    assert f.severity == Severity.WARN


def test_extra_dictionary_directory(tmp_path, monkeypatch):
    (tmp_path / "sensitive_local.txt").write_text("# 本地词典\n甲乙丙丁\tblock\t本地\n戊己庚\n", encoding="utf-8")
    (tmp_path / "wording_local.csv").write_text("wrong,correct,note\n云泽市政付,云泽市政府,错别字\n", encoding="utf-8")
    s = Screener(dict_dirs=[tmp_path])
    assert {(f.category, f.severity) for f in s.screen_text("甲乙丙丁和戊己庚")} == {
        (Category.SENSITIVE_WORD, Severity.BLOCK),
        (Category.SENSITIVE_WORD, Severity.WARN),
    }
    [f] = s.screen_text("云泽市政付发布通知")
    assert f.category == Category.WORDING_ERROR and "云泽市政府" in f.message
    monkeypatch.setenv("ZHANQUN_SCREENING_DICT_DIR", str(tmp_path))
    assert Category.SENSITIVE_WORD in cats(Screener(), "甲乙丙丁")


def test_longest_match_wins_and_many_entries():
    d = Dictionaries.load(builtin=False, env=False)
    d.add_sensitive("敏感", "warn")
    d.add_sensitive("敏感词语", "block")
    for i in range(20000):
        d.add_sensitive(f"占位{i:05d}")
    s = Screener(d)
    [f] = s.screen_text("这是敏感词语。")
    assert (f.end - f.start, f.severity) == (4, Severity.BLOCK)
    assert len(s.screen_text("占位01234与占位19999")) == 2


def test_wording_errors(screener):
    [f] = screener.screen_text("学习贯彻党的第二十届全国代表大会精神")
    assert f.category == Category.WORDING_ERROR and "第二十次全国代表大会" in f.message
    assert cats(screener, "中国共产党第二十次全国代表大会") == set()
    assert cats(screener, "第十四届全国人民代表大会第三次会议") == set()


def test_wrong_form_inside_a_correct_form_is_not_reported():
    d = Dictionaries.load(builtin=False, env=False)
    d.load_wording([["wrong", "correct"], ["新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想"]])
    s = Screener(d)
    assert s.screen_text("习近平新时代中国特色社会主义思想") == []
    assert [f.category for f in s.screen_text("新时代中国特色社会主义思想")] == [Category.WORDING_ERROR]


# --- format ------------------------------------------------------------------------------------------------------


def test_empty_body(screener):
    assert rules(screener, " \n\u3000 ") == {"format.empty_body"}


def test_duplicate_title(screener):
    ctx = ScreenContext(sibling_titles=frozenset({"关于做好防汛工作的通知"}))
    assert rules(screener, "正文。", title="关于做好防汛工作的通知 ", context=ctx) == {"format.duplicate_title"}
    assert rules(screener, "正文。", title="关于做好“防汛”工作的通知", context=ctx) == {"format.duplicate_title"}
    assert rules(screener, "正文。", title="关于做好抗旱工作的通知", context=ctx) == set()


def test_broken_internal_links(screener):
    ctx = ScreenContext(known_paths=frozenset({"/a/1.html", "/b/"}), internal_hosts=frozenset({"www.yunze.gov.cn"}))
    html = (
        '<p><a href="/a/1.html">ok</a><a href="/b">ok</a><a href="https://www.yunze.gov.cn/a/2.html">broken</a>'
        '<a href="#top">anchor</a><a href="mailto:x@yunze.gov.cn">mail</a><a href="https://www.gov.cn/">ext</a></p>'
    )
    found = screener.screen_html(html, context=ctx)
    assert [(f.rule, "a/2.html" in f.message) for f in found] == [("format.broken_link", True)]
    assert screener.screen_html(html) == []  # unknown paths: not checked


def test_html_extraction_keeps_blocks_on_lines(screener):
    html = "<div><p>秘密★1年</p><p>正文<b>内容</b></p><script>var x='内部资料';</script></div>"
    found = screener.screen_html(html)
    assert [f.category for f in found] == [Category.CLASSIFIED]
