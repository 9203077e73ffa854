"""Roles at the first mention (models/stages/roles.py, and the rewrite stage that writes and
cites them): who a person is, as a source's apposition says it, after their first full name.

The sentences are invented, in the style of wire copy.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.stages.rewrite import rewrite
from models.stages.roles import find_roles, introduce
from models.types import Sentence
from models.write.verify import verify
from tests.test_rewrite import _bundle, _summary


def _sentences(*texts: str) -> list[Sentence]:
    return [Sentence("a", 0, i, 0, len(t), t) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("source", "role"),
    [
        ("Jordan Roe, a neighbour, said she heard two shots.", "a neighbour"),
        (
            "The fire spread, said Jordan Roe, the county's fire marshal.",
            "the county's fire marshal",
        ),
        (
            "Jordan Roe, an analyst at Hale Partners, called the deal risky.",
            "an analyst at Hale Partners",
        ),
        # round 17: where someone lives or works, as a clause
        (
            "Jordan Roe, who lives across the street from the scene, said a neighbour fired.",
            "who lives across the street from the scene",
        ),
        (
            "Jordan Roe, who works for the city, said the road would reopen.",
            "who works for the city",
        ),
        (
            "Jordan Roe, who lives and works in the area, said she was waiting.",
            "who lives and works in the area",
        ),
        # an office with no article, and a possessive's curly apostrophe
        (
            "Prices will rise, said Jordan Roe, director of the city’s housing office.",
            "director of the city’s housing office",
        ),
        (
            "Jordan Roe, spokeswoman for the airline, declined to comment.",
            "spokeswoman for the airline",
        ),
        # not a role: a clause, a phrase longer than eight words, a verb, the first person,
        # a quotation's words, the tail of a longer name
        ("Jordan Roe, a woman who had lived on the street for many years, said so.", None),
        # ... nor a clause that tells an event, nor one too long, nor a list's plural first item
        ("Jordan Roe, who was shot in the head, is recovering.", None),
        (
            "Jordan Roe, who lives on the far side of the river that runs past the old mill, "
            "said so.",
            None,
        ),
        ("The mayor thanked Jordan Roe, the volunteers and the Red Cross, for their help.", None),
        ("Jordan Roe, who lived in fear of her former husband, was killed in 2019.", None),
        ("Jordan Roe, who lived to be 114, died on Monday.", None),
        ("Jordan Roe, who works with me at the plant, said so.", None),
        ("Jordan Roe, who lives in fear of reprisals, spoke on condition of anonymity.", None),
        # two roles joined are too long as one, and neither alone is read (a second reader's
        # lists and meanings: "the fire chief and the mayor", "a scholar of Russia and the
        # former Soviet Union")
        ("The governor praised Jordan Roe, the fire chief and the mayor for their response.", None),
        ("Jordan Roe, a scholar of Russia and the former Soviet Union, said so.", None),
        ("Jordan Roe, the officer arrested last week, was freed.", None),
        ("Jordan Roe, a friend of mine, said she heard two shots.", None),
        ('"Jordan Roe, a neighbour, saw it," the sheriff said.', None),
        ("Ana Jordan Roe, the mayor, said the road would reopen.", None),
        # near misses a second reader of the diff found: a list's item, a plural after "and",
        # a time, a single-quoted quotation
        ("The governor thanked Jordan Roe, the volunteers and the Red Cross.", None),
        ("The suit names Jordan Roe, the city of Dunmore, and two officers.", None),
        ("The pair, Sam Lee and Jordan Roe, the couple's lawyers, spoke.", None),
        ("Police arrested Jordan Roe, the same day.", None),
        ("‘Jordan Roe, the mayor, is a liar,’ she said.", None),
        # no article and no office: no role ("instead of", "according to")
        ("Jordan Roe, instead of the mayor, opened the bridge.", None),
        ("Jordan Roe, chief of staff, and two aides were questioned.", None),
        ("Jordan Roe, coach of the year in 2019, said the team was ready.", None),
        ("Jordan Roe, officer at the time of the shooting, was suspended.", None),
        # a name within a role is one thing to read (round 16: "director of George Mason
        # University's Center for Regional Analysis" was nine words, and no role)
        (
            "Jobs will go, said Jordan Roe, director of Pine Hill State University’s Center for "
            "Coastal Analysis.",
            "director of Pine Hill State University’s Center for Coastal Analysis",
        ),
    ],
)
def test_an_apposition_after_a_full_name_is_the_persons_role(source, role):
    found = find_roles(_sentences(source), ["Jordan Roe"])
    assert (found["Jordan Roe"].text if found else None) == role


@pytest.mark.parametrize(
    ("source", "role"),
    [
        ("Las Vegas Police Sgt. Jordan Roe said the car headed north.", "Las Vegas Police Sgt."),
        ("But County Sheriff Jordan Roe said the road was closed.", "County Sheriff"),
        ("On Monday, Mayor Jordan Roe cut the ribbon.", "Mayor"),
        ("U.S. Attorney Jordan Roe said the case would go to trial.", "U.S. Attorney"),
        ("Her colleague Jordan Roe said nothing.", None),  # no office, no rank
        # an organisation's name, then its office in lower case (round 16: a tuning reader
        # struck a bare "said Pam Dixon" where a source had "World Privacy Forum executive
        # director Pam Dixon"), or an officer's acronym
        (
            "Data brokers need rules, said Pine Privacy Forum executive director Jordan Roe.",
            "Pine Privacy Forum executive director",
        ),
        ("Acme CEO Jordan Roe said the deal was done.", "Acme CEO"),
        ("Pine Hill Water chief executive Jordan Roe resigned.", "Pine Hill Water chief executive"),
        # ... but not without an organisation: a modifier or a sentence's first word alone
        ("Former executive director Jordan Roe left.", None),
        ("Neither officer Jordan Roe nor the chief spoke.", None),
        ("But executive director Jordan Roe said no.", None),
        # a rank alone stays a role (a second reader found "Chief" lost to the check above)
        ("Chief Jordan Roe said the shooter fled.", "Chief"),
        ("Deputy Chief Jordan Roe said the road was shut.", "Deputy Chief"),
    ],
)
def test_an_office_or_a_rank_before_a_full_name_is_the_persons_role(source, role):
    found = find_roles(_sentences(source), ["Jordan Roe"])
    assert (found["Jordan Roe"].text if found else None) == role
    if role:
        assert found["Jordan Roe"].before


def test_a_rank_goes_before_the_first_full_name():
    ranked = find_roles(_sentences("Police Sgt. Jordan Roe said so."), ["Jordan Roe"])
    assert introduce("Jordan Roe said the car headed north.", ranked, set())[0] == (
        "Police Sgt. Jordan Roe said the car headed north."
    )
    assert introduce("The car headed north, Jordan Roe said.", ranked, set())[0] == (
        "The car headed north, Police Sgt. Jordan Roe said."
    )
    assert introduce("Jordan Roe's unit was called.", ranked, set())[0] == (
        "Police Sgt. Jordan Roe's unit was called."
    )
    assert introduce("Sheriff Jordan Roe said so.", ranked, set())[1] is None
    # every word of the office stays ("San Jose" is not cut to "Jose" beside "San Francisco"),
    # a word's stray capitals are mended
    town = find_roles(_sentences("San Jose POlice Chief Jordan Roe spoke."), ["Jordan Roe"])
    assert introduce("Jordan Roe arrived in San Francisco.", town, set())[0] == (
        "San Jose Police Chief Jordan Roe arrived in San Francisco."
    )


def test_the_role_most_sources_give_is_kept():
    sources = _sentences(
        "Jordan Roe, a neighbour, heard shots.",
        "Jordan Roe, the block captain, called police.",
        "Jordan Roe, the block captain, said she was scared.",
    )
    assert find_roles(sources, ["Jordan Roe"])["Jordan Roe"].text == "the block captain"


ROLES = find_roles(_sentences("Jordan Roe, a neighbour, said she heard shots."), ["Jordan Roe"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jordan Roe said the street flooded.",
            "Jordan Roe, a neighbour, said the street flooded.",
        ),
        (
            "The street flooded, said Jordan Roe.",
            "The street flooded, said Jordan Roe, a neighbour.",
        ),
        (
            "Police spoke to Jordan Roe on Monday.",
            "Police spoke to Jordan Roe, a neighbour, on Monday.",
        ),
        # the speaker right after a quotation (a roundup of Sunday shows left senators and a
        # mayor unintroduced there)
        (
            '"It was a disaster," Jordan Roe said.',
            '"It was a disaster," Jordan Roe, a neighbour, said.',
        ),
        (
            "“Nobody came to help us,” Jordan Roe told reporters.",
            "“Nobody came to help us,” Jordan Roe, a neighbour, told reporters.",
        ),
        (
            "‘It was a disaster,’ Jordan Roe said.",
            "‘It was a disaster,’ Jordan Roe, a neighbour, said.",
        ),
        # the speaker in a speech tag after a clause (a tuning reader struck "..., and they've
        # proven adept at shifting between hard news and lighter fare, Sean McManus said." as
        # unintroduced where a source gave his office, round 20)
        (
            "They proved adept at hard news, Jordan Roe said.",
            "They proved adept at hard news, Jordan Roe, a neighbour, said.",
        ),
        (
            "The levee held for a day, Jordan Roe told reporters on Monday.",
            "The levee held for a day, Jordan Roe, a neighbour, told reporters on Monday.",
        ),
        # not one of a list, nor a name the clause goes on with
        ("Guests were Ann Price, Jordan Roe and Sam Lee.", None),
        ("At the back, Jordan Roe waited in the rain.", None),
        ("The car, Jordan Roe said, headed north.", None),
        # a role is there already: a title, a noun, an apposition; or it cannot go there:
        # a possessive, a quotation
        ("Councillor Jordan Roe said the street flooded.", None),
        ("Neighbour Jordan Roe said the street flooded.", None),
        ("Jordan Roe, 54, said the street flooded.", None),
        ("Jordan Roe's house flooded.", None),
        ("Jordan Roe III called police.", None),
        ("Jordan Roe (pictured) said the street flooded.", None),
        ("‘I saw Jordan Roe run from the house,’ the sheriff said.", None),
        ('"I saw Jordan Roe run," the sheriff said.', None),
        ('"It flooded," Councillor Jordan Roe said.', None),
        # a list of quoted titles, a quotation within a quotation: no speaker follows
        ('The winners were "Moonlight," "Lady Bird," Jordan Roe and Sam Lee.', None),
        ("“When I asked “why,” Jordan Roe laughed,” the sheriff said.", None),
    ],
)
def test_the_role_goes_after_the_first_full_name_where_none_is_there(text, expected):
    assert introduce(text, ROLES, set()) == (
        (expected, ROLES["Jordan Roe"]) if expected else (text, None)
    )


def test_only_the_first_mention_gets_the_role():
    introduced: set[str] = set()
    assert introduce("Jordan Roe said the street flooded.", ROLES, introduced)[1] is not None
    assert introduce("Jordan Roe left.", ROLES, introduced) == ("Jordan Roe left.", None)
    # named first with a title, the person is introduced: no role later
    introduced = set()
    assert introduce("Councillor Jordan Roe spoke.", ROLES, introduced)[1] is None
    assert introduce("Jordan Roe left.", ROLES, introduced) == ("Jordan Roe left.", None)


BUNDLE = {
    "wire": [
        "Two people were hurt when a gas main burst on Elm Street on Tuesday.",
        "Jordan Roe, a neighbour, said she heard a loud bang before the fire.",
    ],
    "daily": ["Jordan Roe called the fire department at 6 a.m., officials said."],
}


def test_rewrite_writes_the_role_cites_its_source_and_keeps_within_the_budget():
    articles, sents = _bundle(BUNDLE)
    cited = _summary(
        [
            ("Two people were hurt when a gas main burst on Elm Street.", [sents[0]]),
            ("Jordan Roe called the fire department at 6 a.m., officials said.", [sents[2]]),
        ]
    )
    out = rewrite(cited, articles, sents, max_words=40)
    second = out.sentences[1]
    assert second.text == (
        "Jordan Roe, a neighbour, called the fire department at 6 a.m., officials said."
    )
    posted = {a.id: a.text for a in articles}
    sources = [posted[c.article_id][c.start : c.end] for c in second.citations]
    assert sources[-1] == sents[1].text  # the apposition's sentence, cited exactly
    assert verify(second.text, sources, max_words=60).ok
    # no room for two more words: the sentence stays as written
    words = sum(len(s.text.split()) for s in cited.sentences)
    tight = rewrite(cited, articles, sents, max_words=words + 1)
    assert [s.text for s in tight.sentences] == [s.text for s in cited.sentences]
    # without a budget (the rewrite's own callers), no role is written
    assert rewrite(cited, articles, sents).sentences[1].text == cited.sentences[1].text


BURST = "Two people were hurt when a gas main burst on Elm Street."
CALLED = "Jordan Roe called the fire department at 6 a.m., officials said."
CLOSED = "The street stayed closed."


def _tight(rows: list[tuple[str, int]], more=None, fused_last: bool = False) -> list[str]:
    """The sentences rewrite writes of a summary of ``rows`` (each a text and the index of the
    sentence it cites) over BUNDLE and ``more`` articles, its budget one word over its length."""
    articles, sents = _bundle({**BUNDLE, **(more or {})})
    cited = _summary([(text, [sents[i]]) for text, i in rows])
    if fused_last:
        last = replace(cited.sentences[-1], method="fused")
        cited = replace(cited, sentences=(*cited.sentences[:-1], last))
    words = sum(len(s.text.split()) for s in cited.sentences)
    return [s.text for s in rewrite(cited, articles, sents, max_words=words + 1).sentences]


def test_the_last_sentence_gives_way_to_a_role_that_does_not_fit():
    """Who a person is comes before the least of the summary's facts (tuning readers struck
    people named in full whose office the sources gave as unintroduced, round 20): where the
    role of someone who speaks or acts does not fit the budget, a summary of three sentences or
    more drops its last one, unless that is fused or is the one the role is for; not for a
    name in passing, nor where the summary would fall under 80 % of its budget (a
    ``short_summary``). The last one goes though its own speaker's role had no room either."""
    introduced = "Jordan Roe, a neighbour, called the fire department at 6 a.m., officials said."
    assert _tight([(BURST, 0), (CALLED, 2), (CLOSED, 0)]) == [BURST, introduced]
    chief = {"local": ["Fire Chief Sam Lee said the main was 80 years old."]}
    old = "The main was old, Sam Lee said."
    assert _tight([(BURST, 0), (CALLED, 2), (old, 3)], chief) == [BURST, introduced]
    thanked = "Firefighters thanked Jordan Roe and two other neighbours for the call."
    lawsuit = "A lawsuit against Jordan Roe was dismissed, officials said."
    long = "The street stayed closed to traffic for most of the day while crews dug up the main."
    for rows, fused_last in (
        ([(BURST, 0), (CALLED, 2), (CLOSED, 0)], True),
        ([(BURST, 0), (CLOSED, 0), (CALLED, 2)], False),
        ([(BURST, 0), (thanked, 2), (CLOSED, 0)], False),
        ([(BURST, 0), (lawsuit, 2), (CLOSED, 0)], False),
        ([(BURST, 0), (CALLED, 2), (long, 0)], False),
    ):
        assert _tight(rows, fused_last=fused_last) == [text for text, _ in rows]


def test_an_office_is_not_written_before_a_name_that_an_apposition_or_bracket_follows():
    office = find_roles(_sentences("Sen. Jordan Roe said the bill would pass."), ["Jordan Roe"])
    assert introduce('"It will pass," Jordan Roe said.', office, set())[0] == (
        '"It will pass," Sen. Jordan Roe said.'
    )
    for text in ('"It will pass," Jordan Roe, the senator, said.', "Jordan Roe (pictured) spoke."):
        assert introduce(text, office, set()) == (text, None)
