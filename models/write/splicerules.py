"""The splice rules: where a word-graph path switches sources, does every clause keep its frame
(said, suspected, hoped, denied "that ...") and its quotation marks, does a verb joined by "and"
keep its form, does the path end where a source finishes? Part of :data:`.pathrules.PATH_RULES`;
the paths are read through :mod:`.pathcuts`."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon.grammar import (
    AUXILIARIES,
    DETERMINERS,
    PREPOSITIONS,
    STOPWORDS,
    finite_verb,
    listed_verb,
)
from ..lexicon.reporting import (
    BASE_FORM_BEFORE,
    FRAME_NOUNS,
    FRAME_WORDS,
    IRREGULAR_PAST,
    OBJECT_OPENERS,
)
from .pathcuts import NOT_BEFORE_VERBS, NOT_LEXICAL, is_adverb, runs, shared_before
from .wordgraph import WordGraph


def keeps_frames(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources moves a clause under another frame: where the path joins
    a source (at its start too: a path may begin inside a sentence), the words before the join
    must stand under the same frame in the path as in one source that goes on with the path's
    words there (:func:`frame`: the kind of the last word that opens a report, a view or an
    accusation), or under none in both; this generalises the reported-speech rule. A path may
    begin past a source's "said" (compression drops "Police said" too), not past another
    frame's word. Otherwise
    a fact becomes a suspicion, a suspicion a fact, or one outlet's statement somebody's hope:
    "There is widespread suspicion that North Korea | denied any responsibility" (the denial
    was a fact, the suspicion was that it was responsible); "He expressed hope that Blinken's
    visit | carries significant implications" (the second outlet said that, not "he")."""
    for _, _, first, end in runs(graph, path):
        mine = frame([graph.nodes[n].key for n in path[:first]])
        # A path may begin past a source's "X said": compression drops such an opener too.
        allowed = {mine, "say"} if first == 0 else {mine}
        if not any(
            frame([t.key for t in graph.sentences[s][: p - 1]]) in allowed
            for s, p in _joins(graph, path, first, end)
        ):
            return False
    return True


def frame(keys: Sequence[tuple[str, str]]) -> str:
    """The frame the words after ``keys`` (a sentence up to some point) stand under: the kind
    of the last frame word (:data:`FRAME_WORDS`: "say", "believe", "claim", "deny"...; a noun
    only with "that" after it before any punctuation, no "-ed" form after a determiner); ""
    when none. Who holds the frame is not compared: "Officials said" and "Police said" often
    name one body two ways (renaming a speaker is :mod:`.speaker`'s, on the head alone).

    Example:
        >>> frame([(w, "w") for w in "there is suspicion in seoul that the north".split()])
        'believe'
        >>> frame([(w, "w") for w in "he was held on suspicion of".split()])
        ''
    """
    for i in range(len(keys) - 1, -1, -1):
        word = keys[i][0]
        kind = FRAME_WORDS.get(word) if keys[i][1] == "w" else None
        if kind is None:
            continue
        before = keys[i - 1][0] if i else ""
        if (word in FRAME_NOUNS and not _that_follows(keys[i + 1 : i + 5])) or (
            word.endswith("ed") and before in DETERMINERS
        ):
            continue
        return kind
    return ""


def _that_follows(keys: Sequence[tuple[str, str]]) -> bool:
    """Whether "that" comes in ``keys`` before a punctuation mark ("suspicion in Seoul that")."""
    for word, kind in keys:
        if word == "that":
            return True
        if kind == "p":
            return False
    return False


def _joins(graph: WordGraph, path: Sequence[int], first: int, end: int) -> list[tuple[int, int]]:
    """The sources (source, 1-based position) that hold the run ``path[first:end]`` as it is:
    any of them may be the one the path copies it from."""
    out = []
    for s, p in graph.nodes[path[first]].hits:
        if all((s, p + k) in graph.nodes[path[first + k]].hits for k in range(end - first)):
            out.append((s, p))
    return out


