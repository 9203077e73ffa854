"""Follow-ups: a summary focused on a question, and an update of what is new since.

Both change only which candidates selection sees and how it ranks them; grouping, fusion and
attribution run on the result as they always do.

- **Focus** (``options.focus``): the focus is embedded with the sentences' own encoder. A
  candidate's *relevance* mixes its cosine to the focus with the share of the focus's content
  words it contains (``focus_lexical_weight``): a one-word focus ("trade") is too short for
  the embedding alone, a sentence-long one needs no exact words. The bundle is about the focus
  when at least one candidate's relevance reaches ``focus_min_relevance``; when none does, the
  summary is empty with a warning, never an off-topic summary. Otherwise every candidate stays
  (``focus_floor``, 0, drops none) and the first pick is ranked by
  ``(1 - focus_weight) × salience + focus_weight × relevance`` (a :class:`~.select.Prior`); the
  focus then *fades* (``focus_fade_picks``, ``focus_fade_share``) and the rest is picked by
  salience alone: a per-candidate filter left too little to summarise on held-out clusters,
  and a focus ranking every pick over-concentrated on one fact.
- **Update** (``options.seen`` or ``options.previous_summary``): candidates come only from the
  articles not seen, so every citation points at a new article. Salience comes first: the
  candidates are ranked by selection's salience computed with the known sentences (the seen
  articles', or the previous summary's) beside them (:func:`context_salience`), so what the
  story is about ranks first. Novelty is a constraint: a candidate that only restates what is
  known (:func:`restates_known`) is out; none left: an empty summary and a warning. The earlier
  rule (``update_rule="novel"``: only candidates novel by cosine and a new name, ranked among
  themselves) picked sentences that were novel because they were odd.

The thresholds were measured on dev clusters 0-11 and checked on 12-35 by
``benchmarks/followups.py`` (benchmarks/RESULTS.md, "Follow-ups").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .. import warnings as W
from ..sentences import split_text
from ..text import content_words, specifics
from ..types import CleanedBundle, Sentence, SummaryOptions
from .embed import Encoder
from .select import Prior, SelectionWeights, lead_candidates, salience, scale_to_unit
from .timer import Timer

_WORD = re.compile(r"[\w'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class FollowupSettings:
    """The measured weights and thresholds (see module docstring)."""

    focus_weight: float = 0.9
    # The focus fades: it ranks only the first picks / the first share of the budget's words,
    # then selection goes on by salience alone (None: no such limit).
    focus_fade_picks: int | None = 1
    focus_fade_share: float | None = None
    focus_lexical_weight: float = 0.5
    # The bundle is related to the focus when some candidate's relevance reaches this.
    focus_min_relevance: float = 0.25
    # Candidates below this relevance are never chosen (0: none is dropped, the prior ranks).
    focus_floor: float = 0.0
    # Updates. "restates": a candidate is out when it only restates what the reader knows
    # (:func:`restates_known`); the rest are ranked by salience with the seen articles as
    # context (``update_context``). "novel": the earlier rule, only candidates novel by
    # ``novelty_cosine`` (and a new name or number) are kept, ranked among themselves.
    update_rule: Literal["restates", "novel"] = "restates"
    # A candidate at least this close to a known sentence, adding fewer than
    # ``restate_min_new_words`` content words and no name or number to everything known,
    # restates it.
    restate_cosine: float = 0.5
    restate_min_new_words: int = 1
    # Whether an update's salience is computed with the known sentences beside the candidates
    # (cross-document support and centrality over both: what the story is about).
    update_context: bool = True
    # Subtracted from that salience (in [0, 1]) times each candidate's best cosine to a known
    # sentence: MMR against what the reader knows (0: none). On clusters 0-11 / 36-59, 0.2
    # took the update from +0.46 / +0.28 to +0.53 / +0.61 ROUGE-2 over new-only.
    update_known_penalty: float = 0.2
    novelty_cosine: float = 0.6
    # Whether a novel candidate must also name a number, date or name the known text lacks.
    novelty_needs_specifics: bool = True


@dataclass(frozen=True)
class Candidates:
    """The embed stage's output: the sentences selection may pick and their vectors; for a
    focus, the prior that ranks them; for a focus or an update, its counts and, when nothing
    is left, the warning that says why."""

    sentences: tuple[Sentence, ...]
    vectors: np.ndarray
    prior: Prior | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warning: W.SummaryWarning | None = None


def known_terms(text: str) -> set[str]:
    """Every number, and every word lower-cased (possessive dropped), of ``text``: what
    :func:`new_specifics` checks a candidate's names and numbers against."""
    terms = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    for word in _WORD.findall(text):
        word = word.strip("'’-").lower()
        terms.add(word[:-2] if word.endswith(("'s", "’s")) else word)
    return terms


