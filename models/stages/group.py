"""Grouping: the content units of the summary, decided before any text is written.

MMR picks the heads (salient, mutually non-redundant sentences, best first). Each head then
takes up to two partners from *other* articles that report the same fact: cosine to the head of
at least ``min_cosine`` and a shared name or number, or a cosine of at least ``strong_cosine``
on its own, and ``min_shared`` of the content words in common (a close vector and a name alone
also join "Authorities say he targeted TSA employees" to "Ciancia is charged with killing
Hernandez ...": the same story, another fact, which would not support the head it is cited
for). A partner is absorbed into its group: it is never a head of its own, so what several
outlets say is written once and cited from all of them (Slobodkin et al., ACL 2024: attribute
first, then generate). A sentence MMR refuses because it adds no fact to the heads before it
(:class:`.select.FactRule`) is no unit of its own either: it joins the group of the head it
restates as corroboration (one member per article, ``max_members`` at most), so that group
cites it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..text import content_words, specifics
from ..types import Group, Sentence
from .select import Prior, SelectionWeights, mmr_rank


@dataclass(frozen=True)
class GroupingSettings:
    min_cosine: float = 0.6
    strong_cosine: float = 0.75
    max_members: int = 3
    # A partner shares at least this share of the shorter sentence's content words with the
    # head (see shared_share): it reports the same fact, not only the same story, so it
    # supports the sentence that cites it. Measured on the tuning clusters 0-11 (0.2, 0.3,
    # 0.4) in benchmarks/RESULTS.md ("partners that report the same fact").
    min_shared: float = 0.2


def group_sentences(
    candidates: Sequence[Sentence],
    embeddings: np.ndarray,
    max_words: int,
    diversity: float = 0.3,
    settings: GroupingSettings | None = None,
    weights: SelectionWeights | None = None,
    prior: Prior | None = None,
    voice: np.ndarray | None = None,
) -> tuple[list[Group], np.ndarray]:
    """Groups in rank order (heads picked by MMR within ``max_words`` of heads) and the
    salience of every candidate (``prior``, ``voice``: see :func:`.select.salience`).

    Example:
        >>> groups, salience = group_sentences(candidates, embeddings, 360)  # doctest: +SKIP
        >>> [candidates[i].article_id for i in groups[0].members]  # doctest: +SKIP
        ['reuters', 'ap']
    """
    settings = settings or GroupingSettings()
    weights = weights or SelectionWeights()
    restated: dict[int, int] = {}
    order, sal = mmr_rank(
        candidates, embeddings, max_words, diversity, weights, prior, restated, voice
    )
    specifics_of = _per_candidate(specifics, candidates)
    words_of = _per_candidate(content_words, candidates)

    long_enough = np.array([s.n_words >= weights.min_words for s in candidates])
    taken: set[int] = set()
    groups: list[Group] = []
    for head in order:
        if head in taken:
            continue  # absorbed as a partner of a more salient head
        taken.add(head)
        sims = embeddings @ embeddings[head]
        members = [head]
        articles = {candidates[head].article_index}
        for j in np.argsort(-sims):
            j = int(j)
            if len(members) >= settings.max_members or sims[j] < settings.min_cosine:
                break
            if j in taken or not long_enough[j] or candidates[j].article_index in articles:
                continue
            if not (sims[j] >= settings.strong_cosine or specifics_of(head) & specifics_of(j)):
                continue
            if shared_share(words_of(head), words_of(j)) >= settings.min_shared:
                members.append(j)
                articles.add(candidates[j].article_index)
        taken.update(members)
        groups.append(Group(tuple(members), len(groups), float(sal[head])))
    return corroborate(groups, restated, candidates, taken, settings.max_members), sal


def corroborate(
    groups: list[Group],
    restated: dict[int, int],
    candidates: Sequence[Sentence],
    taken: set[int],
    max_members: int,
) -> list[Group]:
    """``groups`` with each restatement (candidate → the head it restates) added to the group
    of that head, where the group has room and no member from its article yet."""
    group_of = {i: g for g, group in enumerate(groups) for i in group.members}
    members = [list(g.members) for g in groups]
    for i, pick in restated.items():
        g = group_of.get(pick)
        if g is None or i in taken or len(members[g]) >= max_members:
            continue
        if candidates[i].article_index in {candidates[j].article_index for j in members[g]}:
            continue
        members[g].append(i)
        taken.add(i)
    return [Group(tuple(m), g.rank, g.salience) for m, g in zip(members, groups, strict=True)]


def _per_candidate(
    read: Callable[[str], set[str]], candidates: Sequence[Sentence]
) -> Callable[[int], set[str]]:
    """``read`` of a candidate's text by index, each read once."""
    return functools.cache(lambda i: read(candidates[i].text))


def shared_share(a: set[str], b: set[str]) -> float:
    """The share of the shorter word set's words that the other has too.

    Example:
        >>> shared_share({"storm", "kill", "riverton"}, {"storm", "kill", "homes", "destroy"})
        0.6666666666666666
    """
    return len(a & b) / max(1, min(len(a), len(b)))
