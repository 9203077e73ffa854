"""Respell: each person's name written one way across a summary, the full name at the first
mention outside quotes and the short form after (:mod:`.names` says who the people are).

Words inside quotation marks are a speaker's and are never rewritten. The rewrite here is text
only: :func:`respell` says which full names each rewritten sentence now needs a source for, and
:mod:`.rewrite` cites one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicon.grammar import DETERMINERS
from ..lexicon.names_and_time import COURTESY_TITLES, NAME_MODIFIED, NAME_PARTICLES
from ..text import quoted_spans
from .mentions import NAME_PART, mentions_in
from .names import COURTESY, Person

_TITLE_BEFORE = re.compile(rf"(?<![\w'’-])(?<!and )({COURTESY})\.? $")
# A capitalised name and a middle initial right before a word: "John F. " (of "John F. Kerry").
_INITIAL = re.compile(rf"{NAME_PART} [A-Z]\. $")


@dataclass(frozen=True)
class Respelt:
    """A summary sentence after :func:`respell`: its text, and the full names it now states
    that its sources must give (an added first name, or one spelt as most sources do)."""

    text: str
    needs: tuple[str, ...] = ()


def respell(texts: Sequence[str], people: Sequence[Person]) -> list[Respelt]:
    """The summary's sentences, in reading order, with each person spelt one way: the full name
    at the first mention outside quotes, the short form after.

    Example:
        >>> from models.stages.names import find_people
        >>> people = find_people(["Antony Blinken met Xi Jinping.", "Antony Blinken left.",
        ...                       "Anthony Blinken arrived.", "Blinken said he was pleased."])
        >>> [r.text for r in respell(["Blinken met Xi.", "Anthony Blinken left."], people)]
        ['Antony Blinken met Xi.', 'Blinken left.']
    """
    by_full = {(f, p.last): p for p in people for f in p.spellings}
    by_short = {p.short: p for p in people if p.short}
    introduced: set[Person] = set()
    out = []
    for text in texts:
        quoted = quoted_spans(text)
        edits: list[tuple[int, int, str]] = []
        needs: list[str] = []
        for m in mentions_in(text, longest=3):
            inside = any(a <= m.start < b for a, b in quoted)
            words = [w.core for w in m.words]
            if len(words) == 3:  # a first name and a double surname: "Clarissa Dickson Wright"
                words = [words[0], f"{words[1]} {words[2]}"]
            if len(words) == 2 and (p := by_full.get((words[0], words[1]))) is not None:
                # three words stay in full: the middle one may be a middle name ("Jesse Tyler
                # Ferguson"), which the surname alone would not carry
                if not inside and p in introduced and p.short and len(m.words) == 2:
                    edits.append((m.start, m.end, p.short))
                elif not inside and p.first and words[0] != p.first:
                    edits.append((m.words[0].start, m.words[0].end, p.first))
                    needs.append(f"{p.first} {p.last}")
                introduced.add(p)
            elif (
                len(m.words) <= 2
                and (p := by_short.get(" ".join(words))) is not None
                and not inside
                and not (m.before is not None and m.before.core in NAME_PARTICLES)
                # two words after a determiner name a thing: "the Stone Age", "its Solar Probe"
                and not (len(m.words) == 2 and m.before and m.before.core.lower() in DETERMINERS)
            ):  # "Arthur de Soultrait" is in full: "de" is part of the surname
                courtesy = m.before is not None and m.before.core.lower() in COURTESY_TITLES
                # after a middle initial the name is in full already: "John F. Kerry"
                initial = _INITIAL.search(text[: m.start])
                # "Mr. Vargas" stays as written unless a source gives that title to the full
                # name and no other title to the surname: the title says who of a family is
                # meant ("Mr. and Mrs. Wilson", "Mrs. Musk", his mother), which the first name
                # the sources give may not be. "Dr. Bangalore" where a source has "Dr. Sripal
                # Bangalore" is written in full.
                title = _TITLE_BEFORE.search(text[: m.start]) if courtesy else None
                modifier = m.after is not None and m.after.core.lower() in NAME_MODIFIED
                if p not in introduced and not initial and p.full is not None and not modifier:
                    if not courtesy:
                        edits.append((m.start, m.end, p.full))
                        needs.append(p.full)
                    elif title is not None and title.group(1).lower() in p.titles:
                        edits.append((title.start(), m.end, p.full))
                        needs.append(p.full)
                if not modifier:  # "the Dixon campaign" introduces no one
                    introduced.add(p)
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        out.append(Respelt(text, tuple(dict.fromkeys(needs))))
    return out
