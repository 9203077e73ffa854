"""Sentence embeddings with sentence-transformers, one batched call per bundle."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)


class Encoder(Protocol):
    """What the pipeline needs from an embedder: unit-norm float32 rows, one per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEncoder:
    """Wraps a local sentence-transformers model directory (never a hub id).

    Example:
        >>> enc = SentenceTransformerEncoder(embedder_path(), device="cpu")  # doctest: +SKIP
        >>> enc.encode(["Blinken met Xi."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self, path: str, device: str = "cpu", batch_size: int = 64, name: str | None = None
    ) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name or os.path.basename(path.rstrip("/")) or path
        self.device = device
        self.batch_size = batch_size
        self._model = SentenceTransformer(path, device=device, local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        dim = self._model.get_embedding_dimension()
        return int(dim) if dim else 0
