"""Checks on a summary as its reader sees it (STYLE.md #17): the JSON document, the posted
article texts and the citations' offsets into them.

Nothing here calls the code under test. The summary text is cut at the listed sentences, a
source is the posted text sliced at a citation's offsets, and words, names and numbers are read
with plain regular expressions and the short word lists below, kept apart from models/ on
purpose: a test that re-ran ``verify`` or ``violations`` would only repeat the check that
already let a sentence in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

Doc = Mapping[str, Any]

_WORD = re.compile(r"\w+")
# What surrounds a token but is no part of a name or a number.
_EDGES = "\"'“”‘’()[]{},.;:!?—–-"
# Openers that refer back: a pronoun or a connective reads right only after its own
# predecessor. Fewer than models/write/coherence.py knows, on purpose: a reader's list.
_LEANING_WORDS = {
    "he", "she", "they", "it", "his", "her", "its", "their", "them",
    "however", "but", "and", "also", "meanwhile", "moreover", "furthermore", "nevertheless",
    "therefore", "thus", "instead",
}  # fmt: skip
_LEANING_PHRASES = ("as a result", "in addition", "in response", "on the other hand", "as such")
# "It is unclear whether ...": a dummy "it" refers to nothing before it.
_DUMMY_IT = re.compile(
    r"^It(?:['’]s| is| was| remains| remained)(?: not)?(?: yet| immediately| still)? "
    r"(?:clear|unclear|likely|unlikely|possible|known|unknown|expected|believed) "
    r"(?:that|whether|if|who|what|when|where|why|how)\b"
    r"|^It (?:appears|seems|appeared|seemed) (?:that|likely|as if|[A-Z])"
)


def words(text: str) -> set[str]:
    """The lower-cased words of ``text`` (letters and digits; punctuation splits)."""
    return set(_WORD.findall(text.lower()))


def cited_sources(sentence: Mapping[str, Any], posted: Mapping[str, str]) -> list[str]:
    """A document sentence's sources: the posted article texts (``posted``: id → text) sliced
    at its citations' offsets."""
    return [posted[c["article_id"]][c["start"] : c["end"]] for c in sentence["citations"]]


def sentences_in(doc: Doc) -> list[str]:
    """The summary text cut into the document's sentences: each one where the one before it
    ended, with only white space between them, and nothing left over."""
    text, at, found = doc["summary"], 0, []
    for sentence in doc["sentences"]:
        start = text.find(sentence["text"], at)
        assert start >= 0 and not text[at:start].strip(), (sentence["text"], text[at:])
        at = start + len(sentence["text"])
        found.append(text[start:at])
    assert not text[at:].strip(), f"summary text no sentence holds: {text[at:]!r}"
    return found


def groups_in(doc: Doc) -> int:
    """Grouped fusion's groups as the document shows them: the summary text is its sentences
    in order, each citing its own group of sources, and no source sentence is cited by two
    summary sentences. Returns the number of groups."""
    sentences = sentences_in(doc)
    cited = Counter(
        (c["article_id"], c["sentence_index"]) for s in doc["sentences"] for c in s["citations"]
    )
    twice = sorted(source for source, n in cited.items() if n > 1)
    assert not twice, f"source sentences cited by two summary sentences: {twice}"
    assert all(s["citations"] for s in doc["sentences"]), "a sentence cites nothing"
    return len(sentences)


def names_and_numbers(text: str) -> set[str]:
    """Tokens of ``text`` holding a digit, and capitalised ones after its first word."""
    found = set()
    for i, raw in enumerate(text.split()):
        token = raw.strip(_EDGES)
        token = re.sub(r"['’]s$", "", token)
        if any(ch.isdigit() for ch in token) or (i > 0 and token[:1].isupper()):
            found.add(token)
    return found


def unsourced(text: str, sources: Sequence[str]) -> list[str]:
    """The names and numbers of ``text`` that no source states as a whole word."""
    joined = " ".join(sources)
    return sorted(
        t for t in names_and_numbers(text) if not re.search(rf"(?<!\w){re.escape(t)}(?!\w)", joined)
    )


def opens_leaning(text: str) -> bool:
    """Whether ``text`` opens with a pronoun or a connective that refers back."""
    text = text.lstrip(" \"“'‘")
    lower = text.lower()
    if any(
        lower.startswith(p) and not lower[len(p) : len(p) + 1].isalnum() for p in _LEANING_PHRASES
    ):
        return True
    first = _WORD.match(lower)
    if first is None or first.group() not in _LEANING_WORDS:
        return False
    return not (first.group() == "it" and _DUMMY_IT.match(text))


def leaning_without_predecessor(doc: Doc) -> list[str]:
    """Sentences that open with a pronoun or connective but do not come right after a sentence
    citing their own predecessor (the same article, the sentence index before)."""
    bad, previous = [], set()
    for sentence in doc["sentences"]:
        current = {(c["article_id"], c["sentence_index"]) for c in sentence["citations"]}
        follows = any((article, index - 1) in previous for article, index in current)
        if opens_leaning(sentence["text"]) and not follows:
            bad.append(sentence["text"])
        previous = current
    return bad
