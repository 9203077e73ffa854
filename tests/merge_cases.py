"""Sentences and helpers the tests of the word-graph merger's modules share (test_wordgraph.py,
test_splice.py, test_graphmerge.py, test_verify.py, test_compose.py, test_coherence.py,
test_fusion_funnel.py)."""

from __future__ import annotations

from models.types import Sentence
from models.write.wordgraph import WordGraph

HEAD = "Officials said the storm killed 12 people in the coastal town of Riverton on Sunday."
# Both reported ("said"): a switch between them keeps the words in reported speech.
PARTNER = (
    "Police said the storm killed 12 people in the coastal town of Riverton and destroyed "
    "300 homes."
)

GIANFORTE = (
    "Greg Gianforte, the Montana congressman-elect, pleaded guilty to misdemeanor assault on "
    "Monday morning."
)
SENTENCED = "Gianforte pleaded guilty and was sentenced to community service for the incident."
JOINED = (
    "Greg Gianforte, the Montana congressman-elect, pleaded guilty and was sentenced to "
    "community service for the incident."
)

PORTLAND = (
    "In Portland, police chief Randy Wright said there is no evidence as of yet to indicate "
    "the attacks were a hate crime."
)
PORTLAND_PARTNER = (
    "The Portland police chief said there is no evidence yet that it was a hate crime."
)


def sentence(article: int, index: int, text: str) -> Sentence:
    return Sentence(f"a{article}", article, index, 0, len(text), text)


def path_of(graph: WordGraph, text: str) -> tuple[int, ...]:
    path = next(
        (p for t, _, p in graph.candidates(max_paths=400, max_seconds=5) if t == text), None
    )
    assert path is not None, text
    return path
