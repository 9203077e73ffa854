"""Compression of one sentence: words a summary does not need, removed by rule.

- attributions: a trailing ", officials said on Monday", a leading "According to X, " or
  "X said (that)"; a trailing ", according to X"; never from a view (first person, "should",
  "crucial", "hope"...), which without its speaker would read as the summary's own claim, and
  never a person's (:func:`_a_person`: "..., Vallie said", "according to Cerny"): what one
  person says is their account, while what police, officials or a report say is the record;
- an outlet's framing: a leading "In a significant development (for X), ", the writer's
  verdict on the whole sentence ("Sadly, ", "Luckily ", "To their credit, "), or its own scoop
  ("CTV News has learned ..."), which a summary of many outlets would print as its own, or an
  aside ("Southwest, of course, has ...");
- asides in parentheses ("(Last Updated On: June 20, 2023)", "(AP)");
- evaluative words an outlet adds ("significant", "crucial", "high-stakes"), with "a"/"an"
  fixed after them; never under a negation ("failed to produce any major breakthrough" is
  not "any breakthrough"), and never a word that scopes a claim rather than judges it
  ("major", "key": "a key witness", "a major earthquake").

Every rule is tried in turn and a rule's result is kept only while the sentence still reads as
one (finished, at least ``MIN_WORDS`` words, quotes balanced) and passes ``verify`` against its
source: the rules only remove words, so names and numbers cannot be invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..lexicon.grammar import CONNECTIVES, DETERMINERS, SUBJECT_PRONOUNS
from ..lexicon.names_and_time import NAME_PARTICLES, ORGANISATION_WORDS
from ..lexicon.reporting import (
    ATTRIBUTION_VERBS,
    NEWS_OUTLETS,
    OUTLET_NAME_WORDS,
    SAID_THAT_VERBS,
)
from ..lexicon.voice import EVALUATIVE, EVALUATIVE_OPENERS, NEGATIONS
from ..text import content_words
from .verify import verify

MIN_WORDS = 8
# "told" only with its listener (", he told reporters.").
_REPORTING = (
    "(?:"
    + "|".join(r"told\s+(?:\w+\s+){0,3}?\w+" if v == "told" else v for v in ATTRIBUTION_VERBS)
    + ")"
)
_WHEN = r"(?:\s+(?:on|in|at|late|early|last|this|during|after)\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+)?"
# ", officials said on Monday." / ", the ministry said in a statement." / ", he added."
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?!who\b|which\b|that\b|and\b|but\b)((?:[\w'’.-]+\s+){1,6}?)"
    + _REPORTING
    + _WHEN
    + r"\s*([.!?])$"
)
# ", according to state media."
_TRAILING_ACCORDING = re.compile(r",\s+according\s+to\s+([^,;\"“”]{1,80})([.!?])$")
# "According to X, " / "Officials said that " / "The ministry said on Monday that "
_LEADING_ACCORDING = re.compile(r"^According\s+to\s+([^,;\"“”]{1,80}),\s+")
_LEADING_SAID_THAT = re.compile(
    r"^([A-Z][^,;\"“”]{0,60})\s(?:" + "|".join(SAID_THAT_VERBS) + ")"
    r"(?:\s+(?:on|in|late|early)\s+[^,;\"“”]{1,25})?\s+that\s+"
)
_FRAMING = re.compile(
    r"^In\s+an?\s+(?:significant|major|important|notable|crucial|key|historic|landmark|"
    r"remarkable|surprising|unexpected|rare)\s+[^,;\"“”]{0,60},\s+"
)
# An outlet's scoop opening the sentence: "CTV News has learned former ...", "ABC News has
# learned that ...". The name is an outlet's, no person's (:func:`_a_person`: "Smith has
# learned he will not be charged" is his news), and what follows is what was learned, not a
# skill or a lesson ("has learned to", "... how", "... from"). A
# scoop told after the news (", Haaretz has learned.", ", The Hollywood Reporter has learned.")
# is its attribution, and stays: an allegation keeps its source.
_DOMAIN = re.compile(r"\w\.(?:com|net|org|co\.uk|tv)$", re.I)
# After the speaker's name: "of Yale University", "for the company", "on Tuesday".
_SPEAKER_TAIL = re.compile(r"\s+(?:of|for|at|from|on|in|with)\s+.*$")
_ROMAN = re.compile(r"^[IVX]+$")
_LEADING_LEARNED = re.compile(
    r"^(?P<outlet>(?:The\s+)?(?:[A-Z][\w.&'’-]*\s+){0,3}[A-Z][\w.&'’-]*)\s+has\s+"
    r"learned(?:\s+exclusively)?(?:\s+that\b,?)?\s+"
    r"(?!(?:to|from|about|of|how|what|why|a\s+lot|the\s+hard|lessons?|his|her|their|its"
    r"|nothing|little|much|more)\b)(?=[A-Za-z])"
)
# "Sadly, " / "Luckily " / "To their credit, ": the writer's verdict on what follows, and the
# word after it.
_VERDICT = re.compile(
    r"^(?i:" + "|".join(re.escape(w) for w in EVALUATIVE_OPENERS) + r")(,?)\s+([\w'’]+)"
)
# What may follow a verdict for it to be the whole sentence's: without a comma a determiner or a
# subject ("Luckily the rest ...", not "Surprisingly few people ...", "Happily married ..."),
# and never the rest of a longer phrase ("Unfortunately for him", "Oddly enough", "Of course
# not") or a connective that would open the sentence ("Sadly, and despite ...").
_NOT_AFTER_VERDICT = frozenset({"enough", "for", "not", "to", "or", "though"}) | {
    c for c in CONNECTIVES if " " not in c
}
# An attributed view rather than a fact: without its speaker it would read as the summary's
# own claim ("It's crucial that talks go on, Xi said", "We will respond, the ministry said").
_OPINION = re.compile(
    r"\b(?:I|we|our|us|my|you|your|should|must|ought|need to|hope[sd]?|believe[sd]?|"
    r"crucial|important|vital|essential|wrong|right to|unacceptable|welcome[sd]?)\b",
    re.I,
)
_PARENTHESIS = re.compile(r"\s*\([^()\"“”]{1,80}\)")
# Only right after a determiner and right before the word it qualifies ("a crucial meeting"),
# never in a list of adjectives ("a high-stakes, unscripted meeting").
# A possessive ("Blinken's") counts as a determiner, and one hyphenated measure may sit
# between ("Blinken's two-day high-stakes visit").
_EVALUATIVE = re.compile(
    r"\b(a|an|the|its|their|his|her|this|that|"
    r"(?!(?:it|that|he|she|there|here|what|who|let|where|how)['’]s\b)[A-Z][\w-]*['’]s)\s+([\w]+-[\w-]+\s+)?(?:"
    + "|".join(re.escape(w) for w in EVALUATIVE)
    + r")\s+(?=([a-z]))",
    re.I,
)


def _determiner(m: re.Match[str]) -> str:
    """The determiner (and measure) before a dropped word, "a" and "an" fixed for the word now
    after it."""
    word, measure = m.group(1), m.group(2) or ""
    if word.lower() in ("a", "an"):
        vowel = (measure or m.group(3))[:1].lower() in "aeiou"
        word = ("an" if vowel else "a") if word.islower() else ("An" if vowel else "A")
    return word + " " + measure


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a_person(speaker: str) -> bool:
    """Whether ``speaker`` (the words before "said", or after "according to") names one
    person: a name written in capitals throughout ("Vallie", "Sen. John Kerry"), not an
    organisation's ("Fairfax County Sheriff's Office", "CNN", "RadarOnline.com") and not a role
    or a body in lower case ("police", "one of the officials", "a spokesman for Tyson"). Not
    "he" or "she" either: who that is lies in the sentence before, and a summary that lacks it
    reads the account better without its speaker than with one it never introduced.

    Example:
        >>> _a_person("Vallie"), _a_person("she"), _a_person("Fairfax County police")
        (True, False, False)
    """
    words = [w.strip(".,'’") for w in _SPEAKER_TAIL.sub("", speaker).split()]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words if w]
    # The name is the run of capitalised words at the end: "former President Barack Obama",
    # "state Sen. John Smith", "trauma director Dr. Raymond Fang".
    name: list[str] = []
    for w in reversed(words):
        particle, _, rest = w.partition("-")  # "al-Assad", "el-Sisi"
        hyphened = particle.lower() in NAME_PARTICLES or particle.lower() == "el"
        if not (w[:1].isupper() or w.lower() in NAME_PARTICLES or hyphened and rest[:1].isupper()):
            break
        name.insert(0, w)
    if not name or len(name) < len(words) and words[len(words) - len(name) - 1] == "the":
        return False  # "the White House", "the Robeson County Sheriff's Office"
    last = name[-1]
    return (
        name[0].lower() != "the"
        and last.lower() not in ORGANISATION_WORDS
        and not (len(last) > 1 and last.isupper() and not _ROMAN.match(last))  # "CNN", not "III"
        and not any(_DOMAIN.search(w) for w in name)
    )


def _an_outlet(name: str) -> bool:
    """Whether ``name`` is a news outlet's: a known one ("Reuters", "ABC News"), one ending on
    an outlet's word ("CTV News", "The Hollywood Reporter"), a web domain, or capitals ("CTV")."""
    words = name.split()
    return (
        name.lower() in NEWS_OUTLETS
        or words[-1].lower() in OUTLET_NAME_WORDS
        or bool(_DOMAIN.search(words[-1]))
        or (len(words) == 1 and len(name) > 1 and name.isupper())
    )


