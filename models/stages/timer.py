"""Milliseconds per stage, as the Summary reports them (``timings_ms``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Timer:
    """One bundle's stage timings, in the order the stages ran."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def run(self, stage: str, fn: Callable[[], T]) -> T:
        started = time.perf_counter()
        try:
            return fn()
        finally:
            self.ms[stage] = round((time.perf_counter() - started) * 1000, 1)
