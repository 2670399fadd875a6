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


@pytest.mark.parametrize(
    "text", ["本文件属机密级，请妥善保管。", "本通知为秘密级文件，不得外传。", "此件为绝密，阅后收回。", "密级为机密"]
)
def test_a_classification_stated_in_words_blocks(screener, text):
    found = screener.screen_text(f"关于某事项的通知\n{text}")
    assert (Category.CLASSIFIED, Severity.BLOCK) in {(f.category, f.severity) for f in found}


@pytest.mark.parametrize(
    "text",
    ["本文件属商业秘密范畴的内容已删除。", "国家秘密分为绝密级、机密级和秘密级。", "该文件为市政府常务会议审议通过。"],
)
def test_sentences_about_secrecy_are_not_a_stated_classification(screener, text):
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


def test_a_mistyped_id_after_its_label_is_a_warning(screener):
    valid = make_id("62010219751230456")
    mistyped = valid[:17] + ("0" if valid[17] != "0" else "1")
    [f] = screener.screen_text(f"申请人王某，身份证号：{mistyped}，现住城关镇。")
    assert (f.category, f.rule, f.severity) == (
        Category.PERSONAL_INFO,
        "personal_info.id_number_mistyped",
        Severity.WARN,
    )
    assert mistyped not in f.message and "核实" in f.message
    assert cats(screener, f"项目编号：{mistyped}") == set()  # no ID label: an ordinary number


def test_a_units_duty_mobile_is_not_personal(screener):
    assert cats(screener, "市应急管理局值班电话：13912345678，24小时有人值守。") == set()
    assert cats(screener, "值班手机 139-3712-3456") == set()
    assert rules(screener, "联系人张三，手机13912345678。") == {"personal_info.mobile"}


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


# --- sensitive words: Latin entries ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def latin():
    d = Dictionaries.load(builtin=False, env=False)
    d.add_sensitive("VPN", "block")
    d.add_sensitive("ass", "warn")
    d.add_sensitive("翻墙Vpn", "block")
    d.add_sensitive("测试", "warn")
    return Screener(d)


def test_latin_sensitive_words_match_in_any_case(latin):
    text = "使用vpn、Vpn和VPN"
    assert [text[f.start : f.end] for f in latin.screen_text(text)] == ["vpn", "Vpn", "VPN"]
    [f] = latin.screen_text("ＶＰＮ")  # full-width letters fold too
    assert "VPN" in f.message


def test_latin_sensitive_words_need_word_boundaries(latin):
    assert latin.screen_text("myvpnx 与 class、passage、VPNs") == []
    assert [f.end - f.start for f in latin.screen_text("VPN2")] == []  # a digit continues the word
    assert [f.severity for f in latin.screen_text("ASS!")] == [Severity.WARN]


def test_longest_latin_entry_wins_and_chinese_is_unaffected(latin):
    text = "下载翻墙vpn工具，测试。"
    found = latin.screen_text(text)
    assert [text[f.start : f.end] for f in found] == ["翻墙vpn", "测试"]


# --- personal_info: 15-digit IDs -----------------------------------------------------------------------------------


def test_id15_validation():
    from zhanqun.screening.rules.personal_info import is_valid_id15

    assert is_valid_id15("110105800101123")
    assert not is_valid_id15("990105800101123")  # no such province
    assert not is_valid_id15("110005800101123")  # no prefecture
    assert not is_valid_id15("110105810229123")  # 1981-02-29
    assert not is_valid_id15("11010580010112")  # 14 digits


