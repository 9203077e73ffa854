"""Extractive writing: the selected source sentences themselves, each citing itself exactly."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Citation, Selected, SummarySentence
from .coherence import opener
from .lead import can_lead, importance_order, lead_score


def extractive_sentences(
    selection: Sequence[Selected],
    max_words: int,
    headlines: Sequence[frozenset[str]] = (),
) -> list[SummarySentence]:
    """The most salient selected sentences that fit ``max_words``, each citing itself exactly.
    (In extractive mode the selection already fits; after a fusion fallback it is larger than
    the budget.)

    Order: those a focus chose (``Selected.leads``) first, in source order, then the rest in
    source order. Without a focus and with ``headlines`` (:func:`.lead.headline_words`), the
    news first: the sentence that states most of the other articles' headlines and first lines,
    then by salience, related facts together (as grouped fusion, :mod:`.lead`)."""
    fits: list[Selected] = []
    used = 0
    for sel in sorted(selection, key=lambda x: -x.salience):
        if used + sel.sentence.n_words <= max_words:
            fits.append(sel)
            used += sel.sentence.n_words
    if headlines and fits and not any(sel.leads for sel in fits):
        ordered = _news_first(fits, headlines)
    else:
        ordered = sorted(
            fits, key=lambda x: (not x.leads, x.sentence.article_index, x.sentence.index)
        )
    out: list[SummarySentence] = []
    for sel in ordered:
        s = sel.sentence
        citation = Citation(s.article_id, s.index, s.start, s.end, 1.0, s.text)
        out.append(SummarySentence(s.text, True, 1.0, (citation,), method="extracted"))
    return out


def _news_first(fits: list[Selected], headlines: Sequence[frozenset[str]]) -> list[Selected]:
    """``fits`` (by salience) with the lead first, then related facts together."""
    able = [s for s in fits if not opener(s.sentence.text) and can_lead(s.sentence.text)] or fits
    lead = max(able, key=lambda x: lead_score(x.sentence.text, x.sentence.article_index, headlines))
    ranked = [lead] + [sel for sel in fits if sel is not lead]
    order = [ranked[i] for i in importance_order([sel.sentence.text for sel in ranked])]
    # A sentence that leans on its predecessor reads right after it (:mod:`.coherence`).
    for sel in [sel for sel in order if opener(sel.sentence.text)]:
        s = sel.sentence
        before = [
            x
            for x in order
            if x is not sel
            and (x.sentence.article_index, x.sentence.index) == (s.article_index, s.index - 1)
        ]
        if before:
            order.remove(sel)
            order.insert(order.index(before[0]) + 1, sel)
    return order
