"""Who speaks in a news sentence: the speaker before the reporting verb ("Heather Wilson, a
spokeswoman for Pao, said ..."), or after the statement (", said X." / ", X said."), and a
named speaker cut into the name and what describes them. Read by the head edit that renames a
speaker (:mod:`.write.speaker`) and by cleaning, which gives a quotation with no speaker of its
own the one its preceding sentence names (:mod:`.stages.clean`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import QUOTE_VERBS, SPEECH_VERBS

_VERB = "(?:" + "|".join(SPEECH_VERBS) + ")"
# "Heather Wilson, a spokeswoman for Pao, said" / "A Pao spokeswoman said": a capitalised start,
# no clause punctuation, at most one appositive set off by commas.
_SPEAKER = r"[A-Z][^,;:\"“”()]{1,60}?(?:,\s+(?:a|an|the)\s[^,;:\"“”()]{2,60},)?"
_LEADING = re.compile(r"^(?P<s>" + _SPEAKER + r")\s+(?P<v>" + _VERB + r")\b")
# ", said Heather Wilson, a spokeswoman for Pao." / ", a Pao spokeswoman said."
_SAID_AFTER = re.compile(
    r",[\"”’]?\s+(?P<v>" + _VERB + r")\s+(?P<s>[^;:\"“”()]{3,100}?)(?P<e>[.!?])$"
)
_AFTER_SAID = re.compile(
    r",[\"”’]?\s+(?P<s>[^,;:\"“”()]{3,80}?)\s+(?P<v>" + _VERB + r")(?P<e>[.!?])$"
)


class Speaker(NamedTuple):
    start: int  # the speaker's span in the sentence
    end: int
    text: str
    where: str  # "before" (X said ...), "after" (..., X said.) or "said_after" (..., said X.)
    verb: str
    verb_end: int


def speakers(sentence: str) -> list[Speaker]:
    """Where ``sentence`` names who speaks: before its reporting verb, then after the statement.

    Example:
        >>> [sp.text for sp in speakers("The team will respond, said Heather Wilson, a "
        ...                             "spokeswoman for Pao.")]
        ['Heather Wilson, a spokeswoman for Pao']
    """
    out = []
    for pattern, where in (
        (_LEADING, "before"),
        (_SAID_AFTER, "said_after"),
        (_AFTER_SAID, "after"),
    ):
        m = pattern.search(sentence)
        if m:
            text = m.group("s").rstrip(",")
            out.append(Speaker(m.start("s"), m.end("s"), text, where, m.group("v"), m.end("v")))
    return out


def name_and_description(speaker: str) -> tuple[str, str]:
    """A named speaker cut into their name and the words that describe them: "Heather Wilson,
    a spokeswoman for Pao" → ("Heather Wilson", "a spokeswoman for Pao"); "police chief John
    Smith" → ("John Smith", "police chief"); ("", speaker) when no name."""
    if ", " in speaker:
        name, description = speaker.split(", ", 1)
        return (name, description) if all(w[:1].isupper() for w in name.split()) else ("", speaker)
    words = speaker.split()
    cut = len(words)
    while cut and words[cut - 1][:1].isupper():
        cut -= 1
    return " ".join(words[cut:]), " ".join(words[:cut])


# A named speaker after the quotation, before a verb that more may follow: "...,” Erica Meier,
# the group's director, said in a statement." (``speakers`` reads "in a statement" there).
_NAMED_AFTER = re.compile(
    r"[,!?][\"”’]?\s+(?P<s>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3})"
    r"(?:,\s+[^,;:\"“”()]{2,80},)?\s+(?:" + "|".join(dict.fromkeys(QUOTE_VERBS)) + r")\b"
    r"[^\"“”]{0,60}[.!?]$"
)


def named_after(sentence: str) -> str | None:
    """The capitalised name of a speaker after the statement, whatever follows the verb.

    Example:
        >>> named_after("“We act,” Erica Meier, the group's director, said in a statement.")
        'Erica Meier'
        >>> named_after("“We act,” the group said in a statement.") is None
        True
    """
    m = _NAMED_AFTER.search(sentence)
    return m.group("s") if m else None
