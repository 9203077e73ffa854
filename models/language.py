"""Which language each article is in, so a bundle that is not English gets a multilingual
embedder instead of silently poor selection.

py3langid (langid.py's naive Bayes over byte n-grams; model inside the wheel, no download) on a
sample of each article, restricted to the languages wire services publish in: a short or mixed
text then cannot come out as a rare neighbour ("wuu" for Mandarin).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

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

    def detect(self, text: str) -> Language:
        stripped = text.strip()
        if len(stripped.encode("utf-8", "surrogatepass")) < _MIN_BYTES:
            return Language("en", 0.0)
        half = len(stripped) // 2
        sample = stripped[:_SAMPLE_CHARS]
        if len(stripped) > 2 * _SAMPLE_CHARS:
            sample += "\n" + stripped[half : half + _SAMPLE_CHARS]
        with self._lock:  # cheap; the identifier does not document thread safety
            code, probability = self._identifier.classify(sample)
        if probability < _MIN_PROBABILITY:
            return Language("en", float(probability))
        return Language(str(code), float(probability))
