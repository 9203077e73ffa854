"""The LM merge: a group of 2-3 sentences as a ``merge`` request for the fuser (one sentence,
no longer than ``MERGE_LENGTH`` of its longest member, greedy, names/numbers/quotes copied),
and the merged sentence read back from what it generated. Whether it stands is
:mod:`.verify`'s decision.
"""

from __future__ import annotations

import math
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
