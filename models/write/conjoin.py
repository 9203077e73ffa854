"""Fusion by conjunction: what a partner adds about the head's subject, joined to the head.

The word graph (:mod:`.wordgraph`) switches sources only inside phrases they share, so it
cannot add what a partner says *after* the part both report. Where the partner first restates
the head and then goes on about the same subject, the head takes the partner's further clause,
copied whole:

- **a coordinated predicate**, its subject shared with the head's: head "Greg Gianforte, ...,
  pleaded guilty to misdemeanor assault Monday morning." + partner "Gianforte pleaded guilty
  and was sentenced to community service for the incident." → "... pleaded guilty to
  misdemeanor assault Monday morning and was sentenced to community service for the
  incident.";
- **a clause of its own on a name the head states**: partner "..., and Gianforte apologized
  to the reporter." → head + ", and Gianforte apologized to the reporter." ("but" is not
  taken: its contrast was with the partner's clause, which the head restates only in part);
- **a relative clause on a name the head states**, as a clause of its own: partner "...
  Blinken met with Chinese President Xi Jinping, who announced that an agreement ... had been
  reached." → head + ", and Xi Jinping announced that an agreement ... had been reached."

"Restates" means ``RESTATES`` of the partner's content words before the added clause are the
head's; the added clause must bring ``MIN_NEW`` content words the head lacks (and
``NEW_SHARE`` of its own must be new: it does not restate the head), must not sit in a
quotation, and must stay outside a report, or inside one by the same reporter, as the head's
end does (:func:`.pathrules.in_report`). A predicate needs the head's subject and verb, with no
clause opened after that verb in the head; a relative clause needs a name that is not another
noun's ("a spokesman for Gianforte, who ...") and a verb right after "who". Only clause
boundaries, names, listed verbs and "and" are read; there is no tagger. The candidates go
through the same rules as word-graph paths (:class:`.graphmerge.GraphMerger`); their fluency
floor is the head's and the nearest member's, not the bases' (an edit holds the head whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon.grammar import (
    AND_PREDICATE_OPENERS,
    CLAUSE_WORDS,
    NOT_THE_PERSON,
    STOPWORDS,
    TITLES,
    VERBS,
    finite_verb,
)
from ..text import content_words
from .pathrules import in_report

# The share of the partner's words before its added clause that the head must have.
RESTATES = 0.7
# The added clause brings at least this many content words the head lacks...
MIN_NEW = 2
# ... and has at most this many words, most of its content words (this share) new.
MAX_ADDED = 18
NEW_SHARE = 0.6

_WORD = re.compile(r"[\w'’.-]+")
_AND_PREDICATE = re.compile(r"(?<!,)\s+and\s+(?=(\w+))")
# ", who announced ...": a relative clause on the name just before it, to the sentence's end.
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’-]*"
_WHO = re.compile(r"(\w*)\s+(" + _NAME + r"),\s+who\s+(\w+)")
# ", and Gianforte apologized ...": a clause of its own whose subject is a name the head states.
_AND_CLAUSE = re.compile(r",\s+and\s+(?=(" + _NAME + r")\s+(\w+))")
# Quotation marks; a closing ’ only where it ends no word's apostrophe ("Blinken’s").
_QUOTES = re.compile(r"[\"“”‘]|’(?!\w)")
_END = re.compile(r"[.!?][\"”’']?$")


def conjoined(head: str, partner: str) -> Iterator[str]:
    """Candidate sentences: ``head`` (cleaned, ending in a full stop) with a clause of
    ``partner`` (cleaned) joined to it by "and" (see the module docstring). Every word is a
    source's.

    Example:
        >>> list(conjoined("Gianforte pleaded guilty to assault on Monday.",
        ...                "Gianforte pleaded guilty and was sentenced to community service."))
        ['Gianforte pleaded guilty to assault on Monday and was sentenced to community service.']
    """
    if not head.endswith(".") or head.endswith(("..", "…")) or not _END.search(partner):
        return
    body = head[:-1].rstrip(" ,;")
    if not body or "." in body.split()[-1]:
        return  # "at 9 a.m." / "the U.S.": the full stop is also the abbreviation's
    head_words = content_words(head)
    for m in _AND_PREDICATE.finditer(partner):
        if m.group(1).lower() not in AND_PREDICATE_OPENERS | VERBS:
            continue  # an "-ed" word after "and" is as often an adjective ("and naked")
        before, added = partner[: m.start()], partner[m.end() :]
        if _same_subject(body, before) and _adds(before, added, head_words, body):
            yield f"{body} and {added}"
    for m in _AND_CLAUSE.finditer(partner):
        name = _short_name(m.group(1))
        if not name or not finite_verb(m.group(2)) or not _states(head, name):
            continue
        before, added = partner[: m.start()], partner[m.end() :]
        if _has_verb(before) and _adds(before, added, head_words, body):
            yield f"{body}, and {added}"
    for m in _WHO.finditer(partner):
        name = _short_name(m.group(2))
        if m.group(1).lower() in NOT_THE_PERSON or not finite_verb(m.group(3)):
            continue  # "a spokesman for Gianforte, who"; "Xi, who Blinken later called ..."
        before, added = partner[: m.end(2)], partner[m.start(3) :]
        if not name or not _has_verb(before) or not _states(head, name):
            continue
        if _adds(before, added, head_words, body):
            yield f"{body}, and {name} {added}"


def restates(said: set[str], head_words: set[str]) -> bool:
    """Whether a partner's words ``said`` (content words) are ``RESTATES`` the head's: it
    reports what the head does.

    Example:
        >>> restates({"gianforte", "plead", "guilti"}, {"gianforte", "plead", "guilti", "monday"})
        True
    """
    return bool(said) and len(said & head_words) >= RESTATES * len(said)


def _states(head: str, name: str) -> bool:
    return bool(re.search(rf"\b{re.escape(name)}\b", head))


def _adds(before: str, added: str, head_words: set[str], body: str) -> bool:
    """Whether the partner restates the head up to ``added`` and ``added`` is a clause of new
    content in the same voice as the head's end: both outside a report, or both inside one by
    the same reporter ("Police said ..." is not "His lawyer said ...")."""
    new = content_words(added)
    if not restates(content_words(before), head_words):
        return False
    if len(added.split()) > MAX_ADDED or len(new - head_words) < max(MIN_NEW, NEW_SHARE * len(new)):
        return False
    if len(_QUOTES.findall(before)) % 2 or len(_QUOTES.findall(added)) % 2:
        return False  # the clause is inside a quotation, or opens or closes one
    reported = in_report(_WORD.findall(body))
    if reported != in_report(_WORD.findall(before)):
        return False
    return not reported or bool(_reporter(body) & _reporter(before))


def _same_subject(body: str, before: str) -> bool:
    """Whether the partner's clause before "and" and the head's end have one subject: a word
    before the first verb (after a report's reporting verb) in common, and the partner's verb
    in the head with no other clause opened after it there ("Gianforte pleaded guilty to
    assaulting Ben Jacobs, who testified ..." would hand the added predicate to Jacobs)."""
    if not _subject(body) & _subject(before):
        return False
    verb = _verb(before)
    words = [w.lower() for w in _WORD.findall(body)]
    if verb not in words:
        return False
    # After the head's verb a clause word opens another clause, whose subject an added
    # predicate would take.
    after = words[len(words) - words[::-1].index(verb) :]
    return not any(finite_verb(w) or w in CLAUSE_WORDS for w in after)


def _subject(text: str) -> set[str]:
    """The content words before a sentence's first verb; in a report, before the first verb
    of what is reported ("Police said the officer was shot" → "officer")."""
    words: list[str] = []
    for w in _WORD.findall(text):
        if in_report([w]):
            words = []  # what follows is the report
        elif finite_verb(w):
            break
        else:
            words.append(w)
    return content_words(" ".join(words))


def _verb(text: str) -> str:
    """The first verb after a report's reporting verb, lower-cased ("" when none)."""
    for w in _WORD.findall(text):
        if finite_verb(w) and not in_report([w]):
            return w.lower()
    return ""


def _reporter(text: str) -> set[str]:
    """The content words before a sentence's first reporting verb (who reports)."""
    words: list[str] = []
    for w in _WORD.findall(text):
        if in_report([w]):
            return content_words(" ".join(words))
        words.append(w)
    return set()


def _has_verb(text: str) -> bool:
    return any(finite_verb(w) for w in _WORD.findall(text))


def _short_name(name: str) -> str:
    """A person's name without the title before it: "Chinese President Xi Jinping" → "Xi
    Jinping" (the last two capitalised words unless the first is a title), "" when none."""
    words = [w for w in name.split() if w[:1].isupper()]
    if not words or words[-1].lower() in TITLES | STOPWORDS:
        return ""
    if len(words) >= 2 and words[-2].lower() not in TITLES and len(words[-2]) > 1:
        return " ".join(words[-2:])
    return words[-1]