@pytest.mark.parametrize(
    "text",
    [
        "申请人张某，身份证号：110105800101123，符合条件。",
        "公民身份号码为110105800101123。",
        "陈某 110105800101123（身份证）",
        "序号\t姓名\t身份证号\n1\t陈某\t110105800101123\n2\t王某\t440306790815002",
    ],
)
def test_id15_with_context(screener, text):
    found = screener.screen_text(text)
    assert found and {f.rule for f in found} == {"personal_info.id_number"}
    assert "15位" in found[0].message and "110105******123" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "营业执照注册号：110105012345675。",  # old business registration number
        "设备IMEI：861234567890123",
        "编号110105800101123",  # no ID word nearby
        "身份证号：1101058001011234",  # 16 digits
        "身份证号：110105801301123",  # month 13
        "序号\t编号\n1\t110105800101123",  # a table, but not an ID column
    ],
)
def test_15_digit_numbers_that_are_not_ids(screener, text):
    assert Category.PERSONAL_INFO not in cats(screener, text)


def test_full_width_id_number(screener):
    number = make_id("62010219751230456")
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert rules(screener, f"身份证号{wide}") == {"personal_info.id_number"}


# --- official_marking: styled red headers (HTML) -------------------------------------------------------------------

RED_HEADER_HTML = (
    '<p style="text-align:center;font-size:26pt;color:{colour}">云泽市人民政府办公室</p>'
    "<p>云政办发〔2026〕12号</p>"
    "<h2>云泽市人民政府办公室关于做好防汛工作的通知</h2><p>各县区人民政府：现将有关事项通知如下。</p>"
)


@pytest.mark.parametrize("colour", ["#ff0000", "#F00", "red", "rgb(255, 0, 0)", "rgba(230,0,18,1)", "#E60012"])
def test_red_issuer_line_with_document_number(screener, colour):
    found = screener.screen_html(RED_HEADER_HTML.format(colour=colour))
    assert [f.rule for f in found] == ["official_marking.red_header"]
    assert found[0].start == 0 and "云泽市人民政府办公室" in found[0].message


def test_red_issuer_line_with_red_rule(screener):
    html = (
        '<table><tr><td style="border-bottom:2.25pt solid red;text-align:center">'
        '<font color="#FF0000" size="7">云 泽 市 财 政 局</font></td></tr></table>'
        "<p>各县区财政局：现将有关事项通知如下。</p>"
    )
    [f] = screener.screen_html(html)
    assert f.rule == "official_marking.red_header" and "云泽市财政局" in f.message
    html = '<p><span style="color:red">中共云泽市委办公室</span></p><hr color="red"><p>正文。</p>'
    assert [f.rule for f in screener.screen_html(html)] == ["official_marking.red_header"]


def test_red_text_inherited_from_an_ancestor(screener):
    html = '<div style="color:#ff0000"><p><b>云泽市教育局文件</b></p></div><p>云教发〔2026〕3号</p>'
    found = screener.screen_html(html)  # also a 文件 line: reported once
    assert [f.rule for f in found] == ["official_marking.red_header"]


@pytest.mark.parametrize(
    "html",
    [
        # red words inside a sentence
        '<p><span style="color:red">云泽市人民政府</span>近日印发《实施方案》（云政发〔2025〕3号）。</p>',
        # a red title that is not an issuing body
        '<p style="color:red">关于做好防汛工作的紧急通知</p><p>云政发〔2025〕3号</p>',
        '<p style="color:red">重要提示</p><p>云政发〔2025〕3号</p>',
        # an issuing body in red, but neither a document number nor a red rule follows
        '<p style="color:#f00">云泽市人民政府</p><p>2025年3月1日</p>',
        # a public normative document: number and title in black, a black rule
        "<p>云泽市人民政府</p><p>云政发〔2025〕3号</p><hr><p>云泽市人民政府关于印发若干措施的通知</p>",
        # dark red is not the red of a red header; a colour set back to black inside
        '<p style="color:darkred">云泽市人民政府</p><p>云政发〔2025〕3号</p>',
        '<div style="color:red"><p style="color:#000">云泽市人民政府</p></div><p>云政发〔2025〕3号</p>',
    ],
)
def test_not_styled_red_headers(screener, html):
    assert Category.OFFICIAL_MARKING not in {f.category for f in screener.screen_html(html)}


def test_red_header_needs_html(screener):
    assert cats(screener, "云泽市人民政府办公室\n云政办发〔2026〕12号\n关于做好防汛工作的通知") == set()


