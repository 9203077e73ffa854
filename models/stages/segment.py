"""Segment: every article of a bundle into sentences with offsets into its posted text (the
splitter itself is :mod:`models.sentences`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..sentences import segment_article
from ..types import Article, Sentence


def segment(articles: Sequence[Article]) -> list[list[Sentence]]:
    """Segment every article of a bundle; the result is indexed like ``articles``."""
    return [segment_article(a, i) for i, a in enumerate(articles)]
