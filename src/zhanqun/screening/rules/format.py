"""format — empty body, duplicate title within the column, broken internal link.

The column's sibling titles and the set of existing internal paths come from an
explicit :class:`~zhanqun.screening.context.ScreenContext`, so the rule stays pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make

_BLANK = " \t\r\n\f\v\u3000\xa0\u200b\ufeff"
_PUNCT = re.compile(r"[\s\u3000\xa0\u200b“”\"'‘’《》〈〉「」『』【】\[\]（）()、，,。.：:；;！!？?·—\-_]+")


def normalize_title(title: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", title)).lower()


def internal_path(href: str, internal_hosts: frozenset[str]) -> str | None:
    """The path of an internal link, or None for an external link, anchor, mailto …"""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    try:
        parts = urlsplit(href if not href.startswith("//") else "http:" + href)
    except ValueError:
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.hostname and parts.hostname.lower() not in internal_hosts:
        return None
    if not parts.hostname and not href.startswith("/"):
        return None  # relative link: can't resolve without the page's own path
    path = unquote(parts.path) or "/"
    return path


def _path_known(path: str, known: frozenset[str]) -> bool:
    if path in known:
        return True
    alt = path[:-1] if path.endswith("/") else path + "/"
    return alt in known


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    ctx = inp.context
    if inp.is_document and not text.strip(_BLANK):
        yield make(
            text, 0, 0, category=Category.FORMAT, rule="format.empty_body", severity=Severity.BLOCK,
            message="正文为空，请补充正文内容后再发布。",
        )
    if inp.title and ctx.sibling_titles:
        key = normalize_title(inp.title)
        if key and any(normalize_title(t) == key for t in ctx.sibling_titles):
            yield make(
                text, 0, 0, category=Category.FORMAT, rule="format.duplicate_title", severity=Severity.WARN,
                message=f"本栏目已有同名信息“{inp.title}”，请核实是否重复发布或修改标题。",
            )
    if ctx.known_paths is not None:
        reported: set[str] = set()
        for href in inp.links:
            path = internal_path(href, ctx.internal_hosts)
            if path is None or path in reported or _path_known(path, ctx.known_paths):
                continue
            reported.add(path)
            yield make(
                text, 0, 0, category=Category.FORMAT, rule="format.broken_link", severity=Severity.WARN,
                message=f"站内链接“{href}”指向的页面不存在，请修正或删除该链接。",
            )
