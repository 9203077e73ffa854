"""Names: one spelling per person across a summary, the full name at the first mention and the
short form after.

The bundle's source sentences say who the people are. A full name is two capitalised words
standing alone (after a title, an office or a lower-case word: "Secretary of State Antony
Blinken", "FBI Director Christopher Wray", "met Xi Jinping"; not after "the", before an office,
"Metro Police Sgt.", or on a surname's particle the sources write lower case, "de Soultrait");
two full names with one surname are one person only when their first names differ by spelling
alone (:func:`same_first_name`: "Antony" and "Anthony", "Philip" and "Phillip", never "Carl"
and "Carol"). Of a person's spellings the one most source sentences use is kept; a tie keeps
each as it is. A person's short form is the part of the name the sources use alone as a person
(after "Mr.", "President"..., before "said", or opening a sentence before "who" or an age:
"Chaney, who ...", "Chaney, 45, ..."; or after a speech verb where the clause ends on it, "said
Dixon.", "according to Dixon", or before an auxiliary, "Cruise has ...", where the word is no
firm's too: :func:`.namecues.firmlike`; or, where a public office comes before the full name,
before a verb: "Villaraigosa eventually gave ...", :func:`.namecues.acts_alone`), never after
"in" or "at" (a place) unless two sentences open on it so, and only if no one else shares it:
"Blinken", or "Xi" for "Xi Jinping". A full name at a sentence's start whose first word the
bundle writes lower case ("Deejays Roula and Ryan called") is none; a surname before
"administration" or "era" is a modifier, left as it is. "Mr. Blinken" at the first mention is
written in full only where a source gives that title to the full name and no other title to the
surname; otherwise ("Mr. and Mrs. Wilson", "Mrs. Musk") it stays as written: the title says who
of a family is meant. A name with a middle initial ("John F. Kerry") is in full already. Three
capitalised words ("Clarissa Dickson Wright") are a first name and a double surname where two
source sentences give them, one marks them as a person's (a title or a speech verb before them,
"who" or an age after them), the first word is never a noun after an article ("the Spaniard"),
the last is no organisation's word ("Ford Motor Company") and never stands without the other
("Nadal beat Thiem"); the two words are then one surname, never a first name and a surname
("Dickson Wright" is not written "Dickson").

This module reads who the people are; :mod:`.respell` writes their names into a summary.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..lexicon.grammar import AUXILIARIES
from ..lexicon.names_and_time import (
    COURTESY_TITLES,
    HONORIFICS,
    NAME_PARTICLES,
    ORGANISATION_WORDS,
    PLACE_PREPOSITIONS,
)
from ..lexicon.reporting import NEWS_OUTLETS, SAYING_VERBS, SPEECH_VERBS
from .mentions import NAME_PART, OFFICES, mentions_in, tokens
from .namecues import (
    LOWER_WORD,
    PUBLIC_OFFICES,
    acts_alone,
    as_noun,
    at_a_person,
    firmlike,
    stands_alone,
    unmarked,
)

# A courtesy title right before a name: "Mr ", "Ms. ", "Dr. " (:mod:`.respell` reads it too).
COURTESY = "|".join(
    sorted({t.rstrip(".").capitalize() for t in COURTESY_TITLES}, key=lambda t: (-len(t), t))
)
# Courtesy titles before a surname, two of them for a couple: "Mr. and Mrs. Wilson".
_TITLED = re.compile(rf"(?<![\w'’-])({COURTESY})\.?\s+(?:and\s+({COURTESY})\.?\s+)?({NAME_PART})")
# What follows a bare surname that opens a sentence as a person: a relative clause on "who" or
# an age ("Chaney, who had been ...", "Chaney, 45, ..."). Not an apposition on "a"/"the" nor a
# verb: a firm or a city takes those as well ("Ford, the No. 2 automaker, recalled ...",
# "Jackson, the state capital, ...", "Dell posted a loss"), and its founder's full name would
# be written for it (a second reader of the diff found these).
_WHO_OR_AGE = r"(?:who|whose|\d+,)\s"
_OPENS_AS_PERSON = re.compile(rf"[\"“‘']?(?P<name>{NAME_PART}), {_WHO_OR_AGE}")
# The same after a longer name, wherever it stands: "Clarissa Dickson Wright, who ...".
_PERSON_AFTER = re.compile(rf",\s+{_WHO_OR_AGE}")
# Besides SPEECH_VERBS, verbs of saying before which a bare word is someone speaking
# ("Ahmadinejad suggested ...", "Keilar asked ..."): a person where the word is no firm's
# (:func:`.namecues.firmlike`: "Ford asked dealers ..." beside "Ford Motor Co.") nor an outlet's
# ("Bloomberg asked the campaign for comment").
_SAYING = (
    frozenset((*SAYING_VERBS, "suggested", "testified", "insisted", "remarked"))
    - {"responded"}  # as a firm does ("Dell responded with a statement")
    - frozenset(SPEECH_VERBS)
)
_ACCORDING_TO = re.compile(r"\baccording to [\"“‘']?$", re.I)
_WHICH_AFTER = re.compile(r",\s+(?:which|that)\b")
# A name right after another and "and" or "&": one of two people named together.
_PAIRED = re.compile(r"[A-Z][\w'’.-]*\s+(?:and|&)\s+$")


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names are one name spelt two ways: the same but for an "h" or a
    doubled letter inside it, or "s" for "z".

    Example:
        >>> same_first_name("Antony", "Anthony"), same_first_name("Philip", "Phillip")
        (True, True)
        >>> same_first_name("Carl", "Carol"), same_first_name("Dan", "Dana")
        (False, False)
    """
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) == 1:
        for k in range(1, len(long) - 1):
            if long[:k] + long[k + 1 :] == short:
                return long[k] == "h" or long[k] in (long[k - 1], long[k + 1])
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]] if len(a) == len(b) else []
    return len(diff) == 1 and 0 < diff[0] < len(a) - 1 and {a[diff[0]], b[diff[0]]} == {"s", "z"}


