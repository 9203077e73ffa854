"""The path rules: what a word-graph path must pass before it is verified, where it switches
sources (its splices). Does every verb keep its subject, does every phrase keep its verb, does
every switch happen on a shared content word? The frame, quotation, agreement and ending rules
are :mod:`.splicerules`'; :data:`PATH_RULES` lists them all in the order they run;
:mod:`.textrules` holds the rules on a candidate's text.

A word-graph path (:mod:`.wordgraph`) copies runs of words from its group's sentences and
switches between them where they share words. Verification reads words, not structure, so a
switch can hand one sentence's predicate to another's subject ("... employees work at the
distribution center | in Harford County fatally shot three co-workers": read on the dev
clusters, 4 of 19 fused sentences went wrong this way). :func:`keeps_subjects` refuses such a
path; :func:`.pathcuts.runs` is how a path is cut into what it copies from each source.

There is no tagger: a finite verb is a listed verb or an "-ed" form not after "be", "to"...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import takewhile

from ..lexicon.grammar import (
    AUXILIARIES,
    CLAUSE_WORDS,
    CONNECTORS,
    COORDINATORS,
    DETERMINERS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    STOPWORDS,
    SUBJECT_PRONOUNS,
    listed_verb,
    stem,
)
from ..lexicon.reporting import REPORT_WORDS
from .pathcuts import NOT_BEFORE_VERBS, NOT_LEXICAL, is_adverb, is_finite, runs, shared_before
from .splicerules import ends_finished, keeps_frames, keeps_quotes, verbs_agree
from .wordgraph import WordGraph


def anchored(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether every switch of sources happens on shared words that hold a content word (a
    name, number or word other than a stopword or connector). On function words alone the
    next source's phrase attaches to what the previous source said, not to what it said
    itself: "he plans to file more lawsuits in the future | — including Singer having sex
    with him" (the partner's "including" listed the specifics a lawyer gave)."""
    for source, position, first, _ in runs(graph, path)[1:]:
        shared = shared_before(graph, path, source, position, first)
        if not any(k[1] in ("n", "name") or _content(k[0]) for k in shared if k[1] != "p"):
            return False
    return True


def in_report(words: Iterable[str]) -> bool:
    """Whether ``words`` (a sentence up to some point) hold a reporting word: what follows is
    inside a report ("said", "expressed hope that", "according to").

    Example:
        >>> in_report("Police said the storm".split()), in_report("The storm killed".split())
        (True, False)
    """
    return any(w.lower() in REPORT_WORDS for w in words)


def _content(word: str) -> bool:
    return word not in STOPWORDS and word not in CONNECTORS


