from __future__ import annotations

import numpy as np
import pytest

from models.clean import clean
from models.segment import segment
from models.select import cross_document_support, mmr_select
from models.types import Article
from tests.fakes import HashingEncoder


def _setup(articles):
    sentences = clean(articles, segment(articles)).sentences
    return sentences, HashingEncoder().encode([s.text for s in sentences])


def test_budget_is_never_exceeded_and_source_order_kept(seed_articles):
    sentences, emb = _setup(seed_articles)
    for budget in (20, 60, 120, 300):
        picks = mmr_select(sentences, emb, budget)
        assert picks
        assert sum(p.sentence.n_words for p in picks) <= budget
        keys = [(p.sentence.article_index, p.sentence.index) for p in picks]
        assert keys == sorted(keys)
        assert all(0.0 <= p.salience <= 1.0 for p in picks)


def test_repeated_sentences_are_not_both_selected():
    shared = "The central bank raised its main interest rate by half a point on Tuesday."
    a = Article(id="a", text=shared + " Analysts had expected a smaller increase this month.")
    b = Article(id="b", text=shared + " Markets in Asia fell sharply after the announcement.")
    sentences, emb = _setup([a, b])
    picks = mmr_select(sentences, emb, 200)
    texts = [p.sentence.text for p in picks]
    assert texts.count(shared) == 1


def test_sentences_reported_by_several_articles_are_most_salient():
    event = "The dam on the river failed overnight and flooded three villages downstream."
    others = [
        "A local bakery reopened after renovations with a new menu of pastries.",
        "The football club announced a new coach for the coming season today.",
        "Scientists described an unusual species of beetle found in a cave.",
    ]
    arts = [Article(id=f"a{i}", text=f"{event} {others[i]}") for i in range(3)]
    sentences, emb = _setup(arts)
    picks = mmr_select(sentences, emb, 15)
    assert [p.sentence.text for p in picks] == [event]


def test_cross_document_support_is_zero_for_a_single_article():
    emb = np.eye(3, dtype=np.float32)
    assert cross_document_support(emb, np.zeros(3, dtype=int)).tolist() == [0.0, 0.0, 0.0]


def test_cross_document_support_blocks_match_unblocked(monkeypatch):
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(50, 8)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    article_of = rng.integers(0, 4, size=50)
    whole = cross_document_support(emb, article_of)
    monkeypatch.setattr("models.select._BLOCK", 7)
    assert np.allclose(cross_document_support(emb, article_of), whole)


def test_invalid_diversity_is_rejected(seed_articles):
    sentences, emb = _setup(seed_articles)
    with pytest.raises(ValueError):
        mmr_select(sentences, emb, 100, diversity=1.5)
