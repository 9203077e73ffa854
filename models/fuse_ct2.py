"""The CTranslate2 fusion engine: int8 weights, batched greedy generation, CPU or CUDA.

Same prompts, same length rules and the same cleanup as the transformers reference path
(:mod:`models.fuse`); what differs is how generation is steered, since CTranslate2 takes no
logits processors:
- end-of-text is suppressed for the whole generation, and a per-token callback stops each
  sequence of a batch on its own when :class:`LengthPolicy` says it is done
  (:meth:`LengthPolicy.done_without_eos`): at the first sentence boundary once 85% of the
  budget is written, or past the budget;
- there is no output-only n-gram ban (CTranslate2's own ``no_repeat_ngram_size`` garbles names
  it repeats); ``finalize`` still drops repeated sentences;
- no prompt-lookup drafting (the engine has none); int8 matrix products make up for it.

Several requests fuse in one ``generate_batch`` call (:meth:`CTranslate2Fuser.fuse_batch`), which
is how the service turns concurrent requests into throughput.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .fuse import (
    TOKENS_PER_WORD,
    FusionRequest,
    FusionResult,
    LengthPolicy,
    LengthState,
    finalize,
    prompt_ids,
)
from .provision import HF_CONFIG


def compute_type_for(device: str) -> str:
    """int8 weights computed in int8 on CPU; int8 with float16 activations on CUDA."""
    return "int8" if device == "cpu" else "int8_float16"


class CTranslate2Fuser:
    """Greedy generation with CTranslate2 from a directory made by ``provision.prepare_ct2``."""

    engine = "ctranslate2"

    def __init__(
        self,
        path: str | Path,
        device: str = "cpu",
        threads: int = 0,
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        name: str | None = None,
    ) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        self.path = Path(path)
        self.name = name or self.path.name
        self.device = device
        self.repetition_penalty = repetition_penalty
        config = json.loads((self.path / HF_CONFIG).read_text())
        self.is_encoder_decoder = bool(config.get("is_encoder_decoder", False))
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        kind, index = (device.split(":") + ["0"])[:2] if ":" in device else (device, "0")
        cls = ctranslate2.Translator if self.is_encoder_decoder else ctranslate2.Generator
        self.model = cls(
            str(self.path),
            device=kind,
            device_index=int(index),
            compute_type=compute_type_for(kind),
            intra_threads=threads,
            inter_threads=1,
        )
        context = config.get("max_position_embeddings") or 1024
        self.max_input_tokens = min(max_input_tokens, int(context) // 2)
        self.prefix = "summarize: " if config.get("model_type") == "t5" else ""
        self.eos_tokens = self._eos_tokens(config)

    def _eos_tokens(self, config: dict[str, Any]) -> list[str]:
        ids: list[int] = []
        generation = self.path / "generation_config.json"
        for source in (json.loads(generation.read_text()) if generation.is_file() else {}, config):
            eos = source.get("eos_token_id")
            ids += [eos] if isinstance(eos, int) else list(eos or [])
        if self.tokenizer.eos_token_id is not None:
            ids.append(self.tokenizer.eos_token_id)
        return list(dict.fromkeys(self.tokenizer.convert_ids_to_tokens(sorted(set(ids)))))

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _prompt_ids(self, request: FusionRequest) -> list[int]:
        return prompt_ids(
            self.tokenizer,
            request,
            encoder_decoder=self.is_encoder_decoder,
            prefix=self.prefix,
            max_input_tokens=self.max_input_tokens,
        )

    def fuse(self, request: FusionRequest) -> FusionResult:
        return self.fuse_batch([request])[0]

    def fuse_batch(self, requests: Sequence[FusionRequest]) -> list[FusionResult]:
        """Fuse several requests in one batched generation; results in request order."""
        started = time.perf_counter()
        prompts = [self._prompt_ids(r) for r in requests]
        policies = [LengthPolicy(r.max_words) for r in requests]
        generated: list[list[int]] = [[] for _ in requests]
        done = [False] * len(requests)
        first = [0.0]

        def step(result: Any) -> bool:
            first[0] = first[0] or time.perf_counter()
            i = result.batch_id
            generated[i].append(result.token_id)
            text = self.tokenizer.decode(generated[i], skip_special_tokens=True)
            done[i] = policies[i].done_without_eos(LengthState.of(text))
            return done[i]

        max_new = max(int(r.max_words * TOKENS_PER_WORD * 1.25) + 32 for r in requests)
        tokens = [self.tokenizer.convert_ids_to_tokens(p) for p in prompts]
        options: dict[str, Any] = {
            "beam_size": 1,
            "repetition_penalty": self.repetition_penalty,
            "suppress_sequences": [[t] for t in self.eos_tokens],
            "callback": step,
        }
        if self.is_encoder_decoder:
            self.model.translate_batch(
                tokens, max_decoding_length=max_new, max_input_length=0, **options
            )
        else:
            self.model.generate_batch(
                tokens, max_length=max_new, include_prompt_in_result=False, **options
            )
        seconds = time.perf_counter() - started
        results = []
        for request, prompt, ids in zip(requests, prompts, generated, strict=True):
            raw = self.tokenizer.decode(ids, skip_special_tokens=True)
            results.append(
                FusionResult(
                    text=finalize(raw, request.max_words, truncated=True),
                    raw_text=raw,
                    prompt_tokens=len(prompt),
                    generated_tokens=len(ids),
                    seconds=seconds,
                    first_token_seconds=max(0.0, first[0] - started),
                )
            )
        return results
