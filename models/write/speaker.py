"""The head's speaker renamed: the head with a partner's fuller naming of its speaker.

Outlets name the same source differently: "A Pao spokeswoman said her legal team is
“considering the proposal,” and will respond in the next two weeks." / "Pao and her legal team
are considering the proposal, said Heather Wilson, a spokeswoman for Pao." Where a partner
reports the head's statement (:func:`.conjoin.restates`: 70 % of its content words are the head's)
and names the head's speaker (:func:`_same_speaker`: one person described the same way, or
the same surname), the head takes the partner's speaker: "Heather Wilson, a spokeswoman for
Pao, said her legal team is “considering the proposal,” and will respond in the next two
weeks."

A speaker is read where news puts one: before the sentence's reporting verb ("X said ..."), or
after the statement (", X said." / ", said X."). A pronoun ("he said") is never replaced: who
it is depends on the sentence before. The candidates go through the same rules as word-graph
paths (:class:`.graphmerge.GraphMerger`); their fluency floor is the head's and the nearest
member's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..speech import Speaker, name_and_description, speakers
from ..text import content_words, specifics
from .conjoin import restates


def _statement(sentence: str, speaker: Speaker) -> str:
    """The sentence without its speaker and reporting verb."""
    return sentence[: speaker.start] + " " + sentence[speaker.end :]


def renamed(head: str, partner: str) -> Iterator[str]:
    """Candidate sentences: ``head`` (cleaned) with its speaker named as ``partner`` (cleaned)
    names them (see the module docstring).

    Example:
        >>> list(renamed("A Pao spokeswoman said the team will respond within two weeks.",
        ...              "The team will respond, said Heather Wilson, a spokeswoman for Pao."))
        ['Heather Wilson, a spokeswoman for Pao, said the team will respond within two weeks.']
    """
    head_words = content_words(head)
    for mine in speakers(head):
        for other in speakers(partner):
            if not _same_speaker(mine.text, other.text):
                continue
            said = content_words(_statement(partner, other)) - content_words(other.text)
            if not restates(said, head_words):
                continue  # the partner's speaker said something else
            yield _placed(head, mine, other.text)


def _same_speaker(mine: str, theirs: str) -> bool:
    """Whether ``theirs`` names the speaker ``mine`` describes, and adds a name: ``mine`` is one
    person described ("a Pao spokeswoman": an article, then words all in the description of
    ``theirs``, "Heather Wilson, a spokeswoman for Pao"), or a name ("DC Bird": capitalised
    words only, the last of them the surname of ``theirs``, "Det Con Tim Bird, the leader of the
    rescue team"). Never a pronoun, nor a body ("police said": who of them said it?), and the
    words must play the same part ("a spokeswoman for Wilson" is not Heather Wilson)."""
    name, description = name_and_description(theirs)
    if not name or not specifics(name) - specifics(mine):
        return False
    words = mine.split()
    if words[0].lower() in ("a", "an", "the"):
        described = content_words(mine)
        return bool(described) and described <= content_words(description)
    if all(w[:1].isupper() for w in words):
        return words[-1].strip(".,") == name.split()[-1]
    return False


def _placed(head: str, mine: Speaker, speaker: str) -> str:
    """``head`` with ``speaker`` in the place of its own (``mine``): capitalised at the start,
    an appositive closed with a comma before the verb, or after it at the end (", said Heather
    Wilson, a spokeswoman for Pao.")."""
    if mine.where == "before":
        speaker = speaker[0].upper() + speaker[1:] + ("," if ", " in speaker else "")
        return head[: mine.start] + speaker + head[mine.end :]
    if re.match(r"(?:A|An|The)\s", speaker):
        speaker = speaker[0].lower() + speaker[1:]
    if mine.where == "after" and ", " in speaker:  # ", said X, a spokeswoman for Pao."
        return head[: mine.start] + f"{mine.verb} {speaker}" + head[mine.verb_end :]
    return head[: mine.start] + speaker + head[mine.end :]
