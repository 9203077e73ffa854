"""The one JSON shape newsfuse answers with (CLI ``--json`` and the HTTP API alike)."""

from __future__ import annotations

from typing import Any

from .types import Summary


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """Summary → the documented JSON document (see README, "Output")."""
    return {
        "summary": summary.summary,
        "sentences": [
            {
                "text": s.text,
                "supported": s.supported,
                "support": s.support,
                "unsupported_terms": list(s.unsupported_terms),
                "method": s.method,
                "citations": [
                    {
                        "article_id": c.article_id,
                        "sentence_index": c.sentence_index,
                        "start": c.start,
                        "end": c.end,
                        "score": c.score,
                    }
                    for c in s.citations
                ],
            }
            for s in summary.sentences
        ],
        "selection": [
            {
                "article_id": sel.sentence.article_id,
                "sentence_index": sel.sentence.index,
                "start": sel.sentence.start,
                "end": sel.sentence.end,
                "salience": round(sel.salience, 4),
            }
            for sel in summary.selection
        ],
        "articles": [
            {"id": a.id, "used": a.used, "duplicate_of": a.duplicate_of} for a in summary.articles
        ],
        "model": {
            "embedder": summary.model.embedder,
            "fuser": summary.model.fuser,
            "engine": summary.model.engine,
            "device": summary.model.device,
        },
        "usage": dict(summary.usage),
        "timings_ms": dict(summary.timings_ms),
        "warnings": list(summary.warnings),
        "fusion": (
            {**summary.fusion, "fallback_rate": summary.fallback_rate} if summary.fusion else None
        ),
    }
