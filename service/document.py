"""The response document at the HTTP edge: what the HTTP API adds to the pipeline's document
(models/serialize.py), and nothing it changes. The model identifiers, each article's metadata
echoed as posted, and, when asked, offsets counted in UTF-16 code units instead of code
points."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from .info import response_identity


def finish(
    doc: dict[str, Any],
    identity: dict[str, Any],
    metadata: dict[str, dict[str, Any]],
    texts: dict[str, str],
    offsets: str,
) -> dict[str, Any]:
    """``doc`` (summary_to_dict's) as the HTTP API answers it, changed in place."""
    doc["model"].update(response_identity(identity))
    for article in doc["articles"]:
        if article["id"] in metadata:
            article["metadata"] = metadata[article["id"]]
    if offsets == "utf16":
        to_utf16(doc, texts)
    return doc


def to_utf16(doc: dict[str, Any], texts: dict[str, str]) -> None:
    """Every ``start``/``end`` from code points to UTF-16 code units (what JavaScript's
    ``String.prototype.slice`` counts): a character past U+FFFF is one code point but two
    units, so each offset grows by the astral characters before it."""
    tables: dict[str, list[int] | None] = {}

    def convert(article_id: str, index: int) -> int:
        if article_id not in tables:
            tables[article_id] = _astral_before(texts[article_id])
        table = tables[article_id]
        return index if table is None else index + table[index]

    spans = [c for s in doc["sentences"] for c in s["citations"]] + doc["selection"]
    for span in spans:
        span["start"] = convert(span["article_id"], span["start"])
        span["end"] = convert(span["article_id"], span["end"])


def _astral_before(text: str) -> list[int] | None:
    """How many characters past U+FFFF come before each code-point offset of ``text`` (None:
    there are none, so the offsets are the same in both units)."""
    if text.isascii() or max(map(ord, text)) <= 0xFFFF:
        return None
    return list(accumulate((ord(c) > 0xFFFF for c in text), initial=0))
