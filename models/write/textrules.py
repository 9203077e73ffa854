"""The candidate rules: what a fused candidate's text must pass, whether it is a word-graph
path or a head edit (:mod:`.headedits`). :data:`TEXT_RULES` lists them in the order they run.

The path rules (:mod:`.pathrules`) read where a path switches sources; these read the sentence
that comes out, against its group's sources (the head first). Each names a defect read in fused
sentences: the narration speaking in the first person, an agency's own reporting voice, one
outlet's misspelling copied where the others spell the word right, an ending on an ellipsis, a
partner's "however" with nothing before it to turn from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..lexicon.reporting import NEWS_OUTLETS, SPEECH_PERSONS

# A quotation: what it says is a speaker's, in the speaker's person.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[\w'’]+")
_OUTLET = "|".join(re.escape(o) for o in sorted(NEWS_OUTLETS, key=len, reverse=True))
# "..., AP has learned." / "The Associated Press has exclusively learned that ..."
_OUTLET_VOICE = re.compile(
    rf"\b(?:{_OUTLET})\s+(?:has|have|had)\s+(?:\w+ly\s+)?learned\b", re.IGNORECASE
)
_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]{3,}")


def narrates_in_third_person(text: str, sources: Sequence[str]) -> bool:
    """Whether no first- or second-person pronoun stands outside quotation marks: "I", "we",
    "us", "you" there are a speaker's words that lost their marks ("... told us that she
    needed help") or the outlet's own voice, never a summary's.

    Example:
        >>> narrates_in_third_person('Her aunt said she "told us she needed help."', [])
        True
        >>> narrates_in_third_person("The nurse told us that she needed help.", [])
        False
    """
    outside = _QUOTED.sub(" ", text)
    words = (w.replace("’", "'") for w in _WORD.findall(outside))
    return not any(w != "US" and w.lower() in SPEECH_PERSONS for w in words)


def no_outlet_voice(text: str, sources: Sequence[str]) -> bool:
    """Whether the sentence carries no news outlet's own reporting voice ("..., AP has
    learned"): one agency's scoop, which a sentence citing several outlets cannot claim.

    Example:
        >>> no_outlet_voice("The plan was cancelled, AP has learned.", [])
        False
    """
    return not _OUTLET_VOICE.search(text)


def spells_as_most(text: str, sources: Sequence[str]) -> bool:
    """Whether each name the sentence spells one way is not spelled otherwise by more of its
    sources (or as often, and by the head while the sentence's spelling is not the head's): a
    path that switches to the outlet that wrote "Anthony Blinken" copies its slip where the
    others write "Antony". A variant is one letter added, dropped or changed in a name of four
    letters or more, or the same word in other capitals ("LIve", "Live").

    Example:
        >>> spells_as_most("Antony Blinken met Xi.", ["Antony Blinken met Xi.", "Anthony Blinken"])
        True
        >>> spells_as_most("Anthony Blinken met Xi.", ["Antony Blinken met Xi.", "Anthony Blinken"])
        False
    """
    if not sources:
        return True
    counts: Counter[str] = Counter()
    for source in sources:
        counts.update(set(_NAME.findall(" " + source)))
    head = set(_NAME.findall(" " + sources[0]))
    for name in set(_NAME.findall(" " + text)):
        for other, n in counts.items():
            if other == name or not _variant(name, other):
                continue
            if n > counts[name] or (n == counts[name] and other in head and name not in head):
                return False
    return True


def _variant(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` misspelt or ``a`` is ``b`` misspelt: the same word in other
    capitals, or one edit apart (names of four letters or more)."""
    if a.lower() == b.lower():
        return True
    if a[0] != b[0] or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def ends_on_no_ellipsis(text: str, sources: Sequence[str]) -> bool:
    """Whether the sentence ends on a full stop, "!" or "?" and not on an ellipsis: a head
    edit that takes a partner's clause to its end takes a cut-off there too ("... an
    internationally known...")."""
    end = text.rstrip().rstrip("\"”’')").rstrip()
    return not end.endswith(("..", "…"))


# A contrast or a turn set off as an adverb: "Since the coup, however, the rebels ...".
_TURN = re.compile(
    r"(?:^|,\s*)(?:however|nevertheless|nonetheless|meanwhile|instead|though)\s*(?:,|$)",
    re.IGNORECASE,
)


def turns_only_as_its_head(text: str, sources: Sequence[str]) -> bool:
    """Whether the sentence sets off no "however", "meanwhile", "instead" (and the like) that
    its head (the first source) lacks: the turn answers the sentence before it in the partner's
    article, which the summary does not carry ("Since the coup, however, the rebels ...").

    Example:
        >>> head = "The rebels now control a third of the country."
        >>> turns_only_as_its_head("Since the coup, however, the rebels control a third.", [head])
        False
        >>> turns_only_as_its_head("Since the coup the rebels control a third.", [head])
        True
    """
    found = {m.group(0).strip(" ,").lower() for m in _TURN.finditer(text)}
    if not found:
        return True
    head = (
        {m.group(0).strip(" ,").lower() for m in _TURN.finditer(sources[0])} if sources else set()
    )
    return found <= head


TextRule = Callable[[str, Sequence[str]], bool]
# Every rule a candidate's text must pass (GraphMerger.candidates), paths and head edits alike.
TEXT_RULES: tuple[TextRule, ...] = (
    narrates_in_third_person,
    no_outlet_voice,
    spells_as_most,
    ends_on_no_ellipsis,
    turns_only_as_its_head,
)
