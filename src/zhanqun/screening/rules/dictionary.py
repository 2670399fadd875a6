"""sensitive_word and wording_error — dictionary rules.

Both read the hits of the engine's single Aho–Corasick pass (:mod:`..scan`), whatever
the dictionary size (10⁴–10⁵ entries stay fast).

Sensitive words match case-insensitively (``VPN`` finds ``vpn``, ``Vpn`` and full-width
``ＶＰＮ``); an entry that begins or ends with a Latin letter or digit matches only where
the text does not go on with one there (``ass`` is not found in ``class``). Of overlapping hits the leftmost
longest is reported.

Wording errors match exactly as written. A wrong form that lies inside an occurrence of a
correct form is not reported (e.g. the wrong form is a substring of a longer correct
expression).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make

_ASCII_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = frozenset(_ASCII_ALNUM + _ASCII_ALNUM.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}))


def _leftmost_longest(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    matches.sort(key=lambda m: (m[0], -m[1]))
    out, last_end = [], -1
    for start, end, value in matches:
        if start >= last_end:
            out.append((start, end, value))
            last_end = end
    return out


def _latin_bounded(text: str, start: int, end: int, word: str) -> bool:
    """A word that starts (ends) with a Latin letter or digit is not glued to another one there."""
    if word[0] in _ALNUM and start > 0 and text[start - 1] in _ALNUM:
        return False
    return not (word[-1] in _ALNUM and end < len(text) and text[end] in _ALNUM)


def sensitive_words(text: str, inp: RuleInput) -> Iterator[Finding]:
    if inp.scan is None or not inp.scan.sensitive:
        return
    found = [(s, e, entry) for s, e, entry in inp.scan.sensitive if _latin_bounded(text, s, e, entry.word)]
    for start, end, entry in _leftmost_longest(found):
        yield make(
            text,
            start,
            end,
            category=Category.SENSITIVE_WORD,
            rule="sensitive_word.dictionary",
            severity=entry.severity,
            message=f"含有敏感词“{entry.word}”，请删除或改写。" + (f"（{entry.note}）" if entry.note else ""),
        )


def wording_errors(text: str, inp: RuleInput) -> Iterator[Finding]:
    if inp.scan is None or not inp.scan.wording:
        return
    wrong, correct = [], []
    for start, end, entry in inp.scan.wording:
        if entry is None:
            correct.append((start, end))
        else:
            wrong.append((start, end, entry))
    for start, end, entry in _leftmost_longest(wrong):
        if any(cs <= start and end <= ce and (cs, ce) != (start, end) for cs, ce in correct):
            continue
        yield make(
            text,
            start,
            end,
            category=Category.WORDING_ERROR,
            rule="wording_error.dictionary",
            severity=Severity.BLOCK,
            message=f"“{entry.wrong}”表述有误，应为“{entry.correct}”。" + (f"（{entry.note}）" if entry.note else ""),
        )
