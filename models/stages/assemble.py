"""Assemble: the written sentences, the options applied, into the Summary."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from ..text import count_words, join_sentences
from ..types import ArticleUsage, ModelInfo, Summary, SummarySentence
from .draft import Draft

logger = logging.getLogger(__name__)


def extractive_info(info: ModelInfo) -> ModelInfo:
    return ModelInfo(embedder=info.embedder, fuser="none", engine="extractive", device=info.device)


def assemble(draft: Draft, sentences: list[SummarySentence], model_info: ModelInfo) -> Summary:
    """Apply the options (drop or flag unsupported sentences), add the warnings an editor
    should see, and build the Summary (``model_info``: the pipeline's models)."""
    options, timer, warnings = draft.options, draft.timer, draft.warnings
    assert draft.cleaned is not None
    mode = draft.mode
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
    cited = {c.article_id for s in sentences for c in s.citations}
    articles = draft.articles
    usage_rows = tuple(
        ArticleUsage(id=a.id, used=a.id in cited, duplicate_of=draft.cleaned.duplicate_of.get(a.id))
        for a in articles
    )
    timer.ms["total"] = round((time.perf_counter() - draft.started) * 1000, 1)
    logger.info(
        "summarized %d articles (%d chars) mode=%s words=%d in %.0f ms",
        len(articles),
        sum(len(a.text) for a in articles),
        mode,
        n_words,
        timer.ms["total"],
    )
    fusion: dict[str, int] = {}
    if draft.composer is not None and mode == "abstractive":
        fusion = {"groups": len(sentences)}
        for method in ("fused", "fallback", "verbatim", "compressed"):
            fusion[method] = sum(s.method == method for s in sentences)
        fusion["merges_tried"] = draft.merges_tried
        fusion["merges_failed"] = draft.merges_failed
    return Summary(
        summary=text,
        sentences=tuple(sentences),
        selection=tuple(draft.selection) if options.include_selection else (),
        articles=usage_rows,
        model=replace(
            model_info if mode == "abstractive" else extractive_info(model_info),
            embedder=draft.encoder.name,
        ),
        timings_ms=timer.ms,
        warnings=tuple(warnings),
        options=options,
        usage=draft.usage,
        fusion=fusion,
        followup=dict(draft.followup),
    )
