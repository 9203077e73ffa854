"""Text fixes for grouped fusion: the text of one summary sentence per group.

A singleton passes through verbatim, lightly cleaned (a dateline or a leading conjunction
removed); a group of 2-3 sentences becomes a ``merge`` request for the fuser: one sentence, no
longer than ``MERGE_LENGTH`` of its longest member, greedy, names/numbers/quotes copied.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..generation.base import GenerationRequest, GenerationResult
from ..generation.length import distinct_sentences, leading_clause
from ..sentences import is_finished
from ..text import content_words
from ..types import Selected, Sentence

# A merge may be at most this share of its longest member's words: it must compress.
MERGE_LENGTH = 0.8
# A partner adding fewer new content words than this is only a citation: no merge is needed.
MIN_NEW_WORDS = 2

# "WASHINGTON (Reuters) - ", "BEIJING, June 19 (AP) — ", "(CNN) — ", "LONDON — ".
_DATELINE = re.compile(
    r"^\s*(?:"
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z.& ]{2,30}\)\s*)?"
    r"|\([A-Za-z.& ]{2,30}\)\s*"
    r")(?:[—–]\s*|--?\s+)(?=[A-Z\"“])"
)
_CONJUNCTION = re.compile(r"^(?:And|But|So|Yet|Also|Meanwhile),?\s+(?=\w)")


def light_clean(text: str) -> str:
    """A source sentence as a summary sentence: a leading dateline or conjunction removed.

    Example:
        >>> light_clean("BEIJING (Reuters) - But the talks ended on Monday.")
        'The talks ended on Monday.'
    """
    cleaned = _DATELINE.sub("", text, count=1)
    cleaned = _CONJUNCTION.sub("", cleaned, count=1)
    if not cleaned.strip():
        return text.strip()
    cleaned = cleaned.strip()
    return cleaned[0].upper() + cleaned[1:]


def merge_cap(members: Sequence[Sentence]) -> int:
    """The most words a merge of ``members`` may have."""
    return max(8, math.floor(MERGE_LENGTH * max(s.n_words for s in members)))


def needs_merge(members: Sequence[Sentence]) -> bool:
    """Whether the partners add enough the head lacks to be worth a generated sentence."""
    if len(members) < 2:
        return False
    head = content_words(members[0].text)
    new = set().union(*(content_words(s.text) for s in members[1:])) - head
    return len(new) >= MIN_NEW_WORDS


def merge_request(members: Sequence[Sentence]) -> GenerationRequest:
    """The fuser's merge request for a group, its head first."""
    selected = tuple(Selected(s, 1.0) for s in members)
    return GenerationRequest(selected, {}, merge_cap(members), task="merge")


def merged_text(result: GenerationResult, min_words: int, max_words: int) -> str:
    """The first sentence of a merge's raw output (markup and labels stripped), or "".

    The small model tends to copy sentence 1 and run into the length cap mid-sentence; then
    the longest leading clause of ``min_words`` to ``max_words`` words, closed with a full
    stop, is the merge (verification still decides whether it stands)."""
    sentences = distinct_sentences(result.raw_text)
    if not sentences:
        return ""
    first = sentences[0]
    if is_finished(first) and len(first.split()) <= max_words:
        return first
    return leading_clause(first, min_words, max_words) or first


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