def new_specifics(text: str, known: set[str]) -> set[str]:
    """The names and numbers of ``text`` (:func:`models.text.specifics`) not in ``known``.

    Example:
        >>> sorted(new_specifics("The toll rose to 12 in Lyon.", known_terms("Nine died in Lyon.")))
        ['12']
    """
    return {t for t in specifics(text) if (t if t[:1].isdigit() else t.lower()) not in known}


def novel_mask(
    texts: Sequence[str],
    vectors: np.ndarray,
    known_texts: Sequence[str],
    known_vectors: np.ndarray,
    settings: FollowupSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Which candidates are novel against the known sentences (best cosine below
    ``novelty_cosine``, and a new name or number when ``novelty_needs_specifics``), and each
    one's best cosine to them. With nothing known, every candidate is novel."""
    if not len(known_texts) or not len(texts):
        return np.ones(len(texts), dtype=bool), np.zeros(len(texts), dtype=np.float32)
    best = (vectors @ known_vectors.T).max(axis=1)
    known = known_terms(" ".join(known_texts))
    novel = best < settings.novelty_cosine
    if settings.novelty_needs_specifics:
        novel &= np.array([bool(new_specifics(t, known)) for t in texts], dtype=bool)
    return novel, best


def focus_relevance(
    texts: Sequence[str], vectors: np.ndarray, focus: str, query: np.ndarray, lexical: float
) -> np.ndarray:
    """Each candidate's relevance to the focus in [0, 1]: ``(1 - lexical)`` × its cosine to
    the focus (clipped at 0) + ``lexical`` × the share of the focus's content words it holds.

    Example:
        >>> focus_relevance(["Tariffs on trade rose."], np.eye(2)[:1], "trade", np.eye(2)[1], 0.5)
        array([0.5], dtype=float32)
    """
    if not len(texts):
        return np.zeros(0, dtype=np.float32)
    cos = np.clip(vectors @ query, 0.0, 1.0)
    words = content_words(focus)
    share = np.array([len(words & content_words(t)) / len(words) if words else 0.0 for t in texts])
    return ((1.0 - lexical) * cos + lexical * share).astype(np.float32)


def focus_prior(
    relevance: np.ndarray,
    weight: float,
    picks: int | None = None,
    budget_share: float | None = None,
) -> Prior:
    """Relevance scaled to [0, 1] over the candidates, as a selection prior (fading after
    ``picks`` picks or ``budget_share`` of the budget, see :class:`~.select.Prior`)."""
    return Prior(scale_to_unit(relevance).astype(np.float32), weight, picks, budget_share)


def known_sentences(options: SummaryOptions, cleaned: CleanedBundle, limit: int) -> list[Sentence]:
    """What the reader already knows: every sentence of the seen articles (their headings
    too), at most ``limit`` (each article's first ones), or the previous summary's (as the
    sentences of one article of index -1, which no candidate has)."""
    if options.previous_summary is not None:
        return [
            Sentence("previous_summary", -1, i, 0, len(text), text)
            for i, text in enumerate(split_text(options.previous_summary))
        ]
    seen = set(options.seen)
    sentences = [s for s in cleaned.all_sentences if s.article_id in seen]
    return lead_candidates(sentences, limit)[0]


def restates_known(
    texts: Sequence[str],
    vectors: np.ndarray,
    known_texts: Sequence[str],
    known_vectors: np.ndarray,
    settings: FollowupSettings,
) -> np.ndarray:
    """Which candidates only restate what the reader knows: at least ``restate_cosine`` to a
    known sentence, no name or number the known text lacks (:func:`new_specifics`) and fewer
    than ``restate_min_new_words`` content words beyond it. Such a sentence is not news; one
    that is merely unusual is not news either, so this is a constraint, not a ranking.

    Example:
        >>> known = ["Nine people died in the floods in Lyon."]
        >>> restates_known(["Floods in Lyon: nine died.", "Nine died in Lyon; 40 were hurt."],
        ...                np.ones((2, 1)), known, np.ones((1, 1)), FollowupSettings()).tolist()
        [True, False]
    """
    out = np.zeros(len(texts), dtype=bool)
    if not len(known_texts) or not len(texts):
        return out
    best = (vectors @ known_vectors.T).max(axis=1)
    joined = " ".join(known_texts)
    terms, words = known_terms(joined), content_words(joined)
    for i, text in enumerate(texts):
        if best[i] >= settings.restate_cosine and not new_specifics(text, terms):
            out[i] = len(content_words(text) - words) < settings.restate_min_new_words
    return out


def context_salience(
    candidates: Sequence[Sentence],
    vectors: np.ndarray,
    known: Sequence[Sentence],
    known_vectors: np.ndarray,
) -> np.ndarray:
    """Each candidate's salience (:func:`~.select.salience`) computed with the known
    sentences beside the candidates: what several articles, seen ones included, report and
    what is central to the whole story ranks first, though only candidates can be picked."""
    both = [*candidates, *known]
    embeddings = np.vstack([vectors, known_vectors]) if len(known) else vectors
    return salience(both, embeddings, SelectionWeights())[: len(candidates)]


def embed_candidates(
    cleaned: CleanedBundle,
    options: SummaryOptions,
    encoder: Encoder,
    settings: FollowupSettings,
    limit: int,
    timer: Timer,
) -> Candidates:
    """The embed stage: the candidates (``cleaned.sentences``) embedded; for a focus or an
    update, narrowed too (:func:`follow_up`). ``limit``: most known sentences embedded."""
    if options.follows_up:
        return follow_up(cleaned, options, encoder, settings, limit, timer)
    texts = [s.text for s in cleaned.sentences]
    vectors = timer.run("embed", lambda: encoder.encode(texts))
    return Candidates(cleaned.sentences, vectors)


def follow_up(
    cleaned: CleanedBundle,
    options: SummaryOptions,
    encoder: Encoder,
    settings: FollowupSettings,
    limit: int,
    timer: Timer,
) -> Candidates:
    """The candidates of a focused or update summary, embedded and narrowed to those kept,
    with the focus's prior for selection (None without a focus), the counts, and a warning
    when none is kept."""
    seen = set(options.seen)
    candidates = [s for s in cleaned.sentences if s.article_id not in seen]
    updates = bool(options.seen or options.previous_summary)
    known = known_sentences(options, cleaned, limit) if updates else []
    texts = [s.text for s in [*candidates, *known]] + ([options.focus] if options.focus else [])
    vectors = timer.run("embed", lambda: encoder.encode(texts))
    return timer.run("followup", lambda: _narrow(options, candidates, vectors, known, settings))


def _narrow(
    options: SummaryOptions,
    candidates: list[Sentence],
    vectors: np.ndarray,
    known: list[Sentence],
    settings: FollowupSettings,
) -> Candidates:
    n = len(candidates)
    texts = [s.text for s in candidates]
    cand_vectors = vectors[:n]
    known_texts, known_vectors = [s.text for s in known], vectors[n : n + len(known)]
    keep = np.ones(n, dtype=bool)
    counts = {"candidates": n}
    ranking = None
    if options.seen or options.previous_summary is not None:
        if settings.update_rule == "novel":
            novel, _ = novel_mask(texts, cand_vectors, known_texts, known_vectors, settings)
        else:
            novel = ~restates_known(texts, cand_vectors, known_texts, known_vectors, settings)
            if settings.update_context:
                ranking = context_salience(candidates, cand_vectors, known, known_vectors)
                if settings.update_known_penalty and len(known):
                    best = (cand_vectors @ known_vectors.T).max(axis=1)
                    ranking = ranking - settings.update_known_penalty * best
        keep &= novel
        counts["novel"] = int(novel.sum())
    relevance = None
    if options.focus is not None:
        relevance = focus_relevance(
            texts,
            cand_vectors,
            options.focus,
            vectors[-1],
            settings.focus_lexical_weight,
        )
        related = relevance >= settings.focus_min_relevance
        counts["related"] = int(related.sum())
        # Nothing (new) reaches the threshold: the bundle is not about the focus.
        keep &= (relevance >= settings.focus_floor) & bool((related & keep).any())
    counts["kept"] = int(keep.sum())
    warning = None if keep.any() else _why_empty(counts)
    idx = np.flatnonzero(keep)
    prior = None
    if relevance is not None:
        prior = focus_prior(
            relevance[idx],
            settings.focus_weight,
            settings.focus_fade_picks,
            settings.focus_fade_share,
        )
    elif ranking is not None:
        # The update's salience in context ranks every pick (weight 1: selection's own
        # salience, among the kept candidates alone, does not enter).
        prior = Prior(scale_to_unit(ranking[idx]).astype(np.float32), 1.0)
    return Candidates(tuple(candidates[i] for i in idx), cand_vectors[idx], prior, counts, warning)


def _why_empty(counts: dict[str, int]) -> W.SummaryWarning:
    if not counts.get("novel", 1):
        return W.nothing_new()
    if not counts.get("related", 1):
        return W.focus_unrelated()
    return W.nothing_new_on_focus()
