"""What the context-dependent rules need, passed in explicitly so they stay pure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScreenContext:
    """Facts about where a text will be published.

    ``sibling_titles``: titles already published in the same column (duplicate-title rule).
    ``known_paths``: every internal path that exists (e.g. ``/xxgk/2024/123.html``); ``None``
    means unknown, so internal links are not checked.
    ``internal_hosts``: host names of the site group; links to them are internal.
    ``allowed_domains``: extra non-commercial domains links may point to.
    """

    sibling_titles: frozenset[str] = frozenset()
    known_paths: frozenset[str] | None = None
    internal_hosts: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleInput:
    """What the engine hands every rule besides the text."""

    title: str | None = None
    context: ScreenContext = field(default_factory=ScreenContext)
    links: tuple[str, ...] = ()  # hrefs from HTML markup, if the text came from HTML
    is_document: bool = True  # False for an attachment page: whole-document rules skip it
    utf8: bytes | None = None  # the text's UTF-8 encoding, computed once for the dictionary rules
