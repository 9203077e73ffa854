"""Articles about something else are left out before selection (models/stages/offtopic.py)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from models import Article, SummaryOptions
from models.stages.offtopic import article_means, off_topic
from models.types import Sentence


def bundle(
    directions: list[list[list[float]]], words: int = 8
) -> tuple[list[Sentence], np.ndarray]:
    """Sentences of ``words`` words, article by article, with the given vectors."""
    sentences, vectors = [], []
    for a, rows in enumerate(directions):
        for k, v in enumerate(rows):
            text = " ".join(["word"] * words)
            sentences.append(Sentence(f"a{a}", a, k, 0, len(text), text))
            vectors.append(v)
    return sentences, np.array(vectors, dtype=np.float32)


STORY = [[1.0, 0.1, 0.0], [0.9, 0.0, 0.2]]
ELSEWHERE = [[0.0, 0.0, 1.0], [0.1, 0.0, 1.0]]


def test_the_article_far_from_the_rest_is_off_topic():
    sentences, vectors = bundle([STORY, STORY, STORY, ELSEWHERE])
    assert off_topic(sentences, vectors) == {3}


def test_two_articles_never_say_which_is_the_stranger():
    sentences, vectors = bundle([STORY, ELSEWHERE])
    assert off_topic(sentences, vectors) == set()


def test_a_bundle_of_unlike_articles_is_a_broad_story_and_loses_none():
    # Three subjects, one article each: every one is far from the rest.
    a, b, c = [[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0]]
    sentences, vectors = bundle([a, b, c])
    assert off_topic(sentences, vectors) == set()
    # Four articles, two of them strangers to the rest and to each other: half, both go.
    sentences, vectors = bundle([STORY, STORY, ELSEWHERE, [[0.0, 1.0, 0.0]]])
    assert off_topic(sentences, vectors) == {2, 3}
    # Four strangers among six is more than half: none goes.
    strangers = [ELSEWHERE, [[0.0, 1.0, 0.0]], [[0.0, -1.0, 0.0]], [[-1.0, 0.0, 0.0]]]
    sentences, vectors = bundle([STORY, STORY, *strangers])
    assert off_topic(sentences, vectors) == set()


def test_nothing_is_left_out_of_a_bundle_on_one_story():
    sentences, vectors = bundle([STORY, STORY[::-1], [[1.0, 0.2, 0.1]]])
    assert off_topic(sentences, vectors) == set()


def test_short_sentences_do_not_place_an_article_that_has_long_ones():
    # An article whose long sentences are on the story and whose label lines are not.
    story, _ = bundle([STORY], words=8)
    labels, _ = bundle([ELSEWHERE], words=2)
    sentences = story + [replace(s, index=2 + k) for k, s in enumerate(labels)]
    vectors = np.array(STORY + ELSEWHERE, dtype=np.float32)
    means = article_means(sentences, vectors, min_words=6)
    assert float(means[0] @ np.array([0.0, 0.0, 1.0])) < 0.2
    # With only short sentences, they place it.
    means = article_means(labels, np.array(ELSEWHERE, dtype=np.float32), min_words=6)
    assert float(means[0] @ np.array([0.0, 0.0, 1.0])) > 0.9


# An encyclopedia-style page about another subject, written for this test.
GARDENING = Article(
    id="garden-wiki",
    text=(
        "Zucchini is a summer squash that grows on a bushy plant in warm soil. "
        "The fruit is usually harvested when it is about twenty centimetres long. "
        "Gardeners sow the seeds outdoors once the risk of frost has passed in late spring. "
        "Each plant needs a square metre of space and regular watering during dry spells. "
        "The flowers can be stuffed with soft cheese and fried in a light batter. "
        "Powdery mildew is a common disease of the leaves late in the season."
    ),
)


@pytest.mark.real
def test_a_page_about_another_subject_is_left_out_with_the_real_embedder(
    real_pipeline, seed_articles
):
    options = SummaryOptions(mode="extractive", max_words=230)
    summary = real_pipeline.summarize([*seed_articles, GARDENING], options)
    index = len(seed_articles)
    warnings = {w.code: w.message for w in summary.warnings}
    assert f"articles[{index}]" in warnings["off_topic_ignored"]
    assert all(c.article_id != GARDENING.id for s in summary.sentences for c in s.citations)
    # The seed bundle alone is one story: nothing is left out.
    alone = real_pipeline.summarize(seed_articles, options)
    assert "off_topic_ignored" not in {w.code for w in alone.warnings}


REPORTS = [
    "The council voted on the harbour budget on Monday after a long debate. "
    "Members approved the harbour budget by nine votes to four.",
    "The harbour budget pays for new cranes and a deeper channel for ships. "
    "The council approved it on Monday, nine votes to four, after hours of debate.",
    "Four council members voted against the harbour budget on Monday. "
    "The mayor said the new cranes in the harbour budget would bring more ships.",
]


def test_the_pipeline_leaves_the_stranger_out_and_says_so(fake_pipeline):
    """With the fake hashing encoder: three reports of one vote and a gardening page."""
    articles = [Article(id=f"r{i}", text=text) for i, text in enumerate(REPORTS)]
    articles.insert(1, GARDENING)
    options = SummaryOptions(mode="extractive", max_words=120)
    summary = fake_pipeline.summarize(articles, options)
    (warning,) = [w for w in summary.warnings if w.code == "off_topic_ignored"]
    assert "articles[1] looks" in warning.message
    cited = {c.article_id for s in summary.sentences for c in s.citations}
    assert cited and GARDENING.id not in cited
    assert "offtopic" in summary.timings_ms
    # A focus ranks by its own relevance: nothing is left out.
    focused = fake_pipeline.summarize(articles, replace(options, focus="zucchini plants"))
    assert "off_topic_ignored" not in {w.code for w in focused.warnings}
