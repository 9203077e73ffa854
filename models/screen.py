"""Screening posted text for what the models cannot use: HTML markup and non-English text.

Both checks are cheap (regular expressions over a bounded sample) and run before any model work.

- **HTML** is rejected, not stripped: every citation is an offset into the text *as posted*, and
  stripping markup would either move those offsets or leave tags inside cited spans. A scraper
  that sends a page body gets a 422 naming the article and the tag it sent, and sends the
  extracted text instead.
- **Non-English** text is accepted with a warning: the embedder (MiniLM) and the prompts are
  English, so selection and fusion on other languages are unreliable, but a summary of a mixed
  bundle is still useful to an editor. The check is a heuristic (share of Latin letters, share
  of common English function words), never used to refuse.
"""

from __future__ import annotations

import re

# Tags of the HTML a scraper or CMS export carries. A bare "<" or "a < b" is not markup.
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|span|p|br|hr|a|img|script|style|iframe|table|tr|td|th|ul|ol|li|"
    r"h[1-6]|strong|em|b|i|u|blockquote|figure|figcaption|section|article|header|footer|nav|"
    r"meta|link|noscript|picture|source|time|aside|main|form|input|button)"
    # Attributes must look like attributes (name="value"), so "a<b and c>d" is not a tag.
    r"""(?:\s+[\w:-]+\s*=\s*(?:"[^"<>]{0,500}"|'[^'<>]{0,500}'|[^\s"'<>]{1,500}))*\s*/?>""",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(r"<!--|<!doctype", re.IGNORECASE)

# The most frequent English function words: together about a third of running English text.
_ENGLISH = frozenset(
    {
        *("the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "on", "was", "with"),
        *("as", "at", "by", "he", "she", "they", "be", "are", "from", "has", "have", "had"),
        *("his", "her", "this", "an", "not", "but", "or", "were", "been", "their", "said"),
        *("will", "would", "who", "which", "its", "after"),
    }
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 4_000
_MIN_WORDS = 20


def html_markup(text: str) -> str | None:
    """The first HTML tag (or comment/doctype) in ``text``, or None.

    Example:
        >>> html_markup("<p>The council met.</p>")
        '<p>'
        >>> html_markup("Turnout was < 40% and costs > $5m.") is None
        True
    """
    m = _HTML_COMMENT.search(text) or _HTML_TAG.search(text)
    if m is None:
        return None
    found = m.group()
    return found if len(found) <= 40 else found[:37] + "..."


def looks_english(text: str) -> bool:
    """Whether ``text`` reads as English (True when too short to tell).

    A sample from the start and the middle is enough: a bundle article is one language.

    Example:
        >>> looks_english("The council approved the budget on Monday after a long debate.")
        True
        >>> looks_english("Le conseil municipal a approuvé le budget lundi après un long débat "
        ...               "qui a duré toute la nuit et les élus ont voté pour la nouvelle taxe.")
        False
    """
    half = len(text) // 2
    sample = text[:_SAMPLE_CHARS] + " " + text[half : half + _SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if not words:
        return True
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for c in w if c.isascii())
    if latin < 0.6 * letters:
        return False  # mostly another script (Cyrillic, CJK, Arabic, ...)
    if len(words) < _MIN_WORDS:
        return True
    common = sum(1 for w in words if w.lower() in _ENGLISH)
    return common >= 0.12 * len(words)
