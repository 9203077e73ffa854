"""The yardsticks: attribution figures of a summary and an independent citation check.

- ``attribution_figures``: share of summary sentences with at least one citation, share
  flagged unsupported, and "unsupported specifics": numbers, dates and capitalised names of a
  summary sentence found in none of the sentences it cites (a strict, cheap hallucination
  signal; newsfuse itself looks them up in the whole bundle, so this is stricter).
- ``CitationJudge``: citation precision by a different yardstick than the one that made the
  citations (attribution uses embedding cosine and content-word coverage): the fusion model
  itself is asked, for each (cited source sentence, summary sentence) pair, whether the
  premise supports the hypothesis, and its next-token probabilities of "Yes" and "No" decide.
  A 0.5B model is a weak, poorly calibrated judge, so the threshold is set on the seed bundle
  (never on the dev clusters): a sentence judged against itself scored P(yes) 0.47-0.69, against
  another sentence of the bundle 0.30-0.37, hence ``SUPPORT_THRESHOLD`` 0.45; hand-made pairs in
  tests/test_metrics.py pin this down. Read the figure as a rough, independent check, next to
  extractive mode's (whose citations are the sentences themselves: the judge's ceiling).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.text import mentions, specifics
from models.types import Summary, SummarySentence
from models.write.coherence import violations
from models.write.graphmerge import nearest


def unsupported_specifics(sentence: SummarySentence) -> list[str]:
    """Numbers and names in ``sentence`` that none of its cited sentences contains."""
    cited = [c.text for c in sentence.citations]
    return sorted(t for t in specifics(sentence.text) if not any(mentions(c, t) for c in cited))


@dataclass
class AttributionCounts:
    sentences: int = 0
    cited: int = 0
    unsupported: int = 0
    specifics: int = 0
    unsupported_specifics: int = 0
    numbers: int = 0
    unsupported_numbers: int = 0
    citations: int = 0
    judged_supporting: int = 0
    merges_tried: int = 0
    merges_failed: int = 0
    # issue 23: groups with partners in the summary, those written fused, sentences
    # compressed, summaries, coherence violations
    partnered: int = 0
    partnered_fused: int = 0
    compressed: int = 0
    summaries: int = 0
    coherence_violations: int = 0

    def add(self, other: AttributionCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def shares(self) -> dict[str, float | None]:
        def share(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "cited": share(self.cited, self.sentences),
            "unsupported": share(self.unsupported, self.sentences),
            "unsupported_specifics": share(self.unsupported_specifics, self.specifics),
            "unsupported_numbers": share(self.unsupported_numbers, self.numbers),
            "fallback_rate": share(self.merges_failed, self.merges_tried),
            "citation_precision": share(self.judged_supporting, self.citations)
            if self.citations
            else None,
            "kept_fused": share(self.partnered_fused, self.partnered),
            # the count behind kept_fused, free of its denominator (groups with partners)
            "fused_per_summary": share(self.partnered_fused, self.summaries),
            "compressed_per_summary": share(self.compressed, self.summaries),
            "violations_per_summary": share(self.coherence_violations, self.summaries),
        }


def attribution_figures(summary: Summary) -> AttributionCounts:
    counts = AttributionCounts()
    for sentence in summary.sentences:
        counts.sentences += 1
        counts.cited += bool(sentence.citations)
        counts.unsupported += not sentence.supported
        found = specifics(sentence.text)
        missing = unsupported_specifics(sentence)
        counts.specifics += len(found)
        counts.unsupported_specifics += len(missing)
        counts.numbers += sum(t[:1].isdigit() for t in found)
        counts.unsupported_numbers += sum(t[:1].isdigit() for t in missing)
    counts.merges_tried = summary.fusion.get("merges_tried", 0)
    counts.merges_failed = summary.fusion.get("merges_failed", 0)
    partnered = [s for s in summary.sentences if len({c.article_id for c in s.citations}) > 1]
    counts.partnered = len(partnered) if summary.fusion else 0
    counts.partnered_fused = sum(s.method == "fused" for s in partnered) if summary.fusion else 0
    counts.compressed = sum(s.method == "compressed" for s in summary.sentences)
    counts.summaries = 1
    counts.coherence_violations = violations(summary.sentences)
    return counts


def fluency_pairs(summary: Summary, scorer: Any) -> list[tuple[float, float]]:
    """(fused, head) mean token log-probabilities under the fuser for each fused sentence;
    the head is the cited sentence sharing the most content words with it."""
    texts: list[str] = []
    for s in summary.sentences:
        if s.method == "fused" and s.citations:
            head = s.citations[nearest(s.text, [c.text for c in s.citations])]
            texts += [s.text, head.text]
    scores = scorer(texts) if texts else []
    return list(zip(scores[::2], scores[1::2], strict=True))


SUPPORT_THRESHOLD = 0.45
JUDGE_SYSTEM = "You are a strict fact checker. Answer only Yes or No."
JUDGE_QUESTION = (
    "Premise: {source}\nHypothesis: {claim}\nIs the hypothesis supported by the premise?"
)


class CitationJudge:
    """Yes/no support judgments by a model with ``next_token_logits`` (the llama.cpp fuser)."""

    def __init__(self, fuser: Any) -> None:
        if not hasattr(fuser, "next_token_logits"):
            raise ValueError(f"the {fuser.engine} engine cannot judge; use --engine llamacpp")
        self.fuser = fuser
        tok = fuser.tokenizer
        self.yes = [tok.encode(w, add_special_tokens=False)[0] for w in ("Yes", " Yes", "yes")]
        self.no = [tok.encode(w, add_special_tokens=False)[0] for w in ("No", " No", "no")]

    def p_support(self, source: str, claim: str) -> float:
        tok = self.fuser.tokenizer
        messages = [
            {"role": "system", "content": JUDGE_SYSTEM},
            {"role": "user", "content": JUDGE_QUESTION.format(source=source, claim=claim)},
        ]
        ids = tok.apply_chat_template(messages, add_generation_prompt=True, return_dict=True)
        logits = self.fuser.next_token_logits(list(ids["input_ids"]))
        yes = np.logaddexp.reduce(logits[self.yes])
        no = np.logaddexp.reduce(logits[self.no])
        return float(1.0 / (1.0 + np.exp(no - yes)))

    def judge(self, sentences: Sequence[SummarySentence]) -> tuple[int, int]:
        """(citations judged, citations judged supporting)."""
        judged = supporting = 0
        for sentence in sentences:
            for citation in sentence.citations:
                judged += 1
                p = self.p_support(citation.text, sentence.text)
                supporting += p > SUPPORT_THRESHOLD
        return judged, supporting
