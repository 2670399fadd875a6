"""Precision and recall per category on the labelled corpus (tests/corpus/labelled.jsonl)."""

import pytest

from zhanqun.screening.engine import Screener
from zhanqun.screening.evaluate import evaluate, load, screen_item
from zhanqun.screening.findings import Category

TARGET = 0.95
GATED = (Category.CLASSIFIED, Category.PERSONAL_INFO, Category.INTERNAL_DOCUMENT, Category.OFFICIAL_MARKING)


@pytest.fixture(scope="module")
def scores():
    return evaluate(Screener(dict_dirs=(), dictionaries=None))


def test_corpus_is_labelled_with_the_fixed_vocabulary():
    items = load()
    assert len(items) >= 90
    assert len({i["id"] for i in items}) == len(items)
    vocabulary = {str(c) for c in Category}
    for item in items:
        assert set(item["expected"]) <= vocabulary, item["id"]
    clean = [i for i in items if not i["expected"]]
    assert len(clean) >= 30  # clean documents and traps


@pytest.mark.parametrize("category", GATED, ids=str)
def test_precision_and_recall_of_gated_categories(scores, category):
    s = scores[category]
    assert s.precision >= TARGET, f"{category} false positives: {s.false_positives}"
    assert s.recall >= TARGET, f"{category} missed: {s.false_negatives}"


def test_every_category_is_exercised_and_caught(scores):
    for category, s in scores.items():
        assert s.tp >= 1, category
        assert s.precision >= 0.8 and s.recall >= 0.8, (category, s.false_positives, s.false_negatives)


def test_traps_stay_clean():
    screener = Screener()
    for item in load():
        if item["expected"] or "trap" not in item.get("note", ""):
            continue
        assert screen_item(screener, item) == [], item["id"]
