"""Extractive writing: the selected source sentences themselves, each citing itself exactly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..types import Citation, Selected, SummarySentence
from .lead import Key, Standing, key, lead_order


def extractive_sentences(
    selection: Sequence[Selected], max_words: int, lead: Mapping[Key, Standing] | None = None
) -> list[SummarySentence]:
    """The most salient selected sentences that fit ``max_words``, in source order (those a
    focus chose, ``Selected.leads``, first; else, given each sentence's agreement ``lead``
    (:func:`.lead.agreement`), the first by :func:`.lead.lead_order`), each citing
    itself exactly. (In extractive mode the selection already fits; after a fusion fallback it
    is larger than the budget.)"""
    fits: list[Selected] = []
    used = 0
    for sel in sorted(selection, key=lambda x: -x.salience):
        if used + sel.sentence.n_words <= max_words:
            fits.append(sel)
            used += sel.sentence.n_words
    ordered = sorted(fits, key=lambda x: (not x.leads, x.sentence.article_index, x.sentence.index))
    if lead and ordered and not ordered[0].leads:
        first = max(
            ordered,
            key=lambda x: lead_order(x.sentence.text, *lead[key(x.sentence)], x.sentence.n_words),
        )
        ordered.remove(first)
        ordered.insert(0, first)
    out: list[SummarySentence] = []
    for sel in ordered:
        s = sel.sentence
        citation = Citation(s.article_id, s.index, s.start, s.end, 1.0, s.text)
        out.append(SummarySentence(s.text, True, 1.0, (citation,), method="extracted"))
    return out
