"""Name cues: what the words round a capitalised word in a bundle say it names, a person, a
firm or a place (:func:`.names.find_people` reads them to tell who the people are and which
bare words are their short forms).
"""

from __future__ import annotations

import re

from ..lexicon.grammar import ADVERBS, finite_verb
from ..lexicon.names_and_time import (
    AT_A_PERSON,
    AT_A_PERSON_BEFORE_PARTICLE,
    COURTESY_TITLES,
    FIRM_NOUNS,
    FIRM_RANKS,
)
from ..lexicon.reporting import NEWS_OUTLETS
from .mentions import OFFICES, Token

# The offices and titles before a full name that make it a person's (:func:`acts_alone`): not
# a firm's ranks ("Executive Chairman Bill Ford" beside "Ford recalled ..."), "Saint", nor
# the first word of a two-word office ("Prime Minister", "Foreign Secretary").
PUBLIC_OFFICES = OFFICES - FIRM_RANKS - {"saint", "prime", "foreign"}
_ADVERB = "|".join(sorted(ADVERBS))
_FIRM_RANK = "|".join(sorted(FIRM_RANKS | {"chief"}))
_FIRM_AFTER = rf"(?: [A-Z][a-z]|['’]s (?:{'|'.join(sorted(FIRM_NOUNS))})\b)"
# A middle initial or a dotted abbreviation, which ends no sentence: "F.", "U.S.".
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
# A word in lower case, where the bundle writes it so.
LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")


def at_a_person(text: str, name: int) -> bool:
    """Whether the words before the "at" before the name at ``name`` in ``text`` make it point
    at a person: "looking at", "lashed out at" (:data:`AT_A_PERSON`); not "walked out at",
    "aimed at"."""
    words = LOWER_WORD.findall(text[max(0, name - 40) : name])
    if len(words) >= 3 and words[-2] in ("out", "back"):
        return words[-3] in AT_A_PERSON_BEFORE_PARTICLE
    return len(words) >= 2 and words[-2] in AT_A_PERSON


def unmarked(before: Token | None) -> bool:
    """Whether nothing before a run of two capitalised words marks it as a name: a sentence's
    start, a headline's "I" ("How I Killed Pluto") or an acronym that is no office ("CBS
    Evening News"; "CEO Mark Zuckerberg" is marked)."""
    if before is None or before.core == "I":
        return True
    return len(before.core) > 1 and before.core.isupper() and before.core.lower() not in OFFICES


def acts_alone(last: str, joined: str) -> bool:
    """Whether ``joined`` writes ``last`` alone, after no other capitalised word, before its
    verb (an adverb between: "Villaraigosa eventually gave protesters until midnight", beside
    "Mayor Antonio Villaraigosa": a tuning summary opened on the bare surname, struck as
    unintroduced, round 18), and never before a firm's rank ("Dell chief Michael Dell"); no
    outlet's name ("Bloomberg reported"). A surname before a noun names something else ("Price
    caps", "Denton police", "Young voters"), as it does before a noun that looks like a verb
    ("Price cuts helped sales": a verb follows it), and a surname-first name's last word is
    never written alone ("Minister Tan Lumei")."""
    if last.lower() in NEWS_OUTLETS or re.search(
        rf"(?<![\w'’.-]){re.escape(last)}(?:['’]s)? (?:{_FIRM_RANK})\b", joined
    ):
        return False
    for m in re.finditer(
        rf"(?<![\w'’.-]){re.escape(last)}\s+(?:(?:{_ADVERB})\s+)?([a-z][\w'’]*)"
        r"(?:\s+([a-z][\w'’]*))?",
        joined,
    ):
        before = joined[max(0, m.start() - 40) : m.start()].split()
        word = before[-1].lstrip("\"“‘'([") if before else ""
        if word[:1].isupper() and not word.endswith((".", "!", "?", ",")):
            continue  # part of a longer name: "Antonio Villaraigosa gave"
        if finite_verb(m.group(1)) and not (m.group(2) and finite_verb(m.group(2))):
            return True
    return False


def firmlike(word: str, joined: str) -> bool:
    """Whether ``word`` opens a run of capitalised words ("Ford Motor", "Dell Inc.") or owns a
    firm's things ("Dell's shares") in ``joined``: a firm's name, not only a person's."""
    return re.search(rf"(?<![\w'’.-]){re.escape(word)}{_FIRM_AFTER}", joined) is not None


def stands_alone(first: str, last: str, joined: str) -> bool:
    """Whether ``joined`` writes ``last`` without ``first`` before it and after no other
    capitalised word: "Nadal beat Thiem" beside "Spaniard Rafael Nadal, 32, ..." (a bare
    surname: "Rafael Nadal" is the name). "Howard Schultz" or "The Schultz campaign" beside
    "Debbie Wasserman Schultz" are someone else's or a modifier; "Dickson-Wright" is hers."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(last)}\b", joined):
        before = joined[max(0, m.start() - 40) : m.start()].split()
        word = before[-1].lstrip("\"“‘'([") if before else ""
        if word == first:
            continue
        # a courtesy title makes it a surname alone ("Ms. Wright"), as does a sentence's or a
        # quotation's head ("... died. Wright said", "“Wright ...")
        if not word[:1].isupper() or word.lower() in COURTESY_TITLES:
            return True
        ended = before[-1].rstrip("”’\"')")
        if ended.endswith((".", "!", "?")) and not _INITIALS.fullmatch(ended):
            return True  # not after "John F." or "U.S."
        if m.start() > 0 and joined[m.start() - 1] in '"“‘([':
            return True
    return False


def as_noun(word: str, joined: str) -> bool:
    """Whether ``joined`` writes ``word`` after an article, as a noun ("the Spaniard", "a
    Republican"): no first name."""
    return re.search(rf"\b(?:[Tt]he|[Aa]n?) {re.escape(word)}\b", joined) is not None
