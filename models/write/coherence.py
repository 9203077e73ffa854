"""Coherence: a summary sentence that leans on the sentence before it in its source.

A sentence with an opener (:mod:`.openers`: a connective, a bare pronoun, a phrase that points
back) reads right only after its own predecessor in the same article. Anywhere else it is a
*violation*: a connective is cut away (:func:`.openers.strip_connective`); a pronoun cannot be,
so the sentence gives way to another (:func:`arrange` says which; the composer,
:meth:`.compose.Composer.sentences`, replaces them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..text import count_words
from ..types import Sentence, SummarySentence, Written
from .lightclean import light_clean
from .openers import opener, strip_connective


def follows(previous: Sequence[tuple[str, int]], current: Sequence[tuple[str, int]]) -> bool:
    """Whether one of ``current``'s (article, sentence index) sources comes right after one of
    ``previous``'s in the same article."""
    before = set(previous)
    return any((article, index - 1) in before for article, index in current)


def violations(sentences: Sequence[SummarySentence]) -> int:
    """Summary sentences that open with a connective or a bare pronoun without following
    their own predecessor (read from the citations).

    Example:
        >>> from models.types import Citation
        >>> def s(text, i):
        ...     return SummarySentence(text, True, 1, (Citation("a", i, 0, 1, 1, text),))
        >>> violations([s("Xi met Blinken.", 0), s("He left.", 1), s("It rained.", 5)])
        1
    """
    count = 0
    previous: list[tuple[str, int]] = []
    for sentence in sentences:
        current = [(c.article_id, c.sentence_index) for c in sentence.citations]
        if opener(sentence.text) and not follows(previous, current):
            count += 1
        previous = current
    return count


def _sources(w: Written, candidates: Sequence[Sentence]) -> list[tuple[str, int]]:
    return [(candidates[i].article_id, candidates[i].index) for i in w.group.members]


def arrange(
    written: Sequence[Written], candidates: Sequence[Sentence]
) -> tuple[list[Written], list[Written]]:
    """Composer sentences in reading order → the same with every violation mended, and those
    that could not be (to be replaced by the composer).

    A sentence with an opener moves right after its predecessor when the summary has it;
    otherwise a connective is cut away, and a pronoun opener gives way to a member of its group
    that opens without one (no longer than it), or the sentence is dropped."""
    order = list(written)
    for w in [w for w in order if opener(w.text)]:
        mine = _sources(w, candidates)
        before = [v for v in order if v is not w and follows(_sources(v, candidates), mine)]
        if before:
            order.remove(w)
            order.insert(order.index(before[0]) + 1, w)
    out: list[Written] = []
    dropped: list[Written] = []
    for w in order:
        kind = opener(w.text)
        if kind and not (out and follows(_sources(out[-1], candidates), _sources(w, candidates))):
            if kind == "connective":
                w = replace(w, text=strip_connective(w.text))
            else:
                alternatives = [light_clean(candidates[i].text) for i in w.group.members[1:]]
                fit = [a for a in alternatives if not opener(a) and count_words(a) <= w.n_words]
                if not fit:
                    dropped.append(w)
                    continue
                w = replace(w, text=fit[0], method="verbatim")
        out.append(w)
    return out, dropped
