"""Acronyms: a body's or an outlet's initials at their first mention in a summary, written out
as the sources write them ("she told THR" → "she told The Hollywood Reporter", "Pine Hill
ISD" → "Pine Hill Independent School District").

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

from ..lexicon.names_and_time import COURTESY_TITLES, HONORIFICS, KNOWN_ACRONYMS, RANKS
from ..text import quoted_spans
from ..types import Sentence

# Three to five capitals standing alone, or before a possessive "'s"; not in a handle, a
# hashtag or a web address ("@NTSB", ".gov/NTSB/report").
_ACRONYM = re.compile(r"(?<![\w.&'’@#/:-])[A-Z]{3,5}(?![\w&/-]|['’](?!s\b)|\.\w)")
# Words as a name is spelt: letters and hyphens (no full stop, no possessive "'s").
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
# Words inside a name that its initials skip: "Military Commissions Act", "Department of
# Homeland Security" ("of" may give a letter too: "Department of Justice").
_SKIPPED = frozenset(("of", "and", "for", "on", "the"))
# A title or a rank before a name makes the run a person's: "Chief Paul Davis" is no "CPD".
_PERSONAL = RANKS | HONORIFICS | COURTESY_TITLES


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
        >>> spelt_out("THR", "She told The Hollywood Reporter.")
        ['The Hollywood Reporter']
        >>> spelt_out("NOAA", "the National Oceanic and Atmospheric Administration said")
        ['National Oceanic and Atmospheric Administration']
        >>> spelt_out("TSA", "The Senate Armed Services Committee met")  # part of a name
        []
        >>> spelt_out("CPD", "Chief Paul Davis said")  # a person
        []
    """
    words = list(_WORD.finditer(text))
    out = []
    for i, first in enumerate(words):
        word = first.group()
        if word[:1] != acronym[0] or not _capitalised(word) or word.lower() in _PERSONAL:
            continue
        end = _spells(acronym, text, words, i + 1, 1)
        if end is not None:
            out.append(text[first.start() : words[end - 1].end()])
    return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:2].islower()


def _spells(
    acronym: str, text: str, words: list[re.Match[str]], j: int, letters: int
) -> int | None:
    """Where the run that spells ``acronym`` from its ``letters``-th letter on ends (the index
    after its last word, ``words[j]`` the next to read), or None. A small word is first tried as
    skipped, then as a letter ("National Oceanic and Atmospheric Administration" for "NOAA");
    the run must end on a capitalised word with no capitalised word after it (not a part of a
    longer name), and only spaces stand between its words."""
    if letters == len(acronym):
        after = words[j] if j < len(words) else None
        if after is not None and _capitalised(after.group()) and _joined(text, words, j):
            return None
        return j
    if j >= len(words) or not _joined(text, words, j):
        return None
    word = words[j].group()
    small = word.lower() in _SKIPPED
    if small:
        end = _spells(acronym, text, words, j + 1, letters)
        if end is not None:
            return end
    if word[:1].upper() == acronym[letters] and (small or _capitalised(word)):
        if letters + 1 == len(acronym) and small:
            return None  # a name does not end on "of"
        return _spells(acronym, text, words, j + 1, letters + 1)
    return None


def _joined(text: str, words: list[re.Match[str]], j: int) -> bool:
    """Whether only spaces stand between ``words[j - 1]`` and ``words[j]``."""
    return not text[words[j - 1].end() : words[j].start()].strip()


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
    a "the" before it and a "The" that opens the words are one. Unchanged where "a", "an" or
    another determiner stands before it ("An NTSB investigator": the article would not fit the
    words), or where it is a possessive that comes again ("NTSB's" would read "(NTSB)'s").

    Example:
        >>> from models.types import Sentence
        >>> e = Expansion("THR", "The Hollywood Reporter", Sentence("a", 0, 0, 0, 0, ""))
        >>> write_out("She told THR she had hired a lawyer.", e, again=False)
        'She told The Hollywood Reporter she had hired a lawyer.'
        >>> write_out("The THR story ran.", e, again=True)
        'The Hollywood Reporter (THR) story ran.'
        >>> write_out("A THR reporter asked.", e, again=False)
        'A THR reporter asked.'
        >>> write_out("THR's story ran.", e, again=False)
        "The Hollywood Reporter's story ran."
    """
    quoted = quoted_spans(text)
    for m in _ACRONYM.finditer(text):
        if m.group() != expansion.acronym or any(a <= m.start() < b for a, b in quoted):
            continue
        if _DETERMINER_BEFORE.search(text[: m.start()]) or (
            again and text[m.end() : m.end() + 1] in ("'", "’")
        ):
            return text
        words = expansion.words + (f" ({expansion.acronym})" if again else "")
        start = m.start()
        the = re.search(r"\b([Tt]he)\s+$", text[:start])
        if the and words.startswith("The "):
            start = the.start()
            words = the.group(1) + words[3:]
        return text[:start] + words + text[m.end() :]
    return text


# A determiner other than "the" right before an acronym: its words would not fit it.
_DETERMINER_BEFORE = re.compile(
    r"\b(?:[Aa]n?|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Ee]very|[Ee]ach)\s+$"
)