def _unless_a_person(speaker_group: int) -> Callable[[re.Match[str]], str]:
    """A substitution that drops the match, keeping what its last group holds (the sentence's
    closing mark, where it has one), unless group ``speaker_group`` names a person."""

    def drop(m: re.Match[str]) -> str:
        if _a_person(m.group(speaker_group)):
            return m.group(0)
        last = m.lastindex or 0
        return m.group(last) if last > speaker_group else ""

    return drop


def _drop_trailing(text: str) -> str:
    if re.search(r"[\"”’']\s*,\s", text):  # a quote then ", he said": the quote needs it
        return text
    if _OPINION.search(text):  # a view, not a fact: it stays its speaker's
        return text
    out = _TRAILING_ACCORDING.sub(_unless_a_person(1), text)
    return out if out != text else _TRAILING_ATTRIBUTION.sub(_unless_a_person(1), text)


def _drop_leading(text: str) -> str:
    if _OPINION.search(text):
        return text
    out = _LEADING_ACCORDING.sub(_unless_a_person(1), text)
    out = _LEADING_SAID_THAT.sub(_unless_a_person(1), out) if out == text else out
    return _capitalise(out)


def _drop_verdict(text: str) -> str:
    m = _VERDICT.match(text)
    if m is None:
        return text
    comma, word = m.group(1), m.group(2)
    low = word.lower()
    if low in _NOT_AFTER_VERDICT or (not comma and low not in DETERMINERS | SUBJECT_PRONOUNS):
        return text
    if not word[:1].islower() and not comma:
        return text  # "Luckily I ...", "Sadly The ...": no comma before a capital, no cut
    if any(c.isupper() for c in word[1:]):
        return text  # "iPhone", "eBay": not to be capitalised
    return _capitalise(text[m.start(2) :])


