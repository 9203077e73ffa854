"""The readability benchmark's arithmetic (benchmarks/readability.py), and its pair rule with
the real packaged MiniLM on the seed's own repeated meeting."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.readability import (
    PAIR_COSINE,
    Read,
    close_pairs,
    read,
    reference_sentences,
    render,
    table,
)
from benchmarks.strike import STRIKE_RULES


def _unit(*rows: list[float]) -> np.ndarray:
    v = np.array(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_close_pairs_finds_only_pairs_at_the_threshold():
    vectors = _unit([1, 0, 0], [0.8, 0.6, 0], [0, 0, 1])  # cosines 0.8, 0, 0
    pairs, top = close_pairs(vectors)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert top == pytest.approx(0.8)
    assert close_pairs(vectors[:1]) == ([], 0.0)


def test_a_reference_keeps_whole_sentences_within_the_budget():
    ref = "– One two three four. Five six seven. Eight nine ten eleven twelve."
    assert reference_sentences(ref, 7) == ["One two three four.", "Five six seven."]
    assert reference_sentences(ref, 2) == ["One two three four."]  # at least one


def _read(sentences: list[str], vectors: np.ndarray) -> Read:
    return read("c", sentences, ["verbatim"] * len(sentences), lambda _: vectors)


def test_a_summary_is_clean_without_strikes_or_repeats():
    apart = _unit([1, 0], [0, 1])
    clean = _read(["Xi met Blinken in Beijing.", "China refused military talks."], apart)
    struck = _read(["Xi met Blinken in Beijing.", "Ricks: Yeah, I read each one."], apart)
    repeated = _read(["Xi met Blinken.", "Blinken met Xi."], _unit([1, 0], [1, 0.1]))
    assert clean.clean and not struck.clean and not repeated.clean
    t = table([clean, struck, repeated], with_rouge=False)
    assert (t["clean"], t["with_pair"], t["struck"], t["sentences"]) == (1, 1, 1, 6)
    assert t["by_class"]["transcript"] == 1


def test_the_table_has_a_row_for_every_class_in_a_fixed_order():
    t = table([_read(["Xi met Blinken."], _unit([1, 0]))], with_rouge=False)
    lines = render("references", t, 230)
    labels = [line.split(" | ")[0].lstrip("| ") for line in lines if line.startswith("| ")]
    assert labels[:6] == [
        "measure",
        "clean summaries",
        f"summaries with a pair >= {PAIR_COSINE:.2f}",
        "highest pair cosine, mean",
        "sentences",
        "strike-worthy sentences",
    ]
    assert labels[6 : 6 + len(STRIKE_RULES)] == [f"- {r.label}" for r in STRIKE_RULES]


def test_a_mode_table_counts_the_summaries_warned_as_drawn_from_opinion():
    warned = _read(["The mayor should resign."], _unit([1, 0]))
    warned.warned = ["short_summary", "opinion_sources"]
    plain = _read(["The council voted."], _unit([1, 0]))
    plain.warned = ["short_summary"]
    t = table([warned, plain, _read(["The vote passed."], _unit([1, 0]))], with_rouge=True)
    assert t["opinion_sources"] == 1
    rows = [line for line in render("abstractive", t, 230) if "opinion_sources" in line]
    assert rows == ["| summaries warned opinion_sources | 33.3% (1/3) |"]


@pytest.mark.real
def test_the_seed_meeting_told_twice_is_a_pair_for_the_real_minilm(real_pipeline):
    """Issue 36: the seed summary told the Xi-Blinken meeting more than once (cosines 0.78 and
    0.80); a sentence on China's refusal of military channels is another fact."""
    sentences = [
        "Chinese President Xi Jinping and U.S. Secretary of State Antony Blinken held a crucial "
        "meeting in Beijing aimed at easing tensions and finding common ground.",
        "US Secretary of State Antony Blinken met with Chinese President Xi Jinping, who "
        "announced that an agreement on “some specific issues” had been reached.",
        "China refused to entertain Washington’s bid to resume military-to-military "
        "communication channels, citing U.S. sanctions as the obstacle.",
    ]
    r = read("seed", sentences, [], real_pipeline.encoder.encode)
    assert [(i, j) for i, j, _ in r.pairs] == [(0, 1)]
