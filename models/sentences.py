"""Sentence splitting that keeps exact character offsets into the posted text, and the test
for a finished sentence; shared by the segment stage and by generated-text clean-up.

Rule based on purpose: it needs no downloaded data (punkt and spaCy models are not on PyPI-only
machines), it is fast on 50-article bundles, and every boundary decision is testable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon.grammar import (
    ABBREVIATIONS,
    DOMAIN_SUFFIXES,
    FINAL_ABBREVIATIONS,
    SENTENCE_OPENERS,
    TITLE_ABBREVIATIONS,
)
from .lexicon.reporting import SAYING_VERBS
from .types import Article, Sentence

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"([.!?…]+|[。！？]+)([\"'”’»)\]」』）]*)(\s*)")
_CJK_TERMINAL = re.compile(r"[。！？]")
_TERMINAL_CHARS = ".!?…。！？\"'”’»)]」』）"
_OPENERS = "\"'“‘«([¿¡"

# Sentences longer than this are split at the best break before it, so one unpunctuated
# 5,000-word "sentence" cannot blow the fuser's token budget.
MAX_SENTENCE_CHARS = 600


def _token_before(text: str, dot: int) -> str:
    """The word the period at ``dot`` closes, lower-cased, without its final period ("u.s"
    for "U.S.", "p.m" for "P.M.")."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".'"):
        start -= 1
    return text[start:dot].lower().rstrip(".")


def is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    token = _token_before(text, dot)
    if not token:
        return False
    if token in ABBREVIATIONS or (
        token in TITLE_ABBREVIATIONS
        and text[dot - len(token) : dot] in (token.capitalize(), token.upper())
    ):
        return True
    # A single letter ("J. Smith") or a dotted acronym ("U.S.", "N.Y.").
    if len(token) == 1 and token.isalpha():
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def _abbreviation_ends_sentence(text: str, dot: int, after: int) -> bool:
    """Whether the abbreviation closed by the period at ``dot`` also ends its sentence: one
    that can ("p.m.", "U.S.", "Inc."), before a word that opens sentences ("The", "He").

    Example:
        >>> t = "It aired at 11:30 P.M. The format was new."
        >>> _abbreviation_ends_sentence(t, t.index(". The"), t.index("The"))
        True
        >>> t = "It aired at 11:30 p.m. Eastern time."
        >>> _abbreviation_ends_sentence(t, t.index(". Eastern"), t.index("Eastern"))
        False
    """
    if _token_before(text, dot) not in FINAL_ABBREVIATIONS:
        return False
    m = re.match(r"[A-Z][a-z]*(?= )", text[after:])
    return m is not None and m.group().lower() in SENTENCE_OPENERS


