"""The path rules: what a word-graph path must pass before it is verified, where it switches
sources (its splices). Does every verb keep its subject, does every phrase keep its verb, does
every clause keep its frame (said, suspected, hoped, denied "that ...") and its quotation
marks, does a verb joined by "and" keep its form, does the path end where a source finishes?
:data:`PATH_RULES` lists them in the order they run; :mod:`.textrules` holds the rules on a
candidate's text.

A word-graph path (:mod:`.wordgraph`) copies runs of words from its group's sentences and
switches between them where they share words. Verification reads words, not structure, so a
switch can hand one sentence's predicate to another's subject ("... employees work at the
distribution center | in Harford County fatally shot three co-workers": read on the dev
clusters, 4 of 19 fused sentences went wrong this way). :func:`keeps_subjects` refuses such a
path; :func:`runs` is how a path is cut into what it copies from each source.

There is no tagger: a finite verb is a listed verb or an "-ed" form not after "be", "to"...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..lexicon import (
    ADVERBS,
    AUXILIARIES,
    BASE_FORM_BEFORE,
    CLAUSE_WORDS,
    CONNECTORS,
    DETERMINERS,
    FRAME_NOUNS,
    FRAME_WORDS,
    IRREGULAR_PAST,
    NOT_VERBS,
    OBJECT_OPENERS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    REPORT_WORDS,
    STOPWORDS,
    SUBJECT_PRONOUNS,
    finite_verb,
    listed_verb,
    stem,
)
from .wordgraph import WordGraph


def runs(graph: WordGraph, path: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """The path cut into runs copied from one source each: (source, its position of the
    run's first token, first, end) with first/end index ranges into ``path``; each run as
    long as one source goes on in a row (the longest first), the next beginning at the
    first token that source does not continue with."""
    out: list[tuple[int, int, int, int]] = []
    t = 0
    while t < len(path):
        best = (0, 0, t + 1)
        for s, p in graph.nodes[path[t]].hits:
            if t > 0 and (s, p - 1) not in graph.nodes[path[t - 1]].hits:
                continue  # the run must join the path where this source does
            end = t + 1
            while end < len(path) and (s, p + end - t) in graph.nodes[path[end]].hits:
                end += 1
            if end > best[2]:
                best = (s, p, end)
        out.append((best[0], best[1], t, best[2]))
        t = best[2]
    return out


def _shared_before(
    graph: WordGraph, path: Sequence[int], source: int, position: int, first: int
) -> list[tuple[str, str]]:
    """The path's tokens before ``first`` that ``source`` also has right before
    ``position``: what the two sources share at a switch."""
    k = 1
    while first - k >= 0 and (source, position - k) in graph.nodes[path[first - k]].hits:
        k += 1
    return [graph.nodes[n].key for n in path[first - k + 1 : first]]


def anchored(graph: WordGraph, path: Sequence[int]) -> bool:
    """Whether every switch of sources happens on shared words that hold a content word (a
    name, number or word other than a stopword or connector). On function words alone the
    next source's phrase attaches to what the previous source said, not to what it said
    itself: "he plans to file more lawsuits in the future | — including Singer having sex
    with him" (the partner's "including" listed the specifics a lawyer gave)."""
    for source, position, first, _ in runs(graph, path)[1:]:
        shared = _shared_before(graph, path, source, position, first)
        if not any(k[1] in ("n", "name") or _content(k[0]) for k in shared if k[1] != "p"):
            return False
    return True


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
        shared = len(_shared_before(graph, path, source, position, first))
        for j in range(first - shared, min(end - 1, first + 3)):
            if graph.nodes[path[j]].key[0] != "and" or j + 1 < first:
                continue
            word, kind = graph.nodes[path[j + 1]].key
            if kind != "w" or word in AUXILIARIES or _adverb(word):
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
        if kind != "w" or word in _NOT_LEXICAL or word in STOPWORDS:
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
            or (word.endswith("ing") and len(word) > 5 and before not in _NOT_BEFORE_VERBS)
        ):
            return _form(word, before)
    return ""


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
        verbs = [i for i, k in enumerate(keys) if _finite(k, keys[i - 1] if i else before)]
        if not verbs:
            continue
        shared = _shared_before(graph, path, source, position, first)
        # "and" joins a verb to one before it: the run's own, or one both sources share
        # at the switch ("the storm killed 12 people in Riverton | and destroyed ...").
        verb_before = any(_finite(k, b) for b, k in zip([("", ""), *shared], shared, strict=False))
        if not verbs[0] and not _subject_free(graph, path[: first - len(shared)], shared):
            return False
        start = 0
        for v in verbs:
            between = [k[0] for k in keys[start:v] if k[1] != "p"]
            leads = all(w.endswith("ly") for w in between)  # "recently granted"
            joined = (start > 0 or verb_before) and bool(between) and between[-1] == "and"
            # A subject pronoun opens a clause only right before its verb ("..., they
            # headed"; not "call it, hasn't been spotted": there "it" was an object).
            near = [k for k in keys[start:v] if not _adverb(k[0])]
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
        shared = _shared_before(graph, path, source, position, first)
        before = [graph.nodes[n].key for n in path[: first - len(shared)]]
        if _has_finite([*before[-1:], *shared], skip=len(before[-1:])):
            continue
        keys = [graph.nodes[n].key for n in path[first:end]]
        last = shared[-1] if shared else ("", "")
        if _finite(keys[0], last) or RELATIVE_PRONOUNS & {keys[0][0], last[0]}:
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
    return any(_finite(k, b) and b[0] not in _NOT_BEFORE_VERBS for b, k in pairs)


