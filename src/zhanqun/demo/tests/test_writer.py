"""The demo's generated documents read like documents."""

import re

from zhanqun.demo.writer import Writer

CTX = {"city": "云泽市", "province": "甘肃省", "short": "市教育局", "unit": "云泽市教育局", "issuer": "云泽市教育局",
       "topic": "课后服务", "leader": "林志远", "month": 3, "year": 2026, "year2": 2028, "date": "3月1日"}


def test_policy_document_body__keeps_its_numbered_sections_in_order():
    writer = Writer(seed=7)
    for _ in range(20):
        _title, body = writer.policy_document(**CTX)
        numerals = [n for n in re.findall(r"<p>([一二三四])、", body)]
        assert numerals == sorted(numerals, key="一二三四".index)
        assert body.endswith("有效期五年。</p>")


def test_same_seed__writes_the_same_demo():
    assert Writer(seed=3).news(**CTX) == Writer(seed=3).news(**CTX)
    assert Writer(seed=3).news(**CTX) != Writer(seed=4).news(**CTX)
