"""The transformers engine: batched greedy generation on CPU or CUDA.

Every request of a ``generate`` call goes through one ``generate``: decoder-only prompts are
left-padded (transformers derives each row's positions from the attention mask, so a row reads
exactly as it would alone), encoder-decoder inputs right-padded. What the other engines apply per
sequence is applied here per row, in one processor and one stopping criterion:
- the repetition penalty (1.0 for a merge, ``repetition_penalty`` for a summary), over the row's
  own prompt and output, never its padding;
- end-of-text masked until :class:`LengthPolicy` allows it; the output-only n-gram ban;
- the row stops on end-of-text, at its own token cap or when its policy says so, and a stopped
  row is done: transformers pads it from then on and nothing here looks at it again.

Stop decisions read the text so far incrementally (``models.generation.incremental``: no decode and
re-segmentation of the whole output at every step). Greedy output is the same tokens as each
request generated alone.

Prompt-lookup decoding (the previous default for one request) drafts several tokens per step;
it does not batch and its stop logic needed a full decode per draft: dropped.

On CUDA the weights are bfloat16 where the GPU supports it (else float16); on CPU float32.
Attention does not go to cuDNN (it plans every new shape; ``cudnn_sdpa`` gives it back), and
one thread runs every generation. A static KV cache (``static_cache``), with which transformers
compiles the decoding step into CUDA graphs unless ``compile`` is off, is an option, off by
default: on an H200 it made a warm step of the 0.5B shape 4.5 ms instead of 24-37 ms, but each
new batch shape compiles for about 40 s (``NEWSFUSE_TORCH_*``: ``models.generation.registry``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import torch
from transformers import (
    LogitsProcessor,
    LogitsProcessorList,
    StoppingCriteria,
    StoppingCriteriaList,
)

from .base import GenerationRequest, GenerationResult, decoded_result
from .incremental import IncrementalText, LengthTracker
from .length import LengthPolicy, LengthState, max_new_tokens
from .prompts import prompt_ids

# Static-cache shapes are rounded up to these multiples, so a compiled step is reused.
_STATIC_BUCKET = 64


class _Row:
    """One request's generation: its tokens, text, length state and stop decision."""

    def __init__(
        self, tokenizer: Any, policy: LengthPolicy, max_new: int, ngram: int, history: list[int]
    ) -> None:
        self.policy, self.max_new, self.ngram = policy, max_new, ngram
        self.text = IncrementalText(tokenizer)
        self.length = LengthTracker()
        self.state = LengthState(0, 0, False, 0.0)
        self.out: list[int] = []
        self.finished = self.done = False
        # The n-gram ban reads the decoder's ids (for an encoder-decoder, its start token too).
        self._history = list(history)
        self._next: dict[tuple[int, ...], set[int]] = {}

    def push(self, token: int, eos_ids: Sequence[int]) -> None:
        self.out.append(token)
        if token in eos_ids:
            self.finished = self.done = True
            return
        self.state = self.length.state(self.text.append(token))
        h, n = self._history, self.ngram
        h.append(token)
        if n and len(h) >= n:
            self._next.setdefault(tuple(h[len(h) - n : len(h) - 1]), set()).add(token)
        self.done = len(self.out) >= self.max_new or self.policy.should_stop(self.state)

    def banned(self) -> set[int]:
        """What ``repeating_ngram_tokens(history, n)`` bans, from an index kept as it grows."""
        h, n = self._history, self.ngram
        if not n or len(h) < n:
            return set()
        return self._next.get(tuple(h[len(h) - n + 1 :]), set())


