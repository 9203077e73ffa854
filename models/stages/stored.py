"""The embed stage's side of the vectors a caller keeps between runs (``models.vectors``):
an Encoder that takes them and embeds only the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..types import CleanedBundle
from ..vectors import ArticleVectors, EmbeddedVectors, text_key
from .embed import Encoder, vector_identity


class StoredVectorEncoder:
    """An Encoder that takes the vectors a caller kept (``models.vectors.StoredVectors``, those
    of the wrapped encoder's identity) and embeds only the other texts, each distinct one once,
    remembering what it embedded (``embedded``). Results are the wrapped encoder's: a vector
    depends only on its text.

    Example:
        >>> from models.vectors import text_key
        >>> class Ones:
        ...     name = "ones"
        ...     def encode(self, texts):
        ...         return np.ones((len(texts), 2), dtype=np.float32)
        >>> enc = StoredVectorEncoder(Ones(), {text_key("Kept."): np.zeros(2, np.float32)})
        >>> enc.encode(["Kept.", "New.", "New."]).tolist()
        [[0.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
        >>> enc.counts
        {'embedded': 1, 'reused': 1}
    """

    def __init__(self, encoder: Encoder, stored: Mapping[bytes, np.ndarray]) -> None:
        self.encoder = encoder
        self.stored = stored
        self.name = encoder.name
        self.identity = vector_identity(encoder)
        self.embedded: dict[bytes, np.ndarray] = {}
        self._reused: set[bytes] = set()

    @property
    def counts(self) -> dict[str, int]:
        """Distinct texts embedded, and taken from the stored vectors."""
        return {"embedded": len(self.embedded), "reused": len(self._reused)}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.encoder.encode(texts)
        keys = [text_key(t) for t in texts]
        first: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key in self.stored:
                self._reused.add(key)
            elif key not in self.embedded:
                first.setdefault(key, text)
        if first:
            fresh = self.encoder.encode(list(first.values()))
            self.embedded.update(zip(first, fresh, strict=True))
        rows = [self.stored[k] if k in self.stored else self.embedded[k] for k in keys]
        return np.stack(rows).astype(np.float32, copy=False)

    def by_article(
        self, cleaned: CleanedBundle, titles: Mapping[str, str | None] | None = None
    ) -> EmbeddedVectors:
        """What was embedded, by the articles whose sentences (or ``titles``, by article id:
        the lead's headlines) these texts are (a text that is no article's, such as a written
        summary sentence, is left out)."""
        owners: dict[bytes, list[str]] = {}
        texts = [(s.article_id, s.text) for s in cleaned.all_sentences]
        texts += [(a, t) for a, t in (titles or {}).items() if t]
        for article_id, text in texts:
            key = text_key(text)
            if key in self.embedded and article_id not in owners.setdefault(key, []):
                owners[key].append(article_id)
        keys: dict[str, list[bytes]] = {}
        for key, articles in owners.items():
            for article in articles:
                keys.setdefault(article, []).append(key)
        return EmbeddedVectors(
            identity=self.identity,
            by_article={
                a: ArticleVectors(tuple(k), np.stack([self.embedded[x] for x in k]))
                for a, k in keys.items()
            },
            embedded=len(self.embedded),
            reused=len(self._reused),
        )
