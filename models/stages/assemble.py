"""Assemble: the written sentences, the options applied, into the Summary."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .. import warnings as W
from ..text import count_words, join_sentences
from ..types import (
    ArticleUsage,
    CleanedBundle,
    Job,
    Mode,
    ModelInfo,
    Selected,
    Summary,
    SummarySentence,
)
from .timer import Timer

logger = logging.getLogger(__name__)

# An article with at least this share of its body's sentences in a writer's voice reads as a
# column, a review or a blog post (:attr:`.types.CleanedBundle.voice`): blind readers struck
# 60 % of the summary sentences taken from such articles, 34 % of those from articles with none
# (benchmarks/RESULTS.md, round 8).
OPINION_ARTICLE = 0.1
# More than this share of a summary's words from such articles, and the summary warns
# (``opinion_sources``): 12 of the 120 dev summaries at 230 words; in eight blind readings one
# of 23 readings of those was publishable, against 42 of 189 for the rest (round 19).
OPINION_SHARE = 0.5


@dataclass(frozen=True)
class Cited:
    """One bundle's summary sentences with their citations, before assembly: the mode they
    were written in, the selection to report, the warnings so far, the generator's usage, and
    grouped fusion's merge counts (None for other writers)."""

    mode: Mode
    sentences: tuple[SummarySentence, ...]
    selection: tuple[Selected, ...]
    warnings: tuple[W.SummaryWarning, ...]
    usage: dict[str, int]
    merges: dict[str, int] | None = None
    # The mode the reader gets, when not ``mode``: extractive where the fuser was asked but
    # wrote none of it (a bundle not in English keeps its sources' sentences verbatim).
    answered: Mode | None = None


def extractive_info(info: ModelInfo) -> ModelInfo:
    return ModelInfo(embedder=info.embedder, fuser="none", engine="extractive", device=info.device)


def assemble(
    job: Job,
    cleaned: CleanedBundle,
    cited: Cited,
    followup: dict[str, int],
    model_info: ModelInfo,
    timer: Timer,
    started: float,
) -> Summary:
    """Apply the options (drop or flag unsupported sentences), add the warnings an editor
    should see, and build the Summary (``model_info``: the models that ran)."""
    options, mode = job.options, cited.mode
    warnings = list(cited.warnings)
    sentences = list(cited.sentences)
    unsupported = sum(not s.supported for s in sentences)
    if unsupported:
        if options.drop_unsupported:
            warnings.append(W.unsupported_dropped(unsupported))
            sentences = [s for s in sentences if s.supported]
        else:
            warnings.append(W.unsupported_flagged(unsupported))
    text = join_sentences([s.text for s in sentences])
    n_words = count_words(text)
    if n_words < 0.8 * options.max_words and (sentences or not options.follows_up):
        warnings.append(W.short_summary(n_words, options.max_words, mode == "extractive"))
    share = opinion_share(sentences, [a.id for a in job.articles], cleaned.voice)
    if share > OPINION_SHARE:
        warnings.append(W.opinion_sources(share))
    cited_ids = {c.article_id for s in sentences for c in s.citations}
    articles = job.articles
    usage_rows = tuple(
        ArticleUsage(id=a.id, used=a.id in cited_ids, duplicate_of=cleaned.duplicate_of.get(a.id))
        for a in articles
    )
    timer.ms["total"] = round((time.perf_counter() - started) * 1000, 1)
    answered = cited.answered or mode
    logger.info(
        "summarized %d articles (%d chars) mode=%s words=%d warnings=%s in %.0f ms",
        len(articles),
        sum(len(a.text) for a in articles),
        answered,
        n_words,
        ",".join(W.codes(warnings)) or "-",
        timer.ms["total"],
    )
    fusion: dict[str, int] = {}
    if cited.merges is not None and mode == "abstractive":
        fusion = {"groups": len(sentences)}
        for method in ("fused", "fallback", "verbatim", "compressed"):
            fusion[method] = sum(s.method == method for s in sentences)
        fusion.update(cited.merges)
    return Summary(
        summary=text,
        mode=answered,
        sentences=tuple(sentences),
        selection=cited.selection if options.include_selection else (),
        articles=usage_rows,
        model=model_info if mode == "abstractive" else extractive_info(model_info),
        timings_ms=timer.ms,
        warnings=tuple(warnings),
        options=options,
        usage=cited.usage,
        fusion=fusion,
        followup=dict(followup),
    )


def usage_of(prompt_tokens: int, generated_tokens: int, batch_size: int) -> dict[str, int]:
    """The Summary's usage: tokens in and out, and the batch size when it was shared.

    Example:
        >>> usage_of(120, 40, 1), usage_of(120, 40, 4)["batch_size"]
        ({'prompt_tokens': 120, 'generated_tokens': 40}, 4)
    """
    usage = {"prompt_tokens": prompt_tokens, "generated_tokens": generated_tokens}
    if batch_size > 1:
        usage["batch_size"] = batch_size
    return usage


def opinion_share(
    sentences: Sequence[SummarySentence], article_ids: Sequence[str], voice: Mapping[int, float]
) -> float:
    """The share of the summary's words in sentences that cite only articles written as
    opinion (``voice``: each article's share of sentences in a writer's voice, by its index in
    ``article_ids``; :data:`OPINION_ARTICLE` or more); 0 for an empty summary. A sentence that
    cites a report too, or nothing, counts as a report's.

    Example:
        >>> from models.types import Citation
        >>> def said(text, *ids):
        ...     cites = tuple(Citation(i, 0, 0, 1, 1.0, "x") for i in ids)
        ...     return SummarySentence(text, True, 1.0, cites)
        >>> column = said("The mayor should resign at once.", "col")
        >>> both = said("The vote passed by five votes.", "col", "wire")
        >>> opinion_share([column, both], ["col", "wire"], {0: 0.3, 1: 0.0})
        0.5
        >>> unknown = said("The vote passed by five votes.", "gone")
        >>> opinion_share([column, unknown], ["col"], {0: 0.3}), opinion_share([], ["col"], {})
        (0.5, 0.0)
    """
    index = {article_id: i for i, article_id in enumerate(article_ids)}
    total = opinion = 0
    for s in sentences:
        words = count_words(s.text)
        total += words
        cited = {index[c.article_id] for c in s.citations if c.article_id in index}
        if cited and all(voice.get(i, 0.0) >= OPINION_ARTICLE for i in cited):
            opinion += words
    return opinion / total if total else 0.0
