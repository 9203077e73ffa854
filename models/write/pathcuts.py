"""How a word-graph path is read where it switches sources (its splices): the runs it copies
from each source, the words two sources share at a switch, and the rule of thumb for a verb
that stands in for a tagger. The path rules (:mod:`.pathrules`, :mod:`.splicerules`) read
paths through these."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon.grammar import (
    ADVERBS,
    AUXILIARIES,
    DETERMINERS,
    NOT_VERBS,
    PREPOSITIONS,
    finite_verb,
)
from ..lexicon.reporting import REPORT_WORDS
from .wordgraph import WordGraph


def runs(graph: WordGraph, path: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """The path cut into runs copied from one source each: (source, its position of the
    run's first token, first, end) with first/end index ranges into ``path``; each run as
    long as one source goes on in a row (the longest first), the next beginning at the
    first token that source does not continue with."""
    out: list[tuple[int, int, int, int]] = []
    t = 0
    while t < len(path):
        best = (0, 0, t + 1)
        for s, p in graph.nodes[path[t]].hits:
            if t > 0 and (s, p - 1) not in graph.nodes[path[t - 1]].hits:
                continue  # the run must join the path where this source does
            end = t + 1
            while end < len(path) and (s, p + end - t) in graph.nodes[path[end]].hits:
                end += 1
            if end > best[2]:
                best = (s, p, end)
        out.append((best[0], best[1], t, best[2]))
        t = best[2]
    return out


def shared_before(
    graph: WordGraph, path: Sequence[int], source: int, position: int, first: int
) -> list[tuple[str, str]]:
    """The path's tokens before ``first`` that ``source`` also has right before
    ``position``: what the two sources share at a switch."""
    k = 1
    while first - k >= 0 and (source, position - k) in graph.nodes[path[first - k]].hits:
        k += 1
    return [graph.nodes[n].key for n in path[first - k + 1 : first]]


# Before an "-ed" or "-ing" form these make it an adjective or a noun ("the charged particles",
# "of unarmed teenager", "the meeting").
NOT_BEFORE_VERBS = DETERMINERS | PREPOSITIONS


# Not counted among a clause's verbs: those, auxiliaries and reporting verbs.
NOT_LEXICAL = NOT_VERBS | AUXILIARIES | REPORT_WORDS


def is_adverb(word: str) -> bool:
    return word.endswith("ly") or word in ADVERBS


def is_finite(key: tuple[str, str], before: tuple[str, str]) -> bool:
    """Whether ``key`` reads as a sentence's own verb (a listed verb, a negated auxiliary such
    as "hasn't", or an "-ed" form not after "be", "to", "having"...): the rule of thumb that
    stands in for a tagger."""
    return key[1] == "w" and finite_verb(key[0], before[0])
