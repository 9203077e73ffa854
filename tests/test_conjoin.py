"""Edits of the head with a partner's words (issue 23): a clause joined to it (conjoin.py) and
its speaker named as the partner names them (speaker.py), each rule with a case that keeps it
and one that it refuses."""

from __future__ import annotations

import pytest

from models.types import Sentence
from models.write.conjoin import _short_name, conjoined
from models.write.graphmerge import GraphMerger
from models.write.speaker import renamed
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


def test_a_clause_whose_subject_is_a_name_the_head_states_joins_with_and():
    partner = (
        "Gianforte pleaded guilty on Monday, and Gianforte apologized to the reporter by letter."
    )
    assert list(conjoined(HEAD, partner)) == [
        HEAD[:-1] + ", and Gianforte apologized to the reporter by letter."
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
            "Gianforte pleaded guilty in Washington on a federal charge and was sworn in as "
            "congressman.",
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
            "Police said Greg Gianforte pleaded guilty to misdemeanor assault on Monday morning.",
            PARTNER,
            "the head's end is inside a report, the partner's clause outside",
        ),
        (
            "Greg Gianforte pleaded guilty to misdemeanor assault on Monday morning",
            PARTNER,
            "the head does not end in a full stop",
        ),
        (
            "Greg Gianforte pleaded guilty to misdemeanor assault at 9 a.m.",
            PARTNER,
            "the head's full stop is also an abbreviation's",
        ),
        (
            "Gianforte pleaded guilty to assaulting Ben Jacobs, who testified on Monday.",
            PARTNER,
            "the head opens another clause after the shared verb: Jacobs would be sentenced",
        ),
        (
            "Police said the officer was shot by Smith on Friday.",
            "Police said Smith shot the officer and was arrested at his home in Dayton.",
            "the reported subjects differ (the officer, Smith)",
        ),
        (
            "Police said Gianforte pleaded guilty on Monday morning.",
            "His lawyer said Gianforte pleaded guilty, and Gianforte apologized to the reporter.",
            "inside reports by different reporters: the lawyer's words would be the police's",
        ),
        (
            HEAD,
            "Gianforte never pleaded guilty, but Gianforte was convicted by a Bozeman jury.",
            "'but' contrasts with the partner's own clause",
        ),
        (
            HEAD,
            "Gianforte pleaded guilty and was sentenced to community service for the incident "
            "after a long hearing in a Bozeman courtroom before a judge who read out the charges.",
            "the added clause is longer than MAX_ADDED",
        ),
        (
            "Police said Gianforte pleaded guilty to misdemeanor assault on Monday morning.",
            "Police said Gianforte ‘pleaded guilty and will serve community service at a food "
            "bank’.",
            "the added clause closes a quotation (single quotation marks)",
        ),
        (
            "Blinken met Xi Jinping in Beijing on Monday for talks on trade and security.",
            "Blinken met the wife of Xi Jinping, who announced a new cultural exchange program.",
            "the name belongs to another noun ('the wife of'): the clause may be hers",
        ),
        (
            "Blinken met Xi Jinping in Beijing on Monday for talks on trade and security.",
            "Blinken met Xi Jinping, who Blinken later called a dictator at a fundraiser.",
            "no verb right after 'who': the name is the relative clause's object",
        ),
        (
            "Blinken met Chinese leaders in Beijing on Monday for talks on trade.",
            "Blinken met Chinese leaders in Beijing on Monday for talks on trade with Wang, who "
            "announced a new cultural exchange program.",
            "the head does not state the name",
        ),
        (
            "Blinken met Xi Jinping in Beijing on Monday for talks on trade and security.",
            "Talks went on, and Xi Jinping announced a new cultural exchange program for students.",
            "the partner's clause before 'and' does not restate the head",
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
    """A conjunction holds the head whole: its fluency floor is the head's (and the nearest
    member's, the head here), not that of the shorter, more fluent partner it takes a clause
    from; below the head it is refused."""
    members = [_sentence(0, HEAD), _sentence(1, PARTNER)]

    def scorer(head_fluency):
        return lambda texts: [
            {HEAD: head_fluency, PARTNER: -2.0}.get(t, -3.0) if t != JOINED else -3.0 for t in texts
        ]

    (fused,) = GraphMerger(scorer(-4.0)).merge_many([members])
    assert fused is not None and fused.text == JOINED and fused.method == "fused"
    assert fused.floor_fluency == -4.0
    (fused,) = GraphMerger(scorer(-2.5)).merge_many([members])
    assert fused is None


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
            "DC Bird told the hearing the change in route was an attempt to avoid the summit.",
            "Det Con Tim Bird, the leader of the rescue team, told the inquest the change in "
            "route was an attempt to avoid the summit.",
            "Det Con Tim Bird, the leader of the rescue team, told the hearing the change in "
            "route was an attempt to avoid the summit.",
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
            "The storm killed 12 people, she said.",
            "The storm killed 12 people, said John Smith, a police spokesman.",
            "a pronoun: who it is depends on the sentence before",
        ),
        (
            "The storm killed 12 people, police said.",
            "The storm killed 12 people in Riverton, police chief John Smith said.",
            "a body, not one person: who of them said it",
        ),
        (
            "A spokeswoman for Wilson said the team will respond within two weeks.",
            "The team will respond within two weeks, said Heather Wilson, a spokeswoman for Pao.",
            "Wilson is the employer in one, the speaker in the other",
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
