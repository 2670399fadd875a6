"""Precision and recall per category on a labelled corpus (JSON lines).

Each line: ``{"id", "text", "expected": [categories], "title"?, "html"?, "context"?, "note"?}``;
``context`` may hold ``sibling_titles``, ``known_paths``, ``internal_hosts``,
``allowed_domains`` and ``base_url``.
A document counts as flagged for a category when any finding (block or warn) has it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .context import ScreenContext
from .engine import Screener
from .findings import Category

CORPUS = Path(__file__).resolve().parent / "tests" / "corpus" / "labelled.jsonl"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_of(item: dict) -> ScreenContext:
    c = item.get("context") or {}
    return ScreenContext(
        sibling_titles=frozenset(c.get("sibling_titles", ())),
        known_paths=frozenset(c["known_paths"]) if "known_paths" in c else None,
        internal_hosts=frozenset(c.get("internal_hosts", ())),
        allowed_domains=frozenset(c.get("allowed_domains", ())),
        base_url=c.get("base_url"),
    )


def screen_item(screener: Screener, item: dict):
    kwargs = {"title": item.get("title"), "context": context_of(item)}
    if item.get("html"):
        return screener.screen_html(item["text"], **kwargs)
    return screener.screen_text(item["text"], **kwargs)


def evaluate(screener: Screener | None = None, items: list[dict] | None = None) -> dict[Category, Score]:
    screener = screener or Screener()
    items = load() if items is None else items
    scores = {c: Score() for c in Category}
    for item in items:
        expected = set(item["expected"])
        got = {f.category for f in screen_item(screener, item)}
        for c in Category:
            if c in expected and c in got:
                scores[c].tp += 1
            elif c in got:
                scores[c].fp += 1
                scores[c].false_positives.append(item["id"])
            elif c in expected:
                scores[c].fn += 1
                scores[c].false_negatives.append(item["id"])
    return scores


def table(scores: dict[Category, Score]) -> str:
    lines = ["| category | TP | FP | FN | precision | recall |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for c, s in scores.items():
        lines.append(f"| `{c}` | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    result = evaluate()
    print(table(result))  # noqa: T201
    for c, s in result.items():
        if s.false_positives or s.false_negatives:
            print(c, "FP:", s.false_positives, "FN:", s.false_negatives)  # noqa: T201
