"""Verification: a written sentence is kept only if everything specific in it comes from its
group's sources.

Learned factuality checkers (MiniCheck, AlignScore) are not available offline; these lexical
checks catch the failures measured on the 0.5B fuser: invented or altered names, numbers and
dates, editorial fluff, reworded quotes, unfinished or run-on sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicon.voice import FLUFF
from ..sentences import is_finished
from ..text import content_words, mentions, specifics
from ..types import Sentence

# Share of the sentence's content words that must occur in the sources.
MIN_SOURCE_WORDS = 0.9
_QUOTE = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Check:
    """The verdict on a written sentence; ``reason`` names the first rule it broke."""

    ok: bool
    reason: str = ""


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()


def verify(text: str, sources: Sequence[str], max_words: int, min_words: int = 1) -> Check:
    """Whether ``text`` may stand for ``sources`` in the summary.

    Example:
        >>> verify("Xi met Blinken on Monday.", ["Blinken met Xi in Beijing on Monday."], 20).ok
        True
        >>> verify("Xi met Blinken on Tuesday.", ["Blinken met Xi on Monday."], 20).reason
        'invented name or number'
    """
    n = len(text.split())
    if not text or not is_finished(text):
        return Check(False, "unfinished")
    if n > max_words:
        return Check(False, "too long")
    if n < min_words:
        return Check(False, "too short")
    joined = " ".join(sources)
    if any(not mentions(joined, term) for term in specifics(text)):
        return Check(False, "invented name or number")
    lowered, source_lowered = text.lower(), joined.lower()
    if any(f in lowered and f not in source_lowered for f in FLUFF):
        return Check(False, "editorial fluff")
    words = content_words(text)
    if words and len(words & content_words(joined)) < MIN_SOURCE_WORDS * len(words):
        return Check(False, "words not in the sources")
    normal_sources = _normal(joined)
    for quote in _QUOTE.findall(text):
        if _normal(quote) not in normal_sources:
            return Check(False, "altered quote")
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return Check(False, "unbalanced quotes")
    return Check(True)


# A merge (the LM's or a word-graph path) must keep this share of its head's content words and
# add one from a partner, or the head alone says more (see :func:`adds_to_head`).
HEAD_COVERAGE = 0.7


def adds_to_head(
    text: str, members: Sequence[Sentence], coverage: float, any_base: bool = False
) -> bool:
    """Whether a merge keeps ``coverage`` of its head's content words and adds at least one
    that only a partner has: otherwise the head verbatim says more. ``any_base``: the kept
    words may be any member's (see :func:`bases`)."""
    found = bases(text, members, coverage)
    return bool(found) if any_base else 0 in found


def bases(text: str, members: Sequence[Sentence], coverage: float) -> list[int]:
    """The members (indexes) a merge is built on: it keeps ``coverage`` of their content words
    and adds one that only another member has. None when it adds no word the head (the
    first member) lacks: then the head verbatim says as much."""
    words = content_words(text)
    sets = [content_words(s.text) for s in members]
    if not words - sets[0]:
        return []
    out = []
    for i, base in enumerate(sets):
        others = set().union(*(o for j, o in enumerate(sets) if j != i)) - base
        if len(words & base) >= coverage * len(base) and words & others:
            out.append(i)
    return out
