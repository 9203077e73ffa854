"""Roles: who a person is, said at the summary's first mention of them.

A summary that names "Jordan Roe" and never says who she is leaves the reader guessing: blind
readers struck people named in full with no role as unintroduced (a police sergeant quoted, a
commentator, a neighbour). The sources say who they are in an apposition, "Jordan Roe, a
neighbour, said ...", or with an office or a rank before the name, "Las Vegas Police Sgt.
Jordan Roe said ...". :func:`find_roles` reads both: a full name, a comma, a noun phrase of at
most :data:`MAX_ROLE_WORDS` words (a run of capitalised words, a name, counted once) that
opens on "a", "an" or "the" or an office ("director of ...": no verb, no clause, no quotation,
no bracket), then a comma or the sentence's end; or up to four capitalised words ending on a
rank (the lexicon's ``RANKS``) right before the full name; or an organisation's capitalised
name and its office in lower case, "World Privacy Forum executive director Pam Dixon", "Tesla
CEO Elon Musk"; or, after the name, where they live or work as a clause, "Jordan Roe, who lives
across the street from the scene, said ..." (:data:`_WHO_ROLE`). Of a person's roles the one
most source sentences give is kept (a tie: the apposition, then the earliest).

:func:`introduce` writes the role after a person's first full-name mention in the summary,
outside quotes, where that mention has none: nothing names a role before it (a title, "Sen.
Ben Sasse", or a noun, "neighbour Jordan Roe": only a sentence's start, a quotation that opens
the sentence, a verb or a preposition may stand before the name), no apposition or bracket
follows it, and it is no possessive (a rank goes before the name, a possessive or not). The
role's words are the source sentence's, which :mod:`.rewrite` cites.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon.grammar import (
    CAPITALISED_NOT_NAMES,
    CLAUSE_WORDS,
    PREPOSITIONS,
    finite_verb,
    has_finite_verb,
)
from ..lexicon.names_and_time import MONTHS, PARTS_OF_DAY, RANKS, WEEKDAYS
from ..lexicon.reporting import SPEECH_PERSONS, SPEECH_VERBS
from ..text import quoted_spans
from ..types import Sentence
from .mentions import NAME_PATTERN as _NAME
from .mentions import mentions_in

MAX_ROLE_WORDS = 8
# A clause that says where someone lives or works, "who lives across the street from the crime
# scene": its "who" and verb too.
MAX_WHO_WORDS = 10
# An office with no article before it: "Jordan Roe, director of the centre, said".
_OFFICE_OF = "|".join(
    sorted((re.escape(r) for r in RANKS if not r.endswith(".")), key=len, reverse=True)
)
# "Jordan Roe, a neighbour, said" / "... said Jordan Roe, the group's director." / "said
# Jordan Roe, director of the university's centre for regional analysis."
_APPOSITION = re.compile(
    rf"(?<![\w'’.-])(?P<name>{_NAME} {_NAME}), (?P<role>(?:(?:a|an|the) |(?:{_OFFICE_OF}) "
    r"(?:of|for|at) )(?:[^,;:()\[\]\"“”‘’!?]|(?<=\w)’(?=\w))+?)"
    r"(?=, |\.$)"
)
# Where someone lives or works, as a clause: "Jordan Roe, who lives across the street from the
# crime scene, said ..." (the three dev sentences so worded; a tuning reader struck the bare
# "Jordan Milner said" as unintroduced, round 17). In the present and before a place or an
# employer only: "who lived in fear of ...", "who lived to be 114", "who worked tirelessly to
# ..." tell a life, not a role; not "who works with me".
_WHO_ROLE = re.compile(
    rf"(?<![\w'’.-])(?P<name>{_NAME} {_NAME}), (?P<role>who (?:lives|works)"
    r"(?: and (?:lives|works))? (?:in|at|on|near|across|around|outside|next to|down|for|with"
    r"|nearby)"
    r"(?: (?:the|a|an|[A-Z][\w'’.-]*)\b|,)[^,;:()\[\]\"“”‘’!?]*?)(?=, )"
)
# "Las Vegas Police Sgt. Jordan Roe said": up to four capitalised words, an office or a rank
# (RANKS), the full name.
_RANK = "|".join(sorted((re.escape(r.capitalize()) for r in RANKS), key=len, reverse=True))
_TITLE = re.compile(
    rf"(?<![\w'’.-])(?P<role>(?:(?:[A-Z]\.)+ |[A-Z][\w'’&-]*\.? ){{0,4}}?(?:{_RANK})) "
    rf"(?P<name>{_NAME} {_NAME})"
    r"(?![\w'’-])"
)
# "World Privacy Forum executive director Pam Dixon", "Tesla CEO Elon Musk": an organisation's
# capitalised name (up to four words), then its office in lower case (or an officer's acronym)
# right before the full name (a tuning reader struck the bare "said Pam Dixon" as
# unintroduced, round 16).
_LOWER_RANK = "|".join(
    sorted(
        (re.escape(r) for r in RANKS if not r.endswith(".") and r.islower()), key=len, reverse=True
    )
)
_OFFICE_MODIFIERS = (
    *("executive", "deputy", "assistant", "senior", "managing", "vice", "associate", "acting"),
    "interim",
)
_ORG_OFFICE = re.compile(
    r"(?<![\w'’.-])(?P<role>(?:[A-Z][\w'’&-]*\.? ){1,4}"
    rf"(?:(?:(?:{'|'.join(_OFFICE_MODIFIERS)}) )?"
    rf"(?:{_LOWER_RANK})|chief executive|CEO|CFO|COO)) "
    rf"(?P<name>{_NAME} {_NAME})"
    r"(?![\w'’-])"
)
# Capitalised before a lower-case office, these name no organisation: "Former executive
# director Jordan Roe", "Neither officer Jordan Roe nor ...".
_NOT_ORGANISATION = frozenset(
    (*_OFFICE_MODIFIERS, "former", "then", "new", "chief", "neither", "either", "both", "each")
)
_NOT_OFFICE = CAPITALISED_NOT_NAMES | frozenset(WEEKDAYS) | frozenset(MONTHS)
_NOT_ROLES = (
    PARTS_OF_DAY | frozenset(WEEKDAYS) | frozenset(("day", "week", "month", "year", "time"))
)
# Before a name these leave it without a role ("said Jordan Roe", "told Jordan Roe", "by
# Jordan Roe"); any other word may be one ("neighbour Jordan Roe", "Sen. Ben Sasse").
_BARE_BEFORE = PREPOSITIONS | frozenset({"and", "or", "to", "as", "but", "than"})
# A quotation that opens the sentence and closes right before a name: its speaker follows
# ('"...," Mark Warner said'); not a list of quoted titles ('were "Moonlight," Jordan Roe and
# ...') nor a quotation within a quotation.
_AFTER_QUOTE = re.compile(r"^\s*(?:\"[^\"“”]*[,!?]\"|“[^\"“”]*[,!?]”|‘[^‘’]*[,!?]’)\s+$")
# A speech tag after a clause: "..., Jordan Roe said." The name is the speaker, as after a
# quotation; not one of a list ("Ann Price, Jordan Roe and ..."), nor a tag set between commas
# ("The car, Jordan Roe said, headed north": a role there makes four). A tuning reader struck
# "..., Sean McManus said." as unintroduced where a source says "CBS News President Sean
# McManus" (round 20).
_TAG_BEFORE = re.compile(r"\w[\w'’.)]*, $")
_TAG_AFTER = re.compile(rf" (?:{'|'.join(SPEECH_VERBS)})\b(?!,)")
# After a name, an apposition or a bracket: the person is introduced there.
_SAID_AFTER = re.compile(r",\s+(?:a|an|the)\s|\s*\(")


@dataclass(frozen=True)
class Role:
    """A person's role as a source sentence states it: after their full name (an apposition)
    or, ``before``, right before it (an office or a rank, "Police Sgt.")."""

    name: str
    text: str
    source: Sentence
    before: bool = False


def _is_role(role: str) -> bool:
    """Whether an apposition's words are a noun phrase that says who someone is: at most
    :data:`MAX_ROLE_WORDS` words, no verb, no clause, no first or second person."""
    words = role.split()
    if _length(words) > MAX_ROLE_WORDS:
        return False
    lower = [w.lower().strip("'’") for w in words]
    if any(w in CLAUSE_WORDS or w in SPEECH_PERSONS or w in ("and", "or") for w in lower):
        return False
    if lower[-1] in _NOT_ROLES:
        return False  # "arrested Jordan Roe, the same day"
    if lower[0] not in ("a", "an", "the") and (
        re.search(r"\d", role) or any(w in _NOT_ROLES or w in ("years", "terms") for w in lower)
    ):
        return False  # an office for a time: "coach of the year in 2019", "president for two terms"
    return not has_finite_verb(words)


def _length(words: list[str]) -> int:
    """A role's length in words, a run of capitalised words counted once: a name is one thing
    to read ("director of George Mason University's Center for Regional Analysis": 5)."""
    return sum(
        1 for k, w in enumerate(words) if not (w[:1].isupper() and k and words[k - 1][:1].isupper())
    )


def find_roles(sources: Iterable[Sentence], names: Iterable[str]) -> dict[str, Role]:
    """The role of each of ``names`` (full names) that the source sentences give in an
    apposition outside quotes; the one most of them give (a tie: the earliest).

    Example:
        >>> s = Sentence("a", 0, 0, 0, 44, "Jordan Roe, a neighbour, said she heard it.")
        >>> find_roles([s], ["Jordan Roe"])["Jordan Roe"].text
        'a neighbour'
    """
    wanted = set(names)
    found: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    first: dict[tuple[str, bool, str], Sentence] = {}
    for s in sources:
        if not any(name in s.text for name in wanted):
            continue
        quoted = quoted_spans(s.text, single=True)
        said = [(m, _is_role(m["role"])) for m in _APPOSITION.finditer(s.text)]
        said += [
            (m, _length(m["role"].split()) <= MAX_WHO_WORDS) for m in _WHO_ROLE.finditer(s.text)
        ]
        for m, fits in said:
            name, role = m["name"], m["role"]
            if name not in wanted or any(a <= m.start() < b for a, b in quoted) or not fits:
                continue
            if not _stands_alone(s.text, m.start(), m.end("name")):
                continue
            if _in_a_list(s.text, m.start(), m.end()):
                continue
            found[name][(False, role)] += 1
            first.setdefault((name, False, role), s)
        organisations = [m for m in _ORG_OFFICE.finditer(s.text) if _names_one(m["role"])]
        for m in (*_TITLE.finditer(s.text), *organisations):
            name, role = m["name"], _office(m["role"])
            if name in wanted and not any(a <= m.start() < b for a, b in quoted):
                found[name][(True, role)] += 1
                first.setdefault((name, True, role), s)
    out = {}
    for name, roles in found.items():
        # the apposition before the title at a tie: it says more
        (before, best), _ = max(roles.items(), key=lambda kv: (kv[1], not kv[0][0]))
        out[name] = Role(name, best, first[(name, before, best)], before)
    return out


def _names_one(role: str) -> bool:
    """Whether the capitalised words before a lower-case office (:data:`_ORG_OFFICE`) name an
    organisation: one of them is no sentence's opening word ("The", "But") and no modifier
    ("Former", "Neither"). Without one: whose office?"""
    return any(
        w[:1].isupper() and w.lower() not in _NOT_ORGANISATION | _NOT_OFFICE for w in role.split()
    )


def _office(words: str) -> str:
    """A rank with the capitalised words before it, less those that are no part of an office
    ("But", "On Monday": a sentence's first words)."""
    kept = words.split()
    while len(kept) > 1 and kept[0].lower().rstrip(".,") in _NOT_OFFICE:
        kept.pop(0)
    return " ".join(kept)


def _office_for(office: str) -> str:
    """``office`` as written before a name, every word of it ("San Jose Police Chief"), a
    word's stray capitals mended ("POlice": "Police")."""
    words = [w.capitalize() if re.fullmatch(r"[A-Z]{2}[a-z]+", w) else w for w in office.split()]
    return " ".join(words)


def _in_a_list(text: str, start: int, end: int) -> bool:
    """Whether the apposition at ``start:end`` is one item of a list, not who the person is:
    "thanked Jordan Roe, the volunteers and the Red Cross", "names Jordan Roe, the city, and
    two officers", "Sam Lee and Jordan Roe, the couple's lawyers" (a role for both)."""
    return bool(re.match(r",\s+(?:and|or)\b", text[end:])) or bool(
        re.search(r"(?:\band|\bor|,)\s+$", text[:start])
    )


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the two words at ``start:end`` are a name of their own (not the end of a longer
    run of names, "Kim Jong Un")."""
    return any(m.start == start and m.end == end for m in mentions_in(text))


def speaks_or_acts(text: str, name: str) -> bool:
    """Whether ``name`` is who ``text`` has speak or act: a verb right after the full name where
    no preposition stands before it, or a speech verb (or "according to") right before it
    ("..., said Jordan Roe."); not a name in passing ("photos of Jordan Roe were shown").

    Example:
        >>> speaks_or_acts("The street flooded, said Jordan Roe.", "Jordan Roe")
        True
        >>> speaks_or_acts("A lawsuit against Jordan Roe was dismissed.", "Jordan Roe")
        False
    """
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text):
        after = re.match(r"\s+([A-Za-z'’]+)", text[m.end() :])
        before = re.search(r"([A-Za-z]+)\s+$", text[: m.start()])
        word = before.group(1).lower() if before else ""
        if word in SPEECH_VERBS or re.search(r"\baccording to\s+$", text[: m.start()], re.I):
            return True
        if after and finite_verb(after.group(1)) and word not in PREPOSITIONS:
            return True
    return False


def introduce(text: str, roles: dict[str, Role], introduced: set[str]) -> tuple[str, Role | None]:
    """``text`` with the role of the first person it names in full for the first time
    (``introduced``: the people the summary named before, which takes in everyone ``text``
    names) written after the name, and that role; ``text`` and None where there is none to
    write (module docstring).

    Example:
        >>> s = Sentence("a", 0, 0, 0, 44, "Jordan Roe, a neighbour, said she heard it.")
        >>> roles = find_roles([s], ["Jordan Roe"])
        >>> introduce("Jordan Roe said the street flooded.", roles, set())[0]
        'Jordan Roe, a neighbour, said the street flooded.'
    """
    quoted = quoted_spans(text, single=True)
    out, written = text, None
    for m in mentions_in(text):
        if len(m.words) != 2 or any(a <= m.start < b for a, b in quoted):
            continue
        name = f"{m.words[0].core} {m.words[1].core}"
        new = name not in introduced
        introduced.add(name)
        role = roles.get(name)
        if written is not None or not new or role is None:
            continue
        before = m.before.core if m.before else ""
        bare = not before or before.lower() in _BARE_BEFORE or finite_verb(before)
        after = text[m.end : m.end + 1]
        # right after a quotation, as after a sentence's start: '"...," Mark Warner said', or
        # a speech tag after a clause
        spoke = _AFTER_QUOTE.search(text[: m.start]) is not None or (
            _TAG_BEFORE.search(text[: m.start]) is not None
            and _TAG_AFTER.match(text, m.end) is not None
        )
        if not spoke and (not bare or before[:1].isupper()):
            continue
        if not role.before and not re.match(r"(?:$|[.;]| [a-z])", text[m.end :]):
            # not before "III", "(pictured)", a dash's aside or a possessive
            continue
        if role.before and _SAID_AFTER.match(text[m.end :]):
            continue  # not "Sen. Mark Warner, the senator," nor "Sen. Mark Warner (pictured)"
        if role.before:
            out = f"{text[: m.start]}{_office_for(role.text)} {text[m.start :]}"
        else:
            tail = "" if after in ("", ".", ";") else ","
            out = f"{text[: m.end]}, {role.text}{tail}{text[m.end :]}"
        written = role
    # a longer run of names holds them too ("Councillor Jordan Roe"): introduced as well
    introduced.update(name for name in roles if name in text)
    return out, written
