"""Acronyms: a body's or an outlet's initials at their first mention in a summary, written out
as the sources write them ("she told THR" → "she told The Hollywood Reporter", "Cedar Hill
ISD" → "Cedar Hill Independent School District").

A tuning reader struck "she told THR" as unintroduced (round 15): the article that spelt the
outlet out was not the one the sentence came from. An acronym of three to five capitals outside
quotation marks is written out where the bundle's sentences spell it one way only: capitalised
words whose initials are its letters, "of", "and", "for", "on" or "the" between them not counted
unless one gives a letter ("Department of Homeland Security", "Department of Justice"; a leading
"The" may give the "T" of "THR"). Acronyms a reader knows
(:data:`.lexicon.names_and_time.KNOWN_ACRONYMS`: "FBI", "NASA") stay. Where the acronym comes
again later in the summary, the first mention keeps it in brackets ("The Hollywood Reporter
(THR)"). :mod:`.rewrite` cites the sentence that spells it out, as it does for a full name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..lexicon.names_and_time import KNOWN_ACRONYMS
from ..text import quoted_spans
from ..types import Sentence

_ACRONYM = re.compile(r"(?<![\w.&'’-])[A-Z]{3,5}(?![\w&'’-]|\.\w)")
_WORD = re.compile(r"[\w'’.-]+")
# Words inside a name that its initials skip: "Military Commissions Act", "Department of
# Justice".
_SKIPPED = frozenset(("of", "and", "for", "on", "the"))


class Expansion(NamedTuple):
    acronym: str
    words: str  # as the source writes them: "The Hollywood Reporter"
    source: Sentence  # the sentence that spells it out


def spelt_out(acronym: str, text: str) -> list[str]:
    """The runs of capitalised words in ``text`` whose initials are ``acronym``'s letters.

    Example:
        >>> spelt_out("THR", "She told The Hollywood Reporter on Friday.")
        ['The Hollywood Reporter']
        >>> spelt_out("MCA", "Congress passed the Military Commissions Act of 2006.")
        ['Military Commissions Act']
        >>> spelt_out("DOJ", "the Department of Justice said"), spelt_out("ISD", "in Idaho")
        (['Department of Justice'], [])
        >>> spelt_out("DHS", "the Department of Homeland Security said")
        ['Department of Homeland Security']
        >>> spelt_out("UCSD", "at University of California, San Diego")  # no one name
        []
        >>> spelt_out("CHD", "people with Coronary heart disease (CHD)")  # lower case
        []
    """
    words = list(_WORD.finditer(text))
    out = []
    for i, first in enumerate(words):
        if not first.group()[:1].isupper():
            continue
        letters, j = 0, i
        while j < len(words) and letters < len(acronym):
            word = words[j].group()
            if j > i and text[words[j - 1].end() : words[j].start()].strip():
                break  # a comma or a bracket between: no one name
            small = word.lower() in _SKIPPED and j > i
            if word[:1].upper() == acronym[letters] and (
                small or (word[:1].isupper() and word[1:2].islower())
            ):
                letters, j = letters + 1, j + 1  # "of" may give the "O" of "DOJ"
            elif small:
                j += 1
            else:
                break
        if letters == len(acronym):
            out.append(text[first.start() : words[j - 1].end()])
    return out


def expansions(acronyms: Sequence[str], sources: Sequence[Sentence]) -> dict[str, Expansion]:
    """Each of ``acronyms`` that the ``sources`` spell out one way only (the first sentence
    that does is cited); a known acronym or one spelt two ways is left out."""
    out: dict[str, Expansion] = {}
    for acronym in dict.fromkeys(acronyms):
        if acronym.lower() in KNOWN_ACRONYMS:
            continue
        found = [(s, w) for s in sources for w in spelt_out(acronym, s.text)]
        if found and len({w.lower() for _, w in found}) == 1:
            out[acronym] = Expansion(acronym, found[0][1], found[0][0])
    return out


def acronyms_in(text: str) -> list[str]:
    """The acronyms of ``text`` outside quotation marks, in order."""
    quoted = quoted_spans(text)
    return [
        m.group() for m in _ACRONYM.finditer(text) if not any(a <= m.start() < b for a, b in quoted)
    ]


def write_out(text: str, expansion: Expansion, again: bool) -> str:
    """``text`` with its first mention of the acronym outside quotation marks written out
    (``again``: it comes again later in the summary, so it stays in brackets after the words);
    a "the" before it and a "The" that opens the words are one.

    Example:
        >>> from models.types import Sentence
        >>> e = Expansion("THR", "The Hollywood Reporter", Sentence("a", 0, 0, 0, 0, ""))
        >>> write_out("She told THR she had hired a lawyer.", e, again=False)
        'She told The Hollywood Reporter she had hired a lawyer.'
        >>> write_out("The THR story ran.", e, again=True)
        'The Hollywood Reporter (THR) story ran.'
    """
    quoted = quoted_spans(text)
    for m in _ACRONYM.finditer(text):
        if m.group() != expansion.acronym or any(a <= m.start() < b for a, b in quoted):
            continue
        words = expansion.words + (f" ({expansion.acronym})" if again else "")
        start = m.start()
        the = re.search(r"\b([Tt]he)\s+$", text[:start])
        if the and words.startswith("The "):
            start = the.start()
            words = the.group(1) + words[3:]
        return text[:start] + words + text[m.end() :]
    return text
