"""Extractive baselines a newsroom would pick instead of newsfuse, cut to the same word budget.

- ``lead``: round-robin first sentences of each article.
- ``lexrank``, ``textrank``: sumy's summarizers (English stemmer and stop words), ranking every
  sentence of the bundle; the best go in until the budget is full.
- ``random``: sentences drawn at random (seeded), the floor.

Every baseline chooses among the same sentences newsfuse selects from (segmented and cleaned of
boilerplate by newsfuse), so the comparison is of selection, not of page cleaning; sumy's own
NLTK sentence splitter would also need data downloaded at run time.

Each returns the text of the chosen sentences, in bundle order, cut to ``budget`` words.
"""

from __future__ import annotations

import random as _random
from collections.abc import Sequence

from benchmarks.common import cut_words
from models import Article
from models.sentences import split_text
from models.stages.clean import clean
from models.stages.segment import segment


def _sentences(articles: Sequence[Article]) -> list[list[str]]:
    """Per article, its selectable sentences (boilerplate, headings and fragments removed)."""
    per_article: list[list[str]] = [[] for _ in articles]
    for s in clean(articles, segment(articles)).sentences:
        per_article[s.article_index].append(s.text)
    return per_article


def lead(articles: Sequence[Article], budget: int) -> str:
    per_article = _sentences(articles)
    picked: list[str] = []
    words = 0
    for depth in range(max((len(s) for s in per_article), default=0)):
        for sentences in per_article:
            if depth < len(sentences) and words < budget:
                picked.append(sentences[depth])
                words += len(sentences[depth].split())
    return cut_words(" ".join(picked), budget)


def random_sentences(articles: Sequence[Article], budget: int, seed: int = 0) -> str:
    flat = [s for sentences in _sentences(articles) for s in sentences]
    order = list(range(len(flat)))
    _random.Random(seed).shuffle(order)
    chosen: list[int] = []
    words = 0
    for i in order:
        if words >= budget:
            break
        chosen.append(i)
        words += len(flat[i].split())
    return cut_words(" ".join(flat[i] for i in sorted(chosen)), budget)


class _Tokenizer:
    """sumy's tokenizer interface over our sentence splitter and a plain word split."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_text(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return [w.strip(".,;:!?\"'()[]“”‘’") for w in sentence.split() if w.strip(".,;:!?\"'()")]


def sumy_summary(articles: Sequence[Article], budget: int, method: str) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    paragraphs = [
        Paragraph([Sentence(text, tokenizer) for text in sentences])
        for sentences in _sentences(articles)
        if sentences
    ]
    document = ObjectDocumentModel(paragraphs)
    base = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[method]

    class Rated(base):  # type: ignore[misc, valid-type]
        """Keeps sumy's rating of every sentence instead of its fixed-count selection."""

        rating: dict[object, float] = {}

        def _get_best_sentences(self, sentences, count, rating, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.rating = dict(rating)
            return ()

    summarizer = Rated(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    sentences = list(document.sentences)
    if sentences:
        summarizer(document, len(sentences))
    position = {id(s): i for i, s in enumerate(sentences)}
    # Best rated first (ties: earlier first) until the budget is full; then bundle order.
    best = sorted(sentences, key=lambda s: (-summarizer.rating.get(s, 0.0), position[id(s)]))
    chosen = []
    words = 0
    for sentence in best:
        if words >= budget:
            break
        chosen.append(sentence)
        words += len(str(sentence).split())
    chosen.sort(key=lambda s: position[id(s)])
    return cut_words(" ".join(str(s) for s in chosen), budget)


BASELINES = {
    "lead": lead,
    "lexrank": lambda a, b: sumy_summary(a, b, "lexrank"),
    "textrank": lambda a, b: sumy_summary(a, b, "textrank"),
    "random": random_sentences,
}
