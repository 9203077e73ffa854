"""Relative time: "today", "yesterday", "this morning", "tonight" or a bare weekday ("on
Monday") in the narrative voice, which is wrong once the summary is read on another day or
beside an article of another day.

Where the day is known (the article that says it was published on a given date), the phrase is
anchored: "today" → "on June 19", "on Monday" → "on Monday, June 19". Otherwise it is dropped
where the sentence stands without it ("Xi met Blinken today in Beijing." → "Xi met Blinken in
Beijing."), and left where it does not ("until Monday", "today's talks", "Today is ...").
Inside quotation marks it is the speaker's and stays. The text only: which day a phrase means
is :mod:`.rewrite`'s to say (``day_of``), from the published dates of the sources that say it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..lexicon.grammar import (
    DETERMINERS,
    NUMBER_WORDS,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
    finite_verb,
)
from ..lexicon.names_and_time import (
    DAY_AS_SUBJECT,
    DAY_EDGES,
    FUTURE_MARKERS,
    MONTHS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    SCHEDULED_VERBS,
    TIME_HOLDERS,
    WEEKDAYS,
)
from ..lexicon.reporting import SPEECH_VERBS
from ..sentences import is_finished
from ..text import quoted_spans

_EDGE = "|".join(sorted(DAY_EDGES))
_RELATIVE = re.compile(
    rf"(?<![\w'’-])(?:(?:{_EDGE})\s+)?(?P<key>"
    + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_MONTH = "|".join(m.capitalize() for m in MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_PARTS = "|".join(sorted(PARTS_OF_DAY))
_WEEKDAY = re.compile(
    rf"(?<![\w'’-])(?:(?i:{_EDGE})\s+)?(?:(?i:on)\s+)?(?P<key>"
    + "|".join(d.capitalize() for d in WEEKDAYS)
    + rf")(?:\s+(?:{_PARTS}))?(?![\w'’-])(?!,?\s+(?:(?:{_MONTH})\.?\s+\d|\d|the\s+\d))"
    # a habit, not a day: "on Saturday mornings" (dropping the day left "has been evident
    # mornings", struck as garbled by a tuning reader, round 20)
    + rf"(?!\s+(?:{_PARTS})s\b)"
)
_HELD_BY = PREPOSITIONS | DETERMINERS | TIME_HOLDERS
# A wire dateline's "here" before the day: "Kerry said here Monday, ..." means where the story
# was filed, which the summary does not say; it goes with the day ("Kerry said, ...": blind
# readers struck "said here" as a dateline's debris).
_SAID_HERE = re.compile(rf"\b(?:{'|'.join(sorted(SPEECH_VERBS))})\s+here\s*$")
# ... where the speech verb's clause ends after the day or its speech follows: not "The prayers
# said here Monday were ...", "said here Monday and in Kabul that ..." (another place).
_CLAUSE_ENDS = re.compile(r"\s*(?:,(?!\s*(?:and|or|but)\b)|that\b|[.;:]|$)")
# An opening phrase whose participle the day ends: "In the video released [Thursday], a worker
# ..." reads "In the video released, ..." without it (a tuning reader struck that as garbled,
# round 17), so the participle goes too: "In the video, a worker ...". (The one dev sentence so
# worded; a subject's participle, "The man arrested Monday was ...", keeps its day.)
_TOLD_WHEN = re.compile(
    r"^[\"“‘]?(?:In|On|At|From|Under|During|Through|After|Before)\s+(?:the|a|an|its|his|her|their)"
    r"\s+(?:[\w'’-]+\s+){0,3}?(?P<told>[a-z]+ed)\s+$"
)
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class TimePhrase:
    """A relative time phrase in a sentence: its span (with "on" and an edge word such as
    "late" or a part of the day after it), ``key`` ("today", "monday") and how far from the
    day of writing it points (``days``, for a relative day) or which weekday it is."""

    start: int
    end: int
    key: str
    days: int | None = None
    weekday: int | None = None


def time_phrases(text: str) -> list[TimePhrase]:
    """The relative time phrases of ``text`` outside quotes, in order.

    Example:
        >>> [p.key for p in time_phrases("Xi said on Monday: “We meet again today.”")]
        ['monday']
    """
    quoted = quoted_spans(text)
    found = []
    for m in _RELATIVE.finditer(text):
        key = m.group("key").lower()
        if m.group("key")[:1].isupper() and text[: m.start()].strip(" “\"'‘"):
            continue  # a name mid-sentence: "USA Today", "the Today show"
        if text[m.end() : m.end() + 2] not in ("'s", "’s"):
            found.append(TimePhrase(m.start(), m.end(), key, days=RELATIVE_DAYS[key]))
    for m in _WEEKDAY.finditer(text):
        before = _WORD.findall(text[: m.start()])
        bare = m.start("key") == m.start()
        if bare and before and before[-1][:1].isupper() and text[max(m.start() - 2, 0)].isalpha():
            continue  # a name: "Black Friday", "Good Friday"
        after = text[m.end() : m.end() + 16].lstrip()
        if after[:1].isupper() or text[m.end() : m.end() + 2] in ("'s", "’s"):
            continue  # "Sunday Times", "Monday's talks"
        if bare and re.search(r"(?:['’]s|s['’]) $", text[: m.start()]):
            continue  # a kind of thing: "the network's Saturday newscast", "the Giants' game"
        key = m.group("key").lower()
        found.append(TimePhrase(m.start(), m.end(), key, weekday=WEEKDAYS.index(key)))
    inside = [p for p in found if any(a <= p.start < b for a, b in quoted)]
    return sorted((p for p in found if p not in inside), key=lambda p: p.start)


def in_future(text: str) -> bool:
    """Whether ``text`` (outside quotes) speaks of what is still to come ("will meet")."""
    outside, at = "", 0
    for a, b in quoted_spans(text):
        outside, at = outside + text[at:a] + " ", b
    words = {w.lower() for w in _WORD.findall(outside + text[at:])}
    return bool(words & FUTURE_MARKERS)


def day_of(phrase: TimePhrase, written: date, future: bool) -> date:
    """The day ``phrase`` means in a sentence written on ``written``: a weekday is the last one
    on or before it, or (``future``) the next one on or after it.

    Example:
        >>> p = TimePhrase(0, 9, "monday", weekday=0)
        >>> day_of(p, date(2023, 6, 20), False), day_of(p, date(2023, 6, 20), True)
        (datetime.date(2023, 6, 19), datetime.date(2023, 6, 26))
    """
    if phrase.days is not None:
        return written + timedelta(days=phrase.days)
    assert phrase.weekday is not None
    if future:
        return written + timedelta(days=(phrase.weekday - written.weekday()) % 7)
    return written - timedelta(days=(written.weekday() - phrase.weekday) % 7)


def date_words(day: date) -> str:
    """How a summary writes a day: "June 19"."""
    return f"{MONTHS[day.month - 1].capitalize()} {day.day}"


def anchor(text: str, phrase: TimePhrase, day: date) -> str:
    """``text`` with ``phrase`` anchored to ``day``: a relative day becomes "on June 19", a
    weekday keeps its name and gains the date ("on Monday, June 19,").

    Example:
        >>> t = "China and the US agreed on Monday to talk again."
        >>> anchor(t, time_phrases(t)[0], date(2023, 6, 19))
        'China and the US agreed on Monday, June 19, to talk again.'
    """
    before, after = text[: phrase.start], text[phrase.end :]
    if phrase.weekday is None:
        new = f"on {date_words(day)}"
        if not before.strip(" “\"'‘"):
            new = "O" + new[1:]
    else:
        new = f"{text[phrase.start : phrase.end]}, {date_words(day)}"
        if after[:1] not in (",", ".", ";", ":", "!", "?", "”", '"', ")", ""):
            new += ","
    return before + new + after


def drop(text: str, phrase: TimePhrase) -> str | None:
    """``text`` without ``phrase``, or None where the rest would not stand: after a word that
    holds it ("until Monday", "by late Sunday", "the Monday"), as a subject ("Today is ..."),
    or leaving a finished sentence unfinished.

    Example:
        >>> t = "Xi met Blinken today in Beijing."
        >>> drop(t, time_phrases(t)[0])
        'Xi met Blinken in Beijing.'
        >>> t = "The offer stands until Monday."
        >>> drop(t, time_phrases(t)[0]) is None
        True
    """
    before, after = text[: phrase.start], text[phrase.end :]
    words_before = _WORD.findall(before)
    following = _WORD.findall(after[:40])
    if following and following[0].lower() in DAY_AS_SUBJECT:
        return None
    if words_before and words_before[-1].lower() in _HELD_BY and not before.rstrip().endswith(","):
        return None
    if _scheduled(before):
        return None
    if not before.strip(" “\"'‘"):  # it opens the sentence
        rest = after.lstrip()
        if rest.startswith(","):
            rest = rest[1:].lstrip()
        elif not following or not (
            following[0][:1].isupper() or following[0].lower() in DETERMINERS | SUBJECT_PRONOUNS
        ):
            return None
        out = before + rest[:1].upper() + rest[1:]
    elif before.rstrip().endswith(","):
        head = before.rstrip()[:-1]
        out = head + (after[1:] if after.startswith(",") else after)
    else:
        if (said_here := _SAID_HERE.search(before)) and _CLAUSE_ENDS.match(after):
            before = before[: said_here.end()].rstrip()[: -len("here")]
        elif (told := _TOLD_WHEN.search(before)) and after.startswith(","):
            before = before[: told.start("told")]
        out = before.rstrip() + after
    finished = is_finished(out) or not is_finished(text)
    return out if finished and len(out.split()) >= 4 else None


def _scheduled(before: str) -> bool:
    """Whether the clause that ends at a time phrase (``before``: the text up to it) tells a
    scheduled event in the present, whose day it is: "which goes on sale to the general public
    [Tuesday]", "The show airs [Friday]", "officials said the road reopens [Monday]"
    (:data:`SCHEDULED_VERBS`). Not a plural noun ("scrubbed two launches [on Tuesday]",
    "played its greatest hits"): after a determiner or a number, or after a verb of the
    clause's own other than one of saying."""
    clause = re.split(r"[,;:]|\b(?:and|but|which|that|who|when)\b", before)[-1]
    words = _WORD.findall(clause)
    for k, word in enumerate(words):
        if word.lower() not in SCHEDULED_VERBS:
            continue
        after = words[k - 1].lower() if k else ""
        if after in DETERMINERS or after in NUMBER_WORDS or any(c.isdigit() for c in after):
            return False
        return not any(
            finite_verb(w, b.lower()) and w.lower() not in SPEECH_VERBS
            for b, w in zip(["", *words[:k]], words[:k], strict=False)
        )
    return False


def retime(text: str, day: Callable[[TimePhrase], date | None]) -> tuple[str, tuple[date, ...]]:
    """``text`` with each relative time phrase outside quotes anchored where ``day`` knows the
    day it means, else dropped where the rest stands; and the days it now names (a source
    must support each: :mod:`.rewrite` gives the published date that does).

    Example:
        >>> retime("Xi met Blinken today in Beijing.", lambda p: None)
        ('Xi met Blinken in Beijing.', ())
        >>> retime("Xi met Blinken today.", lambda p: date(2023, 6, 19))
        ('Xi met Blinken on June 19.', (datetime.date(2023, 6, 19),))
    """
    days: list[date] = []
    for phrase in reversed(time_phrases(text)):
        known = day(phrase)
        if known is not None:
            text = anchor(text, phrase, known)
            days.append(known)
        elif (dropped := drop(text, phrase)) is not None:
            text = dropped
    return text, tuple(reversed(days))
