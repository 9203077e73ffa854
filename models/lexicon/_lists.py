"""How the word lists are written down."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def pairs(text: str) -> dict[str, str]:
    """``"made:make took:take"`` → ``{"made": "make", "took": "take"}``."""
    return dict(pair.split(":", 1) for pair in text.split())
