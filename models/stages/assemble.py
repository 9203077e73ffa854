"""Assemble: the written sentences, the options applied, into the Summary."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Cited:
    """One bundle's summary sentences with their citations, before assembly: the mode they
    were written in, the selection to report, the warnings so far, the generator's usage, and
    grouped fusion's merge counts (None for other writers)."""

    mode: Mode
    sentences: tuple[SummarySentence, ...]
    selection: tuple[Selected, ...]
    warnings: tuple[str, ...]
    usage: dict[str, int]
    merges: dict[str, int] | None = None


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
        verb = "dropped" if options.drop_unsupported else "flagged"
        warnings.append(f"{unsupported} summary sentence(s) {verb} as unsupported")
        if options.drop_unsupported:
            sentences = [s for s in sentences if s.supported]
    text = join_sentences([s.text for s in sentences])
    n_words = count_words(text)
    if n_words < 0.8 * options.max_words and (sentences or not options.follows_up):
        warnings.append(
            f"summary has {n_words} words, under 80% of max_words={options.max_words}"
            + (" (the bundle has little distinct content)" if mode == "extractive" else "")
        )
    cited_ids = {c.article_id for s in sentences for c in s.citations}
    articles = job.articles
    usage_rows = tuple(
        ArticleUsage(id=a.id, used=a.id in cited_ids, duplicate_of=cleaned.duplicate_of.get(a.id))
        for a in articles
    )
    timer.ms["total"] = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        "summarized %d articles (%d chars) mode=%s words=%d in %.0f ms",
        len(articles),
        sum(len(a.text) for a in articles),
        mode,
        n_words,
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
