"""format — empty body, duplicate title within the column, broken internal link.

The column's sibling titles, the existing internal paths, the page's own URL and a
``link_exists(url)`` callback come from an explicit
:class:`~zhanqun.screening.context.ScreenContext`, so the rule stays pure.

A link is internal when it is root-relative (``/xxgk/1.html``), points to one of the
``internal_hosts`` or to the host of ``base_url``, or is relative (``../x.html``,
``zwdt/``) and ``base_url`` is given to resolve it against. An internal link is broken when
neither ``known_paths`` nor ``link_exists`` confirms it; it is checked only when at least
one of the two is given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from ..context import RuleInput, ScreenContext
from ..findings import Category, Finding, Severity, make

_BLANK = " \t\r\n\f\v\u3000\xa0\u200b\ufeff"
_PUNCT = re.compile(r"[\s\u3000\xa0\u200b“”\"'‘’《》〈〉「」『』【】\[\]（）()、，,。.：:；;！!？?·—\-_]+")
_NOT_PAGES = ("#", "mailto:", "tel:", "javascript:", "data:", "sms:")


def normalize_title(title: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", title)).lower()


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def resolve_internal(href: str, ctx: ScreenContext) -> tuple[str, str] | None:
    """``(url, path)`` of an internal link: ``url`` resolved against ``base_url`` (absolute if
    a host is known, else root-relative) without its fragment, ``path`` its decoded path.
    None for an external link, an anchor, mailto …, or a relative link with no base URL."""
    href = href.strip()
    if not href or href.lower().startswith(_NOT_PAGES):
        return None
    hosts = ctx.internal_hosts | ({_host(ctx.base_url)} if ctx.base_url else frozenset())
    try:
        if ctx.base_url:
            href = urljoin(ctx.base_url, href)
        elif href.startswith("//"):
            href = "http:" + href
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.hostname and parts.hostname.lower() not in hosts:
        return None
    if not parts.hostname and not parts.path.startswith("/"):
        return None  # relative link: can't resolve without the page's own URL
    url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return url, unquote(parts.path) or "/"


def _path_known(path: str, known: frozenset[str]) -> bool:
    """``path`` or an equivalent spelling is known: with or without a final slash, a
    directory or its ``index.html``/``index.htm``."""
    if path in known:
        return True
    alt = path[:-1] if path.endswith("/") else path + "/"
    if alt in known:
        return True
    head, _, name = path.rpartition("/")
    if name in ("index.html", "index.htm"):
        return head + "/" in known or (head or "/") in known
    base = path if path.endswith("/") else path + "/"
    return base + "index.html" in known or base + "index.htm" in known


def broken_links(links: tuple[str, ...], ctx: ScreenContext) -> Iterator[tuple[str, str]]:
    """``(href, url)`` of each internal link that neither ``known_paths`` nor ``link_exists`` confirms."""
    if ctx.known_paths is None and ctx.link_exists is None:
        return
    seen: set[str] = set()
    for href in links:
        resolved = resolve_internal(href, ctx)
        if resolved is None:
            continue
        url, path = resolved
        key = (_host(url), path)
        if key in seen:
            continue
        seen.add(key)
        if ctx.known_paths is not None and _path_known(path, ctx.known_paths):
            continue
        if ctx.link_exists is not None and ctx.link_exists(url):
            continue
        yield href, url


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    ctx = inp.context
    if inp.is_document and not text.strip(_BLANK):
        yield make(
            text,
            0,
            0,
            category=Category.FORMAT,
            rule="format.empty_body",
            severity=Severity.BLOCK,
            message="正文为空，请补充正文内容后再发布。",
        )
    if inp.title and ctx.sibling_titles:
        key = normalize_title(inp.title)
        if key and any(normalize_title(t) == key for t in ctx.sibling_titles):
            yield make(
                text,
                0,
                0,
                category=Category.FORMAT,
                rule="format.duplicate_title",
                severity=Severity.WARN,
                message=f"本栏目已有同名信息“{inp.title}”，请核实是否重复发布或修改标题。",
            )
    for href, url in broken_links(inp.links, ctx):
        shown = href if url == href.strip() else f"{href}（即 {url}）"
        yield make(
            text,
            0,
            0,
            category=Category.FORMAT,
            rule="format.broken_link",
            severity=Severity.WARN,
            message=f"站内链接“{shown}”指向的页面不存在，请修正或删除该链接。",
        )
