"""The news first: which summary sentence leads, and the order of the rest.

The most salient sentence (MMR's first pick) is the most central one, and centrality favours
the most generic sentence ("Blinken met Xi") over the development ("the two sides agreed to
stabilise relations"). What an outlet puts in its headline and its first line is its own
choice of the news, so the lead is the sentence that states most of what the *other*
articles' headlines and first lines agree on (an article's ``title``, or without one a heading
at its top; and its first sentence that cleaning kept): what most of them report, in their
words. Then the rest follow by importance (rank), each sentence pulling in the next-ranked one
about the same facts (related facts together).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..lexicon import STOPWORDS
from ..text import content_words
from ..types import Article, Sentence

_TOKEN = re.compile(r"[^\W\d_]+")

# Words match on their first letters: "agree", "agreed" and "agreement", or "stabilise" and
# "stabilize", say the same in a headline and a sentence (a stemmer's "agre" and "agree" do not
# meet).
KEY_LETTERS = 5
QUOTES = "\"“”‘'«"
# An article without a title: its headline is a heading among its first lines.
HEADING_WITHIN = 3
# A sentence shares at least this share of the shorter one's content words with the sentence
# before it: it is about the same facts, and is read next (see :func:`importance_order`).
RELATED_SHARE = 0.3


def keys(text: str) -> set[str]:
    """The content words of ``text`` as headline keys: lower-cased, their first
    :data:`KEY_LETTERS` letters.

    Example:
        >>> sorted(keys("The US and China agreed to stabilize relations"))
        ['agree', 'china', 'relat', 'stabi']
    """
    out = set()
    for token in _TOKEN.findall(text.lower()):
        if len(token) > 2 and token not in STOPWORDS:
            out.add(token[:KEY_LETTERS])
    return out


def headline_words(
    articles: Sequence[Article], sentences: Sequence[Sentence], kept: Sequence[Sentence]
) -> list[frozenset[str]]:
    """Per article (by index), the keys (:func:`keys`) of its headline and its first line:
    ``title``, or without one a heading among its first :data:`HEADING_WITHIN` lines, and its
    first sentence that cleaning kept (not a page's "This article was added by the user").

    ``sentences``: every segmented sentence of the bundle (``CleanedBundle.all_sentences``);
    ``kept``: those cleaning kept (``CleanedBundle.sentences``).

    Example:
        >>> a = Article(id="a", text="US, China agree to stabilise ties\\nBlinken met Xi.")
        >>> from models.sentences import segment_article
        >>> s = segment_article(a)
        >>> sorted(headline_words([a], s, s[1:])[0])
        ['agree', 'blink', 'china', 'met', 'stabi', 'ties']
    """
    out: list[set[str]] = [set() for _ in articles]
    heading: dict[int, Sentence] = {}
    for s in sentences:
        if s.is_heading and s.index < HEADING_WITHIN:
            heading.setdefault(s.article_index, s)
    first: dict[int, Sentence] = {}
    for s in kept:
        first.setdefault(s.article_index, s)
    for i, article in enumerate(articles):
        title = article.title or (heading[i].text if i in heading else "")
        for text in (title, first[i].text if i in first else ""):
            out[i] |= keys(text)
    return [frozenset(words) for words in out]


def lead_score(text: str, article_index: int, headlines: Sequence[frozenset[str]]) -> float:
    """How much of what the other articles' headlines and first lines agree on ``text``
    states: each key of ``text`` that at least two of them have (one, where there is only one)
    counts the headlines that have it; the sum is divided by their number. (The own article's
    headline is left out: an article's first line matches itself.)

    Example:
        >>> heads = [frozenset({"agree", "stabi", "ties"}), frozenset({"agree", "stabi", "met"})]
        >>> lead_score("Blinken and Xi agreed to stabilise ties.", 2, heads)
        2.0
        >>> lead_score("Blinken met Xi.", 2, heads)
        0.0
    """
    others = [h for i, h in enumerate(headlines) if i != article_index and h]
    if not others:
        others = [h for h in headlines if h]
    if not others:
        return 0.0
    need = min(2, len(others))
    counts = Counter(k for h in others for k in h)
    found = keys(text)
    return sum(n for k, n in counts.items() if n >= need and k in found) / len(others)


def can_lead(text: str) -> bool:
    """Whether ``text`` may open a summary: not a quotation (a quote opens on its speaker's
    words, not the news; read on the dev clusters: "That was a tremendous success last night
    ..." led a story on an election).

    Example:
        >>> can_lead('"We already know that smoking harms cells," she said.'), can_lead("Xi met.")
        (False, True)
    """
    return text.lstrip()[:1] not in QUOTES


def importance_order(texts: Sequence[str]) -> list[int]:
    """Indices of ``texts`` (given by importance, the first the lead) in reading order: the
    lead, then each time the most important sentence left that is about the same facts as the
    one just read (:data:`RELATED_SHARE`), else the most important left.

    Example:
        >>> importance_order(["Xi met Blinken.", "Rain fell in Paris.", "Xi hosted Blinken."])
        [0, 2, 1]
    """
    if not texts:
        return []
    words = [content_words(t) for t in texts]
    order = [0]
    left = list(range(1, len(texts)))
    while left:
        last = words[order[-1]]
        related = [
            i
            for i in left
            if len(words[i] & last) / max(1, min(len(words[i]), len(last))) >= RELATED_SHARE
        ]
        nxt = related[0] if related else left[0]
        order.append(nxt)
        left.remove(nxt)
    return order
