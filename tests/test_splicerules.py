"""The splice rules (models/write/splicerules.py): a clause keeps its frame and its quotation
marks, a verb joined across a splice agrees, a path ends where a source finishes."""

from __future__ import annotations

import pytest

from models.write.splicerules import ends_finished, keeps_frames, keeps_quotes, verbs_agree
from models.write.wordgraph import WordGraph
from tests.merge_cases import (
    GIANFORTE,
    HEAD,
    JOINED,
    PARTNER,
    PORTLAND,
    PORTLAND_PARTNER,
    SENTENCED,
    path_of,
)


def test_a_switch_may_not_move_words_into_or_out_of_reported_speech():
    """Seen on the seed bundle: one outlet's statement became a speaker's hope. Both sides of
    a switch inside a report ("said ... | ...") is fine."""
    hope = "He expressed hope that Blinken’s visit would make a positive contribution to ties."
    claim = "The outcome of Blinken’s visit carries significant implications for the region."
    graph = WordGraph([hope, claim])
    bad = "He expressed hope that Blinken’s visit carries significant implications for the region."
    assert not keeps_frames(graph, path_of(graph, bad))
    graph = WordGraph([PORTLAND, PORTLAND_PARTNER])
    both = (
        "In Portland, police chief Randy Wright said there is no evidence yet that it was a "
        "hate crime."
    )
    assert keeps_frames(graph, path_of(graph, both))


# ---------------------------------------------------------------- frames, quotes, endings, verbs
# Invented sentences in the shape of fused sentences read wrong by hand (issue 36, item 4).


@pytest.mark.parametrize(
    ("sources", "bad"),
    [
        # a fact moved under a suspicion: the denial was a fact, the suspicion another clause
        (
            (
                "There is widespread suspicion in Seoul that North Korea was responsible for "
                "the killing of Mr. Lee.",
                "North Korea denied any responsibility for the killing of Mr. Lee on Tuesday.",
            ),
            "There is widespread suspicion in Seoul that North Korea denied any responsibility "
            "for the killing of Mr. Lee.",
        ),
        # a suspicion become a fact: the path begins inside the sentence, past its frame
        (
            (
                "There is widespread suspicion in Seoul that North Korea was responsible for "
                "the killing of Mr. Lee.",
                "North Korea denied any responsibility for the killing of Mr. Lee on Tuesday.",
            ),
            "North Korea was responsible for the killing of Mr. Lee.",
        ),
        # a statement become a hope (the reported-speech rule's own case)
        (
            (
                "He expressed hope that Blinken’s visit would make a positive contribution.",
                "The outcome of Blinken’s visit carries significant implications for the region.",
            ),
            "He expressed hope that Blinken’s visit carries significant implications for the "
            "region.",
        ),
        # a claim become a fear
        (
            (
                "Residents fear that the Ostrava dam could fail within days.",
                "The company claims that the Ostrava dam could fail within weeks, not days.",
            ),
            "Residents fear that the Ostrava dam could fail within weeks, not days.",
        ),
    ],
)
def test_a_splice_may_not_move_a_clause_under_another_frame(sources, bad):
    graph = WordGraph(list(sources))
    assert not keeps_frames(graph, path_of(graph, bad))


@pytest.mark.parametrize(
    ("sources", "fused"),
    [
        # one frame on both sides ("said"), by two holders naming one body
        ((HEAD, PARTNER), None),
        # no frame on either side (a path that drops the head's trailing attribution)
        (
            (
                "The storm killed 12 people in Riverton on Sunday, officials said.",
                "Police said the storm killed 12 people in Riverton and destroyed 300 homes.",
            ),
            "The storm killed 12 people in Riverton and destroyed 300 homes.",
        ),
        # "on suspicion of" opens no frame: a noun frames a clause only with "that"
        (
            (
                "Police held a man on suspicion of arson at the Delmont mill on Friday.",
                "A man was arrested at the Delmont mill on Friday after the fire.",
            ),
            "Police held a man on suspicion of arson at the Delmont mill on Friday after the fire.",
        ),
    ],
)
def test_a_splice_under_one_frame_or_none_is_allowed(sources, fused):
    graph = WordGraph(list(sources))
    if fused is None:
        fused = (
            "Officials said the storm killed 12 people in the coastal town of Riverton and "
            "destroyed 300 homes."
        )
    assert keeps_frames(graph, path_of(graph, fused))


def test_a_speakers_words_may_not_lose_their_quotation_marks():
    """ "us" inside the neighbour's quote may not become the narration's."""
    quote = "“She came to the door and told us that she needed help,” said her neighbour Ann Roy."
    plain = "The woman told police that she needed help after the crash."
    graph = WordGraph([quote, plain])
    bad = "“She came to the door and told us that she needed help after the crash."
    assert not keeps_quotes(graph, path_of(graph, bad))
    graph = WordGraph([PORTLAND, PORTLAND_PARTNER])
    good = (
        "In Portland, police chief Randy Wright said there is no evidence yet that it was a hate "
        "crime."
    )
    assert keeps_quotes(graph, path_of(graph, good))


def test_a_path_may_not_end_on_a_sources_cut_off():
    """One source stops mid-phrase ("about the 1974", no full stop): a path that ends there
    ends on the cut-off with a full stop added. Ending where a finished source ends is fine."""
    cut = "Detectives questioned the 64-year-old at Larne police station about the 1974"
    whole = (
        "The 64-year-old was questioned at Larne police station about the 1974 killing of a farmer."
    )
    graph = WordGraph([cut, whole])
    assert not ends_finished(
        graph,
        path_of(graph, "The 64-year-old was questioned at Larne police station about the 1974."),
    )
    good = (
        "Detectives questioned the 64-year-old at Larne police station about the 1974 killing of "
        "a farmer."
    )
    assert ends_finished(graph, path_of(graph, good))


@pytest.mark.parametrize(
    ("sources", "bad"),
    [
        # "and establish" agreed with "will decriminalise", not with "decriminalising"
        (
            (
                "Tavia's parliament has passed a law decriminalising cannabis for personal use.",
                "The law will decriminalise cannabis for personal use and establish a licensing "
                "agency.",
            ),
            "Tavia's parliament has passed a law decriminalising cannabis for personal use and "
            "establish a licensing agency.",
        ),
        # "and open" agreed with "will reopen", not with "closed"
        (
            (
                "The city closed the Hartwell bridge to traffic on Monday.",
                "The city will reopen the Hartwell bridge to traffic on Friday and open a new "
                "ferry line.",
            ),
            "The city closed the Hartwell bridge to traffic on Friday and open a new ferry line.",
        ),
    ],
)
def test_a_verb_joined_across_a_splice_must_agree(sources, bad):
    graph = WordGraph(list(sources))
    assert not verbs_agree(graph, path_of(graph, bad))


@pytest.mark.parametrize(
    ("sources", "fused"),
    [
        # one form on both sides: past and past
        (
            (
                HEAD,
                PARTNER,
            ),
            "Officials said the storm killed 12 people in the coastal town of Riverton and "
            "destroyed 300 homes.",
        ),
        # an auxiliary opens a predicate of its own tense
        ((GIANFORTE, SENTENCED), JOINED),
    ],
)
def test_a_verb_that_agrees_across_a_splice_is_allowed(sources, fused):
    graph = WordGraph(list(sources))
    assert verbs_agree(graph, path_of(graph, fused))