# Not counted among a clause's verbs: those, auxiliaries and reporting verbs.
_NOT_LEXICAL = NOT_VERBS | AUXILIARIES | REPORT_WORDS


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
        if aside or kind != "w" or word in _NOT_LEXICAL:
            continue
        adjective = previous in _NOT_BEFORE_VERBS
        if (
            listed_verb(word)
            or (word.endswith("ed") and len(word) > 3 and not adjective)
            or (word.endswith("ing") and len(word) > 5 and not adjective)
            or (word.endswith("en") and previous in AUXILIARIES)
        ):
            out.add(stem(word, verb=True))
    return out


# Where a clause begins: what precedes it cannot be the subject of a verb after it.
_OPENS_CLAUSE = CLAUSE_WORDS | frozenset([",", ";", ":", "—", "–", "(", ")", "and", "but", "or"])
# Words that open a clause or join a phrase: a clause of its own only with its own verb ("after
# he left"; not "after the riots", "since the ouster", "and three in Dover").
_JOINS = CLAUSE_WORDS | frozenset(["that", "and", "but", "or"])


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
        if _finite(keys[i], keys[i - 1] if i else ("", "")) and (
            after[1] == "name" or after[0] in DETERMINERS
        ):
            return False
    return True


# Before an "-ed" or "-ing" form these make it an adjective or a noun ("the charged particles",
# "of unarmed teenager", "the meeting").
_NOT_BEFORE_VERBS = DETERMINERS | PREPOSITIONS


def _adverb(word: str) -> bool:
    return word.endswith("ly") or word in ADVERBS


def _finite(key: tuple[str, str], before: tuple[str, str]) -> bool:
    """Whether ``key`` reads as a sentence's own verb (a listed verb, a negated auxiliary such
    as "hasn't", or an "-ed" form not after "be", "to", "having"...): the rule of thumb that
    stands in for a tagger."""
    return key[1] == "w" and finite_verb(key[0], before[0])


PathRule = Callable[[WordGraph, Sequence[int]], bool]
# Every rule a word-graph path must pass before it is verified (GraphMerger.candidates); the
# head edits are not paths and are not held to them.
PATH_RULES: tuple[PathRule, ...] = (
    keeps_subjects,
    anchored,
    keeps_frames,
    keeps_quotes,
    keeps_governors,
    verbs_agree,
    ends_finished,
)