class _Rules(LogitsProcessor):
    """The per-row rules over a step's logits; :class:`_Stop` feeds the rows their tokens."""

    def __init__(
        self, rows: list[_Row], eos_ids: list[int], penalties: list[float], pads: list[int]
    ) -> None:
        self.rows, self.eos_ids = rows, eos_ids
        self.penalties, self.pads = penalties, pads

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        device = scores.device
        if any(p != 1.0 for p in self.penalties):
            # transformers' repetition penalty, per row; a row's left padding is pointed at its
            # last token, so the penalty reaches only its own tokens.
            pads = torch.tensor(self.pads, device=device)[:, None]
            own = torch.arange(input_ids.shape[1], device=device)[None, :] >= pads
            index = torch.where(own, input_ids, input_ids[:, -1:])
            penalty = torch.tensor(self.penalties, device=device, dtype=scores.dtype)[:, None]
            picked = scores.gather(1, index)
            scores.scatter_(1, index, torch.where(picked < 0, picked * penalty, picked / penalty))
        rows: list[int] = []
        cols: list[int] = []
        for i, row in enumerate(self.rows):
            if row.done:
                continue
            banned = list(row.banned())
            if self.eos_ids and not row.policy.allow_end(row.state):
                banned += self.eos_ids
            rows += [i] * len(banned)
            cols += banned
        if rows:
            scores[torch.tensor(rows, device=device), torch.tensor(cols, device=device)] = -math.inf
        return scores


class _Stop(StoppingCriteria):
    """Hands each row still generating its new token; a row is done from then on."""

    def __init__(self, rows: list[_Row], eos_ids: list[int]) -> None:
        self.rows, self.eos_ids = rows, eos_ids

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        for row, token in zip(self.rows, input_ids[:, -1].tolist(), strict=True):
            if not row.done:
                row.push(token, self.eos_ids)
        return torch.tensor([r.done for r in self.rows], device=input_ids.device)


