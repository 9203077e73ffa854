"""Language: which language each article is in, and screening posted text for what the models
cannot use.

- **Language detection**, so a bundle that is not English gets a multilingual embedder instead
  of silently poor selection: py3langid (langid.py's naive Bayes over byte n-grams; model inside
  the wheel, no download) on a sample of each article, restricted to the languages wire services
  publish in: a short or mixed text then cannot come out as a rare neighbour ("wuu" for
  Mandarin). Without the detector, a cheap heuristic (share of Latin letters, share of common
  English function words) tells English from the rest, for warnings only.
- **HTML** is rejected, not stripped: every citation is an offset into the text *as posted*, and
  stripping markup would either move those offsets or leave tags inside cited spans. A scraper
  that sends a page body gets a 422 naming the article and the tag it sent, and sends the
  extracted text instead.

Both screens are cheap (regular expressions over a bounded sample) and run before any model
work.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Article

# ISO 639-1 codes the detector may answer, with names for messages.
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "sv": "Swedish",
    "no": "Norwegian",
    "da": "Danish",
    "fi": "Finnish",
    "pl": "Polish",
    "cs": "Czech",
    "ro": "Romanian",
    "hu": "Hungarian",
    "el": "Greek",
    "tr": "Turkish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ar": "Arabic",
    "fa": "Persian",
    "he": "Hebrew",
    "hi": "Hindi",
    "id": "Indonesian",
    "vi": "Vietnamese",
    "th": "Thai",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}
# A text this short (in UTF-8 bytes: ten Chinese characters say as much as thirty Latin
# letters), or a guess this unsure, is taken for English (the default models' language).
_MIN_BYTES = 24
_MIN_PROBABILITY = 0.5
# The start and the middle of an article are enough: an article is one language.
_SAMPLE_CHARS = 2_000
# Samples whose language is remembered (the seed's re-posts spent 15 ms detecting): at most
# 4,001 characters each, about 16 MB in all.
DETECTED_CACHE = 1_024


@dataclass(frozen=True)
class Language:
    code: str
    probability: float

    @property
    def name(self) -> str:
        return LANGUAGES.get(self.code, self.code)

    @property
    def english(self) -> bool:
        return self.code == "en"


class LanguageDetector:
    """Loads the n-gram model once (about 2 s: it is decompressed); ``detect`` is then about a
    millisecond per article and safe to call from several threads.

    Example:
        >>> LanguageDetector().detect("El ayuntamiento aprobó el presupuesto el lunes.").code
        'es'
    """

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(LANGUAGES))
        self._lock = threading.Lock()
        # An article re-posted is classified once: keyed by the sample read (at most twice
        # _SAMPLE_CHARS), not the whole article; kept in memory only.
        self._classified = functools.lru_cache(maxsize=DETECTED_CACHE)(self._classify)

    def detect(self, text: str) -> Language:
        stripped = text.strip()
        if len(stripped.encode("utf-8", "surrogatepass")) < _MIN_BYTES:
            return Language("en", 0.0)
        half = len(stripped) // 2
        sample = stripped[:_SAMPLE_CHARS]
        if len(stripped) > 2 * _SAMPLE_CHARS:
            sample += "\n" + stripped[half : half + _SAMPLE_CHARS]
        return self._classified(sample)

    def _classify(self, sample: str) -> Language:
        with self._lock:  # cheap; the identifier does not document thread safety
            code, probability = self._identifier.classify(sample)
        if probability < _MIN_PROBABILITY:
            return Language("en", float(probability))
        return Language(str(code), float(probability))


# --------------------------------------------------------------------------- screening

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
_HEURISTIC_SAMPLE_CHARS = 4_000
_HEURISTIC_MIN_WORDS = 20


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
    sample = text[:_HEURISTIC_SAMPLE_CHARS] + " " + text[half : half + _HEURISTIC_SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if not words:
        return True
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for c in w if c.isascii())
    if latin < 0.6 * letters:
        return False  # mostly another script (Cyrillic, CJK, Arabic, ...)
    if len(words) < _HEURISTIC_MIN_WORDS:
        return True
    common = sum(1 for w in words if w.lower() in _ENGLISH)
    return common >= 0.12 * len(words)


def detect_languages(
    articles: Sequence[Article], detector: LanguageDetector | None
) -> list[Language]:
    """Each article's language: by ``detector``, or (None) English or undetermined by the
    heuristic :func:`looks_english`."""
    if detector is not None:
        return [detector.detect(a.text) for a in articles]
    return [Language("en" if looks_english(a.text) else "und", 0.0) for a in articles]
