"""Cleaning: drop the boilerplate news pages carry and flag near-duplicate articles.

Every rule is a named regular expression, so a dropped sentence can be explained ("comment_form",
"photo_credit", ...) and each rule is unit-tested. Rules match a whole paragraph out: a bio or a
comment form spans several sentences, all of them junk.

Page furniture glued to a news sentence (a video player's "CLOSE" or "EMBED More News Videos"
before it, a " | Getty ..." picture caption after it) is trimmed off instead (:func:`trim`): the
sentence stays, its offsets moved with its text, so a citation still quotes the article exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..types import Article, CleanedBundle, Sentence

_I = re.IGNORECASE

# name -> patterns matched against one sentence (search, not fullmatch, unless anchored).
BOILERPLATE_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "comment_form": tuple(
        re.compile(p, _I)
        for p in (
            r"^leave a (reply|comment)\b",
            r"your email address will not be published",
            r"required fields are marked",
            r"^save my name,? email",
            r"\bcomments? posted here\b",
            r"refrain from using .{0,40}\bwords in your comments",
            r"^(post|add) a comment\b",
            r"^join the (conversation|discussion)\b",
        )
    ),
    "photo_credit": tuple(
        re.compile(p, _I)
        for p in (
            r"\((ap |afp |reuters |file |getty )?(photo|image|picture|photograph)s?\b"
            r"[^)]{0,80}\)\s*$",
            r"^(photo|image|picture|photograph|credit)s?( credit)?\s*[:/|]",
            r"^[\w.-]+\.(com|net|org|co\.uk)$",
            r"\b(getty images|ap photo|afp via getty|shutterstock)\b.{0,40}$",
        )
    ),
    "teaser": tuple(
        re.compile(p, _I)
        for p in (
            r"^check (also|out the latest)\b",
            r"^(read|see) (more|also)\b",
            r"^also read\b",
            r"^related( articles| stories| coverage| news)?:?$",
            r"^you (may|might) also (like|be interested)\b",
            r"^more (from|stories|on this)\b.{0,40}$",
            r"^(recommended|trending|most read|popular)( stories| now)?:?$",
        )
    ),
    "author_bio": tuple(
        re.compile(p)
        for p in (
            r"^I am [A-Z][\w'’-]+( [A-Z][\w'’-]+)*, an? ",
            r"^(?i:about) (the author|[A-Z][\w ]{0,40}(?i:team))$",
            r"^(?i:by|written by|reporting by|editing by) [A-Z][\w'’.-]+( [A-Z][\w'’.-]+){0,3}\W*$",
            r"^[A-Z][\w'’-]+ [A-Z][\w'’-]+ is an? (staff |senior |freelance )?"
            r"(writer|reporter|journalist|correspondent|editor|contributor) (at|for|with)\b",
        )
    ),
    "syndication": tuple(
        re.compile(p, _I)
        for p in (
            r"syndicated feed",
            r"^except for the headline, this story",
            r"^this (article|story|content) was (added|originally|first|automatically)\b",
            r"\bis not responsible for the content\b",
            r"\ball rights reserved\b",
            r"^(©|copyright ©?\s*\d{4})",
            r"may not be (published|broadcast|rewritten|redistributed)",
            r"^\(?(last )?updated( on)?\s*:",
            r"^source:\s",
        )
    ),
    "promo": tuple(
        re.compile(p, _I)
        for p in (
            r"\bsubscribe (to|for)\b",
            r"\bsign up (for|to) (our|the)\b",
            r"\bnewsletter\b",
            r"\bfollow(ing)? (us|@?[A-Z][\w .-]{0,30}) on "
            r"(twitter|facebook|instagram|telegram|x)\b",
            r"\bon telegram\b",
            r"^stay (updated|tuned|informed)\b",
            r"^download (our|the) app\b",
            r"\bclick here\b",
            r"^share (this|on)\b",
            r"^advertisement$",
        )
    ),
    # A link in brackets ("[Q&A: The 'Pluto Killer' ...]"), within the article: not a teaser
    # (after which the rest of the page would go), and only the line itself goes (a
    # transcript's "[Pause.]" is no link: it ends as a sentence does).
    "link": (re.compile(r"^\[[^\[\]]{0,148}[^\[\].!?]\]$"),),
    # Video players, picture galleries and embedded posts: "JUST WATCHED ... Replay More
    # Videos", "Hide Caption 3 of 43", "Media playback is unsupported on your device",
    # "— Jane Roe (@janeroe) September 7, 2016" under a quoted post.
    "media": tuple(
        re.compile(p, _I)
        for p in (
            r"^(?-i:JUST WATCHED)\b",
            r"\breplay more videos\b",
            r"^(?-i:MUST WATCH)\b",
            r"\bhide caption \d+ of \d+\b",
            r"^media playback is unsupported\b",
            r"^media caption\b",
            r"^(video|photo|image|footage)s? courtesy of [^.!?]{1,60}$",
            r"^enlarge (this )?image\b",
            r"\btoggle caption\b",
            r"\bpic\.twitter\.com/",
            r"[—–-]\s*[^()—–\n]{1,50}\(@\w{1,15}\)\s+\w+\s+\d{1,2},\s+\d{4}$",
        )
    ),
}


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
}
# Reasons that drop their sentence alone, not its paragraph.
_SENTENCE_ONLY = frozenset({"link"})
# Heading lines after which everything is page furniture (teasers, comments, bios).
_TAIL_MARKERS = frozenset({"teaser", "comment_form"})


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
    for reason, (head, rest) in _RULE_REGEX.items():
        if n_words > _MAX_WORDS[reason]:
            continue
        if (head is not None and head.match(stripped)) or any(p.search(stripped) for p in rest):
            return reason
    return None


# A video player's controls before a sentence ("CLOSE", "CLOSE Skip in Skip x Embed x Share",
# "EMBED More News Videos"), as the page's text has them (upper case), before a word that is
# not in capitals itself ("CLOSE CALL: ..." is a headline).
_FURNITURE_BEFORE = re.compile(
    r"^(?:CLOSE\s+(?:Skip in Skip x Embed x Share\s+)?|EMBED More News Videos\s+)"
    r"(?=[\"“‘']?(?:[A-Z][a-z]|[AI]\s|[A-Z]+\s+[a-z]))"
)
# A picture's credit and caption after a sentence: " | Getty Trump blames ...",
# " | AP Photo ...", " | Mark Wilson/Getty Images House panel ...", "[Photo/Lanzhou News]".
_FURNITURE_AFTER = re.compile(
    r"(?<=[.!?\"”’'])(?:\s+\|\s+(?:(?:Getty|AP Photo|AFP)\b|Reuters\s*$"
    r"|[^|]{0,40}/(?:Getty|AFP|AP)\b).*"
    r"|\s*\[(?:Photo|Image|Video)/[^\]]{1,60}\])\s*$",
    re.S,
)


def trim(sentence: Sentence) -> Sentence:
    """``sentence`` without the page furniture glued to its start or end, its offsets moved
    with its text (``article.text[start:end] == text`` still holds).

    Example:
        >>> s = Sentence("a", 0, 0, 0, 28, "CLOSE Ariel Winter spoke up.")
        >>> trim(s).text, trim(s).start
        ('Ariel Winter spoke up.', 6)
    """
    text, start, end = sentence.text, sentence.start, sentence.end
    before = _FURNITURE_BEFORE.match(text)
    if before:
        text, start = text[before.end() :], start + before.end()
    after = _FURNITURE_AFTER.search(text)
    if after:
        text, end = text[: after.start()], end - (len(text) - after.start())
    if text == sentence.text:
        return sentence
    return replace(sentence, text=text, start=start, end=end)


def _shingles(text: str, n: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {hash(tuple(words))} if words else set()
    return set(map(hash, zip(*(words[k:] for k in range(n)), strict=False)))  # n-grams


# Containment is first estimated on the shingles whose hash is 0 modulo this (a consistent
# sample: the same shingle is sampled in every article); only pairs the estimate cannot rule
# out are compared in full. 50 live blogs: 1,225 pairs of ~20,000 shingles.
_SAMPLE_MOD = 16
_SAMPLE_MIN = 64
_SAMPLE_MARGIN = 0.2


def find_duplicates(articles: Sequence[Article], threshold: float = 0.7) -> dict[str, str]:
    """Map each near-duplicate article's id to the earliest article it repeats.

    Two articles are near-duplicates when the smaller one's word 5-grams are at least
    ``threshold`` contained in the other (wire copies with a changed headline or footer).
    """
    shingles = [_shingles(a.text) for a in articles]
    samples = [{h for h in s if h % _SAMPLE_MOD == 0} for s in shingles]
    duplicate_of: dict[str, str] = {}
    for j in range(len(articles)):
        if not shingles[j]:
            continue
        for i in range(j):
            if articles[i].id in duplicate_of or not shingles[i]:
                continue
            small = min(len(samples[i]), len(samples[j]))
            if small >= _SAMPLE_MIN:
                estimate = len(samples[i] & samples[j]) / small
                if estimate < threshold - _SAMPLE_MARGIN:
                    continue
            overlap = len(shingles[i] & shingles[j]) / min(len(shingles[i]), len(shingles[j]))
            if overlap >= threshold:
                duplicate_of[articles[j].id] = articles[i].id
                break
    return duplicate_of


def clean_article(sentences: Sequence[Sentence]) -> tuple[list[Sentence], Counter[str]]:
    """Keep the content sentences of one article (:func:`trim`-med); count what was dropped
    and why."""
    sentences = [trim(s) for s in sentences]
    dropped: Counter[str] = Counter()
    bad_paragraphs: set[int] = set()
    tail_from: int | None = None
    reasons: dict[int, str] = {}
    for pos, s in enumerate(sentences):
        reason = boilerplate_reason(s.text)
        if reason is None:
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
    return kept, dropped


def clean(articles: Sequence[Article], segmented: Sequence[Sequence[Sentence]]) -> CleanedBundle:
    """Drop boilerplate, headings and fragments; drop sentences of near-duplicate articles."""
    duplicate_of = find_duplicates(articles)
    dropped: Counter[str] = Counter()
    kept: list[Sentence] = []
    every: list[Sentence] = []
    for article, sentences in zip(articles, segmented, strict=True):
        every.extend(sentences)
        good, why = clean_article(sentences)
        dropped.update(why)
        if article.id in duplicate_of:
            dropped["duplicate_article"] += len(good)
            continue
        kept.extend(good)
    return CleanedBundle(
        sentences=tuple(kept),
        all_sentences=tuple(every),
        dropped=dict(dropped),
        duplicate_of=duplicate_of,
    )