def keeps_quotes(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources moves words into or out of a quotation: where the path
    joins a source (at its start too), both must be inside quotation marks there or both
    outside. Otherwise a speaker's words lose their marks and enter the narration ("... told |
    us that she needed help": "us" was the speaker's), or the narration enters a quote."""
    for _, _, first, end in runs(graph, path):
        mine = _quoted([graph.nodes[n].key[0] for n in path[:first]])
        if not any(
            mine == _quoted([t.key[0] for t in graph.sentences[s][: p - 1]])
            for s, p in _joins(graph, path, first, end)
        ):
            return False
    return True


def _quoted(words: Sequence[str]) -> bool:
    """Whether a quotation is open after ``words`` (straight or curly double quotes)."""
    inside = False
    for w in words:
        if w == '"':
            inside = not inside
        elif w == "“":
            inside = True
        elif w == "”":
            inside = False
    return inside


def ends_finished(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether the path ends where a source ends a finished sentence: a source whose last
    two tokens the path ends with must end in a full stop, "!" or "?" (no ellipsis), as the
    path would. A source cut off ("... questioned at the station about the 1972") ends its
    tokens without one, and a path ending there ends on the cut-off with a full stop added.

    Example: with sources "She was questioned about the 1972" and "She was questioned about
    the 1972 killing of a mother.", the path "She was questioned about the 1972." is refused.
    """
    tail = [graph.nodes[n].key for n in path[-2:]]
    for tokens, text in zip(graph.sentences, graph.texts, strict=True):
        if [t.key for t in tokens[-len(tail) :]] == tail and _finished(text):
            return True
    return False


def _finished(text: str) -> bool:
    text = text.rstrip().rstrip("\"”’')").rstrip()
    return text.endswith((".", "!", "?")) and not text.endswith(("..", "…"))


def verbs_agree(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether a verb joined by "and" after a switch keeps the form of the verb it is joined
    to. In the next source the verb after "and" agrees with a verb there ("will decriminalise
    ... and establish"); in the path it is joined to the path's own ("has passed a law
    decriminalising ... | and establish a licensing agency"). Where the two sources' verbs
    differ in form (base, "-s", past, "-ing") and the word after "and" has the form of its own
    source's verb and reads as a verb (a listed verb, or one before its object: "establish a
    licensing agency"), the path is refused. An auxiliary after "and" starts a predicate of its
    own tense ("pleaded guilty | and was sentenced") and is not held to it."""
    for source, position, first, end in runs(graph, path)[1:]:
        shared = len(shared_before(graph, path, source, position, first))
        for j in range(first - shared, min(end - 1, first + 3)):
            if graph.nodes[path[j]].key[0] != "and" or j + 1 < first:
                continue
            word, kind = graph.nodes[path[j + 1]].key
            if kind != "w" or word in AUXILIARIES or is_adverb(word):
                break
            after = graph.nodes[path[j + 2]].key if j + 2 < len(path) else ("", "")
            if not (listed_verb(word) or after[0] in OBJECT_OPENERS or after[1] == "n"):
                break
            at = position + j - first  # the 1-based position of "and" in the source
            theirs = _last_verb_form([t.key for t in graph.sentences[source][: at - 1]])
            mine = _last_verb_form([graph.nodes[n].key for n in path[:j]])
            if theirs and mine and _form(word, "and") == theirs != mine:
                return False
            break
    return True


def _form(word: str, before: str) -> str:
    """A verb's form by its shape: "base", "s", "past" or "ing" (no tagger)."""
    if before in BASE_FORM_BEFORE:
        return "base"
    if word.endswith("ing"):
        return "ing"
    if word.endswith("ed") or word in IRREGULAR_PAST:
        return "past"
    if word.endswith("s") and not word.endswith("ss"):
        return "s"
    return "base"


def _last_verb_form(keys: Sequence[tuple[str, str]]) -> str:
    """The form of the last verb in ``keys`` that is no auxiliary or reporting word: a finite
    verb, an "-ing" form not after a determiner or a preposition, or a word after "to",
    "will"...; "" when none."""
    for i in range(len(keys) - 1, -1, -1):
        word, kind = keys[i]
        before = keys[i - 1][0] if i else ""
        if kind != "w" or word in NOT_LEXICAL or word in STOPWORDS:
            continue
        after = keys[i + 1] if i + 1 < len(keys) else ("", "p")
        # "to" before a noun is a preposition ("to traffic on Friday"): a verb after it
        # takes its object, not a preposition or a stop.
        infinitive = before in BASE_FORM_BEFORE and not (
            before == "to" and (after[1] == "p" or after[0] in PREPOSITIONS)
        )
        if (
            finite_verb(word, before)
            or infinitive
            or (word.endswith("ing") and len(word) > 5 and before not in NOT_BEFORE_VERBS)
        ):
            return _form(word, before)
    return ""
