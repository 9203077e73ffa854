from __future__ import annotations

import pytest

from models.generation.base import GenerationRequest
from models.generation.length import LengthPolicy, LengthState, finalize
from models.generation.prompts import build_instruction, n_sentences_for, seq2seq_input
from models.types import Selected, Sentence


def _sel(article_index: int, index: int, text: str) -> Selected:
    return Selected(Sentence(f"a{article_index}", article_index, index, 0, len(text), text), 0.5)


def test_instruction_groups_sources_by_article_with_titles_and_length():
    request = GenerationRequest(
        (_sel(0, 1, "Xi met Blinken."), _sel(0, 4, "They talked."), _sel(2, 0, "Biden spoke.")),
        {0: "Blinken in Beijing"},
        230,
    )
    prompt = build_instruction(request)
    assert "Article 1: Blinken in Beijing\n- Xi met Blinken.\n- They talked." in prompt
    assert "Article 2\n- Biden spoke." in prompt
    assert "about 230 words" in prompt and f"({n_sentences_for(230)} sentences)" in prompt
    assert "keep them apart" in prompt
    assert seq2seq_input(request, "summarize: ").startswith("summarize: Xi met Blinken. They")


def test_finalize_strips_markup_labels_and_headings():
    raw = (
        "**Summary:**\n\n# Talks in Beijing\n- Blinken met Xi in Beijing on Monday.\n"
        "- Both sides agreed to stabilise ties."
    )
    assert finalize(raw, 100, truncated=False) == (
        "Blinken met Xi in Beijing on Monday. Both sides agreed to stabilise ties."
    )


def test_finalize_drops_repeated_sentences():
    raw = (
        "Blinken met Xi in Beijing on Monday. Both sides agreed to stabilise ties. "
        "Blinken met Xi in Beijing on Monday, officials said."
    )
    assert finalize(raw, 100, truncated=False) == (
        "Blinken met Xi in Beijing on Monday. Both sides agreed to stabilise ties."
    )


def test_finalize_trims_at_a_sentence_boundary_within_budget():
    raw = "One two three four five. Six seven eight nine ten. Eleven twelve thirteen fourteen."
    assert (
        finalize(raw, 12, truncated=False) == "One two three four five. Six seven eight nine ten."
    )


def test_finalize_drops_an_unfinished_last_sentence_only_when_truncated():
    raw = "Blinken met Xi in Beijing. Both sides agreed to"
    assert finalize(raw, 50, truncated=True) == "Blinken met Xi in Beijing."
    assert finalize(raw, 50, truncated=False) == raw


def test_length_state_counts_distinct_finished_sentences():
    state = LengthState.of("Xi met Blinken in Beijing. Xi met Blinken in Beijing. The talks were")
    assert (state.complete_words, state.total_words, state.at_boundary) == (5, 8, False)
    assert LengthState.of("One two three. Four five six seven.").at_boundary


def test_length_policy_band():
    policy = LengthPolicy(100)  # end allowed from 85 words; band 80-100
    assert not policy.allow_end(LengthState(84, 84, True, 20.0))
    assert policy.allow_end(LengthState(85, 85, True, 20.0))
    # Past the budget: stop, finalize trims back.
    assert policy.should_stop(LengthState(90, 101, False, 20.0))
    # In the band at a boundary, the next average sentence would overshoot: stop.
    assert policy.should_stop(LengthState(82, 82, True, 20.0))
    # Below the band, or room for another sentence: go on.
    assert not policy.should_stop(LengthState(70, 70, True, 20.0))
    assert not policy.should_stop(LengthState(82, 82, True, 10.0))
    assert not policy.should_stop(LengthState(82, 90, False, 20.0))


def test_a_trailing_apostrophe_is_not_a_finished_sentence():
    raw = "Blinken met Xi in Beijing on Monday. They praised both countries'"
    assert finalize(raw, 50, truncated=True) == "Blinken met Xi in Beijing on Monday."
    assert LengthState.of(raw).at_boundary is False
    assert LengthState.of("He said: “We agree.”").at_boundary


_FIRST = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen."
_REST = "twentyone twentytwo twentythree twentyfour twentyfive twentysix twentyseven twentyeight."
_CLAUSE = "Fifteen sixteen seventeen eighteen nineteen twenty"


@pytest.mark.parametrize(
    ("long", "expected"),
    [
        # Budget 25, band 20-25: the sentence overshoots; its first clause reaches the band.
        (f"{_CLAUSE}, {_REST}", f"{_FIRST} {_CLAUSE}."),
        (f"{_CLAUSE} but {_REST}", f"{_FIRST} {_CLAUSE}."),
        # No clause break: the sentence is dropped, never cut mid-clause.
        (f"{_CLAUSE} {_REST}", _FIRST),
    ],
)
def test_a_long_straddling_sentence_keeps_its_leading_clause_to_reach_the_band(long, expected):
    assert finalize(f"{_FIRST} {long}", 25, truncated=False) == expected


def test_a_trailing_abbreviation_is_not_the_end_of_a_sentence():
    from models.sentences import is_finished

    assert not is_finished("Xi met the U.S.")
    assert not is_finished("He was greeted by Mr.")
    assert is_finished("Xi met Blinken.") and is_finished("He said: “We agree.”")
    # A merge stops at its first finished sentence: not at "U.S." mid-sentence.
    policy = GenerationRequest((), {}, 30, task="merge").length_policy()
    assert not policy.should_stop(LengthState.of("Xi and U.S."))
    assert policy.should_stop(LengthState.of("Xi and U.S. envoy Blinken met on Monday."))
