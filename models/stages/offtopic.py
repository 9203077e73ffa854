"""Articles about something else: left out before selection.

A bundle scraped from the web brings pages that are not the story: an encyclopedia entry beside
three reports on a celebrity's interview, a page of "latest headlines", an unrelated story
filed under the same link. Cross-document support ranks their sentences low, but not out: an
encyclopedia's "Fetal alcohol spectrum disorder is ..." still reached a summary about the
interview, and a reader strikes it as off-topic.

An article is off-topic when the mean of its sentence vectors is far from the mean of the other
articles' (cosine under ``OffTopic.cosine``). It takes at least ``min_articles`` articles to say
which one is the stranger (of two unlike articles, either may be the story), and where more than
half of them are that far from the rest none is left out: a bundle whose articles all differ is
a broad story, not one with strangers in it. Measured on dev clusters 0-119
(benchmarks/RESULTS.md, round 10): the articles under 0.20 were an encyclopedia entry, a page of
headlines, a three-line excerpt, two advertisements and a story on another subject; the closest
on-topic article, a comedian's own post about the story, sat at 0.27. The bar is MiniLM's: the
multilingual embedder puts a gardening page beside the seed's reports at 0.20 (MiniLM: -0.06),
so there it leaves out only the plainest strangers.

Example:
    >>> import numpy as np
    >>> from models.types import Sentence
    >>> texts = ["Rates rose again today.", "The bank raised its rates.", "Rates went up.",
    ...          "Zucchini cake is easy to bake."]
    >>> sentences = [Sentence(f"a{i}", i, 0, 0, len(t), t) for i, t in enumerate(texts)]
    >>> vectors = np.array([[1, 0], [0.9, 0.1], [1, 0.05], [0, 1]], dtype=np.float32)
    >>> sorted(off_topic(sentences, vectors, OffTopic(min_words=1)))
    [3]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..types import Sentence
from .embed import unit_rows


@dataclass(frozen=True)
class OffTopic:
    """When an article is about something else (see the module docstring)."""

    cosine: float = 0.20
    min_articles: int = 3
    # Sentences shorter than this say too little to place an article (a byline, a label);
    # an article with none of this length is placed by all of its sentences.
    min_words: int = 6
    # More than this share of the articles far from the rest: a broad story, none left out.
    max_share: float = 0.5


def article_means(
    sentences: Sequence[Sentence], vectors: np.ndarray, min_words: int
) -> dict[int, np.ndarray]:
    """Each article's (by index) mean sentence direction: the unit mean of its sentences' unit
    vectors, those of at least ``min_words`` words where it has any."""
    rows: dict[int, list[int]] = {}
    long: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        rows.setdefault(s.article_index, []).append(i)
        if s.n_words >= min_words:
            long.setdefault(s.article_index, []).append(i)
    unit = unit_rows(vectors)
    return {a: unit_rows(unit[long.get(a) or idx].mean(axis=0)[None])[0] for a, idx in rows.items()}


def off_topic(
    sentences: Sequence[Sentence], vectors: np.ndarray, settings: OffTopic | None = None
) -> set[int]:
    """The indices of the articles about something else (see the module docstring): none
    with fewer than ``min_articles`` articles, nor where more than ``max_share`` of them are
    that far (a broad story)."""
    settings = settings or OffTopic()
    means = article_means(sentences, vectors, settings.min_words)
    if len(means) < settings.min_articles:
        return set()
    closeness = {}
    for a, mean in means.items():
        rest = unit_rows(np.mean([m for b, m in means.items() if b != a], axis=0)[None])[0]
        closeness[a] = float(mean @ rest)
    far = {a for a, c in closeness.items() if c < settings.cosine}
    return far if len(far) <= settings.max_share * len(means) else set()
