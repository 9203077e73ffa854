"""The CTranslate2 generation engine: int8 weights, batched greedy generation, CPU or CUDA.

Same prompts, same length rules and the same cleanup as the transformers reference path
(:mod:`models.generation.transformers`); what differs is how generation is steered, since
CTranslate2 takes no logits processors:
- end-of-text is suppressed for the whole generation, and a per-token callback stops each
  sequence of a batch on its own when :class:`LengthPolicy` says it is done
  (:meth:`LengthPolicy.done_without_eos`): at the first sentence boundary once 85% of the
  budget is written, or past the budget;
- there is no output-only n-gram ban (CTranslate2's own ``no_repeat_ngram_size`` garbles names
  it repeats); ``finalize`` still drops repeated sentences;
- no prompt-lookup drafting (the engine has none); int8 matrix products make up for it.

Several requests run in one ``generate_batch`` call (:meth:`CTranslate2Generator.generate`),
which is how the service turns concurrent requests into throughput.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .base import GenerationRequest, GenerationResult, decoded_result
from .length import LengthState, max_new_tokens
from .prepared import PreparedGenerator


def compute_type_for(device: str) -> str:
    """int8 weights computed in int8 on CPU; int8 with float16 activations on CUDA."""
    return "int8" if device == "cpu" else "int8_float16"


class CTranslate2Generator(PreparedGenerator):
    """Greedy generation with CTranslate2 from a directory made by
    ``provision.prepare(spec, "ctranslate2")``."""

    engine = "ctranslate2"

    def __init__(
        self,
        path: str | Path,
        device: str = "cpu",
        threads: int = 0,
        max_batch: int = 4,
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        name: str | None = None,
    ) -> None:
        import ctranslate2

        self._load_prepared(path, name, max_input_tokens, default_context=1024)
        self.device = device
        self.max_batch = max_batch
        self.repetition_penalty = repetition_penalty
        kind, _, index = device.partition(":")
        cls = ctranslate2.Translator if self.is_encoder_decoder else ctranslate2.Generator
        self.model = cls(
            str(self.path),
            device=kind,
            device_index=int(index or 0),
            compute_type=compute_type_for(kind),
            intra_threads=threads,
            inter_threads=1,
        )
        self.eos_tokens = self.tokenizer.convert_ids_to_tokens(self._eos_ids())

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Run several requests in batched generations of up to ``max_batch``; results in
        request order."""
        started = time.perf_counter()
        prompts = [self._prompt_ids(r) for r in requests]
        policies = [r.length_policy() for r in requests]
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

        max_new = max(max_new_tokens(r.max_words) for r in requests)
        tokens = [self.tokenizer.convert_ids_to_tokens(p) for p in prompts]
        options: dict[str, Any] = {
            "max_batch_size": self.max_batch,
            "beam_size": 1,
            # One penalty per generate call: a batch holds requests of one task (a pipeline
            # fuses all its bundles the same way).
            "repetition_penalty": requests[0].repetition_penalty(self.repetition_penalty),
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
        return [
            decoded_result(self.tokenizer, r, len(p), ids, False, seconds, first[0] - started)
            for r, p, ids in zip(requests, prompts, generated, strict=True)
        ]
