"""What the engines on a prepared directory (llama.cpp, CTranslate2) share."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .base import GenerationRequest, GenerationResult
from .prompts import prompt_ids

# The model types whose tokenizer transformers checks for Mistral's split pattern (5.23).
_MISTRAL_TYPES = frozenset(("mistral", "mistral3", "voxtral", "ministral", "pixtral"))


class PreparedGenerator:
    """What the batched engines share: a prepared directory holding the weights, the tokenizer
    files and the source model's config (``provision.HF_CONFIG``); prompts from
    :func:`prompt_ids`."""

    path: Path
    name: str
    tokenizer: Any
    config: dict[str, Any]
    is_encoder_decoder: bool
    prefix: str
    max_input_tokens: int
    max_batch: int = 1  # the most requests one generation takes

    def _load_prepared(
        self, path: str | Path, name: str | None, max_input_tokens: int, default_context: int
    ) -> None:
        import json

        from transformers import AutoTokenizer

        from ..provision import HF_CONFIG

        self.path = Path(path)
        self.name = name or self.path.name
        self.config = json.loads((self.path / HF_CONFIG).read_text())
        self.is_encoder_decoder = bool(self.config.get("is_encoder_decoder", False))
        self.prefix = "summarize: " if self.config.get("model_type") == "t5" else ""
        # transformers reads config.json to tell a Mistral tokenizer, whose split pattern it
        # would fix. In a CTranslate2 directory that file is CTranslate2's own, so every start
        # warned of "an incorrect regex pattern" for the Qwen fuser; the model's own config
        # (HF_CONFIG) says what it is, and only a Mistral one keeps the check.
        mistral = self.config.get("model_type") in _MISTRAL_TYPES
        self.tokenizer = AutoTokenizer.from_pretrained(
            self.path, local_files_only=True, **({} if mistral else {"fix_mistral_regex": False})
        )
        context = int(self.config.get("max_position_embeddings") or default_context)
        self.max_input_tokens = min(max_input_tokens, context // 2)

    def _eos_ids(self) -> list[int]:
        """End-of-text ids from the generation config, the model config and the tokenizer."""
        import json

        generation = self.path / "generation_config.json"
        ids: set[int] = set()
        for source in (
            json.loads(generation.read_text()) if generation.is_file() else {},
            self.config,
        ):
            eos = source.get("eos_token_id")
            ids |= {eos} if isinstance(eos, int) else set(eos or [])
        if self.tokenizer.eos_token_id is not None:
            ids.add(self.tokenizer.eos_token_id)
        return sorted(ids)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _prompt_ids(self, request: GenerationRequest) -> list[int]:
        return prompt_ids(
            self.tokenizer,
            request,
            encoder_decoder=self.is_encoder_decoder,
            prefix=self.prefix,
            max_input_tokens=self.max_input_tokens,
        )

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        raise NotImplementedError
