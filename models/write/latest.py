"""The latest state wins: a sentence that tells as pending what another tells as done.

Articles written at different times tell one event in two states: an early one says the House
committee "may vote as soon as Monday to release the memo", a later one that its members "have
voted to release" it; one says the fraternity "is planning to sue the men", another that it "is
suing" them. A summary that keeps both contradicts itself (a tuning reader struck the first as
outdated, the second as a repeat). The pending one is the earlier state and gives way
(:meth:`.novelty.Novelty.restating`).

Pending: the verb after "will", "plans to" or "is expected (set, scheduled, due, slated,
poised, planning, going, preparing) to", or after "may", "might" or "could" where a time
follows ("as soon as Monday", "next week": without one they hedge a finding, "yo-yo dieting may
increase the risk"), outside quotes. Done: the same
verb's past form ("voted", "sued"), or its "-ing" form after "is" or "are" ("is suing"),
outside quotes, in a sentence about the same thing (the caller checks their cosine). Only
regular verbs: "will meet" beside "met" is not read.
"""

from __future__ import annotations

import re

from ..lexicon.names_and_time import WEEKDAYS
from ..text import quoted_spans

_DAYS = "|".join(day.capitalize() for day in WEEKDAYS)

_PENDING = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:expected|set|scheduled|due|slated|poised|planning|going"
    r"|preparing)\s+to|plans?\s+to|will)\s+(?:soon\s+|also\s+)?(?P<verb>[a-z]{3,})\b"
    # "may" and "could" hedge a finding ("dieting may increase the risk") unless a time follows:
    # "may vote as soon as Monday", "could decide next week"
    rf"|\b(?:may|might|could)\s+(?P<maybe>[a-z]{{3,}})\b(?=(?:\s+[\w'’,]+){{0,6}}?\s+(?:as soon as|"
    rf"(?:next|this|later this)\s+(?:week|month|year)|on\s+(?:{_DAYS})|by\s+(?:{_DAYS}))\b)"
)
# Words after "may", "will" ... that are no verb of an event: "will be", "may have".
_NOT_EVENTS = frozenset(("be", "have", "not", "never", "also", "soon", "still", "the"))


def pending_verbs(text: str) -> list[str]:
    """The verbs ``text`` tells as pending, outside quotes.

    Example:
        >>> pending_verbs("The committee may vote as soon as Monday to release the memo.")
        ['vote']
        >>> pending_verbs('"We will fight," she said, and the union is planning to sue.')
        ['sue']
    """
    quoted = quoted_spans(text)
    verbs = ((m.start(), m["verb"] or m["maybe"]) for m in _PENDING.finditer(text))
    return [
        verb
        for start, verb in verbs
        if verb not in _NOT_EVENTS and not any(a <= start < b for a, b in quoted)
    ]


def _done_forms(verb: str) -> re.Pattern[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    past = f"{verb}d" if verb.endswith("e") else f"{verb}ed"
    return re.compile(rf"\b(?:{past}|(?:is|are)\s+{stem}ing)\b")


def outdated_by(pending: str, done: str) -> bool:
    """Whether ``done`` tells as done (outside quotes) a verb ``pending`` tells as pending.

    Example:
        >>> outdated_by("The committee may vote as soon as Monday to release the memo.",
        ...             "Republicans on the committee have voted to release the memo.")
        True
        >>> outdated_by("The fraternity is planning to sue the men.",
        ...             "The fraternity is suing a group of students.")
        True
        >>> outdated_by("The committee may vote on Monday.", "The committee met on Friday.")
        False
        >>> outdated_by("Dieting may increase the risk of a stroke.",
        ...             "Weight cycling increased the risk in the trial.")
        False
    """
    quoted = quoted_spans(done)
    for verb in pending_verbs(pending):
        for m in _done_forms(verb).finditer(done):
            if not any(a <= m.start() < b for a, b in quoted):
                return True
    return False
