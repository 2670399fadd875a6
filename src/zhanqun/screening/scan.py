"""One pass over the text for every literal the rules look for.

The screener builds one Aho–Corasick automaton holding

* the sensitive words (case-folded, so Latin entries match in any case, and in
  full-width letters too),
* the wording dictionary's wrong and correct forms,
* the *prefixes* of the rules' anchored patterns (:class:`Anchored`): literals one of
  which every match of the pattern begins with (``秘密`` for ``秘密★1年``, ``http`` for a URL),
  and other literals a rule wants located (:class:`Literals`).

:meth:`Scanner.scan` walks the text once and returns the dictionary hits and, per anchored
pattern, the positions where a match can start; the rule then tries ``pattern.match`` at
those positions only, instead of running ``finditer`` over the whole text. That gives the
same matches as ``finditer`` (positions are visited left to right and a match's span is
skipped), at a cost proportional to the number of candidate positions.

The automaton runs over the UTF-16-BE bytes of the text, read as a latin-1 string: two
bytes per Chinese character keep it small, and a byte offset halved is a character offset
(a hit at an odd offset straddles two characters and is dropped; characters beyond the
Basic Multilingual Plane are corrected for).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from .dictionaries import Dictionaries, SensitiveEntry, WordingEntry

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → full-width forms (Ａ, ０, ＃ …)


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (U+0130 İ is the one letter whose
    lower case is two characters)."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


def _units(s: str) -> str:
    return s.encode("utf-16-be").decode("latin-1")


class Literals:
    """Literals whose positions the scan records (every instance is registered, and a
    :class:`Scanner` built afterwards looks for them)."""

    registry: list[Literals] = []

    def __init__(self, prefixes: Iterable[str]):
        self.prefixes = tuple(prefixes)
        if not self.prefixes or not all(self.prefixes):
            raise ValueError("literals must be non-empty strings")
        self.id = len(Literals.registry)
        Literals.registry.append(self)

    def positions(self, scan: Scan | None) -> list[int] | None:
        """Where the literals start, in order; None when ``scan`` did not look for them."""
        if scan is None or self.id not in scan.covers:
            return None
        return scan.starts.get(self.id, [])


class Anchored(Literals):
    """A regular expression every match of which begins with one of ``prefixes``.

    ``finditer(text, scan)`` yields what ``pattern.finditer(text)`` yields, trying the
    pattern only where the scan found a prefix. Prefixes are matched case-insensitively
    (a superset of the positions, which is harmless). Without a scan (a rule called on its
    own, or a scanner built without this pattern) it falls back to ``pattern.finditer``. The
    pattern must not match the empty string.
    """

    def __init__(self, pattern: str | re.Pattern, prefixes: Iterable[str], flags: int = 0):
        super().__init__(prefixes)
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)

    def __repr__(self) -> str:
        return f"Anchored({self.pattern.pattern[:40]!r}, {self.prefixes!r})"

    def finditer(self, text: str, scan: Scan | None) -> Iterator[re.Match]:
        starts = self.positions(scan)
        if starts is None:  # no scan, or one that did not look for these prefixes
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        last = 0
        for pos in starts:
            if pos < last:
                continue
            m = match(text, pos)
            if m is not None:
                yield m
                last = m.end()


@dataclass(slots=True)
class Scan:
    """What one pass found: ``sensitive`` (start, end, entry) hits, ``wording`` (start, end,
    entry or None for a correct form) hits, both in order of end, ``starts``: for each
    :class:`Literals` id that has candidates, the sorted candidate start positions, and
    ``covers``: the ids the scan looked for."""

    sensitive: list[tuple[int, int, SensitiveEntry]]
    wording: list[tuple[int, int, WordingEntry | None]]
    starts: dict[int, list[int]]
    covers: frozenset[int]


class Scanner:
    """The combined automaton for one set of dictionaries and anchored patterns."""

    def __init__(self, dictionaries: Dictionaries, patterns: Iterable[Literals] | None = None):
        patterns = list(Literals.registry if patterns is None else patterns)
        self.covers = frozenset(p.id for p in patterns)
        # folded key → [sensitive entry, wording items, trigger ids]
        slots: dict[str, list] = {}

        def slot(key: str) -> list:
            return slots.setdefault(fold(key), [None, [], []])

        for word, entry in dictionaries.sensitive.items():
            slot(word)[0] = entry  # a later entry that folds to the same key replaces it
            wide = fold(word).translate(_FULL_WIDTH)
            if wide != fold(word):
                slot(wide)[0] = entry  # ＶＰＮ for VPN
        for entry in dictionaries.wording.values():
            slot(entry.correct)[1].append((entry.correct, None))  # correct forms shield their substrings
        for wrong, entry in dictionaries.wording.items():
            slot(wrong)[1].append((wrong, entry))
        for p in patterns:
            for prefix in p.prefixes:
                ids = slot(prefix)[2]
                if p.id not in ids:
                    ids.append(p.id)
        self.automaton: ahocorasick.Automaton | None = None
        if slots:
            a = ahocorasick.Automaton()
            for key, (entry, wording, triggers) in slots.items():
                units = _units(key)
                a.add_word(units, (len(units), entry, tuple(wording), tuple(triggers)))
            a.make_automaton()
            self.automaton = a

    def scan(self, text: str) -> Scan:
        sensitive: list = []
        wording: list = []
        starts: dict[int, list[int]] = {}
        if self.automaton is None or not text:
            return Scan(sensitive, wording, starts, self.covers)
        folded = fold(text)
        data = _units(folded)
        for end, (nbytes, entry, words, triggers) in self.automaton.iter(data):
            start = end + 1 - nbytes
            if start & 1:  # straddles two characters
                continue
            s = start >> 1
            for t in triggers:
                lst = starts.get(t)
                if lst is None:
                    starts[t] = [s]
                else:
                    lst.append(s)
            if entry is not None:
                sensitive.append((s, (end + 1) >> 1, entry))
            if words:
                e = (end + 1) >> 1
                wording.extend((s, e, w) for w in words)
        if len(data) != 2 * len(text):  # characters beyond the BMP take two UTF-16 units
            sensitive, wording, starts = _to_chars(text, sensitive, wording, starts)
        for t, lst in starts.items():
            if len(lst) > 1:
                starts[t] = sorted(set(lst))
        if wording:  # the wording dictionary is case-sensitive: keep hits where the text is the key as written
            wording = [(s, e, entry) for s, e, (key, entry) in wording if text[s:e] == key]
        return Scan(sensitive, wording, starts, self.covers)


def _to_chars(text: str, sensitive: list, wording: list, starts: dict[int, list[int]]):
    """Turn UTF-16 unit offsets into character offsets."""
    unit_pos = [m.start() + k for k, m in enumerate(_ASTRAL.finditer(text))]

    def c(u: int) -> int:
        return u - bisect_left(unit_pos, u)

    return (
        [(c(s), c(e), x) for s, e, x in sensitive],
        [(c(s), c(e), x) for s, e, x in wording],
        {t: [c(u) for u in lst] for t, lst in starts.items()},
    )
