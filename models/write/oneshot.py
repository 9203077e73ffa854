"""One-shot fusion: the whole selection rewritten into one summary by a single generation, then
attributed sentence by sentence (``NEWSFUSE_FUSION=oneshot``, kept as the measured baseline;
grouped fusion is the default)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from ..generation.base import GenerationRequest, Generator
from ..generation.prompts import PROMPT_OVERHEAD_TOKENS
from ..sentences import split_text
from ..stages.attribute import AttributionSettings, attribute
from ..stages.draft import Draft
from ..types import Article, Selected, SummarySentence


def fit_prompt(
    selection: list[Selected], articles: Sequence[Article], generator: Generator
) -> list[Selected]:
    """The most salient selected sentences whose tokens (with their articles' titles) fit
    the generator's input budget. The word budget assumes English; text with few spaces (CJK,
    long tokens) has many more tokens per word and would overflow the prompt."""
    budget = generator.max_input_tokens - PROMPT_OVERHEAD_TOKENS
    count = generator.count_tokens
    kept: list[Selected] = []
    titled: set[int] = set()
    used = 0
    for sel in sorted(selection, key=lambda x: -x.salience):
        a = sel.sentence.article_index
        cost = count(sel.sentence.text) + 4
        title = articles[a].title
        if title and a not in titled:
            cost += count(title) + 6
        if used + cost <= budget:
            kept.append(sel)
            used += cost
            titled.add(a)
    if not kept and selection:  # one sentence longer than the budget: the generator truncates
        kept = [max(selection, key=lambda x: x.salience)]
    return sorted(kept, key=lambda x: (x.sentence.article_index, x.sentence.index))


def write_oneshot(drafts: Sequence[Draft], generator: Generator) -> None:
    """One summary request per bundle, all in one generation; the result on each draft."""
    requests = [
        GenerationRequest(
            tuple(d.selection),
            {i: a.title for i, a in enumerate(d.articles) if a.title},
            d.options.max_words,
        )
        for d in drafts
    ]
    started = time.perf_counter()
    results = generator.generate(requests)
    ms = round((time.perf_counter() - started) * 1000, 1)
    for draft, result in zip(drafts, results, strict=True):
        draft.timer.ms["fuse"] = ms if len(requests) > 1 else round(result.seconds * 1000, 1)
        # The prompt's share of "fuse" (until the first generated token).
        draft.timer.ms["fuse_first_token"] = round(result.first_token_seconds * 1000, 1)
        draft.fusion = result
        if len(requests) > 1:
            draft.batch_size = len(requests)


def cite_fused(draft: Draft, attribution: AttributionSettings) -> list[SummarySentence]:
    """The one-shot summary's sentences, each attributed to the candidates that support it.
    Generated text with no usable sentence turns the draft extractive, with a warning."""
    result = draft.fusion
    assert result is not None and draft.cleaned is not None
    draft.record_usage(result.prompt_tokens, result.generated_tokens)
    texts = split_text(result.text) if result.text else []
    if not texts:
        draft.warnings.append("the fuser produced no usable text: extractive summary returned")
        draft.mode = "extractive"
        return []
    candidates, embeddings = draft.cleaned.sentences, draft.embeddings
    return draft.timer.run(
        "attribute",
        lambda: attribute(texts, draft.encoder.encode(texts), candidates, embeddings, attribution),
    )