def test_is_red():
    from zhanqun.screening.extract import is_red

    for value in (
        "red",
        "#ff0000",
        "#F00",
        "#e60012",
        "rgb(255,0,0)",
        "rgb(100%, 0%, 0%)",
        "solid 2.25pt red",
        "#ff0000ff",
    ):
        assert is_red(value), value
    for value in ("black", "#000", "windowtext", "darkred", "#ff8000", "rgb(0,0,255)", "blue", "", "#zzz"):
        assert not is_red(value), value


def test_markup_offsets_follow_the_normalised_text():
    from zhanqun.screening.extract import html_to_text

    doc = html_to_text(
        '\n  <div>\n  <p>  正文  <span style="color:red"> 红色 </span>字</p><hr style="border-top:1px solid red"><img alt="公章" src="a.png"></div>'
    )
    assert doc.text == "正文  红色 字\n[公章]"
    [(s, e)] = doc.markup.red
    assert doc.text[s:e].strip() == "红色"
    assert doc.markup.red_rules == [len("正文  红色 字\n")]
    [img] = doc.markup.images
    assert doc.text[img.start : img.end] == "[公章]" and img.src == "a.png"


# --- official_marking: seal and signature images --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("img", "rule"),
    [
        ('<img src="/uploads/2026/seal.png">', "official_marking.seal_image"),
        ('<img src="/uploads/2026/yunze_seal_01.png" alt="">', "official_marking.seal_image"),
        ('<img src="/images/companySeal.jpg">', "official_marking.seal_image"),
        ('<img src="/uploads/%E5%85%AC%E7%AB%A0.png">', "official_marking.seal_image"),  # 公章.png
        ('<img src="/uploads/yinzhang/1.png">', "official_marking.seal_image"),
        ('<img alt="云泽市人民政府公章" src="a.png">', "official_marking.seal_image"),
        ('<img alt="电子印章" src="a.png">', "official_marking.seal_image"),
        ('<img alt="章" src="a.png">', "official_marking.seal"),  # reported as the text marking [章]
        ('<img title="财务专用章" src="a.png">', "official_marking.seal_image"),
        ('<img src="/img/qianming.jpg">', "official_marking.signature_image"),
        ('<img src="/img/zhang.png" alt="签章">', "official_marking.seal"),  # [签章]
        ('<img src="/img/signature-zhang.png">', "official_marking.signature_image"),
        ('<img alt="局长签名" src="a.png">', "official_marking.signature_image"),
        ('<img alt="手签" src="a.png">', "official_marking.seal"),  # [手签]
        ('<img alt="签名" src="/sign/a.png">', "official_marking.seal"),  # [签名]
        ('<img alt="局长手签" src="a.png">', "official_marking.signature_image"),
    ],
)
def test_seal_and_signature_images(screener, img, rule):
    found = screener.screen_html(f"<p>特此通知。</p><p>{img}</p><p>2026年3月1日</p>")
    assert [f.rule for f in found] == [rule]
    assert found[0].severity == Severity.BLOCK


@pytest.mark.parametrize(
    "img",
    [
        '<img alt="双方签字仪式现场" src="qianzi.jpg">',
        '<img alt="第一章" src="c1.png">',
        '<img alt="章程修订说明" src="a.png">',
        '<img alt="张三同志" src="/photos/zhangsan.jpg">',
        '<img alt="企业开办免费刻制公章服务窗口" src="a.jpg">',
        '<img alt="千人签名活动" src="a.jpg">',
        '<img src="/images/signin.png">',
        '<img src="/images/stamp-2025.jpg" alt="纪念邮票">',
        '<img src="data:image/png;base64,c2VhbA==" alt="图表">',
        '<img src="/img/banner.jpg" alt="党章学习">',
    ],
)
def test_images_that_are_not_seals_or_signatures(screener, img):
    assert screener.screen_html(f"<p>正文。</p><p>{img}</p>") == []


