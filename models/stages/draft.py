"""One bundle on its way through the pipeline: what each stage and writer adds to it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..types import Article, CleanedBundle, Selected, SummaryOptions

T = TypeVar("T")


class Timer:
    """Milliseconds per stage, as the Summary reports them."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def run(self, stage: str, fn: Callable[[], T]) -> T:
        started = time.perf_counter()
        try:
            return fn()
        finally:
            self.ms[stage] = round((time.perf_counter() - started) * 1000, 1)


def _no_usage() -> dict[str, int]:
    return {"prompt_tokens": 0, "generated_tokens": 0}


@dataclass
class Draft:
    """One bundle between preparation, writing and assembly."""

    articles: Sequence[Article]
    options: SummaryOptions
    timer: Timer
    started: float
    warnings: list[str] = field(default_factory=list)
    cleaned: CleanedBundle | None = None
    embeddings: Any = None
    selection: list[Selected] = field(default_factory=list)
    mode: str = "extractive"
    fusion: Any = None  # one-shot fusion's GenerationResult
    batch_size: int = 1
    composer: Any = None  # grouped fusion's state (models.write.grouped.Composer)
    prompt_tokens: int = 0
    generated_tokens: int = 0
    encoder: Any = None  # the embedder chosen for this bundle's language(s)
    english: bool = True
    usage: dict[str, int] = field(default_factory=_no_usage)
    merges_tried: int = 0
    merges_failed: int = 0
    followup: dict[str, int] = field(default_factory=dict)  # a focus's or update's counts

    def record_usage(self, prompt_tokens: int, generated_tokens: int) -> None:
        """The Summary's usage: tokens in and out, and the batch size when it was shared."""
        self.usage = {"prompt_tokens": prompt_tokens, "generated_tokens": generated_tokens}
        if self.batch_size > 1:
            self.usage["batch_size"] = self.batch_size
