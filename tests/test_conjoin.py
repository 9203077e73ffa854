"""Fusion by conjunction (issue 23): a partner's clause about the head's subject joined to the
head, each rule with a case that keeps it and one that it refuses."""

from __future__ import annotations

import pytest

from models.types import Sentence
from models.write.conjoin import _short_name, conjoined
from models.write.construct import GraphMerger
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
