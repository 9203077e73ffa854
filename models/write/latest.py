"""The latest state wins: a sentence that tells as pending what another tells as done.

Articles written at different times tell one event in two states: an early one says the House
committee "may vote as soon as Monday to release the memo", a later one that its members "have
voted to release" it. A summary that keeps both contradicts itself (a tuning reader struck the
first as outdated). The pending one is the earlier state and gives way
(:meth:`.novelty.Novelty.restating`).

Pending: the verb after "will", "plans to" or "is (are) expected (set, scheduled, due, slated,
poised, planning, going, preparing) to", or after "may", "might" or "could" where a time
follows ("as soon as Monday", "next week": without one they hedge a finding, "yo-yo dieting may
increase the risk"), outside quotes.

Done: the same verb's past form ("voted", "approved"), or its "-ing" form after "is" or "are"
("is suing"), outside quotes, in a sentence about the same thing (the caller checks their
cosine), and the same event by its words: a content word of the few after the pending verb
is among those after the done one ("vote ... to release the memo", "voted to release a
classified memo"; a time's words, "as soon as Monday", say nothing of what). Not a done form
after a negation ("has not yet voted": the later state is that it is still pending) nor after a
determiner ("the released hostages"), and not one dated in the past in the words after it
("released four hostages last week", "appealed a similar fine in 2017"): that is an earlier
event of the kind, not this one. Only regular verbs: "will meet" beside "met" is not read.
"""

from __future__ import annotations

import re

from ..lexicon.grammar import DETERMINERS
from ..lexicon.names_and_time import MONTHS, PARTS_OF_DAY, TIME_SPANS, WEEKDAYS
from ..text import content_words, quoted_spans

_DAYS = "|".join(day.capitalize() for day in WEEKDAYS)

_PENDING = re.compile(
    r"\b(?:(?:is|are)\s+(?:expected|set|scheduled|due|slated|poised|planning|going|preparing)"
    r"\s+to|plans?\s+to|will)\s+(?:soon\s+|also\s+)?(?P<verb>[a-z]{3,})\b"
    # "may" and "could" hedge a finding ("dieting may increase the risk") unless a time follows:
    # "may vote as soon as Monday", "could decide next week"
    rf"|\b(?:may|might|could)\s+(?P<maybe>[a-z]{{3,}})\b(?=(?:\s+[\w'’,]+){{0,6}}?\s+(?:as soon as|"
    rf"(?:next|this|later this)\s+(?:week|month|year)|on\s+(?:{_DAYS})|by\s+(?:{_DAYS}))\b)"
)
# Words after "may", "will" ... that are no verb of an event: "will be", "may have".
_NOT_EVENTS = frozenset(("be", "have", "not", "never", "also", "soon", "still", "the"))
# Before a done form, what makes it no telling of the event done: a negation ("has not yet
# voted") or a determiner ("the released hostages").
_NEGATION = re.compile(r"(?:\b(?:not(?!\s+only)|never|no)|n['’]t)\s+(?:\w+\s+){0,2}$", re.I)
_DETERMINER = re.compile(rf"\b(?:{'|'.join(sorted(DETERMINERS))})\s+$", re.I)
# A past of the done event's own, in the words after it: "in 2017", "last week", "last
# September", "last year's", "two days ago".
_MONTHS = "|".join(month.capitalize() for month in MONTHS)
_DATED = re.compile(
    rf"\b(?:in|since|during)\s+(?:1[89]|20)\d\d\b|\blast\s+(?:week|month|year|{_DAYS}|{_MONTHS})\b"
    r"|\bago\b|\bearlier\s+this\s+(?:week|month|year)\b"
)
# Words of a time, not of what the event is about ("as soon as Monday", "next week"), as
# content words.
_TIME_CONTENT = content_words(
    " ".join(
        (*WEEKDAYS, *MONTHS, *PARTS_OF_DAY, *TIME_SPANS, "soon", "next", "last", "later", "earlier")
    )
)
# The words after a verb that say what the event is about.
_AFTER_WORDS = 8


def pending_verbs(text: str) -> list[tuple[str, int]]:
    """The verbs ``text`` tells as pending, outside quotes, each with where its words end.

    Example:
        >>> pending_verbs("The committee may vote as soon as Monday to release the memo.")
        [('vote', 22)]
        >>> pending_verbs('"We will fight," she said, and the union is planning to sue.')
        [('sue', 59)]
    """
    quoted = quoted_spans(text)
    out = []
    for m in _PENDING.finditer(text):
        verb, end = (m["verb"], m.end("verb")) if m["verb"] else (m["maybe"], m.end("maybe"))
        if verb not in _NOT_EVENTS and not any(a <= m.start() < b for a, b in quoted):
            out.append((verb, end))
    return out


def _done_forms(verb: str) -> re.Pattern[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    past = f"{verb}d" if verb.endswith("e") else f"{verb}ed"
    return re.compile(rf"\b(?:{past}|(?:is|are)\s+{stem}ing)\b")


def _after(text: str, end: int) -> str:
    """The few words after ``end``."""
    return " ".join(text[end:].split()[:_AFTER_WORDS])


def _about(text: str, end: int) -> set[str]:
    """The content words of the few words after ``end``, less a time's: what the event is
    about."""
    return content_words(_after(text, end)) - _TIME_CONTENT


def outdated_by(pending: str, done: str) -> bool:
    """Whether ``done`` tells as done (see the module docstring) an event ``pending`` tells as
    pending.

    Example:
        >>> outdated_by("The committee may vote as soon as Monday to release the memo.",
        ...             "Republicans on the committee have voted to release the memo.")
        True
        >>> outdated_by("The committee may vote as soon as Monday to release the memo.",
        ...             "The committee has not yet voted on whether to release the memo.")
        False
        >>> outdated_by("Dieting may increase the risk of a stroke.",
        ...             "Weight cycling increased the risk in the trial.")
        False
    """
    quoted = quoted_spans(done)
    for verb, end in pending_verbs(pending):
        about = _about(pending, end)
        for m in _done_forms(verb).finditer(done):
            before = done[max(0, m.start() - 40) : m.start()]
            if (
                not any(a <= m.start() < b for a, b in quoted)
                and not _NEGATION.search(before)
                and not _DETERMINER.search(before)
                and not _DATED.search(_after(done, m.end()))
                and about & _about(done, m.end())
            ):
                return True
    return False