def dtype_for(device: str) -> torch.dtype:
    """float32 on CPU; bfloat16 on a GPU that has it, else float16."""
    if device == "cpu":
        return torch.float32
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def _bucket(n: int) -> int:
    return -(-n // _STATIC_BUCKET) * _STATIC_BUCKET


class TransformersGenerator:
    """Greedy batched generation with transformers, decoder-only or encoder-decoder, from a
    Hugging Face directory (a packaged fuser prepared by ``newsfuse models prepare``, or local).

    ``max_batch``: the requests (bundles) the service gathers for one call; ``max_rows``: the
    most requests (a bundle's merges each count) one ``generate`` takes, more run in turn.
    """

    engine = "transformers"

    def __init__(
        self,
        path: str | Path,
        device: str = "cpu",
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        no_repeat_ngram: int = 4,
        name: str | None = None,
        max_batch: int = 1,
        max_rows: int = 64,
        static_cache: bool = False,
        compile: bool = True,
        cudnn_sdpa: bool = False,
    ) -> None:
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )

        self.path = Path(path)
        self.name = name or self.path.name
        self.device = device
        self.repetition_penalty = repetition_penalty
        self.no_repeat_ngram = no_repeat_ngram
        self.max_batch, self.max_rows = max_batch, max_rows
        self.static_cache, self.compile = static_cache, compile
        if device != "cpu" and not cudnn_sdpa:
            # cuDNN attention (torch's first choice on Hopper) plans each new shape: a decode
            # step (a new cache length) the first time each batch is seen took 70-90 ms more
            # per step (H200, 0.5B shape), 3-4x the warm time. Process-wide: the embedder too.
            torch.backends.cuda.enable_cudnn_sdp(False)
        # Every generation runs on this one thread, whichever thread asks: a compiled step's
        # CUDA graphs belong to the thread that recorded them (warm-up and the service's
        # inference thread differ).
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newsfuse-generate")
        config = AutoConfig.from_pretrained(self.path, local_files_only=True)
        self.is_encoder_decoder = bool(getattr(config, "is_encoder_decoder", False))
        cls = AutoModelForSeq2SeqLM if self.is_encoder_decoder else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        # Any: transformers' own annotations reject correct calls on the model (``to`` is typed
        # through functools.wraps, taking the device for ``self``; ``generate``'s self type
        # leaves out the class the Auto loaders return).
        self.model = cast(
            Any, cls.from_pretrained(self.path, dtype=dtype_for(device), local_files_only=True)
        )
        self.model.to(device).eval()
        context = getattr(config, "max_position_embeddings", None) or 1024
        self.max_input_tokens = min(max_input_tokens, int(context) // 2)
        self.prefix = "summarize: " if getattr(config, "model_type", "") == "t5" else ""
        gen = self.model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else self.tokenizer.eos_token_id
        self.eos_ids = [eos] if isinstance(eos, int) else list(eos or [])
        self.pad_id = self.tokenizer.pad_token_id
        if self.pad_id is None:
            self.pad_id = self.eos_ids[0] if self.eos_ids else 0
        start = gen.decoder_start_token_id
        self._start = [] if start is None else [int(start)]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Every request in one generation (``max_rows`` at a time); results in request order."""
        results: list[GenerationResult] = []
        for start in range(0, len(requests), self.max_rows):
            chunk = requests[start : start + self.max_rows]
            results += self._thread.submit(self._generate_rows, chunk).result()
        return results

    def _inputs(self, prompts: list[list[int]]) -> tuple[dict[str, torch.Tensor], list[int]]:
        """Padded ids and attention mask (decoder-only: left, encoder-decoder: right), and each
        row's padding on the decoder's side."""
        width = max(len(p) for p in prompts)
        if self.static_cache:
            width = _bucket(width)
        if self.is_encoder_decoder:
            pads = [0] * len(prompts)
            ids = [p + [self.pad_id] * (width - len(p)) for p in prompts]
            mask = [[1] * len(p) + [0] * (width - len(p)) for p in prompts]
        else:
            pads = [width - len(p) for p in prompts]
            ids = [[self.pad_id] * n + p for n, p in zip(pads, prompts, strict=True)]
            mask = [[0] * n + [1] * len(p) for n, p in zip(pads, prompts, strict=True)]
        tensors = {
            "input_ids": torch.tensor(ids, dtype=torch.long, device=self.device),
            "attention_mask": torch.tensor(mask, dtype=torch.long, device=self.device),
        }
        return tensors, pads

    def _generate_rows(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        started = time.perf_counter()
        prompts = [
            prompt_ids(
                self.tokenizer,
                r,
                encoder_decoder=self.is_encoder_decoder,
                prefix=self.prefix,
                max_input_tokens=self.max_input_tokens,
            )
            for r in requests
        ]
        rows = [
            _Row(
                self.tokenizer,
                r.length_policy(),
                max_new_tokens(r.max_words),
                self.no_repeat_ngram,
                self._start if self.is_encoder_decoder else [],
            )
            for r in requests
        ]
        inputs, pads = self._inputs(prompts)
        penalties = [r.repetition_penalty(self.repetition_penalty) for r in requests]
        longest = max(row.max_new for row in rows)
        kwargs: dict[str, Any] = {
            "do_sample": False,
            "num_beams": 1,
            "max_new_tokens": _bucket(longest) if self.static_cache else longest,
            "repetition_penalty": 1.0,  # per row, in _Rules
            "logits_processor": LogitsProcessorList([_Rules(rows, self.eos_ids, penalties, pads)]),
            "stopping_criteria": StoppingCriteriaList([_Stop(rows, self.eos_ids)]),
            "pad_token_id": self.pad_id,
            "eos_token_id": self.eos_ids or None,
        }
        if self.static_cache:
            kwargs["cache_implementation"] = "static"
            kwargs["disable_compile"] = not self.compile
        first_forward: list[float] = []  # the prompts' forward pass ends the first token's wait
        hook = self.model.register_forward_hook(
            lambda *_: first_forward.append(time.perf_counter()) if not first_forward else None
        )
        try:
            with torch.inference_mode():
                self.model.generate(**inputs, **kwargs)
        finally:
            hook.remove()
        seconds = time.perf_counter() - started
        first = (first_forward[0] if first_forward else started) - started
        return [
            decoded_result(self.tokenizer, r, len(p), row.out, row.finished, seconds, first)
            for r, p, row in zip(requests, prompts, rows, strict=True)
        ]