def _next_starts_sentence(text: str, pos: int) -> bool:
    """Whether the text from ``pos`` looks like the start of a new sentence."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch in _OPENERS:
        nxt = text[pos + 1 : pos + 2]
        return not nxt or not nxt.islower()
    return ch.isupper() or ch.isdigit() or not ch.isascii() and not ch.islower()


# A quotation of several sentences stays one sentence ("“It is a process. It takes time,” he
# said."), so a summary never cites half a quote; past this many characters an unclosed
# quotation mark is taken for a typo and sentences split as usual.
MAX_QUOTE_CHARS = 400


def _inside_quote(span: str) -> bool:
    """Whether ``span`` (a sentence so far) ends inside an open quotation."""
    if len(span) > MAX_QUOTE_CHARS:
        return False
    return (
        span.count("“") > span.count("”")
        or span.count("「") > span.count("」")
        or span.count('"') % 2 == 1
    )


# After a glued period: a capitalised word ("He", "FAA", "WABC7", "A "), not one letter of a
# name ("Plan.B"), nor a domain's suffix ("Amazon.Com").
_GLUED_NEXT = re.compile(r"[“‘]?(?:[A-Z][a-z]|[A-Z][A-Z0-9]|[AI][ '’])")
# A token holding one of these is a URL, an address, a handle or a path, not two sentences.
_IN_A_TOKEN = re.compile(r"[/@:_#=\\.]")


def _glued_boundary(text: str, cursor: int, dot: int, after: int) -> int | None:
    """Where a sentence ends at a period with no space after it ("... a photography buff.He
    and his friend ..."), or None when the period is inside a token: a domain or a URL
    ("Yahoo.com", "news.bbc.co.uk"), a number ("3.5", "No.1"), an abbreviation or initials
    ("U.S.", "J.K.", "Mr.Smith"). ``after`` is past the closing quotes that follow the period;
    ``cursor`` is where the sentence began.

    Example:
        >>> t = "He was a photography buff.He left."
        >>> _glued_boundary(t, 0, t.index(".He"), t.index(".He") + 1)
        26
    """
    token_start = dot
    while token_start > cursor and not text[token_start - 1].isspace():
        token_start -= 1
    token = text[token_start:dot]
    word = re.search(r"[A-Za-z]+$|[0-9]+$", token)
    if word is None or _IN_A_TOKEN.search(token) or is_abbreviation(text, dot):
        return None
    w = word.group()
    if len(w) < 4 if w.isdigit() else len(w) < 2 or w[-1].isupper():
        return None  # "Article 5.A", "J.K", "II.The": a number or initials, not a sentence end
    follow = text[after:].split(None, 1)[0] if text[after:].strip() else ""
    first_word = re.match(r"[A-Za-z]*", follow)
    if (
        not _GLUED_NEXT.match(text, after)
        or _IN_A_TOKEN.search(follow.rstrip(".,;:!?\"”’'"))
        or (first_word is not None and first_word.group().lower() in DOMAIN_SUFFIXES)
    ):
        return None
    closing = text[dot + 1 : after]
    if not closing or closing in "”’":
        return after
    if closing in "\"'":
        # An odd count before it: this quote closes the sentence; even: it opens the next one.
        return after if text.count(closing, cursor, dot) % 2 else dot + 1
    return None


# After a quotation that opens its sentence and closes on "!" or "?", its speaker: '"... and
# then ... pu-ching!" Trump said to laughter and applause.' is one sentence (split, a summary
# printed "Trump said to laughter and applause."). Only a verb of saying: '"Is it over?"
# Netflix posted record profits.' is two. Not after a sentence that only ends on a quoted
# title ('He starred in "Death Wish." Trump said ...'), nor after a second quotation ('"It is
# over," she said, "and we lost!" Supporters said ...').
_SPEAKER_AFTER = re.compile(
    r"(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}|He|She|They|We|I)\s+"
    rf"(?:{'|'.join(SAYING_VERBS)})\b"
)


def _speaker_follows(
    text: str, cursor: int, dot: int, punct: str, closing: str, after: int
) -> bool:
    """Whether the quotation that opens ``text`` at ``cursor`` and closes at ``dot`` (its
    ``punct``, then the ``closing`` marks) goes on with its speaker at ``after``."""
    return (
        punct[-1] in "!?"
        and text[cursor : cursor + 1] in '"“'
        and closing.startswith(('"', "”"))
        and not any(mark in text[cursor + 1 : dot] for mark in '"“”')
        and _SPEAKER_AFTER.match(text, after) is not None
    )


def _split_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` spans of sentences inside ``text[start:end]`` (one line)."""
    cursor = start
    line = text[start:end]
    for m in _BOUNDARY.finditer(line):
        punct_end = start + m.end(2)
        next_pos = start + m.end(3)
        punct = m.group(1)
        if _CJK_TERMINAL.match(punct):
            pass  # CJK full stops end a sentence with or without a following space.
        elif not m.group(3) and next_pos < end:
            glued = None
            if punct == ".":
                glued = _glued_boundary(text, cursor, start + m.start(1), punct_end)
            if glued is None:
                continue
            punct_end = next_pos = glued
        else:
            dot = start + m.start(1)
            if (
                punct == "."
                and is_abbreviation(text, dot)
                and not _abbreviation_ends_sentence(text, dot, next_pos)
            ):
                continue
            if not _next_starts_sentence(text, next_pos):
                continue
            if _speaker_follows(text, cursor, dot, punct, m.group(2), next_pos):
                continue
        if _inside_quote(text[cursor:punct_end]):
            continue
        if punct_end > cursor:
            yield cursor, punct_end
        cursor = next_pos
    if cursor < end:
        yield cursor, end


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split an over-long span at clause or word breaks so no piece exceeds the cap."""
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = -1
        for sep in ("; ", ", ", " "):
            pos = window.rfind(sep, MAX_SENTENCE_CHARS // 3)
            if pos > 0:
                cut = start + pos + len(sep.rstrip())
                break
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS  # one enormous token: hard cut
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _looks_like_heading(sentence: str, spans_in_line: int) -> bool:
    """A line that is one short unpunctuated phrase ("Hot topic in Taiwan", a title)."""
    if spans_in_line != 1:
        return False
    words = sentence.split()
    if sentence.endswith(":") and len(words) <= 12:
        return True
    return sentence[-1] not in _TERMINAL_CHARS and len(words) <= 20


def segment_article(article: Article, article_index: int = 0) -> list[Sentence]:
    """Split one article into sentences with offsets into ``article.text``.

    Every line break ends a sentence (news text puts paragraphs on lines). A short line without
    terminal punctuation is marked ``is_heading`` (titles, sub-heads, captions' labels).

    Example:
        >>> s = segment_article(Article(id="a", text="Mr. Li spoke. He left."))
        >>> [x.text for x in s]
        ['Mr. Li spoke.', 'He left.']
    """
    text = article.text
    sentences: list[Sentence] = []
    paragraph = 0
    for line in re.finditer(r"[^\n\r\u2028\u2029]+", text):
        l_start, l_end = _strip(text, line.start(), line.end())
        if l_start >= l_end:
            continue
        spans: list[tuple[int, int]] = []
        for s, e in _split_line(text, l_start, l_end):
            for ls, le in _split_long(text, *_strip(text, s, e)):
                ls, le = _strip(text, ls, le)
                if ls < le:
                    spans.append((ls, le))
        for s, e in spans:
            sent = text[s:e]
            sentences.append(
                Sentence(
                    article_id=article.id,
                    article_index=article_index,
                    index=len(sentences),
                    start=s,
                    end=e,
                    text=sent,
                    paragraph=paragraph,
                    is_heading=_looks_like_heading(sent, len(spans)),
                )
            )
        paragraph += 1
    return sentences


def split_text(text: str) -> list[str]:
    """Split free text (a generated summary) into sentence strings."""
    return [s.text for s in segment_article(Article(id="_", text=text))]


# A finished sentence ends in . ! ? … (or a CJK stop), then optional closing quotes/brackets.
# ("both countries'" is an unfinished sentence ending in an apostrophe, not a quote.)
_FINISHED = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def is_finished(sentence: str) -> bool:
    """Whether ``sentence`` ends a sentence: terminal punctuation that does not close an
    abbreviation or an initial ("U.S.", "Mr.", "J."), which generation stops on mid-sentence.

    Example:
        >>> is_finished("Xi met the U.S."), is_finished("Xi met Blinken.")
        (False, True)
    """
    text = sentence.rstrip()
    m = _FINISHED.search(text)
    if m is None:
        return False
    dot = m.start()
    return not (text[dot] == "." and is_abbreviation(text, dot))
