"""Mentions: the runs of capitalised name words in a sentence, one word (a bare surname) or
two (a full name), each with the word before and after it. :mod:`.names` reads people from
them, :mod:`.roles` who they are; a run of three ("Kim Jong Un") or an office inside one ("FBI
Director Christopher Wray" names "Christopher Wray") is read as no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..lexicon.grammar import CAPITALISED_NOT_NAMES, TITLES
from ..lexicon.names_and_time import MONTHS, RANKS, WEEKDAYS

_TOKEN = re.compile(r"\S+")
# A capitalised name word, a surname's capitalised prefix included ("McKee", "LaValle",
# "DeGeneres", "DiCaprio": blind readers struck a bare "LaValle" the rewrite never saw as a
# name), hyphenated or not.
NAME_PART = r"(?:Mc|Mac|La|Le|De|Di|Du)?[A-Z][a-z]+"
NAME_PATTERN = rf"{NAME_PART}(?:-[A-Z][a-z]+)?"
_NAME = re.compile(NAME_PATTERN)
_OPENING = "\"“‘'(["
_CLOSING = ".,;:!?)]\"”’'"
# A name-shaped word, with the quote or bracket before it and the possessive after it.
_NAME_WORD = re.compile(
    rf"(?<![\w'’.-])[\"“‘'(\[]?(?P<core>{NAME_PATTERN})(?:['’]s)?"
    r"(?![\w'’-])"
)
# An office before a name is no part of it: "FBI Director Christopher Wray" names
# "Christopher Wray" (a run of three capitalised words is no name at all).
OFFICES = frozenset(rank.rstrip(".") for rank in RANKS) | TITLES
_NOT_NAMES = CAPITALISED_NOT_NAMES | OFFICES | frozenset(WEEKDAYS) | frozenset(MONTHS)


class Token(NamedTuple):
    """A word of a sentence: ``core`` is the word without quotes, punctuation or a possessive
    (``start``, ``end`` its span); ``breaks``: punctuation after it ends a run of names;
    ``opens``: a quotation mark or a bracket before it."""

    core: str
    start: int
    end: int
    breaks: bool
    opens: bool

    @property
    def name(self) -> bool:
        return bool(_NAME.fullmatch(self.core)) and self.core.lower() not in _NOT_NAMES


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        core = raw.lstrip(_OPENING)
        lead = len(raw) - len(core)
        core = core.rstrip(_CLOSING)
        if core.endswith(("'s", "’s")):
            core = core[:-2]
        start = m.start() + lead
        out.append(Token(core, start, start + len(core), len(core) + lead < len(raw), lead > 0))
    return out


@dataclass(frozen=True)
class Mention:
    """A run of names in a sentence: one word (a bare mention) or two (a full name), with the
    words around it."""

    words: tuple[Token, ...]
    before: Token | None
    after: Token | None

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def mentions_in(text: str, longest: int = 2) -> list[Mention]:
    """The runs of capitalised names in ``text`` that stand alone: one or two words (up to
    ``longest``), not part of a longer run ("Kim Jong Un" is neither a one- nor a two-word
    name; with ``longest=3`` it is a three-word run)."""
    words = []
    for m in _NAME_WORD.finditer(text):
        if m.group("core").lower() not in _NOT_NAMES:
            end = m.end()
            breaks = m.end("core") < end or text[end : end + 1] != " "
            words.append(
                Token(
                    m.group("core"),
                    m.start("core"),
                    m.end("core"),
                    breaks,
                    m.start() < m.start("core"),
                )
            )
    out, i = [], 0
    while i < len(words):
        j = i + 1
        while (
            j < len(words)
            and not words[j - 1].breaks
            and not words[j].opens
            and words[j].start == words[j - 1].end + 1
        ):
            j += 1
        if j - i <= longest:
            first, last = words[i], words[j - 1]
            before = _word_before(text, first.start - (first.opens and 1))
            after = None if last.breaks else _word_after(text, last.end)
            out.append(Mention(tuple(words[i:j]), before, after))
        i = j
    return out


def _word_before(text: str, at: int) -> Token | None:
    words = text[max(0, at - 40) : at].split()
    return tokens(words[-1])[0] if words else None


def _word_after(text: str, at: int) -> Token | None:
    m = _TOKEN.search(text, at, at + 40)
    return tokens(m.group())[0] if m else None
