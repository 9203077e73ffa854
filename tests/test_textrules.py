"""The candidate rules (models/write/textrules.py): what a fused sentence's text must pass.

Invented sentences in the shape of fused sentences read wrong by hand (issue 36, item 4); the
merger test at the end runs the real GraphMerger on a group whose only fusion breaks one."""

from __future__ import annotations

import pytest

from models.write.graphmerge import GraphMerger
from models.write.textrules import (
    ends_on_no_ellipsis,
    narrates_in_third_person,
    no_outlet_voice,
    spells_as_most,
    turns_only_as_its_head,
)
from tests.merge_cases import sentence


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("The nurse at Kelby Hospital told us that she needed help.", False),
        ("We stuck with the lower estimate of $2.1 billion for the Harlow estate.", False),
        ("If you live in Dunmore County, the boil-water notice still applies.", False),
        # first person inside the speaker's marks, attributed: the speaker's voice
        ("“We will rebuild,” said Mayor Ina Probst of Dunmore.", True),
        ('Probst said the town "will rebuild every home we lost."', True),
        # "US" is a country, not "us"
        ("The US and Norway signed the Tromvik fisheries accord.", True),
    ],
)
def test_first_or_second_person_never_enters_narration(text, ok):
    assert narrates_in_third_person(text, []) is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("The Orvik mine will close in March, AP has learned.", False),
        ("The Associated Press has exclusively learned that the Orvik mine will close.", False),
        ("Reuters has learned the Orvik board voted to close the mine.", False),
        # a source told an agency: an attribution, not the agency's own voice
        ("The Orvik mine will close in March, a union official told The Associated Press.", True),
        ("Investigators have learned the Orvik fire started in a fuse box.", True),
    ],
)
def test_an_agencys_own_reporting_voice_stays_out(text, ok):
    assert no_outlet_voice(text, []) is ok


@pytest.mark.parametrize(
    ("text", "sources", "ok"),
    [
        # one outlet's slip, the others right: the slip may not be copied
        (
            "Secretary Anthony Belkin met Premier Wu in Hanoi.",
            [
                "Secretary Antony Belkin met Premier Wu in Hanoi.",
                "Antony Belkin arrived in Hanoi on Sunday.",
                "Anthony Belkin met Wu.",
            ],
            False,
        ),
        # a tie: the head's spelling wins
        (
            "Secretary Anthony Belkin met Premier Wu in Hanoi on Sunday.",
            [
                "Secretary Antony Belkin met Premier Wu in Hanoi.",
                "Anthony Belkin met Wu on Sunday.",
            ],
            False,
        ),
        # capitals slipped ("LIve")
        (
            "Saturday Night LIve opened the show with a sketch about Marla Quinn.",
            [
                "Saturday Night LIve opened the show with a sketch.",
                "Saturday Night Live mocked Marla Quinn.",
                "On Saturday Night Live, Quinn was the target.",
            ],
            False,
        ),
        # the spelling most sources use
        (
            "Secretary Antony Belkin met Premier Wu in Hanoi on Sunday.",
            [
                "Secretary Antony Belkin met Premier Wu in Hanoi.",
                "Anthony Belkin met Wu on Sunday.",
            ],
            True,
        ),
        # two names one letter apart that are two people stay apart only by count: both once
        (
            "Maria Olsen and Marta Olsen won the Bergen doubles title.",
            ["Maria Olsen and Marta Olsen won the Bergen doubles title.", "The Olsen sisters won."],
            True,
        ),
    ],
)
def test_a_sources_slip_is_not_copied(text, sources, ok):
    assert spells_as_most(text, sources) is ok


def test_a_fused_sentence_may_not_end_on_an_ellipsis():
    assert not ends_on_no_ellipsis("Kessler was an internationally known...", [])
    assert not ends_on_no_ellipsis("Kessler was an internationally known …", [])
    assert ends_on_no_ellipsis("Kessler was an internationally known cellist.", [])


def test_the_merger_refuses_a_fusion_that_carries_a_quoted_us_into_narration():
    """The real merger, both rule sets on: the only fusion the group offers takes the
    partner's "told us" outside its marks; without the candidate rules it is a candidate."""
    head = "The woman at the Kelby clinic told staff that she needed help with the twins."
    partner = "Kelby staff said the woman at the Kelby clinic told us that she needed help."
    members = [sentence(0, 0, head), sentence(1, 0, partner)]
    merger = GraphMerger()
    texts = [c.text for c in merger.candidates(members)[0]]
    ceiling = [c.text for c in merger.candidates(members, text_rules=())[0]]
    assert any(" us " in t for t in ceiling)
    assert not any(" us " in t for t in texts)


@pytest.mark.parametrize(
    ("text", "head", "ok"),
    [
        # a partner's turn, with nothing before it in the summary to turn from
        (
            "Since the coup, however, the rebels have seized the three northern towns of Orda.",
            "The rebels have taken advantage of the chaos to seize the north of Orda.",
            False,
        ),
        (
            "Meanwhile, the council of Dunmore approved the budget.",
            "The council approved it.",
            False,
        ),
        ("The council approved it, though, by a single vote.", "The council approved it.", False),
        # the head's own turn is the head's
        (
            "The council, however, approved the Dunmore budget by one vote.",
            "The council, however, approved the budget.",
            True,
        ),
        # "though" as a conjunction and "instead of" turn from nothing before the sentence
        ("The council approved it though critics walked out.", "The council approved it.", True),
        ("The council voted to cut taxes instead of raising fees.", "The council voted.", True),
    ],
)
def test_a_turn_stays_only_where_the_head_has_it(text, head, ok):
    assert turns_only_as_its_head(text, [head, "a partner"]) is ok
