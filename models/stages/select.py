"""Selection: salient, non-redundant sentences across all articles, within a word budget.

Salience mixes three signals, each scaled to [0, 1]:
- *cross-document support*: how strongly the other articles say the same thing (mean over the
  other articles of the best cosine match there) - what several outlets report is the event;
- *centrality*: cosine to the bundle centroid (LexRank's idea at O(n) cost);
- *position*: news puts the key facts first (lead bias), so earlier sentences get a small bonus.
Less, for *voice*, the share of its article's sentences in a writer's voice (a column's or a
review's other sentences are opinion too: blind readers struck them about twice as often).
A focused summary mixes in a *prior* (:class:`Prior`: each sentence's relevance to the focus,
see :mod:`.followup`); a prior may *fade*: it ranks only the first picks (``Prior.picks``) or
the first share of the word budget (``Prior.budget_share``), then MMR goes on by salience
alone. Then MMR trades salience against similarity to what is already chosen, and takes a
sentence only if it adds a fact to what is chosen (:class:`FactRule`): a vector's distance
alone lets "Blinken met Xi on Monday" in beside "Blinken met Xi, who said ...".
Similarities are computed in row blocks, so memory stays O(block × n) rather than O(n²) on very
large bundles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import warnings as W
from ..text import Facts, content_words
from ..types import CleanedBundle, Selected, Sentence

# The sentences :func:`background` compares: the most central of the bundle.
BACKGROUND_TOP = 20
# Rows of the similarity matrix held at once: at most this many float32 cells (64 MB).
_BLOCK_CELLS = 16_000_000


@dataclass(frozen=True)
class FactRule:
    """Each fact once: a candidate about what a pick already says (cosine to it at least
    ``related``) is taken only if it adds a fact: ``min_new_words`` content words, or a name or
    number, that nothing chosen states. One that comes ``close`` to a pick must add more:
    ``close_new_names`` names or numbers and ``close_new_share`` of its content words new (the
    same event told again with a weekday added is still the same event). Measured on dev
    clusters 0-11 at 230 words (benchmarks/RESULTS.md, "Each fact once"): stricter (0.65, 2
    names, 0.6) removed no more pairs and cost 1.8 ROUGE-2."""

    related: float = 0.5
    close: float = 0.7
    min_new_words: int = 3
    close_new_share: float = 0.5
    close_new_names: int = 1

    def restates(self, cosine: float, facts: Facts, text: str) -> bool:
        """Whether ``text`` (``cosine`` to the closest pick) adds no fact to ``facts``.

        Example:
            >>> facts = Facts()
            >>> facts.add("Blinken met Xi Jinping in Beijing, and they agreed to stabilise ties.")
            >>> FactRule().restates(0.8, facts, "Blinken met Xi in Beijing on Monday.")
            True
            >>> FactRule().restates(0.6, facts, "China refused to restore military channels.")
            False
        """
        if cosine < self.related:
            return False
        words, names = facts.new_in(text)
        if cosine >= self.close:
            share = len(words) / max(1, len(content_words(text)))
            return not (len(names) >= self.close_new_names and share >= self.close_new_share)
        return not names and len(words) < self.min_new_words


@dataclass(frozen=True)
class SelectionWeights:
    support: float = 0.5
    centrality: float = 0.3
    position: float = 0.2
    # Candidates at least this similar to a chosen sentence are repeats, never chosen: at
    # cosine 0.70 two sentences mostly say one thing. Unless the bundle's own sentences are
    # that close: a narrow story (one study's findings) has its distinct facts at 0.7-0.8,
    # so the bar is at least ``duplicate_margin`` above the bundle's background
    # (:func:`background`). Measured on dev clusters 0-11 and 36-59 (benchmarks/RESULTS.md):
    # 0.85 left a pair >= 0.70 in 25-46 % of summaries.
    duplicate_threshold: float = 0.70
    duplicate_margin: float = 0.15
    # Sentences shorter than this many words carry too little to summarise from.
    min_words: int = 6
    # Each fact once (None: MMR's vectors alone decide).
    facts: FactRule | None = FactRule()
    # Salience lost per unit of an article's share of sentences in a writer's voice
    # (:data:`.voicerules.VOICE`): a column's or a review's sentences give way to reports. (A prior
    # of weight 1, an update's, ranks alone: there it changes nothing.)
    voice: float = 1.0


@dataclass(frozen=True)
class Prior:
    """Relevance in [0, 1] of every candidate (e.g. to a focus), mixed into salience:
    ``(1 - weight) × salience + weight × relevance``, rescaled to [0, 1].

    It fades when ``picks`` or ``budget_share`` is set: MMR ranks by the mix while fewer than
    ``picks`` sentences are chosen and fewer than ``budget_share`` × the budget's words are
    used, then by salience alone (None: no such limit; neither: the mix throughout)."""

    relevance: np.ndarray
    weight: float
    picks: int | None = None
    budget_share: float | None = None

    def applies(self, picked: int, used: int, max_words: int) -> bool:
        """Whether the mix still ranks the next pick, ``picked`` sentences (``used`` words of
        ``max_words``) already chosen.

        Example:
            >>> Prior(np.zeros(3), 0.7, picks=1).applies(1, 20, 120)
            False
        """
        if self.picks is not None and picked >= self.picks:
            return False
        return self.budget_share is None or used < self.budget_share * max_words

    @property
    def fades(self) -> bool:
        """Whether the mix ranks only the first picks (``picks`` or ``budget_share`` set)."""
        return self.picks is not None or self.budget_share is not None


def scale_to_unit(x: np.ndarray) -> np.ndarray:
    """``x`` rescaled to [0, 1] (all zeros when it is constant)."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    return np.zeros_like(x) if hi - lo < 1e-9 else (x - lo) / (hi - lo)


