"""Sentence vectors a caller keeps between runs (the story desk keeps them in its database).

A caller hands a Job the vectors it kept (``StoredVectors``); the embed stage takes those of
its embedder's identity and embeds only the other sentences; the Summary hands back what was
embedded, by article (``EmbeddedVectors``), for the caller to keep. A vector is keyed by a
digest of its text (``text_key``) under one embedder identity: the embedder's name, version
and precision (``models.stages.embed.vector_identity``), so vectors of another model or
precision are never used.

Example:
    >>> kept = StoredVectors({"mini@1/float32": {text_key("Rates held."): np.ones(2)}})
    >>> len(kept.of("mini@1/float32")), len(kept.of("mini@2/float32"))
    (1, 0)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

KEY_BYTES = 16


def text_key(text: str) -> bytes:
    """The 16-byte key of a sentence's vector: a digest of its text."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES)
    return digest.digest()


@dataclass(frozen=True)
class StoredVectors:
    """Vectors kept from earlier runs: embedder identity → text key → unit-norm float32 row."""

    by_identity: Mapping[str, Mapping[bytes, np.ndarray]]

    def of(self, identity: str) -> Mapping[bytes, np.ndarray]:
        """The vectors of one embedder identity (empty for any other)."""
        return self.by_identity.get(identity, {})


@dataclass(frozen=True)
class ArticleVectors:
    """Sentence vectors of one article: ``vectors[i]`` is the vector of the text keyed
    ``keys[i]``."""

    keys: tuple[bytes, ...]
    vectors: np.ndarray


@dataclass(frozen=True)
class EmbeddedVectors:
    """What one run embedded that it was not handed, by article (a sentence the articles share
    goes to each of them), under the embedder's ``identity``. ``embedded``: texts the embedder
    was given; ``reused``: texts taken from the stored vectors."""

    identity: str
    by_article: Mapping[str, ArticleVectors]
    embedded: int
    reused: int