def _drop_framing(text: str) -> str:
    return _capitalise(_FRAMING.sub("", _drop_verdict(_FRAMING.sub("", text))))


def _drop_learned(text: str) -> str:
    m = _LEADING_LEARNED.match(text)
    if m is None or not _an_outlet(m["outlet"]) or _OPINION.search(text):
        return text
    rest = re.match(r"[\w'’-]+", text[m.end() :])
    if rest is None or any(c.isupper() for c in rest.group()[1:]):
        return text  # "eBay", "iPhone": not to be capitalised
    return _capitalise(text[m.end() :])


# A writer's aside between commas: "Southwest, of course, has its own type of system", "It is,
# to be sure, a small sample." (a reader strikes the aside, the fact stays); not a closing
# ", to be sure." ("They checked twice, to be sure.": to make sure).
_ASIDE = re.compile(r",\s+(?:of\s+course|to\s+be\s+sure),\s+|,\s+of\s+course(?=[.!?]$)")


def _drop_aside(text: str) -> str:
    return _ASIDE.sub(lambda m: " " if m.group().rstrip().endswith(",") else "", text)


def _drop_parentheses(text: str) -> str:
    """``text`` without its asides in parentheses; not one right after an opening quotation
    mark: '"(Trump) keeps repeating ..."' is an editor's word standing in the quote, which
    dropped leaves '" keeps repeating ...'."""

    def drop(m: re.Match[str]) -> str:
        before = text[: m.start()].rstrip()
        opens = before.endswith(("“", "‘")) or (
            before.endswith('"') and before.count('"') % 2 == 1  # an odd count: it opens
        )
        return m.group() if opens else ""

    return _PARENTHESIS.sub(drop, text)