def keeps_subjects(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources hands a verb to the wrong subject.

    In a run after a switch, the first finite verb must lead the run (the shared words
    before the switch are its subject in both sources: "Damon | says ...", "were recently |
    granted ..."), or follow a relative pronoun ("Moseley, 26, | who lived ...") or a
    subject pronoun of the run ("..., they headed ..."), or follow "and" after a verb the
    two sources share at the switch ("the storm killed 12 people | and destroyed 300
    homes"). Each later verb must follow "and" after the run's own verb ("shot and
    killed") or open a clause of its own (a
    subordinator or a subject pronoun since the verb before). Otherwise a verb's subject
    stayed behind in the other source: "... employees work at the distribution center |
    in Harford County fatally shot three co-workers"."""
    for source, position, first, end in runs(graph, path)[1:]:
        keys = [graph.nodes[n].key for n in path[first:end]]
        before = graph.nodes[path[first - 1]].key
        verbs = [i for i, k in enumerate(keys) if is_finite(k, keys[i - 1] if i else before)]
        if not verbs:
            continue
        shared = shared_before(graph, path, source, position, first)
        # "and" joins a verb to one before it: the run's own, or one both sources share
        # at the switch ("the storm killed 12 people in Riverton | and destroyed ...").
        verb_before = any(
            is_finite(k, b) for b, k in zip([("", ""), *shared], shared, strict=False)
        )
        if not verbs[0] and not _subject_free(graph, path[: first - len(shared)], shared):
            return False
        start = 0
        for v in verbs:
            between = [k[0] for k in keys[start:v] if k[1] != "p"]
            leads = all(w.endswith("ly") for w in between)  # "recently granted"
            joined = (start > 0 or verb_before) and bool(between) and between[-1] == "and"
            # A subject pronoun opens a clause only right before its verb ("..., they
            # headed"; not "call it, hasn't been spotted": there "it" was an object).
            near = [k for k in keys[start:v] if not is_adverb(k[0])]
            pronoun = bool(near) and near[-1][1] != "p" and near[-1][0] in SUBJECT_PRONOUNS
            opens = bool(CLAUSE_WORDS & set(between)) or pronoun
            if not (leads or joined or opens):
                return False
            start = v + 1
    return True


def keeps_governors(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether every switch of sources that goes on with a phrase keeps a verb the phrase
    can hang on.

    Where the shared words at a switch hold no verb and the next source goes on with a phrase
    (not a verb, a relative clause or another clause with a verb of its own: "... for a woman
    | who disguised herself"), what it goes on with completes a verb before them in that
    source: "Johnson was named ... Police chief in May 2014" gives its date to "named". Joined
    to other verbs, the phrase states what no source does: "Johnson served as the police chief
    in | May 2014" (he had served in North Miami), "who discovered the existence of | the solar
    wind ... back in 1958" (1958 was when he predicted it). So where both the path and the
    next source have verbs before the shared words, they must share one (by its stem: "taken",
    "taking"; a reporting verb or one inside a closed aside does not count)."""
    for source, position, first, end in runs(graph, path)[1:]:
        shared = shared_before(graph, path, source, position, first)
        before = [graph.nodes[n].key for n in path[: first - len(shared)]]
        if _has_finite([*before[-1:], *shared], skip=len(before[-1:])):
            continue
        keys = [graph.nodes[n].key for n in path[first:end]]
        last = shared[-1] if shared else ("", "")
        if is_finite(keys[0], last) or RELATIVE_PRONOUNS & {keys[0][0], last[0]}:
            continue
        if keys[0][1] == "p" or (last[1] == "p" and keys[0][0] not in _JOINS):
            continue  # an aside on the shared words (", Libya's second-largest city")
        if (keys[0][0] in _JOINS or last[0] in _JOINS) and _clause(keys):
            continue  # a clause of its own ("after he left", "and destroyed 300 homes")
        mine = _verbs(before)
        theirs = _verbs([t.key for t in graph.sentences[source][: position - 1 - len(shared)]])
        if mine and theirs and not mine & theirs:
            return False
    return True


def _clause(keys: Sequence[tuple[str, str]]) -> bool:
    """Whether a finite verb comes in ``keys`` before its first punctuation mark or joining
    word (after the first word)."""
    head = [keys[0]]
    for k in keys[1:]:
        if k[1] == "p" or k[0] in _JOINS:
            break
        head.append(k)
    return _has_finite(head, skip=1)


def _has_finite(keys: Sequence[tuple[str, str]], skip: int = 0) -> bool:
    """Whether ``keys`` past the first ``skip`` (context: the word before) hold a finite verb;
    an "-ed" form after a determiner or a preposition is an adjective ("the charged
    particles", "of unarmed teenager")."""
    pairs = list(zip([("", ""), *keys], keys, strict=False))[skip:]
    return any(is_finite(k, b) and b[0] not in NOT_BEFORE_VERBS for b, k in pairs)


def _verbs(keys: Sequence[tuple[str, str]]) -> set[str]:
    """The stems of the lexical verbs in ``keys``: listed verbs other than auxiliaries and
    reporting verbs, "-ed" and "-ing" forms not after a determiner or a preposition ("the
    meeting"), "-en" forms after an auxiliary ("have taken" and "taking" give "tak"); none
    inside an aside that closes before the end (", who joined the force in 1998,")."""
    out = set()
    aside = False
    for i, (word, kind) in enumerate(keys):
        previous = keys[i - 1][0] if i else ""
        if word == "," and i + 1 < len(keys) and keys[i + 1][0] in RELATIVE_PRONOUNS:
            aside = "," in (k[0] for k in keys[i + 1 :])
        elif word == "," and aside:
            aside = False
        if aside or kind != "w" or word in NOT_LEXICAL:
            continue
        adjective = previous in NOT_BEFORE_VERBS
        if (
            listed_verb(word)
            or (word.endswith("ed") and len(word) > 3 and not adjective)
            or (word.endswith("ing") and len(word) > 5 and not adjective)
            or (word.endswith("en") and previous in AUXILIARIES)
        ):
            out.add(stem(word, verb=True))
    return out


# Where a clause begins: what precedes it cannot be the subject of a verb after it.
_OPENS_CLAUSE = CLAUSE_WORDS | COORDINATORS | frozenset([",", ";", ":", "—", "–", "(", ")"])


# Words that open a clause or join a phrase: a clause of its own only with its own verb ("after
# he left"; not "after the riots", "since the ouster", "and three in Dover").
_JOINS = CLAUSE_WORDS | COORDINATORS | frozenset(["that"])


def _subject_free(
    graph: WordGraph, before: Sequence[int], shared: Sequence[tuple[str, str]]
) -> bool:
    """Whether the path's clause up to the words ``shared`` at a switch (``before``: the
    path's nodes up to them) has no subject and verb of its own. A run that opens with a verb
    takes the shared words for its subject ("Eight-year-old Martin Richard | was killed");
    where they end a clause that has its own ("... but I love Ariel Winter | has got it",
    "Police arrested John Smith | was charged"), they were an object, and the verb has none.
    A clause that begins inside the shared words ("the driver, who | was drunk") has its
    subject there."""
    if any(k[0] in _OPENS_CLAUSE for k in shared):
        return True
    keys = [graph.nodes[n].key for n in before]
    for i in range(len(keys) - 1, -1, -1):
        word = keys[i][0]
        if word in _OPENS_CLAUSE:
            return True
        if word in SUBJECT_PRONOUNS or (keys[i][1] == "w" and listed_verb(word)):
            return False
        # An "-ed" form is a verb here only before its object ("arrested John Smith"): as
        # often it is a participle ("the supervisors ousted in the scandal | made light").
        after = keys[i + 1] if i + 1 < len(keys) else (shared[0] if shared else ("", ""))
        if is_finite(keys[i], keys[i - 1] if i else ("", "")) and (
            after[1] == "name" or after[0] in DETERMINERS
        ):
            return False
    return True


# What opens a reason for the clause before it: "because ...", "due to ...", "so that ...".
# Not "since" ("since Monday") nor a bare "so" ("so far") or "due" ("due in court").
REASON_OPENERS = (("because",), ("due", "to"), ("so", "that"), ("in", "order"))
TIME_OPENERS = (("when",), ("while",), ("whenever",), ("until",), ("as", "soon", "as"))


def keeps_reasons(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources goes on with a reason ("because ...", "due to ..."), or
    completes one the path began in the words the sources share: a reason explains one verb of
    its own source, which the words cannot show. "In South Africa, a lion named Sylvester had
    escaped from Karoo National Park | because it was a threat to humans" gave the escape the
    reason officials gave for killing the lion ("would kill a lion that escaped from Karoo
    National Park because it was a threat to humans"); both sources had "escaped", so the verb
    rule (:func:`keeps_governors`) let it through."""
    return not _goes_on_with(graph, path, REASON_OPENERS)


def keeps_times(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources goes on with a clause of time ("when ...", "while ...",
    "until ..."), as :func:`keeps_reasons` reads a reason: a time clause dates one verb of its
    own source. "At about 6:20 p.m., Johnson arrived at an unidentified hotel in Dania Beach
    with two condoms in his pocket | when he was arrested" had him arrested on arriving; the
    source said "He had two condoms in his pocket when he was arrested" (a tuning reader
    struck it, round 15). The verb rule lets such a clause through: it has a verb of its own."""
    return not _goes_on_with(graph, path, TIME_OPENERS, within=3)


def _goes_on_with(
    graph: WordGraph, path: Sequence[int], openers: Sequence[tuple[str, ...]], within: int = 1
) -> bool:
    """Whether a switch of sources goes on with one of ``openers`` (word sequences), in the
    words the sources share or in the next source's first ``within`` words after them (a
    switch on "pocket" goes on with "pocket when he was arrested"), before any "and", "but" or
    "or" there ("..., but when officers knocked he tried to flee": a clause of its own)."""
    for source, position, first, end in runs(graph, path)[1:]:
        shared = shared_before(graph, path, source, position, first)
        then = [graph.nodes[n].key[0] for n in path[first:end]][:3]
        # no opener holds "and", "but" or "or": cutting there changes no reason's reading
        words = [k[0] for k in shared] + list(takewhile(lambda w: w not in COORDINATORS, then))
        words = [w for w in words if w not in {",", ";", "—", "–", "-"}]
        starts = range(min(len(shared) + within, len(words)))
        if any(tuple(words[i : i + len(o)]) == o for o in openers for i in starts):
            return True
    return False


def keeps_agents(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether no switch of sources goes on with "by ..." where the words the sources share end
    (in their last two words, or the path's first three after them): what "by" brings (who or
    what did a thing, a deadline, an amount, a means) belongs to its own source's event, which
    the shared words cannot show. "Heidi Blood said that last summer, two raccoons ... tested
    positive for rabies | by the Maine Center for Disease Control" gave last summer's tests the
    lab that tested this year's raccoon (read on the tuning clusters, round 8). A "by" earlier
    in the shared words is both sources' own."""
    for source, position, first, end in runs(graph, path)[1:]:
        shared = shared_before(graph, path, source, position, first)
        said = [k[0] for k in shared if k[0] not in _PUNCTUATION]
        then = [graph.nodes[n].key[0] for n in path[first:end]]
        then = [w for w in then if w not in _PUNCTUATION][:3]
        if "by" in said[-2:] or "by" in then:
            return False
    return True


_PUNCTUATION = frozenset({",", ";", ":", "—", "–", "-", "(", ")"})


def keeps_openings(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether a prepositional phrase that opens the path, set off by a comma before any verb
    ("At about 6:20 p.m. Friday, Johnson ...", "At the time of his arrest, Johnson ..."), stays
    with the verb it modifies in its own source where the path switches sources after it.
    "At about 6:20 p.m. Friday, Johnson | had two condoms in his pocket when he was arrested"
    dated the arrest by the hour he reached the hotel ("..., Johnson arrived at a hotel ...
    with two condoms")."""
    cut = runs(graph, path)
    if len(cut) < 2:
        return True
    (opening, at, _, _), (source, position, first, _) = cut[0], cut[1]
    shared = shared_before(graph, path, source, position, first)
    before = [graph.nodes[n].key for n in path[: first - len(shared)]]
    opened = [*before, *shared]
    if opened[0][0] not in PREPOSITIONS or "," not in [k[0] for k in opened]:
        return True  # a participle's phrase ("Trawling through ..., X found") tells no when
    if _has_finite(opened):
        return True
    # the verb the opening source goes on with after the shared words, and the path's
    last = shared[-1] if shared else before[-1]
    mine = _first_verb([t.key for t in graph.sentences[opening][at - 1 + first :]], last)
    theirs = _first_verb([graph.nodes[n].key for n in path[first:]], last)
    if mine is None or theirs is None:
        return True
    return stem(mine, verb=True) == stem(theirs, verb=True)


def _first_verb(keys: Sequence[tuple[str, str]], before: tuple[str, str]) -> str | None:
    """The first finite verb in ``keys`` (the word before them ``before``), past an aside or
    an adverb ("Johnson, 45, quietly arrived"); None within ten words or at a full stop."""
    for key in keys[:10]:
        if key[0] in {".", "!", "?"}:
            return None
        if is_finite(key, before) and before[0] not in NOT_BEFORE_VERBS:
            return key[0]
        before = key
    return None


PathRule = Callable[[WordGraph, Sequence[int]], bool]


# Every rule a word-graph path must pass before it is verified (GraphMerger.candidates); the
# head edits are not paths and are not held to them.
PATH_RULES: tuple[PathRule, ...] = (
    keeps_subjects,
    anchored,
    keeps_frames,
    keeps_quotes,
    keeps_governors,
    keeps_reasons,
    keeps_times,
    keeps_agents,
    keeps_openings,
    verbs_agree,
    ends_finished,
)
