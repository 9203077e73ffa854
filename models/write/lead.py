"""The news first: which summary sentence leads.

The most salient sentence (MMR's first pick) is the most *central* one, and centrality favours
the most generic sentence ("Blinken met Xi") over the development ("the two sides agreed to
stabilise relations"). What an outlet puts in its headline and its first lines is its own
choice of the news. So a sentence's *agreement* is the mean cosine of its vector to each other
article's *opening*: the mean of the vectors of the article's headline (its ``title``, or a
heading among its first lines) and of its first :data:`OPENING_SENTENCES` candidates of at
least :data:`OPENING_MIN_WORDS` words (cleaning has taken datelines and page furniture away).
An article's own opening is left out, since it matches itself; a bundle of one article uses
its own.

By vector, though, a sentence agrees most with what it names: MiniLM weighs the names that
every sentence of a story carries, so the seed's "Xi and Blinken held a meeting" (0.76) beat
"China and the United States agreed to stabilize their rivalry" (0.68), while three of its
four headlines say "agree" and two "stabilize". So a sentence's agreement also counts, at
:data:`ECHO_WEIGHT`, how much of the bundle's headlines it says in words (:func:`echoes`),
each word weighed by its rarity among the candidates: the names count for little, the
headline's verb for much. It takes :data:`ECHO_MIN_HEADLINES` headlines: the dev clusters
carry no titles, and where one or two articles open with a heading-like line, it is as often
a byline or a caption.

The lead is the sentence of the highest :func:`lead_score`: its agreement, less a little for
each candidate before it in its article (news puts the development first; what cleaning took
away does not count), plus a little for each word up to :data:`LENGTH_CAP` (the development
with its specifics, not its headline). A sentence that opens with a quotation, or is mostly
one, leads only where every sentence does (:func:`speaks_first`), and one from deeper than its
article's first :data:`OPENS_WITHIN` sentences only where no sentence of the summary comes from
an article's opening (:func:`lead_order`): an article's first lines are written to stand alone,
later ones lean on them. Four blind readings of 80 summaries (tuning and held-out) struck 28 of
the 35 leads taken from deeper in an article (background, a teaser, "the airline", a bare
surname) and 7 of the 45 taken from an article's first two sentences.

Measured on dev clusters 0-11 and 36-83 (60 clusters, 230 words), the summary's first
sentence against the reference's first sentence, ROUGE-2 (abstractive / extractive): rank or
source order 5.26 / 5.71; agreement alone 6.01 / 5.83; this score 6.61 / 6.50. The best
sentence of each summary would score 11.56 / 10.75. The headline words (:func:`echoes`)
changed no summary of dev clusters 0-11 and 36-59 (their few heading-like first lines are
bylines and captions more often than headlines) and made the seed lead with the agreement.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from ..lexicon.grammar import STOPWORDS
from ..text import quoted_spans
from ..types import Sentence, Written

OPENING_SENTENCES = 2
OPENING_MIN_WORDS = 8
# A heading counts as the headline within an article's first lines.
HEADLINE_WITHIN = 3
POSITION_WEIGHT = 0.02  # per sentence before it in its article, up to POSITION_CAP
POSITION_CAP = 10
# A sentence among its article's first two leads before one from deeper in (module docstring).
OPENS_WITHIN = 2
LENGTH_WEIGHT = 0.004  # per word, up to LENGTH_CAP
LENGTH_CAP = 40
# A candidate's share of the other headlines' words (echoes), added to its agreement.
ECHO_WEIGHT = 0.3
ECHO_PREFIX = 5
ECHO_MIN_HEADLINES = 3
# A lead more than this share quoted (by characters) is a speaker's words (:func:`speaks_first`).
QUOTED_SHARE = 0.5

Key = tuple[int, int]  # (article index, sentence index)
_TOKEN = re.compile(r"[\w'’]+")
_INCH = re.compile(r'(?<=\d)"')
_CURLY_SINGLE = re.compile(r"‘[^‘’]*’")


class Standing(NamedTuple):
    """A candidate's :func:`agreement` and its rank among its article's candidates (0: the
    first that cleaning kept)."""

    agrees: float
    rank: int


def key(sentence: Sentence) -> Key:
    return (sentence.article_index, sentence.index)


def headlines(titles: Sequence[str | None], sentences: Sequence[Sentence]) -> dict[int, str]:
    """Each article's headline by article index: its title, else a heading among its first
    :data:`HEADLINE_WITHIN` segmented sentences (``sentences``: all of the bundle's); articles
    with neither are left out.

    Example:
        >>> from models.types import Sentence
        >>> heading = Sentence("b", 1, 0, 0, 9, "Talks end", is_heading=True)
        >>> headlines(["Deal agreed", None], [heading])
        {0: 'Deal agreed', 1: 'Talks end'}
    """
    out = {i: t for i, t in enumerate(titles) if t}
    for s in sentences:
        if s.is_heading and s.index < HEADLINE_WITHIN:
            out.setdefault(s.article_index, s.text)
    return out


def agreement(
    candidates: Sequence[Sentence],
    vectors: np.ndarray,
    headline_vectors: Mapping[int, np.ndarray] | None = None,
) -> dict[Key, Standing]:
    """Every candidate's agreement with the other articles' openings (module docstring) and
    its rank in its article, by :func:`key`; empty without candidates. ``vectors``: the
    candidates' unit rows; ``headline_vectors``: each article's headline as a unit row, by
    article index.

    Example:
        >>> from models.types import Sentence
        >>> def s(a, i, text):
        ...     return Sentence(f"a{a}", a, i, 0, len(text), text)
        >>> cands = [s(0, 0, "w " * 9), s(0, 1, "w " * 9), s(1, 0, "w " * 9)]
        >>> v = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
        >>> scores = agreement(cands, v)
        >>> scores[(0, 0)].agrees > scores[(0, 1)].agrees  # what article 1 opens with
        True
        >>> scores[(0, 1)].rank, scores[(1, 0)].rank
        (1, 0)
    """
    if not candidates:
        return {}
    headline_vectors = headline_vectors or {}
    by_article: dict[int, list[int]] = {}
    for i, s in enumerate(candidates):
        if s.n_words >= OPENING_MIN_WORDS:
            first = by_article.setdefault(s.article_index, [])
            if len(first) < OPENING_SENTENCES:
                first.append(i)
    for a in headline_vectors:
        by_article.setdefault(a, [])
    ranks: dict[int, int] = {}
    rank = []
    for s in candidates:
        rank.append(ranks.get(s.article_index, 0))
        ranks[s.article_index] = rank[-1] + 1
    if not by_article:
        return {key(s): Standing(0.0, r) for s, r in zip(candidates, rank, strict=True)}
    articles = sorted(by_article)
    rows: list[np.ndarray] = []
    for a in articles:
        opening = np.zeros(vectors.shape[1], dtype=np.float32)
        if by_article[a]:
            opening += vectors[by_article[a]].mean(axis=0)
        if a in headline_vectors:
            opening += headline_vectors[a]
        rows.append(opening)
    openings = np.stack(rows)
    openings /= np.maximum(np.linalg.norm(openings, axis=1, keepdims=True), 1e-12)
    sims = vectors @ openings.T  # (candidates, articles with an opening)
    column = {a: j for j, a in enumerate(articles)}
    out: dict[Key, Standing] = {}
    for i, s in enumerate(candidates):
        own = column.get(s.article_index)
        if own is None or len(articles) == 1:
            agrees = float(sims[i].mean())
        else:
            agrees = float((sims[i].sum() - sims[i, own]) / (len(articles) - 1))
        out[key(s)] = Standing(agrees, rank[i])
    return out


def _echo_terms(text: str) -> set[str]:
    """The words of ``text`` that :func:`echoes` compares: lower-cased, without a possessive,
    a hyphenated word as its parts ("Xi-Blinken"), no stopwords or words of one or two letters,
    each cut to its first :data:`ECHO_PREFIX` letters ("agreed" and "agreement" are both
    "agree")."""
    out = set()
    for token in _TOKEN.findall(text):
        word = token.strip("'’").lower()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) > 2 and word not in STOPWORDS:
            out.add(word[:ECHO_PREFIX])
    return out


def echoes(heads: Mapping[int, str], candidates: Sequence[Sentence]) -> list[float]:
    """How much of the bundle's headlines each candidate says, in words: for each distinct
    headline (``heads``: article index → headline; the same words twice count once), the share
    of the headline's word weight that the candidate has too, averaged over the headlines; all 0
    where fewer than :data:`ECHO_MIN_HEADLINES` distinct headlines are given (one or two are one
    or two outlets' choices, and a heading-like first line is as often a byline or a caption).
    A word weighs its rarity among the candidates (``log((n + 1) / (df + 1))``), so the names
    every sentence of the story carries count for little and the headline's verb (the seed's
    "agree to stabilize") for much. Every headline counts for every candidate, its own
    article's too: it is another text than the sentence, not the sentence itself.

    Example:
        >>> from models.types import Sentence
        >>> def s(a, text):
        ...     return Sentence(f"a{a}", a, 0, 0, len(text), text)
        >>> cands = [s(0, "Xi met Blinken in Beijing."), s(0, "Xi and Blinken agreed to calm ties")]
        >>> cands += [s(1, "Xi hosted Blinken."), s(1, "Blinken flew home.")]
        >>> heads = {0: "Xi, Blinken agree to calm ties", 1: "Blinken and Xi agree"}
        >>> echoes(heads | {2: "Blinken and Xi agree"}, cands)  # two distinct: too few
        [0.0, 0.0, 0.0, 0.0]
        >>> [round(e, 2) for e in echoes(heads | {2: "Deal struck"}, cands)]
        [0.0, 0.67, 0.0, 0.0]
    """
    distinct = {" ".join(h.lower().split()): h for h in heads.values()}
    if len(distinct) < ECHO_MIN_HEADLINES:
        return [0.0] * len(candidates)
    terms = [_echo_terms(c.text) for c in candidates]
    df = Counter(t for ts in terms for t in ts)
    n = len(candidates)
    heads_terms = [_echo_terms(h) for h in distinct.values()]
    idf = {t: math.log((n + 1) / (df[t] + 1)) for hs in heads_terms for t in hs}
    totals = [(hs, total) for hs in heads_terms if (total := sum(idf[t] for t in hs)) > 0]
    if not totals:
        return [0.0] * len(candidates)
    return [
        sum(sum(idf[t] for t in ts & hs) / total for hs, total in totals) / len(totals)
        for ts in terms
    ]


def speaks_first(text: str) -> bool:
    """Whether a speaker's words lead ``text``: it opens inside a quotation, or more than
    :data:`QUOTED_SHARE` of it is quoted. News does not lead with them: readers struck a lead
    that opened mid-quote ("'But that was ...,' X continued") and both leads that were mostly
    a quotation ("Speaking at a rally in Iowa, the President declared: “Somebody said why
    ...”", round 18).

    Example:
        >>> speaks_first("“We will rebuild,” the mayor said."), speaks_first("The mayor spoke.")
        (True, False)
        >>> speaks_first("The mayor said: ‘We will rebuild the bridge and the road by May.’")
        True
        >>> speaks_first('The storm dumped 12" of snow on Pine Hill, closing all its schools.')
        False
    """
    if text.lstrip()[:1] in ('"', "“", "‘", "'"):
        return True
    if text.count('"') % 2:  # an odd mark after a digit is an inch ("12\" of snow")
        text = _INCH.sub(" ", text)
    # a quotation in single curly marks is counted only where it closes and stands outside
    # another ("They wrote ‘fix it’ in red." inside a quotation is counted once)
    spans = sorted([*quoted_spans(text), *(m.span() for m in _CURLY_SINGLE.finditer(text))])
    covered, end = 0, 0
    for a, b in spans:
        covered += max(0, b - max(a, end))
        end = max(end, b)
    return covered > QUOTED_SHARE * len(text)


def lead_score(agrees: float, position: int, n_words: int) -> float:
    """How well a sentence leads (module docstring): its :func:`agreement`, its rank in its
    article (the earliest of a fused sentence's sources) and its length in words.

    Example:
        >>> lead_score(0.5, 0, 20) > lead_score(0.5, 3, 20)
        True
    """
    return (
        agrees
        - POSITION_WEIGHT * min(position, POSITION_CAP)
        + LENGTH_WEIGHT * min(n_words, LENGTH_CAP)
    )


def lead_order(text: str, agrees: float, position: int, n_words: int) -> tuple[bool, bool, float]:
    """How ``text`` ranks as the lead, the highest first (both writers): narration before a
    quotation (:func:`speaks_first`), one of its article's first :data:`OPENS_WITHIN`
    sentences before one from deeper in, then its :func:`lead_score`.

    Example:
        >>> lead_order("Talks resumed.", 0.5, 1, 20) > lead_order("Talks resumed.", 0.9, 2, 20)
        True
    """
    return (not speaks_first(text), position < OPENS_WITHIN, lead_score(agrees, position, n_words))


def standings(
    titles: Sequence[str | None],
    sentences: Sequence[Sentence],
    candidates: Sequence[Sentence],
    vectors: np.ndarray,
    encode: Callable[[Sequence[str]], np.ndarray],
    *,
    repeats: Collection[int] = (),
    words: bool = True,
) -> dict[Key, Standing]:
    """Every candidate's :func:`agreement` with the other articles' openings, their headlines
    (``titles``, else a heading among the bundle's ``sentences``: :func:`headlines`) embedded
    with ``encode``; plus, with ``words`` (English stopwords: an English bundle),
    :data:`ECHO_WEIGHT` × its :func:`echoes` of the headlines of the articles not in
    ``repeats`` (article indices of near-duplicates of an earlier article)."""
    found = headlines(titles, sentences)
    order = sorted(found)
    rows = encode([found[a] for a in order]) if order else np.zeros((0, 0))
    agreed = agreement(candidates, vectors, {a: rows[j] for j, a in enumerate(order)})
    if not words:
        return agreed
    heads = {a: h for a, h in found.items() if a not in repeats}
    for c, echo in zip(candidates, echoes(heads, candidates), strict=True):
        agreed[key(c)] = agreed[key(c)]._replace(agrees=agreed[key(c)].agrees + ECHO_WEIGHT * echo)
    return agreed


def reading_order(
    written: Sequence[Written],
    candidates: Sequence[Sentence],
    standing: Mapping[Key, Standing] | None,
    parent: Mapping[int, int],
) -> list[Written]:
    """A grouped summary's sentences in reading order: the lead first (the unit whose head has
    the highest :func:`lead_score`, narration before a quotation; without ``standing``, the
    most salient unit; its length is its head's as the source has it, or the written text's
    where longer, so a head whose "officials said" or weekday was cut keeps the length that
    extractive mode reads: first-sentence ROUGE-2 on dev clusters 0-11 and 36-119 went from
    7.71 to 7.93, on 12-35 from 8.17 to 9.50, four leads changed, each to the news), then by
    position in the articles; a partner released from a group
    (``parent``: its rank → the group's rank) right after that group."""
    if not written:
        return []
    lead = min(written, key=lambda w: w.group.rank)
    if standing:

        def leads(w: Written) -> tuple[bool, bool, float, int]:
            head = standing[key(candidates[w.group.head])]
            first = min(standing[key(candidates[i])].rank for i in w.group.members)
            # the length of what the unit says: its head as the source has it, or the text as
            # written where a merge made it longer (a head compressed is no shorter news)
            n_words = max(w.n_words, candidates[w.group.head].n_words)
            return (*lead_order(w.text, head.agrees, first, n_words), -w.group.rank)

        lead = max(written, key=leads)

    def position(w: Written) -> tuple[int, int]:
        return (min(candidates[i].index for i in w.group.members), w.group.rank)

    order = [lead] + sorted((w for w in written if w is not lead), key=position)
    # A released partner is read right after its group: related facts together.
    released = [w for w in order if w.group.rank in parent]
    for w in sorted(released, key=lambda w: w.group.rank, reverse=True):
        group = [v for v in order if v.group.rank == parent[w.group.rank]]
        if group and w is not lead:
            order.remove(w)
            order.insert(order.index(group[0]) + 1, w)
    return order
