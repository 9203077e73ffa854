"""Cite: grouped fusion's sentences, each citing the group it was written from.

Grouped fusion decides the sources before the text, so a sentence cites every member of its
group (:func:`.attribute.cite_group`); only the fused sentences are embedded, a verbatim or
compressed one reads as its head. The selection reported is the members of the groups used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..types import Selected, Sentence, SummarySentence, Written
from .attribute import AttributionSettings, cite_group
from .embed import Encoder


def cite_groups(
    written: Sequence[Written],
    candidates: Sequence[Sentence],
    vectors: np.ndarray,
    salience: np.ndarray,
    encoder: Encoder,
    settings: AttributionSettings,
) -> tuple[list[SummarySentence], list[Selected]]:
    """The sentences (in the order written) with their citations, and the selection: every
    member of the groups used with its salience, in source order."""
    fused = [w.text for w in written if w.method == "fused"]
    fused_vectors = iter(encoder.encode(fused)) if fused else iter(())
    out: list[SummarySentence] = []
    for w in written:
        members = list(w.group.members)
        vector = next(fused_vectors) if w.method == "fused" else vectors[w.group.head]
        out.append(
            cite_group(
                w.text,
                vector,
                [candidates[i] for i in members],
                vectors[members],
                w.method,
                settings,
            )
        )
    used = sorted({i for w in written for i in w.group.members})
    selection = [Selected(candidates[i], float(salience[i])) for i in used]
    selection.sort(key=lambda x: (x.sentence.article_index, x.sentence.index))
    return out, selection
