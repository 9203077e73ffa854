"""Reading bundles from disk or stdin: text files, directories of them, or bundle JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError
from .types import Article, SummaryOptions

_ARTICLE_FIELDS = ("id", "title", "text", "url", "source", "published_at")
_OPTION_FIELDS = {f.name: f.type for f in fields(SummaryOptions)}


def _decode(data: bytes, param: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(param, f"is not valid UTF-8 text (byte {exc.start})") from exc


def articles_from_json(doc: Any, param: str = "bundle") -> tuple[list[Article], dict[str, Any]]:
    """Parse ``{"articles": [...], "options": {...}}``; ids are generated where absent."""
    if not isinstance(doc, Mapping):
        raise InputError(param, "must be a JSON object with an 'articles' list")
    raw_articles = doc.get("articles")
    if not isinstance(raw_articles, list):
        raise InputError("articles", "must be a list of article objects")
    articles = []
    for i, item in enumerate(raw_articles):
        if not isinstance(item, Mapping):
            raise InputError(f"articles[{i}]", "must be an object with a 'text' field")
        for key in _ARTICLE_FIELDS:
            value = item.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError(f"articles[{i}].{key}", "must be a string")
        if item.get("text") is None:
            raise InputError(f"articles[{i}].text", "is required")
        articles.append(
            Article(
                id=item.get("id") or f"a{i + 1}",
                text=item["text"],
                title=item.get("title"),
                url=item.get("url"),
                source=item.get("source"),
                published_at=item.get("published_at"),
            )
        )
    options = doc.get("options") or {}
    if not isinstance(options, Mapping):
        raise InputError("options", "must be an object")
    unknown = set(options) - set(_OPTION_FIELDS)
    if unknown:
        raise InputError(f"options.{sorted(unknown)[0]}", "is not a known option")
    return articles, dict(options)


def load_paths(
    paths: Sequence[str], stdin: BinaryIO | None = None
) -> tuple[list[Article], dict[str, Any]]:
    """Articles from PATHs: ``.txt`` files (id = file stem), directories of them, bundle
    ``.json`` files, or ``-`` for stdin (bundle JSON, or else one plain-text article)."""
    articles: list[Article] = []
    options: dict[str, Any] = {}
    for raw in paths:
        if raw == "-":
            if stdin is None:
                raise InputError("-", "stdin is not available")
            text = _decode(stdin.read(), "stdin")
            if text.lstrip().startswith("{"):
                try:
                    doc = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        "stdin", f"invalid JSON: {exc.msg} at line {exc.lineno}"
                    ) from exc
                more, options = articles_from_json(doc)
                articles.extend(more)
            else:
                articles.append(Article(id="stdin", text=text))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".json"))
            if not files:
                raise InputError(raw, "directory holds no .txt or .json files")
        elif path.is_file():
            files = [path]
        else:
            raise InputError(raw, "no such file or directory")
        for file in files:
            text = _decode(file.read_bytes(), str(file))
            if file.suffix == ".json":
                try:
                    doc = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        str(file), f"invalid JSON: {exc.msg} at line {exc.lineno}"
                    ) from exc
                more, options = articles_from_json(doc, str(file))
                articles.extend(more)
            else:
                articles.append(Article(id=file.stem, text=text))
    return articles, options
