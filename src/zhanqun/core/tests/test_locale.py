"""The project's own zh_Hans translations (src/zhanqun/locale): Wagtail's missing
strings in Chinese, and the committed .mo compiled from the committed .po."""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE = Path(settings.PACKAGE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def read_po(path):
    """{(msgid, msgid_plural or None): [msgstr, …]} of a .po file, fuzzy entries left out
    (msgfmt leaves them out of the .mo too)."""
    entries, current, key, fuzzy = {}, {}, None, False

    def flush():
        nonlocal current, fuzzy
        if current.get("msgid") and not fuzzy:
            strs = [current[k] for k in sorted(k for k in current if k.startswith("msgstr"))]
            entries[(current["msgid"], current.get("msgid_plural"))] = strs
        current, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        else:  # a continuation line
            current[key] += ast.literal_eval(line)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo__holds_exactly_the_po_translations(domain):
    po = read_po(LOCALE / f"{domain}.po")
    with open(LOCALE / f"{domain}.mo", "rb") as fp:
        mo = gettext.GNUTranslations(fp)
    assert po, "empty catalog"
    stale = []
    for (msgid, plural), strs in po.items():
        got = mo.ngettext(msgid, plural, 2) if plural else mo.gettext(msgid)
        if got != strs[0]:
            stale.append(msgid)
    assert not stale, f"the .mo is not compiled from the .po (run `make messages`): {stale[:5]}"
    assert len(mo._catalog) - 1 == len(po), "the .mo holds entries the .po does not"  # -1: the header


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Search all pages…", "搜索全部页面…"),
        ("Exploring", "当前位置"),
        ("Page types usage", "页面类型使用情况"),
        (
            "Your %(username_field)s and password didn't match. Please try again.",
            "%(username_field)s或密码不正确，请重试。",
        ),
    ],
)
def test_wagtail_strings__are_shown_in_chinese(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_counts__read_as_chinese():
    with translation.override("zh-hans"):
        assert (
            translation.ngettext("Referenced %(count)s time", "Referenced %(count)s times", 0) % {"count": 0}
            == "被引用 0 次"
        )
        matching = translation.ngettext("There is one matching page", "There are %(counter)s matching pages", 12)
        assert matching % {"counter": 12} == "共有 12 个匹配的页面"


def test_javascript_catalog__has_the_rich_text_placeholder_in_chinese(db):
    """Draftail's placeholder comes from wagtail.admin's djangojs catalog (/admin/jsi18n/)."""
    response = Client(HTTP_HOST="localhost").get("/admin/jsi18n/")
    text = response.content.decode()  # the catalog is JSON, non-ASCII escaped
    assert json.dumps("输入文字，或输入“/”插入内容块") in text
    assert json.dumps("正在自动保存…") in text
