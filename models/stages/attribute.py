"""Attribution: each summary sentence ↔ the source sentences that support it.

The score of a source sentence for a summary sentence mixes embedding cosine (meaning) with the
share of the summary sentence's content words it contains (wording). Citations are chosen
greedily by coverage, so a sentence fused from two sources cites both. A sentence is
``supported`` when its support clears a threshold and every number and name in it occurs in the
bundle; names and numbers found in none of the cited sentences are looked up in the rest of the
bundle and cited from there, and those found nowhere are reported as ``unsupported_terms``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..text import content_words, mentions, specifics
from ..types import Citation, Sentence, SummarySentence


@dataclass(frozen=True)
class AttributionSettings:
    support_threshold: float = 0.5
    max_citations: int = 3
    # A further citation must add at least this share of the sentence's content words.
    min_gain: float = 0.15
    semantic_weight: float = 0.5


def _citation(s: Sentence, score: float) -> Citation:
    return Citation(
        article_id=s.article_id,
        sentence_index=s.index,
        start=s.start,
        end=s.end,
        score=round(float(score), 4),
        text=s.text,
    )


def _scores(
    words: set[str],
    vector: np.ndarray,
    source_words: Sequence[set[str]],
    embeddings: np.ndarray,
    w: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of each source to the summary sentence (clipped to [0, 1]) and its citation
    score: ``w`` × cosine + (1 - ``w``) × the share of the sentence's content words it holds."""
    cos = np.clip(embeddings @ vector, 0.0, 1.0)
    overlap = np.array([len(words & sw) / len(words) if words else 0.0 for sw in source_words])
    return cos, w * cos + (1 - w) * overlap


def cite_group(
    text: str,
    vector: np.ndarray,
    members: Sequence[Sentence],
    member_embeddings: np.ndarray,
    method: str,
    settings: AttributionSettings | None = None,
) -> SummarySentence:
    """A sentence written from a group cites every member, by construction (grouped fusion
    decides the sources before the text): each citation scored like :func:`attribute`'s, the
    best first; support from the best cosine and the members' coverage of the sentence's
    words; names and numbers found in no member reported as ``unsupported_terms``."""
    settings = settings or AttributionSettings()
    w = settings.semantic_weight
    words = content_words(text)
    member_words = [content_words(s.text) for s in members]
    cos, score = _scores(words, vector, member_words, member_embeddings, w)
    covered = set().union(*member_words) & words
    coverage = len(covered) / len(words) if words else 0.0
    support = float(w * float(cos.max()) + (1 - w) * coverage)
    joined = " ".join(s.text for s in members)
    invented = tuple(sorted(t for t in specifics(text) if not mentions(joined, t)))
    order = np.argsort(-score, kind="stable")
    return SummarySentence(
        text=text,
        supported=support >= settings.support_threshold and not invented,
        support=round(support, 4),
        citations=tuple(_citation(members[j], score[j]) for j in order),
        unsupported_terms=invented,
        method=method,
    )


def attribute(
    summary_sentences: Sequence[str],
    summary_embeddings: np.ndarray,
    sources: Sequence[Sentence],
    source_embeddings: np.ndarray,
    settings: AttributionSettings | None = None,
) -> list[SummarySentence]:
    """Cite sources for every summary sentence and score its support in [0, 1]."""
    settings = settings or AttributionSettings()
    w = settings.semantic_weight
    source_words = [content_words(s.text) for s in sources]
    out: list[SummarySentence] = []
    for text, vector in zip(summary_sentences, summary_embeddings, strict=True):
        words = content_words(text)
        if not sources:
            out.append(SummarySentence(text, False, 0.0, (), tuple(sorted(specifics(text)))))
            continue
        cos, score = _scores(words, vector, source_words, source_embeddings, w)
        order = np.argsort(-score)[:20]
        cited = [int(order[0])]
        covered = set(words & source_words[cited[0]])
        for j in order[1:]:
            if len(cited) >= settings.max_citations or not words:
                break
            gain = len((words & source_words[j]) - covered) / len(words)
            if gain >= settings.min_gain:
                cited.append(int(j))
                covered |= words & source_words[j]
        # Names and numbers not in the cited sentences: cite where the bundle has them.
        cited_text = " ".join(sources[j].text for j in cited)
        missing = sorted(t for t in specifics(text) if not mentions(cited_text, t))
        invented = []
        for term in missing:
            hits = [j for j in order if mentions(sources[j].text, term)] or [
                j for j in range(len(sources)) if mentions(sources[j].text, term)
            ]
            if not hits:
                invented.append(term)
            elif hits[0] not in cited and len(cited) < settings.max_citations + 2:
                cited.append(int(hits[0]))
                covered |= words & source_words[hits[0]]
        coverage = len(covered) / len(words) if words else 0.0
        support = float(w * float(cos[cited].max()) + (1 - w) * coverage)
        supported = support >= settings.support_threshold and not invented
        citations = tuple(_citation(sources[j], score[j]) for j in cited)
        out.append(
            SummarySentence(
                text=text,
                supported=supported,
                support=round(support, 4),
                citations=citations,
                unsupported_terms=tuple(invented),
            )
        )
    return out
