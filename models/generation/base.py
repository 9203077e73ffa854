"""The one interface to text generation: requests in, results out, in batches.

Two families of models sit behind it (:class:`Generator`):
- decoder-only instruct models (the default Qwen2.5 instruct), prompted through their chat template;
- encoder-decoder summarisers (BART, PEGASUS, T5, LED) from a mounted local directory.

Every engine takes a batch (``generate``); one that cannot batch runs its requests one at a
time and says so with ``max_batch = 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..types import Selected
from .length import LengthPolicy, finalize


@dataclass(frozen=True)
class GenerationRequest:
    """A generator's input: selected sentences (source order) and article titles by index.

    ``task`` is ``summary`` (one-shot: every selected sentence into one summary of about
    ``max_words``) or ``merge`` (grouped fusion: the sentences of one group, which report the
    same fact, into a single sentence of at most ``max_words``; greedy without repetition
    penalty, since copying names and numbers exactly is the point).
    """

    selected: tuple[Selected, ...]
    titles: dict[int, str]
    max_words: int
    task: Literal["summary", "merge"] = "summary"

    def repetition_penalty(self, default: float) -> float:
        return 1.0 if self.task == "merge" else default

    def length_policy(self) -> LengthPolicy:
        if self.task == "merge":
            return LengthPolicy(self.max_words, min_fraction=0.0, max_sentences=1)
        return LengthPolicy(self.max_words)


@dataclass(frozen=True)
class GenerationResult:
    text: str
    raw_text: str
    prompt_tokens: int
    generated_tokens: int
    seconds: float
    # Until the first generated token's logits: the prompt's share (benchmarks split on it).
    first_token_seconds: float = 0.0


class Generator(Protocol):
    name: str
    engine: str
    device: str
    max_input_tokens: int
    max_batch: int  # the most requests one generation takes

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Results in request order."""
        ...

    def count_tokens(self, text: str) -> int: ...


def decoded_result(
    tokenizer: Any,
    request: GenerationRequest,
    prompt_tokens: int,
    ids: Sequence[int],
    finished: bool,
    seconds: float,
    first_token_seconds: float,
) -> GenerationResult:
    """Generated token ids → GenerationResult: decoded, then cleaned and trimmed by ``finalize``
    (``finished``: generation ended with end-of-text, so the last sentence is complete)."""
    raw = tokenizer.decode(list(ids), skip_special_tokens=True)
    return GenerationResult(
        text=finalize(raw, request.max_words, truncated=not finished),
        raw_text=raw,
        prompt_tokens=prompt_tokens,
        generated_tokens=len(ids),
        seconds=seconds,
        first_token_seconds=max(0.0, first_token_seconds),
    )


def repeating_ngram_tokens(out: Sequence[int], n: int) -> list[int]:
    """Tokens that would make ``out`` repeat one of its own ``n``-grams (none when ``n`` is 0)."""
    if not n or len(out) < n:
        return []
    prefix = tuple(out[len(out) - n + 1 :])
    return [out[i + n - 1] for i in range(len(out) - n + 1) if tuple(out[i : i + n - 1]) == prefix]
