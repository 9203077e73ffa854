"""The llama.cpp generation engine: the packaged Q4_K_M GGUF as is, batched greedy decoding on CPU.

The decode loop is ours, on llama.cpp's low-level API, so that
- several requests share one forward pass per step (one sequence id each in the KV cache), and
- each step's logits go through exactly the transformers reference path's rules (repetition
  penalty over prompt and output, end-of-text masked until 85% of the budget, the output-only
  4-gram ban, greedy choice, :class:`LengthPolicy` stops), in numpy.

Tokens come from the Hugging Face tokenizer prepared beside the GGUF (its chat template renders
the prompt; the ids match llama.cpp's own tokenizer on this model).
llama-cpp-python's prompt-lookup draft was measured slower here (it needs logits for every
position), so there is none.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..device import llamacpp_repack_safe
from ..provision import GGUF_FILE
from .base import GenerationRequest, GenerationResult, decoded_result, repeating_ngram_tokens
from .length import LengthPolicy, LengthState, max_new_tokens
from .prepared import PreparedGenerator

# Room per sequence for the longest prompt (1,536 tokens of sources plus the instruction) and
# the longest generation (600 words: about 1,230 tokens with headroom).
SEQUENCE_TOKENS = 4096


@dataclass
class _Sequence:
    prompt: list[int]
    policy: LengthPolicy
    max_new: int
    repetition_penalty: float = 1.0
    out: list[int] = field(default_factory=list)
    finished: bool = False  # ended with end-of-text
    done: bool = False
    state: LengthState = field(default_factory=lambda: LengthState(0, 0, False, 0.0))

    def append(self, token: int, tokenizer: Any) -> None:
        self.out.append(token)
        self.state = LengthState.of(tokenizer.decode(self.out, skip_special_tokens=True))


def next_token(
    logits: np.ndarray,
    seq: _Sequence,
    eos_ids: Sequence[int],
    repetition_penalty: float,
    no_repeat_ngram: int,
) -> int:
    """Greedy choice under the reference path's rules (transformers' repetition penalty
    semantics, end-of-text mask, output-only n-gram ban)."""
    scores = logits.astype(np.float32, copy=True)
    if repetition_penalty != 1.0:
        seen = np.fromiter(set(seq.prompt) | set(seq.out), dtype=np.int64)
        seen = seen[seen < scores.shape[0]]
        picked = scores[seen]
        scores[seen] = np.where(
            picked < 0, picked * repetition_penalty, picked / repetition_penalty
        )
    if eos_ids and not seq.policy.allow_end(seq.state):
        scores[list(eos_ids)] = -np.inf
    banned = repeating_ngram_tokens(seq.out, no_repeat_ngram)
    if banned:
        scores[banned] = -np.inf
    return int(np.argmax(scores))


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class LlamaCppGenerator(PreparedGenerator):
    """Greedy, batched generation with llama.cpp from a directory made by
    ``provision.prepare(spec, "llamacpp")`` (the GGUF plus tokenizer files)."""

    engine = "llamacpp"
    device = "cpu"

    def __init__(
        self,
        path: str | Path,
        threads: int = 2,
        max_batch: int = 4,
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        no_repeat_ngram: int = 4,
        name: str | None = None,
    ) -> None:
        import llama_cpp
        from llama_cpp import _internals

        self._load_prepared(path, name, max_input_tokens, default_context=4096)
        self.max_batch = max_batch
        self.repetition_penalty = repetition_penalty
        self.no_repeat_ngram = no_repeat_ngram
        from llama_cpp._logger import set_verbose

        # llama.cpp's own log goes to stderr; keep its errors only (it never logs prompt text).
        set_verbose(False)
        llama_cpp.llama_backend_init()
        model_params = llama_cpp.llama_model_default_params()
        model_params.use_extra_bufts = llamacpp_repack_safe()
        self._model = _internals.LlamaModel(
            path_model=str(self.path / GGUF_FILE), params=model_params, verbose=False
        )
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = SEQUENCE_TOKENS * max_batch
        params.n_batch = SEQUENCE_TOKENS
        params.n_ubatch = 256
        params.n_seq_max = max_batch
        params.kv_unified = False
        params.n_threads = threads
        params.n_threads_batch = threads
        self._ctx = _internals.LlamaContext(model=self._model, params=params, verbose=False)
        self._batch = _internals.LlamaBatch(
            n_tokens=SEQUENCE_TOKENS, embd=0, n_seq_max=max_batch, verbose=False
        )
        self.n_vocab = self._model.n_vocab()
        # Prompt tokens whose KV each sequence id still holds: the next prompt that starts the
        # same way (every merge shares the system prompt and rules) decodes only the rest.
        self._cached: list[list[int]] = [[] for _ in range(max_batch)]
        eos = {*self._eos_ids(), self._model.token_eos(), self._model.token_eot()}
        self.eos_ids = sorted(i for i in eos if 0 <= i < self.n_vocab)

    def _logits(self, index: int) -> np.ndarray:
        pointer = self._ctx.get_logits_ith(index)
        return np.ctypeslib.as_array(pointer, shape=(self.n_vocab,)).copy()

    def _decode(self, rows: Sequence[tuple[int, int, int, bool]]) -> None:
        """One llama_decode over (token, position, sequence id, wants logits) rows."""
        batch = self._batch.batch
        batch.n_tokens = len(rows)
        for k, (token, pos, seq_id, logits) in enumerate(rows):
            batch.token[k] = token
            batch.pos[k] = pos
            batch.seq_id[k][0] = seq_id
            batch.n_seq_id[k] = 1
            batch.logits[k] = logits
        self._ctx.decode(self._batch)

    def next_token_logits(self, prompt: Sequence[int]) -> np.ndarray:
        """The model's logits for the token after ``prompt`` (one prompt pass, nothing kept):
        what a yes/no judgment by the model reads."""
        if not prompt or len(prompt) > SEQUENCE_TOKENS:
            raise ValueError(f"prompt of {len(prompt)} tokens")
        self._ctx.kv_cache_clear()
        self._cached = [[] for _ in self._cached]
        n = len(prompt)
        self._decode([(t, p, 0, p == n - 1) for p, t in enumerate(prompt)])
        return self._logits(n - 1)

    def token_logprobs(
        self, prefix: Sequence[int], texts: Sequence[Sequence[int]]
    ) -> list[np.ndarray]:
        """Each text's token log-probabilities after ``prefix`` (its KV decoded once, each
        text then decoded on top of it in one pass); nothing is kept in the cache. Scoring
        for word-graph fusion (``models.write.lmscore``), no generation."""
        if not prefix or len(prefix) + max(map(len, texts), default=0) > SEQUENCE_TOKENS:
            raise ValueError("prefix and texts exceed the context")
        self._ctx.kv_cache_clear()
        self._cached = [[] for _ in self._cached]
        n = len(prefix)
        self._decode([(t, p, 0, p == n - 1) for p, t in enumerate(prefix)])
        first = _log_softmax(self._logits(n - 1))
        out: list[np.ndarray] = []
        try:
            for ids in texts:
                self._ctx.kv_cache_seq_rm(0, n, -1)
                self._decode([(t, n + p, 0, True) for p, t in enumerate(ids)])
                rows = [first] + [_log_softmax(self._logits(k)) for k in range(len(ids) - 1)]
                out.append(np.array([row[t] for row, t in zip(rows, ids, strict=True)]))
        finally:
            self._ctx.kv_cache_clear()
        return out

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Generate up to ``max_batch`` requests together (more run in groups); request order."""
        results: list[GenerationResult] = []
        try:
            for start in range(0, len(requests), self.max_batch):
                results += self._generate_group(requests[start : start + self.max_batch])
        except BaseException:
            self._ctx.kv_cache_clear()  # the cache may hold a half-written sequence
            self._cached = [[] for _ in self._cached]
            raise
        return results

    def _generate_group(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        started = time.perf_counter()
        seqs = [
            _Sequence(
                prompt=self._prompt_ids(r),
                policy=r.length_policy(),
                repetition_penalty=r.repetition_penalty(self.repetition_penalty),
                max_new=max_new_tokens(r.max_words),
            )
            for r in requests
        ]
        for seq in seqs:
            if len(seq.prompt) >= SEQUENCE_TOKENS:
                raise ValueError(f"prompt of {len(seq.prompt)} tokens exceeds the context")
            seq.max_new = min(seq.max_new, SEQUENCE_TOKENS - len(seq.prompt))
        logits: dict[int, np.ndarray] = {}
        for i, seq in enumerate(seqs):  # prefill, one sequence at a time
            n = len(seq.prompt)
            keep = min(_common_prefix(self._cached[i], seq.prompt), n - 1)
            self._ctx.kv_cache_seq_rm(i, keep, -1)
            rows = [(t, p, i, p == n - 1) for p, t in enumerate(seq.prompt) if p >= keep]
            self._decode(rows)
            logits[i] = self._logits(len(rows) - 1)
            self._cached[i] = list(seq.prompt)
        first_token = time.perf_counter() - started
        while True:
            rows = []
            for i, seq in enumerate(seqs):
                if seq.done:
                    continue
                token = next_token(
                    logits[i], seq, self.eos_ids, seq.repetition_penalty, self.no_repeat_ngram
                )
                if token in self.eos_ids:
                    seq.finished = seq.done = True
                    continue
                seq.append(token, self.tokenizer)
                if len(seq.out) >= seq.max_new or seq.policy.should_stop(seq.state):
                    seq.done = True
                    continue
                rows.append((token, len(seq.prompt) + len(seq.out) - 1, i, True))
            if not rows:
                break
            self._decode(rows)
            for k, (_, _, i, _) in enumerate(rows):
                logits[i] = self._logits(k)
        for i, seq in enumerate(seqs):  # keep the prompts' KV, drop the generated tokens'
            self._ctx.kv_cache_seq_rm(i, len(seq.prompt), -1)
        seconds = time.perf_counter() - started
        return [
            decoded_result(
                self.tokenizer, r, len(seq.prompt), seq.out, seq.finished, seconds, first_token
            )
            for r, seq in zip(requests, seqs, strict=True)
        ]


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max()
    return shifted - np.log(np.exp(shifted).sum())
