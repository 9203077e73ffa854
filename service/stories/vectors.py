"""Each article's sentence vectors in the database (``db.SentenceVectors``): what a recompute
embedded is kept by article, and the next one is handed them all (``models.vectors``), so an
update embeds only the new articles' sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models.vectors import KEY_BYTES, EmbeddedVectors, StoredVectors

from .db import SentenceVectors, StoryArticle


def save(session: Session, story_id: str, embedded: EmbeddedVectors, now: datetime) -> int:
    """Keep what a run embedded, by article, under its embedder's identity (an article's
    vectors of another identity are dropped: that model is gone); returns the articles
    written. An article (or story) deleted meanwhile is skipped."""
    ids = list(embedded.by_article)
    present = set(
        session.scalars(
            select(StoryArticle.article_id).where(
                StoryArticle.story_id == story_id, StoryArticle.article_id.in_(ids)
            )
        )
    )
    session.execute(
        delete(SentenceVectors).where(
            SentenceVectors.story_id == story_id,
            SentenceVectors.article_id.in_(ids),
            SentenceVectors.embedder != embedded.identity,
        )
    )
    written = 0
    for article_id in ids:
        if article_id not in present:
            continue
        new = embedded.by_article[article_id]
        keys, rows = list(new.keys), np.asarray(new.vectors, dtype=np.float32)
        row = session.get(SentenceVectors, (story_id, article_id, embedded.identity))
        if row is None:
            row = SentenceVectors(
                story_id=story_id, article_id=article_id, embedder=embedded.identity
            )
            session.add(row)
        else:  # sentences not embedded before (another cap): added to the article's
            old = unpack(row)
            fresh = [i for i, k in enumerate(keys) if k not in old]
            if not fresh:
                continue
            keys = list(old) + [keys[i] for i in fresh]
            rows = np.concatenate([np.stack(list(old.values())), rows[fresh]])
        row.dimension, row.count = int(rows.shape[1]), len(keys)
        row.keys = b"".join(keys)
        row.vectors = np.ascontiguousarray(rows, dtype="<f4").tobytes()
        row.created_at = now
        written += 1
    return written


def unpack(row: SentenceVectors) -> dict[bytes, np.ndarray]:
    """A stored row's vectors by text key."""
    vectors = np.frombuffer(row.vectors, dtype="<f4").reshape(row.count, row.dimension)
    keys = (row.keys[i * KEY_BYTES : (i + 1) * KEY_BYTES] for i in range(row.count))
    return dict(zip(keys, vectors, strict=True))


def stored(rows: Iterable[SentenceVectors]) -> StoredVectors:
    """The rows as the pipeline takes them: by embedder identity, then text key."""
    by_identity: dict[str, dict[bytes, np.ndarray]] = {}
    for row in rows:
        by_identity.setdefault(row.embedder, {}).update(unpack(row))
    return StoredVectors(by_identity)
