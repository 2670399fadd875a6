"""The screener: every rule over one text, dictionaries compiled once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import extract
from .context import RuleInput, ScreenContext
from .dictionaries import Dictionaries
from .extract import Markup
from .findings import Finding
from .rules import advertising, classified, format, internal_document, official_marking, personal_info
from .rules.dictionary import sensitive_words, wording_errors
from .scan import Scanner


class Screener:
    """``Screener(dictionaries=...)``; build once, screen many texts (it is thread-safe to read).

    ``dictionaries`` defaults to the shipped sample plus ``$ZHANQUN_SCREENING_DICT_DIR``
    plus ``dict_dirs``. Building compiles one automaton holding the dictionaries and the
    rules' trigger literals; each text is then scanned once (see :mod:`.scan`).
    """

    def __init__(self, dictionaries: Dictionaries | None = None, *, dict_dirs: Iterable[str | os.PathLike] = ()):
        self.dictionaries = dictionaries if dictionaries is not None else Dictionaries.load(dict_dirs)
        self.scanner = Scanner(self.dictionaries)
        self.rules = [
            classified.check,
            personal_info.check,
            internal_document.check,
            official_marking.check,
            advertising.check,
            sensitive_words,
            wording_errors,
            format.check,
        ]

    def screen_text(
        self,
        text: str,
        *,
        title: str | None = None,
        context: ScreenContext | None = None,
        links: Iterable[str] = (),
        is_document: bool = True,
        markup: Markup | None = None,
    ) -> list[Finding]:
        """Findings in ``text``, sorted by position. ``title`` feeds the title-aware rules
        (请示/报告/函 titles, duplicate titles); ``links`` are hrefs from the markup;
        ``markup`` is what an HTML source showed besides its text (red headers, images)."""
        inp = RuleInput(
            title=title,
            context=context or ScreenContext(),
            links=tuple(links),
            is_document=is_document,
            scan=self.scanner.scan(text),
            markup=markup,
        )
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule(text, inp))
        findings.sort(key=lambda f: (f.start, f.end, f.category, f.rule))
        return findings

    def screen_html(
        self, html: str, *, title: str | None = None, context: ScreenContext | None = None
    ) -> list[Finding]:
        """Screen a rich-text body: offsets refer to the extracted text (``extract.html_to_text``)."""
        doc = extract.html_to_text(html)
        return self.screen_text(doc.text, title=title, context=context, links=doc.links, markup=doc.markup)

    def screen_file(
        self, path: str | os.PathLike, *, title: str | None = None, context: ScreenContext | None = None
    ) -> list[Finding]:
        """Screen a file (txt/md/html/pdf/docx/xlsx); each finding names ``file`` and ``page``."""
        path = Path(path)
        findings: list[Finding] = []
        parts = list(extract.extract_file(path))
        whole = len(parts) == 1
        for part in parts:
            for f in self.screen_text(
                part.text,
                title=title,
                context=context,
                links=part.links,
                is_document=whole or part.label is None,
                markup=part.markup,
            ):
                findings.append(replace(f, file=str(path), page=part.label))
        if not whole and parts and not any(p.text.strip() for p in parts):
            findings += [replace(f, file=str(path)) for f in self.screen_text("", context=context)]
        return findings
