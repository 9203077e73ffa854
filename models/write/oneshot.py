"""One-shot fusion: the whole selection rewritten into one summary by a single generation, then
attributed sentence by sentence (``NEWSFUSE_FUSION=oneshot``, kept as the measured baseline;
grouped fusion is the default)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..generation.base import GenerationRequest, GenerationResult, Generator
from ..generation.prompts import PROMPT_OVERHEAD_TOKENS
from ..types import Article, Job, Selected


@dataclass(frozen=True)
class OneShot:
    """One bundle's one-shot summary as generated, and what generating it took
    (milliseconds in all and to the first token; how many bundles shared the generation)."""

    result: GenerationResult
    fuse_ms: float
    first_token_ms: float
    batch_size: int


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


def write_oneshot(
    bundles: Sequence[tuple[Job, Sequence[Selected]]], generator: Generator
) -> list[OneShot]:
    """One summary request per bundle (its job and the selection fitted to the prompt), all in
    one generation."""
    requests = [
        GenerationRequest(
            tuple(selection),
            {i: a.title for i, a in enumerate(job.articles) if a.title},
            job.options.max_words,
        )
        for job, selection in bundles
    ]
    started = time.perf_counter()
    results = generator.generate(requests)
    ms = round((time.perf_counter() - started) * 1000, 1)
    return [
        OneShot(
            result,
            ms if len(requests) > 1 else round(result.seconds * 1000, 1),
            # The prompt's share of "fuse" (until the first generated token).
            round(result.first_token_seconds * 1000, 1),
            len(requests),
        )
        for result in results
    ]
