"""The embed stage's cache: each distinct sentence embedded once, across requests (an editor
re-posting a developing story pays a lookup, not a forward pass, for every sentence seen
before)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import cast

import numpy as np

from .embed import Encoder, vector_identity


class EmbeddingCache:
    """A bounded, thread-safe LRU of sentence vectors keyed by a hash of (model, text).

    Editors re-run a story as it develops: the same articles arrive again with a paragraph
    added. Keyed by content (not by article id or position), every sentence seen before costs a
    dictionary lookup instead of a forward pass. ``max_entries`` bounds memory: one entry is
    the vector (dimension × 4 bytes, 1.5 kB for 384) plus about 200 bytes of bookkeeping.

    Example:
        >>> cache = EmbeddingCache(2)
        >>> cache.put(["k1"], np.ones((1, 2), dtype=np.float32))
        >>> cache.get(["k1", "k2"])[1] is None
        True
    """

    def __init__(self, max_entries: int) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must be >= 0")
        self.max_entries = max_entries
        self._rows: OrderedDict[bytes | str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, keys: Sequence[bytes | str]) -> list[np.ndarray | None]:
        """The cached vector for each key (None where absent); counts hits and misses."""
        out: list[np.ndarray | None] = []
        with self._lock:
            for key in keys:
                row = self._rows.get(key)
                if row is not None:
                    self._rows.move_to_end(key)
                out.append(row)
            found = sum(row is not None for row in out)
            self.hits += found
            self.misses += len(out) - found
        return out

    def put(self, keys: Sequence[bytes | str], vectors: np.ndarray) -> None:
        if self.max_entries == 0:
            return
        with self._lock:
            for key, row in zip(keys, vectors, strict=True):
                self._rows[key] = row.copy()  # a copy: never a view pinning the whole batch
                self._rows.move_to_end(key)
            while len(self._rows) > self.max_entries:
                self._rows.popitem(last=False)
                self.evictions += 1

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._rows),
                "max_entries": self.max_entries,
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
            }


class CachedEncoder:
    """An Encoder that embeds each distinct text once: repeats within a call (wire copy shared
    by several outlets) and texts seen in earlier calls come from an ``EmbeddingCache``.
    Results are the wrapped encoder's up to its precision: a vector also depends, in its low
    bits, on the batch it was computed in (the padding changes the kernels' summation order; up
    to 2e-3 in one coordinate at bfloat16), so a cached vector may differ that much from the one
    a fresh process computes, and a salience in its fourth decimal. At ffn-int8 (``auto`` on a
    CPU without bfloat16) the activations' scale is the batch's: the same text embedded among
    other texts moved up to 0.024 in one coordinate (cosine 0.987 to itself alone; the seed's
    first lines, AVX2 EPYC), enough to move a cosine across a threshold.
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache) -> None:
        self.encoder = encoder
        self.cache = cache
        self.name = encoder.name
        self.identity = vector_identity(encoder)

    def _key(self, text: str) -> bytes:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(self.name.encode())
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.digest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.encoder.encode(texts)
        keys = [self._key(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        found = dict(zip(unique, self.cache.get(unique), strict=True))
        missing = [k for k in unique if found[k] is None]
        if missing:
            first: dict[bytes, str] = {}
            for key, text in zip(keys, texts, strict=True):
                first.setdefault(key, text)
            fresh = self.encoder.encode([first[k] for k in missing])
            self.cache.put(missing, fresh)
            found.update(zip(missing, fresh, strict=True))
        # Every key is found now: those the cache lacked were just encoded.
        vectors = cast(list[np.ndarray], [found[k] for k in keys])
        return np.stack(vectors).astype(np.float32, copy=False)