def _drop_evaluative(text: str) -> str:
    def drop(m: re.Match[str]) -> str:
        before = re.findall(r"[\w’']+", text[: m.start()].lower())[-4:]
        if any(w in NEGATIONS or w.endswith(("n't", "n’t")) for w in before + [m.group(1)]):
            return m.group(0)
        return _determiner(m)

    return _capitalise(_EVALUATIVE.sub(drop, text))


RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("framing", _drop_framing),
    ("framing", _drop_learned),
    ("framing", _drop_aside),
    ("parenthesis", _drop_parentheses),
    ("attribution", _drop_trailing),
    ("attribution", _drop_leading),
    ("evaluative", _drop_evaluative),
)


def compress(text: str, source: str | None = None) -> tuple[str, tuple[str, ...]]:
    """``text`` with every rule applied that leaves a verified sentence, and the rules used.

    Example:
        >>> compress("In a significant development, Xi met Blinken in Beijing for talks on "
        ...          "trade, officials said.")
        ('Xi met Blinken in Beijing for talks on trade.', ('framing', 'attribution'))
    """
    source = text if source is None else source
    out, used = text, []
    for name, rule in RULES:
        shorter = _spaced(rule(out))
        # A rule that only tidied white space ("Secretary\xa0 Antony") removed nothing.
        if shorter in (out, _spaced(out)) or len(shorter.split()) < MIN_WORDS:
            continue
        if verify(shorter, [source], len(out.split()), MIN_WORDS).ok:
            out = shorter
            if name not in used:
                used.append(name)
    return out, tuple(used)


# A leading concessive or temporal clause: "Although they agreed to “stabilize” ties, ".
_LEADING_CLAUSE = re.compile(
    r"^(?:Although|Though|Even though|While|Whereas|Despite|Even as)\s[^,;:]{3,120},\s+(?=[A-Z\w])"
)
# Of a leading clause's content words, at most this share may be new for it to be dropped.
CLAUSE_NEW_SHARE = 0.34


def drop_stated_clause(text: str, stated: set[str]) -> str:
    """``text`` without a leading "Although ..., " clause whose content words the summary
    already states (``stated``: content words, :func:`..text.content_words`): what is left
    is the sentence's own fact. Unchanged when the clause says something new, when what is left
    is not a sentence of :data:`MIN_WORDS` words, or its quotes would not balance.

    Example:
        >>> stated = content_words("The two sides agreed to stabilize their rivalry.")
        >>> drop_stated_clause('Although they agreed to "stabilize" ties, China rejected '
        ...                    "Blinken's request for talks between the two militaries.", stated)
        "China rejected Blinken's request for talks between the two militaries."
        >>> drop_stated_clause("While talks went on, China rejected the request for "
        ...                    "military contacts.", stated)
        'While talks went on, China rejected the request for military contacts.'
    """
    m = _LEADING_CLAUSE.match(text)
    if m is None:
        return text
    clause, rest = text[: m.end()], text[m.end() :]
    if not rest[:1].isupper():
        return text  # "..., he failed" or an appositive's "the top diplomat, met ...": no sentence
    words = content_words(clause)
    if not words or len(words - stated) > CLAUSE_NEW_SHARE * len(words):
        return text
    if len(rest.split()) < MIN_WORDS or rest.count('"') % 2 or rest.count("“") != rest.count("”"):
        return text
    return rest


def _spaced(text: str) -> str:
    return re.sub(r"\s{2,}", " ", text).strip()
