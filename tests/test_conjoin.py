"""Edits of the head with a partner's words (issue 23): a clause joined to it (conjoin.py) and
its speaker named as the partner names them (enrich.py), each rule with a case that keeps it
and one that it refuses."""

from __future__ import annotations

import pytest

from models.types import Sentence
from models.write.conjoin import _short_name, conjoined
from models.write.construct import GraphMerger
from models.write.enrich import renamed
from models.write.verify import verify

HEAD = "Greg Gianforte pleaded guilty to misdemeanor assault on Monday morning."
PARTNER = "Gianforte pleaded guilty and was sentenced to community service for the incident."
JOINED = (
    "Greg Gianforte pleaded guilty to misdemeanor assault on Monday morning and was sentenced "
    "to community service for the incident."
)


def _sentence(article: int, text: str) -> Sentence:
    return Sentence(f"a{article}", article, 0, 0, len(text), text)


def test_a_coordinated_predicate_of_the_same_subject_joins_the_head():
    assert list(conjoined(HEAD, PARTNER)) == [JOINED]
    assert verify(JOINED, [HEAD, PARTNER], 40).ok


def test_a_relative_clause_on_a_name_the_head_states_becomes_a_clause_of_its_own():
    head = (
        "Chinese President Xi Jinping and U.S. Secretary of State Antony Blinken held a "
        "meeting in Beijing aimed at easing tensions."
    )
    partner = (
        "US Secretary of State Antony Blinken met with Chinese President Xi Jinping, who "
        "announced that an agreement on some specific issues had been reached."
    )
    assert list(conjoined(head, partner)) == [
        head[:-1] + ", and Xi Jinping announced that an agreement on some specific issues had "
        "been reached."
    ]


def test_a_clause_whose_subject_is_a_name_the_head_states_joins_with_its_conjunction():
    partner = (
        "Gianforte pleaded guilty on Monday, but Gianforte apologized to the reporter by letter."
    )
    assert list(conjoined(HEAD, partner)) == [
        HEAD[:-1] + ", but Gianforte apologized to the reporter by letter."
    ]


@pytest.mark.parametrize(
    ("head", "partner", "why"),
    [
        (
            "His lawyer pleaded guilty for Greg Gianforte to misdemeanor assault on Monday.",
            PARTNER,
            "the partner's predicate has another subject than the head's",
        ),
        (
            HEAD,
            "Gianforte flew to Washington and was sworn in as congressman by the speaker.",
            "the partner does not restate the head before its added clause",
        ),
        (
            "Officers found the girl semiconscious beneath a picnic table in the park.",
            "Officers found the girl beneath a picnic table and naked from the waist down.",
            "an -ed word after 'and' is as often an adjective as a verb",
        ),
        (
            "Greg Gianforte pleaded guilty to misdemeanor assault on Monday in a Bozeman court.",
            "Gianforte pleaded guilty and was fined heavily for misdemeanor assault in a Bozeman "
            "court on Monday.",
            "the added clause mostly restates the head",
        ),
        (
            HEAD,
            '"Gianforte pleaded guilty and will serve community service at a food bank," his '
            "lawyer said.",
            "the added clause sits in a quotation",
        ),
        (
            "Greg Gianforte pleaded guilty to misdemeanor assault, police said on Monday.",
            PARTNER,
            "the head's end is inside a report, the partner's clause outside",
        ),
        (
            "Greg Gianforte pleaded guilty to misdemeanor assault on Monday morning",
            PARTNER,
            "the head does not end in a full stop",
        ),
    ],
)
def test_no_conjunction(head, partner, why):
    assert list(conjoined(head, partner)) == [], why


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Chinese President Xi Jinping", "Xi Jinping"),
        ("U.S. Secretary of State Antony Blinken", "Antony Blinken"),
        ("President Obama", "Obama"),
        ("Gianforte", "Gianforte"),
        ("The Secretary", ""),
    ],
)
def test_short_name_drops_the_title(name, short):
    assert _short_name(name) == short


def test_the_merger_keeps_a_conjunction_as_fluent_as_its_head():
    """A conjunction holds the head whole: its fluency floor is the head's, not that of the
    (shorter, more fluent) partner it takes a clause from; below the head it is refused."""
    members = [_sentence(0, HEAD), _sentence(1, PARTNER)]

    def scorer(head_fluency):
        return lambda texts: [
            {HEAD: head_fluency, PARTNER: -2.0}.get(t, -3.0) if t != JOINED else -3.0 for t in texts
        ]

    (fused,) = GraphMerger(scorer(-4.0)).merge_many([members])
    assert fused is not None and fused.text == JOINED and fused.method == "fused"
    assert fused.floor_fluency == -4.0
    (fused,) = GraphMerger(scorer(-2.5)).merge_many([members])
    assert fused is None or fused.text != JOINED


# ---------------------------------------------------------------- the speaker named


SPOKESWOMAN = (
    "A Pao spokeswoman said her legal team is considering the proposal and will respond in "
    "the next two weeks."
)
WILSON = (
    "Pao and her legal team are considering the proposal, said Heather Wilson, a spokeswoman "
    "for Pao."
)


@pytest.mark.parametrize(
    ("head", "partner", "renamed_head"),
    [
        (
            SPOKESWOMAN,
            WILSON,
            "Heather Wilson, a spokeswoman for Pao, said her legal team is considering the "
            "proposal and will respond in the next two weeks.",
        ),
        (
            "The storm killed 12 people, a police spokesman said.",
            "The storm killed 12 people in Riverton, said John Smith, a police spokesman.",
            "The storm killed 12 people, said John Smith, a police spokesman.",
        ),
        (
            "The storm killed 12 people, police said.",
            "The storm killed 12 people in Riverton, police chief John Smith said.",
            "The storm killed 12 people, police chief John Smith said.",
        ),
    ],
)
def test_the_heads_speaker_is_named_as_a_partner_names_them(head, partner, renamed_head):
    assert list(renamed(head, partner)) == [renamed_head]
    assert verify(renamed_head, [head, partner], 40).ok


@pytest.mark.parametrize(
    ("head", "partner", "why"),
    [
        (
            "The storm killed 12 people, he said.",
            "The storm killed 12 people, said John Smith, a police spokesman.",
            "a pronoun: who it is depends on the sentence before",
        ),
        (
            "The storm killed 12 people, a fire department spokesman said.",
            "The storm killed 12 people, said John Smith, a police spokesman.",
            "the partner's speaker lacks a word of the head's: another person",
        ),
        (
            "A police spokesman said the storm killed 12 people on Sunday.",
            "Roads will reopen on Tuesday, said John Smith, a police spokesman.",
            "the partner's speaker said something else",
        ),
        (
            "A police spokesman said the storm killed 12 people on Sunday.",
            "The storm killed 12 people on Sunday, a police spokesman said.",
            "the partner adds no name",
        ),
    ],
)
def test_no_speaker_named(head, partner, why):
    assert list(renamed(head, partner)) == [], why


def test_the_merger_keeps_a_named_speaker_as_fluent_as_its_head():
    members = [_sentence(0, SPOKESWOMAN), _sentence(1, WILSON)]
    merger = GraphMerger(lambda texts: [-4.0 if t == SPOKESWOMAN else -3.0 for t in texts])
    (fused,) = merger.merge_many([members])
    assert fused is not None and fused.method == "fused" and fused.floor_fluency == -4.0
    assert fused.text.startswith("Heather Wilson, a spokeswoman for Pao, said")
