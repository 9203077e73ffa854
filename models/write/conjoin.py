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
  to the reporter." → head + ", and Gianforte apologized to the reporter.";
- **a relative clause on a name the head states**, as a clause of its own: partner "...
  Blinken met with Chinese President Xi Jinping, who announced that an agreement ... had been
  reached." → head + ", and Xi Jinping announced that an agreement ... had been reached."

"Restates" means ``RESTATES`` of the partner's content words before the added clause are the
head's; the added clause must bring ``MIN_NEW`` content words the head lacks (and
``NEW_SHARE`` of its own must be new: it does not restate the head), must not sit in a
quotation, and must stay inside a report or outside one as the head's end does
(:func:`.splice.in_report`). Only clause boundaries, a name and "and" are read; there is no
tagger. The candidates go through the same rules and fluency floor as word-graph paths
(:class:`.construct.GraphMerger`), with the head as the member they are built on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text import STOPWORDS, content_words
from .splice import in_report
from .wordgraph import VERBS

# The share of the partner's words before its added clause that the head must have.
RESTATES = 0.7
# The added clause brings at least this many content words the head lacks...
MIN_NEW = 2
# ... and has at most this many words, most of its content words (this share) new.
MAX_ADDED = 18
NEW_SHARE = 0.6

_WORD = re.compile(r"[\w'’.-]+")
# "and" then a finite verb: a second predicate of the same subject ("and was sentenced").
_AUXILIARY_LIST = "was were is are has have had will would could can also then later"
_AUXILIARIES = frozenset(_AUXILIARY_LIST.split())
_AND_PREDICATE = re.compile(r"(?<!,)\s+and\s+(?=(\w+))")
# ", who announced ...": a relative clause on the name just before it, to the sentence's end.
_NAME = r"(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’-]*"
_WHO = re.compile(r"(" + _NAME + r"),\s+who\s+(?=\w)")
# ", and Gianforte apologized ...": a clause of its own whose subject is a name the head states.
_AND_CLAUSE = re.compile(r",\s+(and|but)\s+(?=(" + _NAME + r")\s+(\w+))")
_TITLE_LIST = (
    "president secretary minister chancellor senator governor mayor judge chief prime "
    "mr mr. mrs mrs. ms ms. dr dr. gen. sen. rep. gov. general state foreign"
)
_TITLES = frozenset(_TITLE_LIST.split())
_QUOTES = re.compile(r"[\"“”]")
_END = re.compile(r"[.!?][\"”’']?$")


def conjoined(head: str, partner: str) -> Iterator[str]:
    """Candidate sentences: ``head`` (cleaned, ending in a full stop) with a clause of
    ``partner`` (cleaned) joined to it (see the module docstring). Every word is a source's,
    and "and" joins them.

    Example:
        >>> list(conjoined("Gianforte pleaded guilty to assault on Monday.",
        ...                "Gianforte pleaded guilty and was sentenced to community service."))
        ['Gianforte pleaded guilty to assault on Monday and was sentenced to community service.']
    """
    if not head.endswith(".") or not _END.search(partner):
        return
    body = head[:-1].rstrip(" ,;")
    theirs = content_words(head)
    for m in _AND_PREDICATE.finditer(partner):
        if m.group(1).lower() not in _AUXILIARIES | VERBS:
            continue  # an "-ed" word after "and" is as often an adjective ("and naked")
        before, added = partner[: m.start()], partner[m.end() :]
        if _same_subject(head, before) and _adds(before, added, theirs, head, body):
            yield f"{body} and {added}"
    for m in _AND_CLAUSE.finditer(partner):
        name = _short_name(m.group(2))
        if not name or not _finite(m.group(3)) or not re.search(rf"\b{re.escape(name)}\b", head):
            continue
        before, added = partner[: m.start()], partner[m.end() :]
        if _has_verb(before) and _adds(before, added, theirs, head, body):
            yield f"{body}, {m.group(1)} {added}"
    for m in _WHO.finditer(partner):
        name = _short_name(m.group(1))
        before, added = partner[: m.end(1)], partner[m.end() :]
        if not name or not _has_verb(before) or not re.search(rf"\b{re.escape(name)}\b", head):
            continue
        if _adds(before, added, theirs, head, body):
            yield f"{body}, and {name} {added}"


def _adds(before: str, added: str, theirs: set[str], head: str, body: str) -> bool:
    """Whether the partner restates the head up to ``added`` and ``added`` is a clause of new
    content in the same voice (inside or outside a report) as the head's end."""
    said, new = content_words(before), content_words(added)
    if not said or len(said & theirs) < RESTATES * len(said):
        return False
    if len(added.split()) > MAX_ADDED or len(new - theirs) < max(MIN_NEW, NEW_SHARE * len(new)):
        return False
    if len(_QUOTES.findall(before)) % 2 or len(_QUOTES.findall(added)) % 2:
        return False  # the clause is inside a quotation, or opens or closes one
    return in_report(_WORD.findall(body)) == in_report(_WORD.findall(before))


def _same_subject(head: str, before: str) -> bool:
    """Whether the partner's clause before "and" has a name or word before its first verb
    that the head has before its own first verb: the two report the same subject."""
    return bool(_subject(head) & _subject(before))


def _subject(text: str) -> set[str]:
    words = []
    for w in _WORD.findall(text):
        if _finite(w):
            break
        words.append(w)
    return content_words(" ".join(words))


def _has_verb(text: str) -> bool:
    return any(_finite(w) for w in _WORD.findall(text))


def _finite(word: str) -> bool:
    w = word.lower()
    return w in VERBS or (w.endswith("ed") and len(w) > 4 and word.islower())


def _short_name(name: str) -> str:
    """A person's name without the title before it: "Chinese President Xi Jinping" → "Xi
    Jinping" (the last two capitalised words unless the first is a title), "" when none."""
    words = [w for w in name.split() if w[:1].isupper()]
    if not words or words[-1].lower() in _TITLES | STOPWORDS:
        return ""
    if len(words) >= 2 and words[-2].lower() not in _TITLES and len(words[-2]) > 1:
        return " ".join(words[-2:])
    return words[-1]
