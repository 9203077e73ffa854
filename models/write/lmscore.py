"""Fluency by the generator: a sentence's mean token log-probability, with no generation.

One pass over each candidate (after a short fixed prefix, decoded once) on whichever engine
runs the generator: llama.cpp (``token_logprobs``), CTranslate2 (``score_batch``) or transformers
(a forward pass). Reranking word-graph paths reads it, and the benchmark's fluency figure
compares a fused sentence's with its head's.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Scorer = Callable[[Sequence[str]], list[float]]
PREFIX = "News report:\n"
# Scores kept per generator between requests, keyed by the text. A bundle posted again, or
# grown by an article, re-scores none of the members and paths it scored before: the seed
# bundle's re-posts went from 3.2 s to 0.1 s (benchmarks/RESULTS.md). A score depends only on
# its text (each is decoded on its own after the prefix), so the cache changes no output.
CACHE_SIZE = 4096
# CTranslate2 scores this many tokens at a time. Each scored token holds its row of logits
# (151,936 floats for the Qwen fuser) while the batch runs: the seed at 230 words took the
# process from 1.35 GB to a 2.04 GB peak in one batch, 1.59 GB in batches of 128 tokens, for
# 10 % more time (2-core AVX2 EPYC, benchmarks/RESULTS.md round 11).
CT2_SCORE_TOKENS = 128


class ScoreCache:
    """Mean token log-probabilities by text, least recently used out past ``size``."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.scores: OrderedDict[str, float] = OrderedDict()
        self.lock = threading.Lock()
        self.computed = 0  # texts scored by the model (not found here)

    def score(self, texts: Sequence[str], compute: Scorer) -> list[float]:
        """``texts``' scores: those not kept yet computed in one call of ``compute``."""
        with self.lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self.scores]
            if missing:
                self.scores.update(zip(missing, compute(missing), strict=True))
                self.computed += len(missing)
            out = []
            for text in texts:
                self.scores.move_to_end(text)
                out.append(self.scores[text])
            while len(self.scores) > self.size:
                self.scores.popitem(last=False)
            return out


_CACHES: weakref.WeakKeyDictionary[Any, ScoreCache] = weakref.WeakKeyDictionary()


def mean_logprobs(generator: Any, texts: Sequence[str]) -> list[float]:
    """Each text's mean token log-probability under ``generator`` (after ``PREFIX``)."""
    if not texts:
        return []
    tokenizer = generator.tokenizer
    prefix = tokenizer(PREFIX, add_special_tokens=False)["input_ids"]
    ids = [tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
    if hasattr(generator, "token_logprobs"):
        rows = generator.token_logprobs(prefix, ids)
    elif getattr(generator, "engine", "") == "ctranslate2":
        tokens = [tokenizer.convert_ids_to_tokens(prefix + i) for i in ids]
        results = generator.model.score_batch(
            tokens, max_batch_size=CT2_SCORE_TOKENS, batch_type="tokens"
        )
        rows = [np.array(r.log_probs[len(prefix) - 1 :]) for r in results]
    else:
        rows = [_transformers_logprobs(generator, prefix, i) for i in ids]
    return [float(np.mean(r)) if len(r) else 0.0 for r in rows]


def _transformers_logprobs(generator: Any, prefix: list[int], ids: list[int]) -> np.ndarray:
    import torch

    full = torch.tensor([prefix + ids], dtype=torch.long, device=generator.device)
    with torch.inference_mode():
        logits = generator.model(full).logits[0].float()
    logp = torch.log_softmax(logits[len(prefix) - 1 : -1], dim=-1)
    target = full[0, len(prefix) :]
    return logp.gather(1, target[:, None])[:, 0].cpu().numpy()


def scorer_for(generator: Any) -> Scorer | None:
    """A scorer on ``generator``, or None when it cannot score (an encoder-decoder, a fake)."""
    if generator is None or getattr(generator, "is_encoder_decoder", False):
        return None
    if not hasattr(generator, "tokenizer"):
        return None
    if not (hasattr(generator, "token_logprobs") or hasattr(generator, "model")):
        return None

    def compute(texts: Sequence[str]) -> list[float]:
        return mean_logprobs(generator, texts)

    try:
        cache = _CACHES.setdefault(generator, ScoreCache())
    except TypeError:  # not weakly referable: no cache
        return compute
    return lambda texts: cache.score(texts, compute)