def cross_document_support(embeddings: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """For each sentence, the mean over *other* articles of its best cosine match there.

    With a single article every value is 0 (there is no other article to agree with).
    """
    n = embeddings.shape[0]
    articles = np.unique(article_of)
    out = np.zeros(n, dtype=np.float32)
    if len(articles) < 2:
        return out
    block = max(1, _BLOCK_CELLS // n)
    members = [article_of == a for a in articles]
    for lo in range(0, n, block):
        sims = embeddings[lo : lo + block] @ embeddings.T  # (block, n), never (n, n)
        best = np.stack([sims[:, m].max(axis=1) for m in members], axis=1)
        own = article_of[lo : lo + block]
        mask = articles[None, :] != own[:, None]
        out[lo : lo + block] = (best * mask).sum(axis=1) / mask.sum(axis=1)
    return out


def lead_prefix(sentences: Sequence[Sentence], per_article: int) -> tuple[Sentence, ...]:
    """Each article's first ``per_article`` sentences, in their original order."""
    taken: Counter[int] = Counter()
    kept = []
    for s in sentences:
        if taken[s.article_index] < per_article:
            kept.append(s)
            taken[s.article_index] += 1
    return tuple(kept)


def lead_candidates(sentences: Sequence[Sentence], limit: int) -> tuple[list[Sentence], int]:
    """At most ``limit`` sentences: the first ``q`` of every article, ``q`` as large as fits.

    Short articles keep everything and leave their share to long ones (water-filling), so a
    bundle of one 20,000-word live blog among short reports loses only the blog's tail.
    Returns the kept sentences in their original order and ``q``.

    Example:
        >>> kept, q = lead_candidates(sentences, 2000)  # doctest: +SKIP
    """
    per_article = Counter(s.article_index for s in sentences)
    if len(sentences) <= limit:
        return list(sentences), max(per_article.values(), default=0)
    lo, hi = 0, max(per_article.values())
    while lo < hi:  # the largest q with sum(min(n, q)) <= limit
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in per_article.values()) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return list(lead_prefix(sentences, lo)), lo


def cap_candidates(
    cleaned: CleanedBundle, per_article: int | None, limit: int, notes: list[W.SummaryWarning]
) -> CleanedBundle:
    """The candidates embedding will see: each article's first ``per_article`` (None: all),
    then at most ``limit`` in all by :func:`lead_candidates`, noting so in ``notes``."""
    candidates = cleaned.sentences
    if per_article is not None:
        candidates = lead_prefix(candidates, per_article)
        cleaned = replace(cleaned, sentences=candidates)
    if len(candidates) > limit:
        # Embedding is the cost that grows with the bundle: past the cap, each article
        # contributes its earliest sentences (news puts the key facts first).
        kept, most = lead_candidates(candidates, limit)
        notes.append(W.large_bundle(len(kept), len(candidates), most))
        candidates = tuple(kept)
        cleaned = replace(cleaned, sentences=candidates)
    return cleaned


def article_voice(sentences: Sequence[Sentence], shares: Mapping[int, float]) -> np.ndarray:
    """Each sentence's article's share of sentences in a writer's voice (``shares``, by
    article index: :attr:`models.types.CleanedBundle.voice`; 0 where absent).

    Example:
        >>> article_voice([Sentence("a", 1, 0, 0, 3, "Hi.")], {1: 0.25}).tolist()
        [0.25]
    """
    return np.array([shares.get(s.article_index, 0.0) for s in sentences], dtype=np.float32)


def salience(
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    weights: SelectionWeights,
    prior: Prior | None = None,
    voice: np.ndarray | None = None,
) -> np.ndarray:
    """Salience in [0, 1] for every sentence (see module docstring), ``prior`` mixed in;
    ``voice``, each sentence's article's share of sentences in a writer's voice, lowers it
    by ``weights.voice`` times that share."""
    if not sentences:
        return np.zeros(0, dtype=np.float32)
    article_of = np.array([s.article_index for s in sentences])
    support = cross_document_support(embeddings, article_of)
    centroid = embeddings.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    centrality = embeddings @ (centroid / norm) if norm > 0 else np.zeros(len(sentences))
    # Rank of the sentence among its article's candidates: 0 for the lead.
    rank = np.zeros(len(sentences))
    seen: dict[int, int] = {}
    for i, s in enumerate(sentences):
        rank[i] = seen.get(s.article_index, 0)
        seen[s.article_index] = int(rank[i]) + 1
    position = 1.0 / (1.0 + rank / 3.0)
    score = (
        weights.support * scale_to_unit(support)
        + weights.centrality * scale_to_unit(centrality)
        + weights.position * position
    )
    if voice is not None:
        score = score - weights.voice * voice
    if prior is not None:
        score = (1.0 - prior.weight) * scale_to_unit(score) + prior.weight * prior.relevance
    return scale_to_unit(score).astype(np.float32)


def background(embeddings: np.ndarray, top: int = BACKGROUND_TOP) -> float:
    """How alike the bundle's sentences are anyway: the mean cosine between the ``top``
    sentences closest to the centroid (0 for fewer than two).

    Example:
        >>> background(np.eye(3, dtype=np.float32))
        0.0
    """
    if len(embeddings) < 2:
        return 0.0
    centroid = embeddings.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0:
        return 0.0
    central = np.argsort(-(embeddings @ (centroid / norm)), kind="stable")[:top]
    sims = embeddings[central] @ embeddings[central].T
    k = len(central)
    return float((sims.sum() - np.trace(sims)) / (k * (k - 1)))


def repeat_bar(embeddings: np.ndarray, weights: SelectionWeights | None = None) -> float:
    """The cosine from which one sentence repeats another in this bundle: ``duplicate_threshold``,
    or ``duplicate_margin`` above the bundle's :func:`background` where that is higher.

    Example:
        >>> repeat_bar(np.eye(3, dtype=np.float32))
        0.7
    """
    weights = weights or SelectionWeights()
    return max(weights.duplicate_threshold, background(embeddings) + weights.duplicate_margin)


def mmr_rank(
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    max_words: int,
    diversity: float = 0.3,
    weights: SelectionWeights | None = None,
    prior: Prior | None = None,
    restated: dict[int, int] | None = None,
    voice: np.ndarray | None = None,
) -> tuple[list[int], np.ndarray]:
    """Maximal Marginal Relevance picks until ``max_words`` is filled, in the order picked
    (best first), and the salience of every sentence (``prior`` mixed in, when given: each pick
    the one it was ranked by, see :class:`Prior` for a fading one). A candidate that adds no
    fact to the picks (``weights.facts``) is refused, and so is a repeat of a pick (a cosine
    past ``duplicate_threshold``, see :class:`SelectionWeights`); ``restated``, when given,
    gets each refused candidate and each repeat mapped to the pick it restates (the closest;
    for a repeat, the first pick it repeats). ``voice``: see :func:`salience`.

    Example:
        >>> order, sal = mmr_rank(sentences, embeddings, max_words=120)  # doctest: +SKIP
    """
    weights = weights or SelectionWeights()
    if not 0.0 <= diversity <= 1.0:
        raise ValueError("diversity must be within [0, 1]")
    sal = salience(sentences, embeddings, weights, prior, voice)
    # A fading prior: the picks after it ranks go by salience alone.
    fades = prior is not None and prior.fades
    plain = salience(sentences, embeddings, weights, voice=voice) if fades else sal
    out = sal.copy() if fades else sal
    lengths = np.array([s.n_words for s in sentences], dtype=np.int64)
    eligible = (lengths >= weights.min_words) & (lengths <= max_words)
    # A bundle of only short sentences: better short ones than nothing.
    if not eligible.any():
        eligible = lengths <= max_words
    eligible = eligible.copy()
    chosen: list[int] = []
    facts = Facts()
    max_sim = np.zeros(len(sentences), dtype=np.float32)
    repeat = repeat_bar(embeddings, weights)
    used = 0
    while True:
        fits = eligible & (lengths <= max_words - used)
        fits &= max_sim < repeat
        if chosen:
            fits[chosen] = False
        if not fits.any():
            break
        focused = prior is not None and prior.applies(len(chosen), used, max_words)
        ranked_by = sal if focused or not fades else plain
        score = (1.0 - diversity) * ranked_by - diversity * max_sim
        score[~fits] = -np.inf
        best = int(np.argmax(score))
        if weights.facts is not None and chosen:
            sims = embeddings[chosen] @ embeddings[best]
            closest = int(np.argmax(sims))
            if weights.facts.restates(float(sims[closest]), facts, sentences[best].text):
                eligible[best] = False
                if restated is not None:
                    restated[best] = chosen[closest]
                continue
        out[best] = ranked_by[best]
        chosen.append(best)
        facts.add(sentences[best].text)
        used += sentences[best].n_words
        sims = embeddings @ embeddings[best]
        if restated is not None:  # a repeat of this pick corroborates it
            for j in np.flatnonzero((sims >= repeat) & (max_sim < repeat) & eligible):
                if int(j) != best:
                    restated.setdefault(int(j), best)
        max_sim = np.maximum(max_sim, sims)
    return chosen, out


def mmr_select(
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    max_words: int,
    diversity: float = 0.3,
    weights: SelectionWeights | None = None,
    prior: Prior | None = None,
    voice: np.ndarray | None = None,
) -> list[Selected]:
    """Pick sentences by Maximal Marginal Relevance until ``max_words`` is filled.

    Returns the picks in source order (article order, then sentence order); their total word
    count never exceeds ``max_words``. ``diversity`` in [0, 1] is MMR's redundancy weight.
    With a fading ``prior``, the picks it ranked are marked ``leads`` (written first).
    ``voice``: see :func:`salience`.

    Example:
        >>> picks = mmr_select(sentences, embeddings, max_words=120)  # doctest: +SKIP
    """
    chosen, sal = mmr_rank(sentences, embeddings, max_words, diversity, weights, prior, voice=voice)
    leads = set()
    if prior is not None and prior.fades:
        used = 0
        for picked, i in enumerate(chosen):  # replay the picks: which the prior still ranked
            if prior.applies(picked, used, max_words):
                leads.add(i)
            used += sentences[i].n_words
    chosen.sort(key=lambda i: (sentences[i].article_index, sentences[i].index))
    return [Selected(sentences[i], float(sal[i]), leads=i in leads) for i in chosen]
