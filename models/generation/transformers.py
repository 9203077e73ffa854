"""The transformers engine: the float32 (CPU) / float16 (CUDA) reference path, greedy with
prompt-lookup decoding, for decoder-only and encoder-decoder models; one request at a time."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .base import GenerationRequest, GenerationResult, decoded_result, repeating_ngram_tokens
from .length import LengthPolicy, LengthState, max_new_tokens
from .prompts import prompt_ids


class _GeneratedText:
    """Decodes the continuation once per length of ``input_ids`` and caches its state."""

    def __init__(self, tokenizer: Any, prompt_len: int) -> None:
        self.tokenizer = tokenizer
        self.prompt_len = prompt_len
        self._key = -1
        self._state = LengthState(0, 0, False, 0.0)

    def state(self, input_ids: Any) -> LengthState:
        if input_ids.shape[1] != self._key:
            ids = input_ids[0, self.prompt_len :]
            self._state = LengthState.of(self.tokenizer.decode(ids, skip_special_tokens=True))
            self._key = input_ids.shape[1]
        return self._state


def _length_controls(
    tokenizer: Any, prompt_len: int, eos_ids: Sequence[int], policy: LengthPolicy
) -> tuple[Any, Any]:
    """A logits processor masking end-of-text early, and a stopping criterion (LengthPolicy)."""
    import torch
    from transformers import LogitsProcessor, StoppingCriteria

    generated = _GeneratedText(tokenizer, prompt_len)

    class MinWords(LogitsProcessor):
        def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
            if eos_ids and not policy.allow_end(generated.state(input_ids)):
                scores[:, list(eos_ids)] = -math.inf
            return scores

    class StopInBand(StoppingCriteria):
        def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
            done = policy.should_stop(generated.state(input_ids))
            return torch.full(
                (input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device
            )

    return MinWords(), StopInBand()


def _no_repeat_ngram(prompt_len: int, n: int) -> Any:
    """Ban tokens that would repeat an ``n``-gram of the generated text itself.

    transformers' ``no_repeat_ngram_size`` also looks at the prompt, which would stop a
    decoder-only model from copying names and quotes out of its sources; this looks only at
    what the model wrote, where a repeat is a loop.
    """
    import torch
    from transformers import LogitsProcessor

    class NoRepeatInOutput(LogitsProcessor):
        def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
            for row in range(input_ids.shape[0]):
                banned = repeating_ngram_tokens(input_ids[row, prompt_len:].tolist(), n)
                if banned:
                    scores[row, banned] = -math.inf
            return scores

    return NoRepeatInOutput()


class TransformersGenerator:
    """Greedy generation with transformers, for decoder-only and encoder-decoder models.

    Decoder-only models use prompt-lookup decoding: summaries copy long spans of their sources,
    so drafting from the prompt accepts several tokens per forward pass with output identical to
    plain greedy decoding. There is no batched path: ``generate`` runs its requests one at a
    time (``max_batch`` 1).
    """

    engine = "transformers"
    max_batch = 1

    def __init__(
        self,
        path: str | Path,
        device: str = "cpu",
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        prompt_lookup_tokens: int = 10,
        no_repeat_ngram: int = 4,
        name: str | None = None,
    ) -> None:
        import torch
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
        self.prompt_lookup_tokens = prompt_lookup_tokens
        self.no_repeat_ngram = no_repeat_ngram
        config = AutoConfig.from_pretrained(self.path, local_files_only=True)
        self.is_encoder_decoder = bool(getattr(config, "is_encoder_decoder", False))
        dtype = torch.float32 if device == "cpu" else torch.float16
        cls = AutoModelForSeq2SeqLM if self.is_encoder_decoder else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        self.model = cls.from_pretrained(self.path, dtype=dtype, local_files_only=True)
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

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _encode(self, request: GenerationRequest) -> Any:
        import torch

        ids = prompt_ids(
            self.tokenizer,
            request,
            encoder_decoder=self.is_encoder_decoder,
            prefix=self.prefix,
            max_input_tokens=self.max_input_tokens,
        )
        return torch.tensor([ids], dtype=torch.long)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """One generation per request, in request order."""
        return [self._generate_one(r) for r in requests]

    def _generate_one(self, request: GenerationRequest) -> GenerationResult:
        import torch
        from transformers import LogitsProcessorList, StoppingCriteriaList

        started = time.perf_counter()
        input_ids = self._encode(request).to(self.device)
        prompt_len = 0 if self.is_encoder_decoder else int(input_ids.shape[1])
        processor, stopper = _length_controls(
            self.tokenizer, prompt_len, self.eos_ids, request.length_policy()
        )
        kwargs: dict[str, Any] = {
            "do_sample": False,
            # Headroom for repeats and markup that finalize() removes.
            "max_new_tokens": max_new_tokens(request.max_words),
            "repetition_penalty": request.repetition_penalty(self.repetition_penalty),
            "logits_processor": LogitsProcessorList(
                [processor, _no_repeat_ngram(prompt_len, self.no_repeat_ngram)]
            ),
            "stopping_criteria": StoppingCriteriaList([stopper]),
            "pad_token_id": self.pad_id,
            "attention_mask": torch.ones_like(input_ids),
        }
        if not self.is_encoder_decoder and self.prompt_lookup_tokens:
            kwargs["prompt_lookup_num_tokens"] = self.prompt_lookup_tokens
        first_forward: list[float] = []  # the prompt's forward pass ends the first token's wait
        hook = self.model.register_forward_hook(
            lambda *_: first_forward.append(time.perf_counter()) if not first_forward else None
        )
        try:
            with torch.inference_mode():
                output = self.model.generate(input_ids, **kwargs)
        finally:
            hook.remove()
        new_ids = output[0, prompt_len:].tolist()
        finished = bool(new_ids) and new_ids[-1] in self.eos_ids
        return decoded_result(
            self.tokenizer,
            request,
            int(input_ids.shape[1]),
            new_ids,
            finished,
            time.perf_counter() - started,
            (first_forward[0] if first_forward else started) - started,
        )
