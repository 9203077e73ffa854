"""Validate: reject bad input with an error naming the offending field, before any model work."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..checks import check_of
from ..config import PipelineConfig
from ..errors import InputError, LimitError
from ..types import MAX_FOCUS_CHARS, MAX_PREVIOUS_SUMMARY_CHARS, Article, Job, SummaryOptions
from .language import html_markup

# C0 control characters other than tab, newline, VT, FF and CR, and DEL: binary data. (C1
# controls, U+0080-U+009F, are left alone: scraped pages carry them where Windows-1252 text
# was decoded as Latin-1, and the rest of such an article is good news text.)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Unpaired UTF-16 surrogates: JSON can carry them ("\\ud800"), but they are not text.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# The options' bounds are declared once, on SummaryOptions' fields (models/types.py), and the
# request schema reads the same declaration; max_words is checked against the config's Limits,
# which default to its bounds.


def validate(articles: Sequence[Article], options: SummaryOptions, config: PipelineConfig) -> Job:
    """The job these articles and options make, once checked; bad input is rejected with an
    error naming the offending field, before any model work."""
    limits = config.limits
    if not articles:
        raise InputError("articles", "the bundle has no articles")
    if len(articles) > limits.max_articles:
        raise LimitError(
            "articles", f"{len(articles)} articles; the limit is {limits.max_articles}"
        )
    seen: dict[str, int] = {}
    total = 0
    for i, article in enumerate(articles):
        if not isinstance(article.text, str):
            raise InputError(f"articles[{i}].text", "must be a string")
        if not article.id or not isinstance(article.id, str):
            raise InputError(f"articles[{i}].id", "must be a non-empty string")
        if article.id in seen:
            raise InputError(
                f"articles[{i}].id", f"duplicate id (also articles[{seen[article.id]}])"
            )
        seen[article.id] = i
        if len(article.text) > limits.max_chars_per_article:
            raise LimitError(
                f"articles[{i}].text",
                f"{len(article.text)} characters; the limit is {limits.max_chars_per_article}",
            )
        if not article.text.strip():
            raise InputError(f"articles[{i}].text", "is empty or whitespace only")
        _check_content(i, article)
        total += len(article.text)
    if total > limits.max_total_chars:
        raise LimitError(
            "articles", f"{total} characters in all; the limit is {limits.max_total_chars}"
        )
    _check_option(options, "mode")
    if not limits.min_words <= options.max_words <= limits.max_words:
        raise InputError(
            "options.max_words", f"must be between {limits.min_words} and {limits.max_words}"
        )
    _check_option(options, "diversity")
    if options.follows_up:
        _check_followup(articles, options)
    return Job(tuple(articles), options)


def _check_option(options: SummaryOptions, name: str) -> None:
    """The check SummaryOptions declares on field ``name``."""
    problem = check_of(SummaryOptions, name).problem(getattr(options, name))
    if problem is not None:
        raise InputError(f"options.{name}", problem)


def _check_text(param: str, value: object, limit: int) -> None:
    """An option that is free text: a non-empty string within ``limit`` characters."""
    if not isinstance(value, str):
        raise InputError(param, "must be a string")
    if not value.strip():
        raise InputError(param, "is empty or whitespace only")
    if len(value) > limit:
        raise InputError(param, f"{len(value)} characters; the limit is {limit}")
    bad = _CONTROL.search(value) or _SURROGATE.search(value)
    if bad is not None:
        raise InputError(param, f"contains U+{ord(bad.group()):04X}: not text")


def _check_followup(articles: Sequence[Article], options: SummaryOptions) -> None:
    """``focus``, ``seen`` and ``previous_summary`` (see :mod:`models.stages.followup`)."""
    if options.focus is not None:
        _check_text("options.focus", options.focus, MAX_FOCUS_CHARS)
    if options.previous_summary is not None:
        if options.seen:
            raise InputError(
                "options.previous_summary", "cannot be combined with options.seen: give one"
            )
        _check_text(
            "options.previous_summary", options.previous_summary, MAX_PREVIOUS_SUMMARY_CHARS
        )
    seen = options.seen
    if isinstance(seen, str) or not isinstance(seen, tuple | list):
        raise InputError("options.seen", "must be a list of article ids")
    ids = {a.id for a in articles}
    for i, article_id in enumerate(seen):
        if not isinstance(article_id, str):
            raise InputError(f"options.seen[{i}]", "must be a string (an article id)")
        if article_id not in ids:
            raise InputError(
                f"options.seen[{i}]", f"no article in the bundle has id {article_id!r}"
            )
    if seen and ids <= set(seen):
        raise InputError(
            "options.seen", "every article is marked seen: no article is left to report from"
        )


def _check_content(i: int, article: Article) -> None:
    """Text the models cannot use: binary data, broken Unicode, HTML."""
    bad = _CONTROL.search(article.text)
    if bad is not None:
        raise InputError(
            f"articles[{i}].text",
            f"contains control character U+{ord(bad.group()):04X}: binary data is not text",
        )
    for name in ("id", "text", "title", "url", "source", "published_at"):
        value = getattr(article, name)
        bad = _SURROGATE.search(value) if isinstance(value, str) else None
        if bad is not None:
            raise InputError(
                f"articles[{i}].{name}",
                f"contains an unpaired surrogate U+{ord(bad.group()):04X}: not valid Unicode",
            )
    tag = html_markup(article.text)
    if tag is not None:
        raise InputError(
            f"articles[{i}].text",
            f"contains HTML markup ({tag}): send the article's extracted plain text",
        )