def test_seal_alt_text_reported_once(screener):
    found = screener.screen_html('<p>云泽市教育局<img alt="公章" src="seal.png"></p>')
    assert [f.rule for f in found] == ["official_marking.seal"]  # the [公章] text marking covers the image


# --- format: relative links, base URL, link_exists ---------------------------------------------------------------


LINKS_HTML = (
    '<p><a href="ok.html">a</a><a href="../x.html">b</a><a href="zwdt/">c</a><a href="zwdt/">c again</a>'
    '<a href="/abs.html#part">d</a><a href="https://www.gov.cn/">e</a><a href="#top">f</a>'
    '<a href="mailto:a@yunze.gov.cn">g</a><a href="//www.yunze.gov.cn/xxgk/2026/ok.html">h</a></p>'
)


def test_relative_links_are_resolved_against_the_base_url(screener):
    asked = []

    def link_exists(url):
        asked.append(url)
        return url.endswith("/xxgk/2026/ok.html")

    ctx = ScreenContext(base_url="https://www.yunze.gov.cn/xxgk/2026/1.html", link_exists=link_exists)
    found = screener.screen_html(LINKS_HTML, context=ctx)
    assert asked == [
        "https://www.yunze.gov.cn/xxgk/2026/ok.html",
        "https://www.yunze.gov.cn/xxgk/x.html",
        "https://www.yunze.gov.cn/xxgk/2026/zwdt/",
        "https://www.yunze.gov.cn/abs.html",
    ]  # once per page; external links, anchors and mailto are not asked about
    assert [f.rule for f in found] == ["format.broken_link"] * 3
    assert "../x.html" in found[0].message and "https://www.yunze.gov.cn/xxgk/x.html" in found[0].message


def test_known_paths_with_a_base_url(screener):
    ctx = ScreenContext(
        base_url="https://www.yunze.gov.cn/xxgk/2026/1.html",
        known_paths=frozenset({"/xxgk/2026/ok.html", "/xxgk/x.html", "/xxgk/2026/zwdt/", "/abs.html"}),
    )
    assert screener.screen_html(LINKS_HTML, context=ctx) == []
    broken = ScreenContext(base_url=ctx.base_url, known_paths=frozenset({"/xxgk/2026/ok.html"}))
    assert len(screener.screen_html(LINKS_HTML, context=broken)) == 3


def test_callback_asked_only_about_what_known_paths_miss(screener):
    asked = []
    ctx = ScreenContext(
        base_url="https://www.yunze.gov.cn/xxgk/2026/1.html",
        known_paths=frozenset({"/xxgk/2026/ok.html"}),
        link_exists=lambda url: asked.append(url) or True,
    )
    assert screener.screen_html(LINKS_HTML, context=ctx) == []
    assert "https://www.yunze.gov.cn/xxgk/2026/ok.html" not in asked and len(asked) == 3


def test_relative_links_without_a_base_url_are_not_checked(screener):
    asked = []
    ctx = ScreenContext(link_exists=lambda url: asked.append(url) or False)
    found = screener.screen_html('<a href="../x.html">a</a><a href="/y.html">b</a>', context=ctx)
    assert asked == ["/y.html"] and [f.rule for f in found] == ["format.broken_link"]


def test_links_to_the_base_host_are_not_commercial(screener):
    ctx = ScreenContext(base_url="https://www.yunze-example.com/a.html")
    assert screener.screen_html('<a href="https://www.yunze-example.com/b.html">b</a>', context=ctx) == []


def test_a_directory_and_its_index_page_are_the_same_path(screener):
    ctx = ScreenContext(known_paths=frozenset({"/zwdt/", "/xxgk/index.html"}))
    html = '<a href="/zwdt/index.html">a</a><a href="/zwdt">b</a><a href="/xxgk/">c</a><a href="/xxgk">d</a>'
    assert screener.screen_html(html, context=ctx) == []
    assert len(screener.screen_html('<a href="/zwdt/other.html">e</a>', context=ctx)) == 1
