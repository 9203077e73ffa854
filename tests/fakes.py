"""Deterministic stand-ins for the models, for unit-testing pipeline logic."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from models.generation.base import GenerationRequest, GenerationResult
from models.generation.length import finalize
from models.text import content_words


class HashingEncoder:
    """Bag of stemmed content words hashed into 256 dims, unit-normalised."""

    name = "hashing-encoder"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in content_words(text):
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[i, h % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


class EchoFuser:
    """A Generator that writes the selected sentences back (optionally plus a fixed extra
    sentence), one request at a time through ``fuse`` (the hook subclasses override)."""

    name = "echo-fuser"
    engine = "fake"
    device = "cpu"
    max_input_tokens = 4096
    max_batch = 1

    def __init__(self, extra: str = "") -> None:
        self.extra = extra
        self.requests: list[GenerationRequest] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        return [self.fuse(r) for r in requests]

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        self.requests.append(request)
        raw = " ".join(s.sentence.text for s in request.selected)
        if self.extra:
            raw = self.extra + " " + raw
        text = finalize(raw, request.max_words, truncated=False)
        return GenerationResult(text, raw, len(raw.split()), len(text.split()), 0.0)


class BatchingEchoFuser(EchoFuser):
    """An EchoFuser for an engine with batched generation: records the size of every batch
    it was given."""

    name = "batching-echo-fuser"
    max_batch = 4

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        self.batches.append(len(requests))
        return [EchoFuser.fuse(self, r) for r in requests]


class MergeFuser(EchoFuser):
    """For merge requests, writes the head sentence cut to the cap (plus ``extra`` words before
    the full stop, e.g. an invented number); summary requests are echoed as by EchoFuser."""

    name = "merge-fuser"

    def __init__(self, extra: str = "") -> None:
        super().__init__()
        self.merge_extra = extra
        self.batches: list[int] = []

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        if request.task != "merge":
            return super().fuse(request)
        self.requests.append(request)
        words = request.selected[0].sentence.text.rstrip(".!?\"'”").split()
        keep = request.max_words - len(self.merge_extra.split())
        raw = " ".join(words[:keep] + self.merge_extra.split()).rstrip(",;:") + "."
        return GenerationResult(raw, raw, 100, len(raw.split()), 0.0)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        self.batches.append(len(requests))
        return [self.fuse(r) for r in requests]
