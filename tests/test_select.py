from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.stages.clean import clean
from models.stages.segment import segment
from models.stages.select import (
    article_voice,
    cross_document_support,
    lead_candidates,
    mmr_select,
)
from models.types import Article, Sentence
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
    monkeypatch.setattr("models.stages.select._BLOCK_CELLS", 7 * 50)  # blocks of 7 rows
    assert np.allclose(cross_document_support(emb, article_of), whole)


def test_invalid_diversity_is_rejected(seed_articles):
    sentences, emb = _setup(seed_articles)
    with pytest.raises(ValueError):
        mmr_select(sentences, emb, 100, diversity=1.5)


# ------------------------------------------------------------------ properties

_sentence_words = st.lists(st.integers(min_value=1, max_value=80), min_size=1, max_size=60)


def _synthetic(lengths: list[int], n_articles: int, seed: int) -> tuple[list[Sentence], np.ndarray]:
    rng = np.random.default_rng(seed)
    sentences, counters = [], [0] * n_articles
    for i, n in enumerate(lengths):
        a = i % n_articles
        text = " ".join(["w"] * n)
        sentences.append(Sentence(f"a{a}", a, counters[a], 0, len(text), text))
        counters[a] += 1
    sentences.sort(key=lambda s: (s.article_index, s.index))
    emb = rng.normal(size=(len(sentences), 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return sentences, emb


@settings(max_examples=200, deadline=None)
@given(
    _sentence_words,
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=400),
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=0, max_value=2**16),
)
def test_selection_never_exceeds_its_budget(lengths, n_articles, budget, diversity, seed):
    sentences, emb = _synthetic(lengths, n_articles, seed)
    picks = mmr_select(sentences, emb, budget, diversity=diversity)
    assert sum(p.sentence.n_words for p in picks) <= budget
    assert len({(p.sentence.article_index, p.sentence.index) for p in picks}) == len(picks)
    if any(n <= budget for n in lengths):
        assert picks  # something fits, so something is chosen


@settings(max_examples=200, deadline=None)
@given(_sentence_words, st.integers(min_value=1, max_value=6), st.integers(1, 80))
def test_lead_candidates_keep_each_articles_first_sentences_within_the_limit(
    lengths, n_articles, limit
):
    sentences, _ = _synthetic(lengths, n_articles, 0)
    kept, q = lead_candidates(sentences, limit)
    assert len(kept) <= limit
    assert kept == [s for s in sentences if s in kept]  # original order
    for a in range(n_articles):
        mine = [s for s in sentences if s.article_index == a]
        taken = [s for s in kept if s.article_index == a]
        assert taken == mine[: len(taken)]  # a prefix: the lead
        assert len(taken) == min(len(mine), q)


def _unit_rows(rows: list[list[float]]) -> np.ndarray:
    v = np.array(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _two_facts_at(cosine: float, others: np.ndarray) -> np.ndarray:
    """Two sentences at ``cosine`` to each other (dims 0-1), then ``others``."""
    angle = np.arccos(cosine)
    pair = np.zeros((2, others.shape[1]), dtype=np.float32)
    pair[0, 0] = 1.0
    pair[1, 0], pair[1, 1] = np.cos(angle), np.sin(angle)
    return np.vstack([pair, others]).astype(np.float32)


def test_a_repeat_at_cosine_070_is_refused_in_a_broad_bundle_but_not_a_narrow_one():
    from dataclasses import replace

    from models.stages.select import SelectionWeights, background, mmr_rank

    words = ("storm", "flood", "bridge", "mayor", "train", "school", "rain", "river")
    words += ("court", "vote", "fire", "crowd")
    texts = [f"The {words[2 * i]} and the {words[2 * i + 1]} made news again." for i in range(6)]
    cands = [Sentence(f"a{i % 3}", i % 3, i, 0, len(t), t) for i, t in enumerate(texts)]
    cap_only = replace(SelectionWeights(), facts=None)  # the cap alone, not each fact once
    # Broad: the other four sentences are about other things (orthogonal dims 2-5).
    broad = _two_facts_at(0.74, np.eye(6, dtype=np.float32)[2:])
    assert background(broad) < 0.3
    order, _ = mmr_rank(cands, broad, 500, 0.0, cap_only)
    assert not {0, 1} <= set(order) and len(order) == 5  # the pair is one fact, read once
    restated: dict[int, int] = {}
    mmr_rank(cands, broad, 500, 0.0, cap_only, restated=restated)
    assert set(restated.items()) <= {(0, 1), (1, 0)} and restated  # and it corroborates
    # Narrow: every sentence is about one study, all at cosine 0.74 to each other: that is
    # the bundle's background, and six distinct findings are read.
    c = 0.74
    narrow = np.hstack([np.full((6, 1), np.sqrt(c)), np.sqrt(1 - c) * np.eye(6)])
    narrow = narrow.astype(np.float32)
    assert abs(background(narrow) - c) < 1e-5
    order, _ = mmr_rank(cands, narrow, 500, 0.0, cap_only)
    assert sorted(order) == list(range(6))


def test_a_columns_sentences_give_way_to_a_reports():
    """A column (its first sentence a reporter's "I", its last the reader addressed) and a
    wire report tell one vote: the column's account is the more central here, but the
    report's is chosen once each article's share of sentences in a writer's voice counts."""
    report = Article(
        id="wire",
        text="Work on the site of the new stadium begins next spring, the council said. "
        "The council approved the stadium plan on Tuesday by seven votes to two.",
    )
    column = Article(
        id="column",
        text="I have covered this council for a decade. The council approved the stadium "
        "plan on Tuesday after a long and bitter debate. You would think someone would ask "
        "who pays for it.",
    )
    articles = [report, column]
    cleaned = clean(articles, segment(articles))
    assert cleaned.voice == {0: 0.0, 1: pytest.approx(2 / 3)}
    sentences = cleaned.sentences
    emb = HashingEncoder().encode([s.text for s in sentences])

    def chosen(voice):
        return [p.sentence.article_id for p in mmr_select(sentences, emb, 16, voice=voice)]

    assert chosen(None) == ["column"]
    assert chosen(article_voice(sentences, cleaned.voice)) == ["wire"]
