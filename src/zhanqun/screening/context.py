"""What the context-dependent rules need, passed in explicitly so they stay pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract import Markup
    from .scan import Scan


@dataclass(frozen=True)
class ScreenContext:
    """Facts about where a text will be published.

    ``sibling_titles``: titles already published in the same column (duplicate-title rule).
    ``known_paths``: every internal path that exists (e.g. ``/xxgk/2024/123.html``); ``None``
    means unknown.
    ``link_exists``: a callback ``link_exists(url) -> bool`` asked about every internal link
    that ``known_paths`` does not already confirm; ``url`` is absolute when the link or
    ``base_url`` gives a host, otherwise a root-relative path; the fragment is dropped.
    Internal links are checked only when ``known_paths`` or ``link_exists`` is given.
    ``base_url``: the URL the page will have; relative links (``../x.html``, ``zwdt/``)
    are resolved against it (without it they are not checked), and its host is internal.
    ``internal_hosts``: host names of the site group; links to them are internal.
    ``allowed_domains``: extra non-commercial domains links may point to.
    """

    sibling_titles: frozenset[str] = frozenset()
    known_paths: frozenset[str] | None = None
    internal_hosts: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    base_url: str | None = None
    link_exists: Callable[[str], bool] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RuleInput:
    """What the engine hands every rule besides the text."""

    title: str | None = None
    context: ScreenContext = field(default_factory=ScreenContext)
    links: tuple[str, ...] = ()  # hrefs from HTML markup, if the text came from HTML
    is_document: bool = True  # False for an attachment page: whole-document rules skip it
    scan: Scan | None = None  # the engine's one pass over the text (dictionary hits, anchored candidates)
    markup: Markup | None = None  # red text, red rules and images, if the text came from HTML
