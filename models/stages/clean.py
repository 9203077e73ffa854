"""Cleaning: drop the boilerplate news pages carry and flag near-duplicate articles.

Every rule is a named regular expression (the table is :mod:`.boilerplate`), so a dropped
sentence can be explained ("comment_form", "photo_credit", ...) and each rule is unit-tested.
Rules match a whole paragraph out: a bio or a comment form spans several sentences, all of
them junk.

Page furniture glued to a news sentence (a video player's "CLOSE" or "EMBED More News Videos"
before it, a " | Getty ..." picture caption after it) is trimmed off instead (:mod:`.trim`): the
sentence stays, its offsets moved with its text, so a citation still quotes the article exactly.
Near-duplicate articles are found by :mod:`.duplicates`; the writer's-voice rules, and the share
of each article's sentences they take (``CleanedBundle.voice``), are :mod:`.voicerules`'.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from ..speech import is_whole_quote, quote_speaker
from ..types import Article, CleanedBundle, Sentence
from .boilerplate import _SPEAKER_TEXT, _TITLE_NAME, BOILERPLATE_RULES
from .duplicates import find_duplicates
from .trim import after_label, trim
from .voicerules import VOICE


def _compiled(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str] | None, tuple]:
    """A rule's patterns anchored at the start as one alternation tried once with ``match``
    (50 live blogs of 20,000 words are 52,000 sentences × 40 patterns), the others as they
    are (an unanchored alternation scans slower than its parts)."""
    anchored = [p.pattern[1:] for p in patterns if p.pattern.startswith("^")]
    rest = tuple(p for p in patterns if not p.pattern.startswith("^"))
    flags = {p.flags for p in patterns}
    assert len(flags) == 1, "a rule's patterns share their flags"
    head = re.compile("|".join(f"(?:{p})" for p in anchored), flags.pop()) if anchored else None
    return head, rest


_RULE_REGEX = {reason: _compiled(patterns) for reason, patterns in BOILERPLATE_RULES.items()}

# Past these lengths a sentence is news, not page furniture, whatever it happens to contain.
_MAX_WORDS = {
    "comment_form": 30,
    "photo_credit": 30,
    "teaser": 15,
    "author_bio": 45,
    "syndication": 45,
    "promo": 25,
    "media": 45,
    "link": 30,
    "caption": 80,
    "transcript": 150,
    "fact_box": 80,
    "markup": 150,
    "outlet_voice": 80,
    "first_person": 150,
    "second_person": 150,
    "unattributed_quote": 150,
    "headline": 40,
    "contact_line": 60,
    "social_caption": 40,
    "page_label": 40,
    "cutoff": 150,
    "question": 60,
    "exclamation": 60,
    "opinion": 28,
    "musing": 40,
    "aside": 80,
}
# Reasons that drop their sentence alone, not its paragraph: a caption or a transcript line
# sits in a paragraph (or an article on one line) of news.
_SENTENCE_ONLY = frozenset(
    {
        "link",
        "caption",
        "transcript",
        "fact_box",
        "markup",
        "outlet_voice",
        "first_person",
        "second_person",
        "unattributed_quote",
        "headline",
        "contact_line",
        "social_caption",
        "page_label",
        "cutoff",
        "question",
        "exclamation",
        "opinion",
        "musing",
        "aside",
    }
)
# Rules matched on the narration (:func:`narration`): an outlet's "us" and "I" are its own
# only outside quotations.
_OUTSIDE_QUOTES = frozenset(
    {
        "outlet_voice",
        "first_person",
        "second_person",
        "unattributed_quote",
        "social_caption",
        "question",
        "exclamation",
        "opinion",
        "musing",
    }
)
# Quotations in other marks, blanked for the rules in _MORE_QUOTES: straight single marks
# ("'You have to leave,' the officer said"; an apostrophe inside a word does not close one),
# guillemets, low marks and doubled backticks.
_OTHER_QUOTATION = re.compile(
    r"(?<!\w)'(?=\S)(?:[^']|(?<=\w)'(?=\w))*'(?!\w)|«[^»]*»|„[^“”]*[“”]|``.*?''"
)
# rule -> the one word it reads: a sentence without it is not blanked (blanking costs more)
_MORE_QUOTES = {"second_person": "you", "exclamation": "!"}
# A quotation, closed or running to the end of the sentence.
_QUOTATION = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|‘(?!\d)[^’]*(?:’(?!\w)|$)')
# A sentence that begins inside a quotation (the segmenter split a speaker's sentences, or a
# quoted paragraph runs on): everything up to its first mark, a closing one ("We fixed it,”
# she said.", 'We fixed it," she said.': a straight mark after a word or a comma closes).
_QUOTE_TAIL = re.compile(r'^[^"“”]*(?:”|(?<=[\w.,!?…])")(?=[\s,.;:!?)—–-]|$)')
# After a colon comes speech or a text, attributed though unquoted ("a text from her
# student: If I'm not back in a week, ..."); "as we know it" is everyone's.
_ATTRIBUTED = re.compile(r"(?<=\w):\s+[A-Z“\"].*$|\bas we know (?:it|them)\b")
# "I" after a capitalised word that does not open the sentence is a numeral ("World War I",
# "Elizabeth I", "Phase I trial").
_NUMERAL_I = re.compile(r"(?<=\S )(?<![.!?] )([A-Z][\w.]*) I(?![\w'’-])")


def narration(text: str) -> str:
    """``text`` as the outlet says it: quotations, speech after a colon and the numeral "I"
    blanked out (the first-person rules read only what is left).

    Example:
        >>> " ".join(narration('“We will win,” he said of World War I.').split())
        'he said of World War .'
    """
    text = _QUOTE_TAIL.sub(lambda m: " " * len(m.group()), text)
    text = _QUOTATION.sub(lambda m: " " * len(m.group()), text)
    text = _ATTRIBUTED.sub(lambda m: " " * len(m.group()), text)
    return _NUMERAL_I.sub(lambda m: m.group(1) + "  ", text)


# Heading lines after which everything is page furniture (teasers, comments, bios).
_TAIL_MARKERS = frozenset({"teaser", "comment_form"})


# Sentences whose rule is remembered, by text. A rule reads the sentence alone, and a story
# re-posted or grown by an article brings the same sentences again: matching them was 70 ms of
# the seed's 130 ms re-post on a 2-core AVX2 EPYC. Kept in memory like the fluency scores
# (``models.write.lmscore``), never logged: a sentence is at most 600 characters
# (``MAX_SENTENCE_CHARS``), so under 20 MB of ASCII text in all (up to four times that in
# other scripts), about 4 MB for news-length English sentences.
REASON_CACHE = 20_000


@functools.lru_cache(maxsize=REASON_CACHE)
def boilerplate_reason(text: str) -> str | None:
    """The name of the first boilerplate rule ``text`` matches, or None.

    Example:
        >>> boilerplate_reason("Leave a Reply")
        'comment_form'
        >>> boilerplate_reason("Blinken met Xi in Beijing.") is None
        True
    """
    stripped = text.strip()
    n_words = len(stripped.split())
    outside: str | None = None
    for reason, (head, rest) in _RULE_REGEX.items():
        if n_words > _MAX_WORDS[reason]:
            continue
        target = stripped
        if reason in _OUTSIDE_QUOTES:
            outside = narration(stripped) if outside is None else outside
            target = outside
        if reason in _MORE_QUOTES:
            if _MORE_QUOTES[reason] not in stripped.lower():
                continue
            target = narration(_OTHER_QUOTATION.sub(lambda m: " " * len(m.group()), stripped))
        if (head is not None and head.match(target)) or any(p.search(target) for p in rest):
            return reason
    return None


_TITLE_LABEL = re.compile(rf"^({_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}){_SPEAKER_TEXT}")


def _dialogue_speakers(sentences: Sequence[Sentence]) -> frozenset[str]:
    """The title-case names that head lines of a dialogue in one article ("Dunmore: ...",
    "Pereira: ..."): two or more names, each heading two lines or more, none of their words
    written in lower case elsewhere in it ("Severe: ...", "Mild: ..." head a glossary's lines)."""
    labels = Counter(m.group(1) for s in sentences if (m := _TITLE_LABEL.match(s.text)))
    body = " ".join(s.text for s in sentences)
    speakers = frozenset(
        label
        for label, n in labels.items()
        if n >= 2
        and not any(re.search(rf"\b{re.escape(w.lower())}\b", body) for w in label.split())
    )
    return speakers if len(speakers) >= 2 else frozenset()


def clean_article(
    sentences: Sequence[Sentence], spoken: dict[int, tuple[int, str]] | None = None
) -> tuple[list[Sentence], Counter[str]]:
    """Keep the content sentences of one article (:func:`trim`-med); count what was dropped
    and why. A whole quotation whose speaker the sentence before it names
    (:func:`quote_speaker`) is kept, and ``spoken`` (when given) gets it by sentence index:
    that sentence's index and the speaker's name."""
    kept, dropped, _ = _clean_article(sentences, spoken)
    return kept, dropped


def _clean_article(
    sentences: Sequence[Sentence], spoken: dict[int, tuple[int, str]] | None = None
) -> tuple[list[Sentence], Counter[str], float]:
    """:func:`clean_article`, and the article's share of sentences in a writer's voice
    (:data:`VOICE`) among those of its body: not its headings, nor what follows a comment form
    or a teaser (readers' comments are no part of the article)."""
    # the lead: the first sentence after the headings ("Story highlights ..." lines)
    lead = next((pos for pos, s in enumerate(sentences) if not s.is_heading), None)
    sentences = [trim(s, pos == lead) for pos, s in enumerate(sentences)]
    dropped: Counter[str] = Counter()
    bad_paragraphs: set[int] = set()
    tail_from: int | None = None
    reasons: dict[int, str] = {}
    speakers = _dialogue_speakers(sentences)
    text: str | None = None  # the article's text, joined once where a quotation needs it
    for pos, s in enumerate(sentences):
        m = _TITLE_LABEL.match(s.text) if speakers else None
        if m is not None and m.group(1) in speakers:
            # A dialogue's line: what the speaker says stays where it stands alone.
            said = after_label(s, m.end(1) + 1)
            sentences[pos] = s = said if said is not None else s
            reason = "transcript" if said is None else boilerplate_reason(s.text)
        else:
            reason = boilerplate_reason(s.text)
        if reason is None:
            continue
        if reason == "unattributed_quote" and spoken is not None and pos:
            previous = sentences[pos - 1]
            # a quotation that runs on from one kept for its speaker: the same speaker
            if (
                previous.index in spoken
                and is_whole_quote(s.text)
                and s.index == previous.index + 1
                and 0 <= s.paragraph - previous.paragraph <= 1
            ):
                spoken[s.index] = spoken[previous.index]
                continue
            if text is None:
                text = " ".join(t.text for t in sentences)
            name = quote_speaker(previous, s, text)
            if name is not None:
                spoken[s.index] = (previous.index, name)
                continue
        reasons[pos] = reason
        if reason not in _SENTENCE_ONLY:
            bad_paragraphs.add(s.paragraph)
        # "Check Also" / "Leave a Reply" past the lead: the rest of the page is furniture.
        if reason in _TAIL_MARKERS and tail_from is None and pos >= max(3, len(sentences) // 3):
            tail_from = pos
    kept: list[Sentence] = []
    for pos, s in enumerate(sentences):
        if tail_from is not None and pos >= tail_from:
            dropped[reasons.get(pos, "after_" + reasons[tail_from])] += 1
        elif s.paragraph in bad_paragraphs or pos in reasons:
            dropped[reasons.get(pos, "boilerplate_paragraph")] += 1
        elif s.is_heading:
            dropped["heading"] += 1
        elif s.n_words < 4:
            dropped["fragment"] += 1
        else:
            kept.append(s)
    body = [pos for pos, s in enumerate(sentences[:tail_from]) if not s.is_heading]
    voice = sum(reasons.get(pos) in VOICE for pos in body) / len(body) if body else 0.0
    return kept, dropped, voice


def clean(articles: Sequence[Article], segmented: Sequence[Sequence[Sentence]]) -> CleanedBundle:
    """Drop boilerplate, headings and fragments; drop sentences of near-duplicate articles;
    note each article's share of sentences in a writer's voice (:attr:`CleanedBundle.voice`)."""
    duplicate_of = find_duplicates(articles)
    dropped: Counter[str] = Counter()
    kept: list[Sentence] = []
    every: list[Sentence] = []
    spoken: dict[tuple[int, int], tuple[int, str]] = {}
    voice: dict[int, float] = {}
    for a, (article, sentences) in enumerate(zip(articles, segmented, strict=True)):
        every.extend(sentences)
        said: dict[int, tuple[int, str]] = {}
        good, why, voice[a] = _clean_article(sentences, said)
        dropped.update(why)
        if article.id in duplicate_of:
            dropped["duplicate_article"] += len(good)
            continue
        kept.extend(good)
        spoken.update({(a, index): speaker for index, speaker in said.items()})
    return CleanedBundle(
        sentences=tuple(kept),
        all_sentences=tuple(every),
        dropped=dict(dropped),
        duplicate_of=duplicate_of,
        spoken=spoken,
        voice=voice,
    )
