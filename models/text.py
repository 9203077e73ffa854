"""Small text utilities shared by attribution and the benchmarks' checks."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from .lexicon.grammar import CAPITALISED_NOT_NAMES, NUMERALS, STOPWORDS, stem

_TOKEN = re.compile(r"[\w'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# An age written in words ("Eight-year-old", "two-month-old"): the number an age in digits
# states ("Jane Roe, 8,"). Only ages: "Three Mile Island", "Big Ten", "two-thirds" and "Two
# leaders met" state no number a later "3", "10" or "$2 billion" repeats (a second reader,
# round 18).
_NUMERAL = re.compile(rf"(?<![\w'’-])({'|'.join(NUMERALS)})-(?:year|month|week|day)-old\b", re.I)


# Sentences whose content words are remembered: selection, grouping, fusion and the fact rule
# read each sentence's words many times, and a re-posted bundle brings the same sentences again
# (a third of the seed's in-process re-post). At most 600 characters a sentence
# (``MAX_SENTENCE_CHARS``), so at most 20 MB in all; never logged.
CONTENT_WORDS_CACHE = 20_000


def content_words(text: str) -> set[str]:
    """Stemmed, lower-cased words that carry meaning (no stopwords, no 1-2 letter tokens); a
    new set each call, the caller's to change."""
    return set(_content_words(text))


# A contraction's or a possessive's ending: "it's" is "it", "don't" is "do", "Trump's" is
# "Trump". Typeset apostrophes ("it’s") read as typed ones: as "it’s" the word was "it", a
# content word, and a sentence restating the summary added it as a fact (round 13).
_CLITIC = re.compile(r"(?:'(?:s|re|ve|ll|d|m)|n't)$", re.I)


@functools.lru_cache(maxsize=CONTENT_WORDS_CACHE)
def _content_words(text: str) -> frozenset[str]:
    out = set()
    for token in _TOKEN.findall(text):
        token = _CLITIC.sub("", token.replace("’", "'").strip("'-"))
        if len(token) > 2 and token.lower() not in STOPWORDS:
            out.add(stem(token))
    return frozenset(out)


def specifics(text: str) -> set[str]:
    """Numbers and capitalised names in ``text``: what a summary must never invent.

    Example:
        >>> sorted(specifics("Blinken met Xi on June 19 for 35 minutes."))
        ['19', '35', 'Blinken', 'June', 'Xi']
    """
    found = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    for token in _TOKEN.findall(text):
        token = token.strip("'’-")
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        if (
            token[:1].isupper()
            and token.lower() not in CAPITALISED_NOT_NAMES
            and not any(ch.isdigit() for ch in token)
        ):
            found.add(token)
    return found


@dataclass
class Facts:
    """What a summary states so far: its content words and its names and numbers (lower-cased),
    to tell what a further sentence would add (each fact once).

    Example:
        >>> facts = Facts()
        >>> facts.add("Blinken met Xi in Beijing.")
        >>> facts.new_in("Xi met Blinken on Monday in Beijing.")
        ({'monday'}, {'monday'})
    """

    words: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        self.words |= content_words(text)
        self.names |= {s.lower() for s in specifics(text)} | _numerals(text)

    def new_in(self, text: str) -> tuple[set[str], set[str]]:
        """The content words and the names and numbers of ``text`` that are not stated yet: an
        age stated in words is stated in digits too ("Jane Roe, 8, was identified." after
        "Eight-year-old Jane Roe was the second victim identified": a tuning reader struck it as
        a repeat, round 18), and the other way round.

        Example:
            >>> facts = Facts()
            >>> facts.add("Eight-year-old Jane Roe was named.")
            >>> facts.new_in("Jane Roe, 8, was named.")
            (set(), set())
        """
        return content_words(text) - self.words, {
            s.lower()
            for s in specifics(text)
            if s.lower() not in self.names and not (_numerals(s) & self.names)
        }


def _numerals(text: str) -> set[str]:
    """The digits of the ages ``text`` writes in words ("Eight-year-old": "8")."""
    return {NUMERALS[m.group(1).lower()] for m in _NUMERAL.finditer(text)}


def mentions(text: str, term: str) -> bool:
    """Whether ``term`` (a number or a name from :func:`specifics`) occurs in ``text``.

    Names match whole words, ignoring case: a capitalised sentence opener ("Officials said")
    or title ("President") is not invented when the sources have it in lower case.
    """
    if term[:1].isdigit():
        return term in {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    pattern = r"(?<!\w)" + re.escape(term) + r"(?!\w)"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


# Scripts written without spaces between words: Han ideographs, Hiragana and Katakana (Korean
# Hangul puts spaces between words and is counted like Latin text).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Translated news runs about 1.5 such characters per English word; word budgets (max_words)
# then mean the same length of news in every language.
UNSPACED_CHARS_PER_WORD = 1.5
_UNSPACED_END = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff。！？」』）]$")


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, where each run of Chinese or Japanese
    characters counts one word per ``UNSPACED_CHARS_PER_WORD`` characters.

    Example:
        >>> count_words("The council met on Monday.")
        5
        >>> count_words("市议会周一开会。")
        5
    """
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    rest = [t for t in _UNSPACED.sub(" ", text).split() if any(c.isalnum() for c in t)]
    return len(rest) + math.ceil(unspaced / UNSPACED_CHARS_PER_WORD)


def join_sentences(sentences: list[str]) -> str:
    """Sentences as one text: a space between them, none after a Chinese or Japanese one."""
    out = ""
    for s in sentences:
        if out and not (_UNSPACED_END.search(out) and _UNSPACED.match(s)):
            out += " "
        out += s
    return out


_QUOTED = re.compile(r"“[^“”]*”?|\"[^\"]*\"?")
# A quotation in single marks, curly or straight ("‘I saw him run,’ the sheriff said."); not an
# apostrophe inside a word, nor a year's ("’90s").
_SINGLE_QUOTED = re.compile(r"(?<!\w)[‘'](?!\d)[^‘’']*(?:[’'](?!\w)|$)")


def quoted_spans(text: str, *, single: bool = False) -> list[tuple[int, int]]:
    """The spans of ``text`` inside quotation marks (marks included; an unclosed quote runs to
    the end): words there are a speaker's, which no rewrite touches. ``single``: quotations in
    single marks too (a headline's, or a quote within a quote, is as often one).

    Example:
        >>> t = 'He said “we met today” on Monday.'
        >>> [t[a:b] for a, b in quoted_spans(t)]
        ['“we met today”']
        >>> t = "‘We met,’ he said of the talks."
        >>> [t[a:b] for a, b in quoted_spans(t, single=True)]
        ['‘We met,’']
    """
    spans = [m.span() for m in _QUOTED.finditer(text)]
    if single:
        spans += [m.span() for m in _SINGLE_QUOTED.finditer(text)]
    return spans
