"""Who speaks in a news sentence: the speaker before the reporting verb ("Heather Wilson, a
spokeswoman for Pao, said ..."), or after the statement (", said X." / ", X said."), and a
named speaker cut into the name and what describes them. Read by the head edit that renames a
speaker (:mod:`.write.speaker`), and here for cleaning (:mod:`.stages.clean`), which keeps a
quotation with no speaker of its own for the one its preceding sentence names
(:func:`quote_speaker`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple, TypeVar

from .lexicon.grammar import (
    AUXILIARIES,
    COORDINATORS,
    PRONOUNS,
    SUBJECT_PRONOUNS,
    has_finite_verb,
)
from .lexicon.reporting import QUOTE_VERBS, SPEECH_VERBS
from .types import CleanedBundle, Selected, Sentence

T = TypeVar("T", Sentence, Selected)

_VERB = "(?:" + "|".join(SPEECH_VERBS) + ")"
# "Heather Wilson, a spokeswoman for Pao, said" / "A Pao spokeswoman said": a capitalised start,
# no clause punctuation, at most one appositive set off by commas.
_SPEAKER = r"[A-Z][^,;:\"“”()]{1,60}?(?:,\s+(?:a|an|the)\s[^,;:\"“”()]{2,60},)?"
_LEADING = re.compile(r"^(?P<s>" + _SPEAKER + r")\s+(?P<v>" + _VERB + r")\b")
# ", said Heather Wilson, a spokeswoman for Pao." / ", a Pao spokeswoman said."
# The speaker begins (and, before its verb, ends) on a non-space: white space both sides of it
# could otherwise be tried every way over a long run of spaces.
_SAID_AFTER = re.compile(
    r",[\"”’]?\s+(?P<v>" + _VERB + r")\s+(?P<s>[^\s;:\"“”()][^;:\"“”()]{2,99}?)(?P<e>[.!?])$"
)
_AFTER_SAID = re.compile(
    r",[\"”’]?\s+(?P<s>[^\s,;:\"“”()][^,;:\"“”()]{1,78}?[^\s,;:\"“”()])\s+(?P<v>"
    + _VERB
    + r")(?P<e>[.!?])$"
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


# What a speaker may be (:func:`_a_speaker`): at most this many words, none of these; and the
# mark that opens a quotation.
_SPEAKER_WORDS = 10
_OPENING_MARK = re.compile(r"[\"“‘]")
_NOT_IN_SPEAKER = AUXILIARIES | SUBJECT_PRONOUNS | COORDINATORS | {"who", "which", "that"}


def statement(sentence: str) -> str | None:
    """What ``sentence`` reports, without who reports it and the reporting verb: the words
    after "X said" (or "X confirmed", "X says" ...), or before ", X said." / ", said X."; None
    where no speaker is named so, or where what is reported is the speaker's own quotation
    (their words, not a fact told again). A speaker is at most :data:`_SPEAKER_WORDS` words
    with no verb, pronoun or clause word of its own (:func:`_a_speaker`): "Police arrested two
    suspects on Sunday and said ..." tells a fact before its "said". Not read: a speaker set
    off by an aside other than "a ..." or "the ..." ("Roe, 56, said ..."), an attribution
    with a time after its verb (", officials said Tuesday.").

    Example:
        >>> statement("Mayor Ann Price confirmed the arrest and said Roe was fired.")
        ' the arrest and said Roe was fired.'
        >>> statement("The arrest took place after classes, said Pine Hill ISD.")
        'The arrest took place after classes'
        >>> statement('Trump said: "So this is about self-defense."') is None
        True
    """
    m = _LEADING.search(sentence)
    if m and _a_speaker(m.group("s")):
        told = sentence[m.end() :]
        quote = _OPENING_MARK.search(told)
        if quote and (
            told[: quote.start()].rstrip().endswith(":") or len(told[: quote.start()].split()) < 3
        ):
            return None  # 'said: "...', 'said that "...': the speaker's own words
        return told
    for pattern in (_SAID_AFTER, _AFTER_SAID):
        m = pattern.search(sentence)
        if m and _a_speaker(m.group("s")):
            told = sentence[: m.start()]
            return None if _OPENING_MARK.match(told.lstrip()) else told
    return None


def _a_speaker(text: str) -> bool:
    """Whether ``text`` may name who speaks: at most :data:`_SPEAKER_WORDS` words, none a verb
    (:func:`.lexicon.grammar.has_finite_verb`), an auxiliary, a subject pronoun or a clause word
    ("he would fight the charges" after ", said" is a report, not a speaker)."""
    words = re.findall(r"[\w'’-]+", text)
    if not words or len(words) > _SPEAKER_WORDS:
        return False
    if _NOT_IN_SPEAKER & {w.lower() for w in words}:
        return False
    return not has_finite_verb(words)


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


# One whole quotation and nothing else: '“I'm not going to speculate.”'.
_WHOLE_QUOTE = re.compile(r'^(?:“[^“”"]+[.!?]”|"[^“”"]+[.!?]")$')


def is_whole_quote(text: str) -> bool:
    """Whether ``text`` is one whole quotation and nothing else.

    Example:
        >>> is_whole_quote('“Every home will stand again.”'), is_whole_quote('“No,” he said.')
        (True, False)
    """
    return _WHOLE_QUOTE.match(text.strip()) is not None


def quote_speaker(previous: Sentence, quote: Sentence, article_text: str) -> str | None:
    """The name of who speaks ``quote`` (one whole quotation with no speaker of its own), where
    news gives it: the sentence right before it, in its paragraph or the one before, names its
    speaker ("..., said Mark McDonald, spokesman for the mayor." then "“I'm not going to
    speculate.”"). A name only (capitalised words, never a pronoun) that ``article_text``
    writes capitalised inside a sentence and never in lower case ("Officials said" is none).
    None otherwise: the quotation has no speaker the summary could give it.

    Example:
        >>> from models.types import Sentence
        >>> said = '“We will rebuild,” said Ina Probst, the mayor.'
        >>> quote = '“Every home we lost.”'
        >>> text = said + " " + quote
        >>> a = Sentence("a", 0, 3, 0, len(said), said)
        >>> b = Sentence("a", 0, 4, len(said) + 1, len(text), quote)
        >>> quote_speaker(a, b, text)
        'Ina Probst'
    """
    if quote.index != previous.index + 1 or not 0 <= quote.paragraph - previous.paragraph <= 1:
        return None
    if not is_whole_quote(quote.text):
        return None
    found = [sp for sp in speakers(previous.text) if sp.text.split()]
    if any(sp.text.split()[0].lower() in PRONOUNS for sp in found):
        return None  # "he said": who he is lies further back
    named = [
        name_and_description(sp.text)[0]
        for sp in found
        # "told USA TODAY": the listener, not the speaker
        if not (sp.where == "said_after" and sp.verb == "told")
    ]
    after = named_after(previous.text)
    for name in [*named, *([after] if after else [])]:
        words = name.split()
        if not 1 <= len(words) <= 4:
            continue  # no name ("said in a statement": the speaker is read elsewhere)
        last = re.escape(words[-1])
        if re.search(rf"(?<![\w'’-]){last.lower()}(?![\w'’-])", article_text):
            continue  # a common noun somewhere: "officials", "police"
        if re.search(r"(?<=[\w,”\"’] )" + last + r"(?![\w'’-])", article_text):
            return name
    return None


def without_spoken(cleaned: CleanedBundle) -> CleanedBundle:
    """``cleaned`` without the quotations kept for the speaker the sentence before names
    (:attr:`CleanedBundle.spoken`): extractive mode quotes its sources as they are, where such a
    quotation would have no speaker."""
    if not cleaned.spoken:
        return cleaned
    return replace(cleaned, sentences=tuple(unspoken(cleaned.sentences, cleaned)))


def unspoken(items: Sequence[T], cleaned: CleanedBundle) -> list[T]:
    """``items`` (sentences, or selected sentences) less the quotations ``cleaned`` keeps for
    their speakers (:attr:`CleanedBundle.spoken`)."""
    return [x for x in items if _key(x) not in cleaned.spoken]


def _key(item: Sentence | Selected) -> tuple[int, int]:
    s = item.sentence if isinstance(item, Selected) else item
    return (s.article_index, s.index)