@dataclass(frozen=True)
class Person:
    """One person of the sources: a surname, the first names they are written with (by source
    sentences, most first), the spelling kept (None: a tie) and the short form (None: none)."""

    last: str
    spellings: tuple[str, ...]
    first: str | None
    short: str | None
    # The courtesy titles the sources put before the full name ("Dr. Sripal Bangalore": "dr"),
    # empty where they give the bare surname any other title too ("Mrs. Musk", his mother).
    titles: frozenset[str] = frozenset()

    @property
    def full(self) -> str | None:
        return f"{self.first} {self.last}" if self.first else None


def find_people(sources: Iterable[str], about: Sequence[str] | None = None) -> tuple[Person, ...]:
    """The people the source sentences name in full, with their spellings and short forms
    (``about``: only those these texts name, read from the sentences that hold their names;
    faster, and the same people for them).

    Example:
        >>> people = find_people(["Anthony Blinken arrived.", "Antony Blinken met Xi.",
        ...                       "Antony Blinken left.", "Mr. Blinken said he was pleased."])
        >>> people[0].first, people[0].short
        ('Antony', 'Blinken')
    """
    full: dict[str, Counter[str]] = defaultdict(Counter)
    alone: set[str] = set()  # words used alone as a person
    # ... as one of two people named together ("Bob and David said ..."): no first name that
    # stands for a full name (a tuning summary read "Bob and David Letterman said", round 16)
    paired: set[str] = set()
    titled: dict[str, set[str]] = defaultdict(set)  # courtesy titles before a bare surname
    titled_full: dict[tuple[str, str], set[str]] = defaultdict(set)  # ... before a full name
    placed: set[str] = set()  # words found after "in", "at"...: places
    # sentences a bare word opens as a person (_OPENS_AS_PERSON): twice, and it is a person's
    # surname, though it follows "at" ("looking at Chaney") elsewhere
    subject: Counter[str] = Counter()
    # words that stand alone before an auxiliary ("Cruise has ...") or after a speech verb
    # ("said Dixon."): a person's surname, unless the word is a firm's too
    # (:func:`.namecues.firmlike`)
    acting: set[str] = set()
    # double surnames a source marks as a person's (a title, a speech verb, "who" or an age)
    marked: set[str] = set()
    # surnames whose full name follows a public office ("Mayor Antonio Villaraigosa", "police
    # chief Charlie Beck"; :func:`.namecues.acts_alone` says when the surname alone is the person)
    holds_office: set[str] = set()
    every = list(sources)
    if about is not None:
        named = sorted({t.core for text in about for t in tokens(text) if t.name})
        if not named:
            return ()
        sources = [text for text in every if any(name in text for name in named)]
    else:
        sources = every
    joined = " ".join(sources)
    # whether the bundle writes a word lower case (read from every sentence, not only those
    # that name someone: "now" need not stand beside "Now Apple")
    lower_words: set[str] = set()

    def lowered(word: str) -> bool:
        if not lower_words:  # read once, and only when a name needs it
            lower_words.update(LOWER_WORD.findall(" ".join(every)), ("",))
        return word.lower() in lower_words

    for text in sources:
        seen: set[tuple[str, str]] = set()
        for t in _TITLED.finditer(text):  # "Mr. and Mrs. Wilson" gives Wilson both titles
            titled[t.group(3)].update(g.lower() for g in t.group(1, 2) if g)
        if opens := _OPENS_AS_PERSON.match(text):
            subject[opens["name"]] += 1
        for m in mentions_in(text, longest=3):
            words = [w.core for w in m.words]
            before = m.before.core.lower() if m.before else ""
            after = m.after.core.lower() if m.after else ""
            if len(words) == 3:
                # A first name and a double surname: "Clarissa Dickson Wright", "Debbie
                # Wasserman Schultz", where the bundle never writes the first word lower case
                # ("Former", "Despite" are no first names) and no "the" or office marks a title
                if not (
                    before == "the"
                    or after in OFFICES
                    or words[0].lower() in NAME_PARTICLES
                    or words[2].lower() in ORGANISATION_WORDS  # "Human Rights Watch"
                    or lowered(words[0])
                ):
                    double = f"{words[1]} {words[2]}"
                    seen.add((words[0], double))
                    # ... marked as a person: after a title or a speech verb, or before "who"
                    # or an age ("Clarissa Dickson Wright, who has died aged 66"; never "Parker
                    # Solar Probe", "Saving Private Ryan", "Middle Stone Age"; a firm or an
                    # agency says things too: "Kenya Wildlife Services said")
                    if (
                        before in HONORIFICS
                        # the speaker ending a clause: not "said Parker Solar Probe mission
                        # scientist Nicola Fox", nor a firm's ", which ..."
                        or (
                            before in SPEECH_VERBS
                            and m.words[-1].breaks
                            and not _WHICH_AFTER.match(text, m.end)
                        )
                        or _PERSON_AFTER.match(text, m.end)
                    ):
                        marked.add(double)
                continue
            if len(words) == 2 and before in HONORIFICS:
                marked.add(f"{words[0]} {words[1]}")  # "Ms. Dickson Wright"
            # "in Chaney's family" is no place, nor "then moved inside, Gahler said", nor
            # "looking at Chaney"
            if (
                before in PLACE_PREPOSITIONS
                and not (m.before is not None and m.before.breaks)
                and text[m.end : m.end + 2] not in ("'s", "’s")
                and not (before == "at" and at_a_person(text, m.start))
            ):
                placed.add(words[0])
            if len(words) == 1:
                if after in SPEECH_VERBS or before in HONORIFICS:  # "Dixon said", "Mr. Dixon"
                    alone.add(words[0])
                    if _PAIRED.search(text, 0, m.start):
                        paired.add(words[0])
                # the speaker before another verb of saying ("Ahmadinejad suggested"), or after
                # the verb, where the clause ends on the name: "said Dixon.", "told Raddatz,
                # ...", "according to Dixon" (not "told Syrian state TV", "said Ford's
                # spokesman", "according to Bloomberg")
                elif words[0].lower() not in NEWS_OUTLETS and (
                    after in _SAYING
                    or (
                        before in SPEECH_VERBS
                        or _ACCORDING_TO.search(text, max(0, m.start - 16), m.start)
                    )
                    and m.words[-1].breaks
                    and text[m.end : m.end + 2] not in ("'s", "’s")
                ):
                    acting.add(words[0])
                elif after in AUXILIARIES:
                    acting.add(words[0])  # "LaValle is", "Cruise has": a person or a firm
            # Not a person: before an office, a force's name ("Metro Police Sgt. John Roe");
            # after "the", a party's or a team's ("the Free Egyptians", "the Buffalo Bills");
            # a surname with the particle the sources write lower case ("De Soultrait" for
            # "de Soultrait"; "Al Gore", "Van Jones" are first names).
            # A word the bundle writes lower case too is no first name where nothing marks a
            # name before it (:func:`.namecues.unmarked`): "Deejays Roula and ...", "How I Killed
            # Pluto", "CBS Evening News".
            elif not (
                after in OFFICES
                or before == "the"
                or words[0].lower() in NAME_PARTICLES
                and f" {words[0].lower()} {words[1]}" in joined
                or unmarked(m.before)
                and lowered(words[0])
            ):
                seen.add((words[0], words[1]))
                if before.rstrip(".") in PUBLIC_OFFICES:
                    holds_office.add(words[1])
                if before in COURTESY_TITLES:
                    titled_full[(words[0], words[1])].add(before.rstrip("."))
        for first, last in seen:
            full[last][first] += 1
    # The two words of a double surname are no first name and surname ("Dickson Wright" is
    # Clarissa Dickson Wright, never a Mr. Wright), and they stand alone as the person. Only
    # where two sentences give the same three words, a source marks them as a person's, and
    # the last word never stands without the other: "Spaniard Rafael Nadal" beside "Nadal
    # said" is a nationality before a name, as is "Spaniard" where the sources write "the
    # Spaniard"; "Parker Solar Probe" is marked as no one's.
    for last in [last for last in full if " " in last]:
        first_word, second = last.split(" ")
        if (
            max(full[last].values()) < 2
            or last not in marked
            or any(as_noun(first, joined) for first in full[last])
            or stands_alone(first_word, second, joined)
        ):
            del full[last]
            continue
        full[second].pop(first_word, None)
        if not full[second]:
            del full[second]
        alone.add(last)
    people = []
    for last, firsts in full.items():
        groups = _spelling_groups(firsts)
        for group in groups:
            ranked = sorted(group, key=lambda f: (-firsts[f], f))
            top = [f for f in ranked if firsts[f] == firsts[ranked[0]]]
            short = None
            # a surname that opens a sentence as a person is one alone; a first name that
            # does is not ("Jon, who ...": a surname-first name is short by its first word
            # only after a title or before speech, "Xi said")
            person = (
                last in alone
                or subject[last] > 0
                or last in acting
                and not firmlike(last, joined)
                or last in holds_office
                and acts_alone(last, joined)
                and not firmlike(last, joined)
                and not lowered(last)  # read last: it reads the whole bundle once
            )
            if len(groups) == 1 and person and (last not in placed or subject[last] > 1):
                short = last
            elif len(groups) == 1 and len(group) == 1 and ranked[0] in alone - paired:
                short = ranked[0] if ranked[0] not in placed else None
            kept = top[0] if len(top) == 1 else None
            titles = set().union(*(titled_full[(f, last)] for f in group))
            if titled[last] - titles:
                titles = set()  # "Mrs. Musk" or "Dr. Smith" may be someone else of the name
            people.append(Person(last, tuple(ranked), kept, short, frozenset(titles)))
    # A short form two people share, or that is one's surname and another's first name,
    # is nobody's.
    counts = Counter(w for p in people for w in (p.last, *p.spellings))
    return tuple(
        p if p.short is None or counts[p.short] == 1 else _without_short(p) for p in people
    )


def _without_short(p: Person) -> Person:
    return Person(p.last, p.spellings, p.first, None, p.titles)


def _spelling_groups(firsts: Counter[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    for name in sorted(firsts):
        joined = [g for g in groups if any(same_first_name(name, o) for o in g)]
        merged = [name] + [n for g in joined for n in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups
