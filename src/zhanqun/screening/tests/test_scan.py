"""The single-pass engine (scan.py) gives what plain regex scans would give."""

import random
import re

import pytest

from zhanqun.screening import Screener
from zhanqun.screening.dictionaries import Dictionaries
from zhanqun.screening.rules import personal_info
from zhanqun.screening.scan import Anchored, Literals, Scanner, fold
from zhanqun.screening.tests.test_rules import make_id

from .test_corpus import load


def _texts() -> list[str]:
    """Corpus texts, the rule tests' snippets, and random mixtures of them."""
    samples = [item["text"] for item in load()] + [
        "秘密 ★ 2年",
        "机密(保密期限:5年)",
        "密 级 ： 秘密",
        "（ 公 章 ）",
        "【印章】",
        "[签字]",
        "签发人： 张三\n",
        "拟同意。请李四同志阅示",
        "请张三主任阅",
        "同意。王五 2025年3月6日",
        "阅。赵六 3.6",
        "批示：同意",
        "阅示：",
        "特此函告。此函。\n",
        "因此函件",
        "专此函复",
        "盼予函复",
        "请予函复",
        "函复为盼",
        "内部资料（注意保存）",
        "内部文件 不得外传",
        "仅供内部学习",
        "注意保存\n",
        "满100减20",
        "买 2 送 1",
        "全场5折",
        "扫码领取",
        "加微信咨询",
        "【广告】",
        "[广告]",
        "妥否 ， 请批示",
        "当否，请示",
        "以上请示，请审批",
        "以上报告，请审阅",
        "HTTP://SHOP.EXAMPLE.COM/x",
        "Www.Taobao.com/x",
        "www.",
        "www.x",
        "http://www.yunze.gov.cn:8080/a",
        "户籍地址：云泽市城关区幸福路12号",
        "居住地：某县某镇某村5组",
        "家庭住址：云泽市安定区中华路8号院2号楼1单元302室",
        "当事人王某，家住云泽县新华镇李家村三组15号",
        "呈批件",
        "公文处理单",
        "批办单",
        "审批意见：",
        "明传电报",
        "发电单位：",
        "签批盖章",
        "厂家直销",
        "欢迎来电咨询",
    ]
    rnd = random.Random(1)
    mixed = ["".join(rnd.choice(samples) for _ in range(rnd.randint(2, 10))) for _ in range(400)]
    return samples + mixed


@pytest.fixture(scope="module")
def scanner():
    return Scanner(Dictionaries.load(builtin=True, env=False))


@pytest.mark.parametrize("pattern", [p for p in Literals.registry if isinstance(p, Anchored)], ids=repr)
def test_anchored_patterns_find_what_finditer_finds(scanner, pattern):
    for text in _texts():
        expected = [m.span() for m in pattern.pattern.finditer(text)]
        assert [m.span() for m in pattern.finditer(text, scanner.scan(text))] == expected, text


def test_number_blocks_fast_path_matches_the_regex(scanner):
    rnd = random.Random(2)
    alphabet = "0123456789012345678901234567890123456789 -\n\t\u3000\xa0１２XxA号卡银行身份证"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(10, 90))) for _ in range(3000)]
    texts += ["银行卡号 6222　0212　3456　7890　128", "１１０１０５１９８００１０１１２３８", "440306199908150023３"]
    for text in texts:
        expected = [m.span() for m in personal_info.NUMBER_BLOCK.finditer(text)]
        assert personal_info.number_blocks(text, scanner.scan(text)) == expected, text


def test_full_width_digits_and_ideographic_spaces_still_found():
    s = Screener()
    number = make_id("11010519800101123")
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert [f.rule for f in s.screen_text(f"身份证号：{wide}")] == ["personal_info.id_number"]
    assert [f.rule for f in s.screen_text("银行卡号 6222　0212　3456　7890　128")] == ["personal_info.bank_card"]


def test_offsets_are_characters_beyond_the_bmp():
    s = Screener()
    number = make_id("11010519800101123")
    text = f"𠮷野家𠮷 测试敏感词 身份证号{number} 𠮷 https://shop.example.com/a 秘密★1年"
    found = {f.rule: text[f.start : f.end] for f in s.screen_text(text)}
    assert found == {
        "sensitive_word.dictionary": "测试敏感词",
        "personal_info.id_number": number,
        "advertising.commercial_link": "https://shop.example.com/a",
        "classified.mark": "秘密★1年",
    }


def test_a_hit_straddling_two_characters_is_dropped():
    d = Dictionaries.load(builtin=False, env=False)
    d.add_sensitive("丁", "block")  # U+4E01: the bytes 4E 01 also occur across "N" (U+004E) and "ā" (U+0101)
    s = Screener(d)
    assert s.screen_text("Nā") == []
    assert [f.start for f in s.screen_text("N丁ā")] == [1]


def test_fold_keeps_length():
    text = "İstanbul ＡＢＣ VPN"
    assert len(fold(text)) == len(text) and fold(text) == "istanbul ａｂｃ vpn"


def test_wording_entries_stay_case_sensitive():
    d = Dictionaries.load(builtin=False, env=False)
    d.load_wording([["wrong", "correct"], ["Gdp", "GDP"]])
    s = Screener(d)
    assert s.screen_text("全市GDP增长") == []
    assert [f.category for f in s.screen_text("全市Gdp增长")] == ["wording_error"]


def test_a_rule_called_without_a_scan_falls_back_to_finditer():
    from zhanqun.screening.context import RuleInput
    from zhanqun.screening.rules import classified

    assert [f.rule for f in classified.check("秘密★1年", RuleInput())] == ["classified.mark"]


def test_anchored_prefixes_are_required():
    with pytest.raises(ValueError):
        Anchored(re.compile("x"), [])
    with pytest.raises(ValueError):
        Anchored("x", [""])


def test_numbers_are_ascii_or_full_width_digits():
    s = Screener()
    number = make_id("11010519800101123")
    arabic_indic = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert s.screen_text(f"身份证号：{arabic_indic}") == []  # documented: other scripts' digits are not looked at


def test_a_scanner_without_a_pattern_leaves_it_to_finditer():
    from zhanqun.screening.rules import classified

    scanner = Scanner(Dictionaries.load(builtin=False, env=False), patterns=[])
    scan = scanner.scan("秘密★1年")
    assert scan.covers == frozenset() and classified.MARK.positions(scan) is None
    assert [m.group(0) for m in classified.MARK.finditer("秘密★1年", scan)] == ["秘密★1年"]
    assert personal_info.number_blocks("身份证号110105198001011238", scan) == [(4, 22)]
