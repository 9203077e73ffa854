"""Coherence (models/write/coherence.py): openers that lean on their predecessor."""

from __future__ import annotations

import pytest

from models.stages.group import Group
from models.types import Citation, SummarySentence
from models.write.coherence import arrange, violations
from models.write.openers import opener, strip_connective
from tests.merge_cases import sentence


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("However, the talks went on.", "connective"),
        ("As a result, the countries agreed.", "connective"),
        ("But nothing changed.", "connective"),
        ("He left Beijing on Tuesday.", "pronoun"),
        ("They agreed to meet again.", "pronoun"),
        ('"It was fine," she said.', "pronoun"),
        ("It was the second attack this month.", "pronoun"),
        ("It is not yet clear whether the talks will resume.", ""),
        ("It was not immediately clear if he had a lawyer.", ""),
        ("It's unclear who fired first.", ""),
        ("It appears the deal is off.", ""),
        ("It seems likely that prices will rise.", ""),
        ("It isn't clear whether the talks will resume.", ""),
        ("It appears Vogelsang is in financial difficulty.", ""),
        ("It appeared in 16 distinct animal lineages.", "pronoun"),
        ("It is expected to reach the coast by Friday.", "pronoun"),
        ("It was known as the Hermit Kingdom.", "pronoun"),
        ("It appears to have been hit by a missile.", "pronoun"),
        ("It appeared after the storm.", "pronoun"),
        ("Xi met Blinken.", ""),
        ("Hebei province flooded.", ""),
        ("Italy won.", ""),
        ("This week the talks resumed.", ""),
        # A quote given to a bare pronoun: who speaks was said in the sentence before.
        ("“We hope the visit helps,” he added to the visiting minister.", "pronoun"),
        ('"The vote was rigged," she said on Tuesday.', "pronoun"),
        ("“Nobody was hurt!” they told reporters.", "pronoun"),
        ('The mayor was blunt. He told reporters: "We will rebuild."', "pronoun"),
        ("“We hope the visit helps,” Wang added to the visiting minister.", ""),
        ('"The vote was rigged," the opposition leader said.', ""),
        ("Officials said he had left the country.", ""),
        ("She said nothing at the hearing.", "pronoun"),  # a pronoun opener, as before
        # a person's contracted pronoun is a pronoun opener too; "it's" is as often a dummy
        ("She's the only one left from the old team.", "pronoun"),
        ("They’re planning another vote in March.", "pronoun"),
        ("It's been a year since the factory closed.", ""),
        ("It's too early to say whether the vaccine works.", ""),
        ("It’s not clear what the ruling will mean.", ""),
        # ... and a quotation's tail is its speaker's
        ("She's the best we have,” the coach said after the match.", ""),
        ("These people are heroes,” the mayor said.", ""),
        ("Shell's profits rose.", ""),
        ("Hers was the only vote against.", ""),
        ("“It's not the time to ease the pressure,” the minister said.", ""),
        ("This isn't the first time the site has been hacked.", "pronoun"),
        # a demonstrative before a noun points back; before a time it does not
        ("That case found the firm had copied the design.", "pronoun"),
        ("These officials hold posts in every ministry.", "pronoun"),
        ("Those involved in the talks want a second round.", "pronoun"),
        ("This past weekend, the club won its first title.", ""),
        ("That night, police sealed off the street.", ""),
        ("This year's harvest was the smallest since 1990.", ""),
        # a clause or a "those who": not a noun phrase that points back
        ("That the virus spread so quickly surprised the researchers.", ""),
        ("Those who survived the crash were taken to Mercy Hospital.", ""),
        ("Those aged over 65 will get the vaccine first.", ""),
        ("This fiscal year, revenue rose by a tenth.", ""),
        ("These last few weeks, prices have risen.", ""),
    ],
)
def test_opener(text, kind):
    assert opener(text) == kind


def test_strip_connective():
    assert strip_connective("However, the talks went on.") == "The talks went on."
    assert strip_connective("He left.") == "He left."
    # a preposition's phrase is no connective (round 13: a held-out summary read "To endurance
    # and careful planning, long-distance hikers also need to think about money.")
    for text in (
        "In addition to endurance and careful planning, hikers also need to think about money.",
        "Instead of checking her oxygen levels every five minutes, it wasn’t done for 26 minutes.",
        "Besides stating that the three hikers were captured in Iraq, the report gave no detail.",
        # ... "So far", "So long", an inversion, a page's "Also read:" (round 13: a tuning
        # reader struck "Long to Square's credit card dongle.")
        "So far, in 2016, more than 4,000 long-distance hiking permits have been issued.",
        "So long to Square's credit card dongle.",
        "Also read: Lion guarded six hours, only for KWS rangers to shoot it dead",
    ):
        assert strip_connective(text) == text
        assert opener(text) == ""
    assert strip_connective("Besides, the talks went on.") == "The talks went on."
    assert strip_connective("In addition, the talks went on.") == "The talks went on."
    assert strip_connective("So the talks went on.") == "The talks went on."
    assert strip_connective("Also, the talks went on.") == "The talks went on."
    assert strip_connective("Also on Monday, the Senate passed the bill.") == (
        "On Monday, the Senate passed the bill."
    )
    # "Plus" is a connective only before a comma (round 16: a tuning reader struck "Plus, most
    # consumers have no idea ..." as unintroduced)
    assert strip_connective("Plus, most buyers have no idea.") == "Most buyers have no idea."
    for text in ("Plus-size models walked in Pine Beach.", "Plus 10 more were hurt, police said."):
        assert strip_connective(text) == text
        assert opener(text) == ""
    # an inversion after "So" leans on the sentence before (as was who?): a second reader
    for text in ("So was Icahn, the investor who was part of the group.", "So too did Democrats."):
        assert strip_connective(text) == text
        assert opener(text) == "pronoun"


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # round 16: a tuning reader struck the first two as garbled (what "however" sets them
        # against was left out); one comma stays after an opening phrase, none after a subject
        (
            "In Pine Hill's case, however, the data stolen appears more ripe for fraud.",
            "In Pine Hill's case, the data stolen appears more ripe for fraud.",
        ),
        (
            "For people with heart disease, however, new research finds the risk is higher.",
            "For people with heart disease, new research finds the risk is higher.",
        ),
        (
            "Roe, however, went home and did not answer the door.",
            "Roe went home and did not answer the door.",
        ),
        (
            "The judges struck down each case, however, and the group has appealed since.",
            "The judges struck down each case and the group has appealed since.",
        ),
        (
            "Part of the team, meanwhile, has hired a private security firm.",
            "Part of the team has hired a private security firm.",
        ),
        (
            "In a call with banks, though, the chain said the attack was contained a day earlier.",
            "In a call with banks, the chain said the attack was contained a day earlier.",
        ),
        # a phrase before it that is no preposition's keeps its comma (a second reader, round 16)
        (
            "Unlike Roe, however, Lee voted against the bill.",
            "Unlike Roe, Lee voted against the bill.",
        ),
        (
            "Asked about the deal, however, Roe declined to comment.",
            "Asked about the deal, Roe declined to comment.",
        ),
        # a curly apostrophe in the phrase
        (
            "In Pine Hill’s case, however, the loss was larger.",
            "In Pine Hill’s case, the loss was larger.",
        ),
        # an opening connective goes first, then the one between commas
        ("Still, however, the firm faces a lawsuit.", "The firm faces a lawsuit."),
        ("And in Pine Hill, however, the loss was larger.", "In Pine Hill, the loss was larger."),
        ("Roe, however, said the vote would stand.", "Roe said the vote would stand."),
        ("Roe, however, did not say how.", "Roe did not say how."),
        # "being" is no finite verb; punctuation after the verb (a second reader, round 16)
        ("Roe, however, being a judge, declined.", "Roe, being a judge, declined."),
        ("Roe, however, did.", "Roe did."),
    ],
)
def test_a_connective_between_commas_in_the_first_clause_is_cut(text, cut):
    assert opener(text) == "connective"
    assert strip_connective(text) == cut


@pytest.mark.parametrize(
    "text",
    [
        "“We, however, will not go,” the mayor said.",  # a quotation's: its speaker's
        # after a whole clause, cutting it would splice two clauses (a second reader, round 16)
        "The deal is not done, however, the company said.",
        "Police arrested Roe, however, he was released hours later.",
        # ", too," ends a clause; ", for example," opens a list
        "Roe was there, too, police said.",
        "Some countries, for example, Pine Island, require a visa.",
    ],
)
def test_a_connective_that_cannot_go_is_left(text):
    assert opener(text) == ""
    assert strip_connective(text) == text


def test_a_pronoun_before_an_inner_connective_still_gives_way():
    assert opener("He, however, left the party in March.") == "pronoun"


def _cited(text: str, *sources: tuple[str, int]) -> SummarySentence:
    citations = tuple(Citation(a, i, 0, 1, 1.0, text) for a, i in sources)
    return SummarySentence(text, True, 1.0, citations)


def test_violations_count_openers_without_their_predecessor():
    summary = [
        _cited("Xi met Blinken in Beijing.", ("a", 0)),
        _cited("He called the talks candid.", ("a", 1)),  # follows a/0: fine
        _cited("However, no deal was made.", ("b", 4)),  # b/3 is not before it
        _cited("They will meet again.", ("c", 2), ("a", 2)),  # a/2 follows a/1: fine
    ]
    # "However" (b/3 is not before it) and "They" (its predecessors a/1, c/1 are not the
    # sentence right before it) both lean on what the reader has not read.
    assert violations(summary) == 2
    assert violations(summary[:2]) == 0
    assert violations([_cited("It rained.", ("a", 0))]) == 1  # nothing before the first


def test_arrange_moves_strips_swaps_and_drops():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class W:
        group: Group
        text: str
        method: str = "verbatim"

        @property
        def n_words(self) -> int:
            return len(self.text.split())

    cands = [
        sentence(0, 0, "Xi met Blinken in Beijing on Monday for talks."),
        sentence(0, 1, "He called the talks candid and constructive."),
        sentence(1, 5, "However, no agreement on military contacts was reached."),
        sentence(1, 7, "They will meet again next year in Washington."),
        sentence(2, 3, "Both sides will meet again next year."),
        sentence(1, 9, "It was the first such visit in five years."),
    ]
    written = [
        W(Group((0,), 0, 1.0), cands[0].text),
        W(Group((2,), 1, 1.0), cands[2].text),
        W(Group((1,), 2, 1.0), cands[1].text),  # moves right after its predecessor
        W(Group((3, 4), 3, 1.0), cands[3].text),  # swaps to its partner
        W(Group((5,), 4, 1.0), cands[5].text),  # cannot be mended: dropped
    ]
    out, dropped = arrange(written, cands)
    assert [w.text for w in out] == [
        cands[0].text,
        cands[1].text,
        "No agreement on military contacts was reached.",
        cands[4].text,
    ]
    assert [w.text for w in dropped] == [cands[5].text]


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("The same lawyer also represented the second driver in court.", True),
        ("The other suspect was arrested in Toledo on Friday.", True),
        ("The latter was released without charge on Saturday.", True),
        ("The other man was released without charge on Saturday.", True),
        # what was just told, as "this" or "that", "such" or a count (an editor struck these)
        ("That’s when the clerk noticed the ring was gone, she said.", True),
        ("That means the case goes back to the trademark office.", True),
        ("This is in no way the same as losing the headphone jack.", True),
        ("Such decisions depend on the training of the rangers.", True),
        ("The two cases highlight the risk to people living near the park.", True),
        ("Both men were released on bail on Friday.", True),
        # "The two" as the subject (round 16: "The two were covering twin blasts ..." struck)
        ("The two were covering the blasts in the capital.", True),
        ("The three had no idea they were near the border, Amy Smith said.", True),
        ("The two then-senators, Ann Price and Sam Roe, clashed on the budget.", False),
        ("The two countries signed the pact on Friday.", False),
        # a moment just told (round 16: a tuning reader struck "At that point, ...": which?)
        ("At that point, the bill goes back to the House.", True),
        ("Even then, the first model worked only in a few rooms.", True),
        ("By then, the fire had spread to the roof.", True),
        ("Since then-Gov. Ann Price signed the bill, Pine Hill has grown.", False),
        ("Since then–Gov. Ann Price signed the bill, Pine Hill has grown.", False),
        ("The pair had been walking in the mountains for six years.", True),
        # a part or a count of those just told (round 7)
        ("Not all of them are for hikers who walk the whole trail.", True),
        ("A few hundred more are for hikers who start later in the year.", True),
        ("Most of them were released by Sunday.", True),
        ("Most hikers start in April, rangers said.", False),
        ("Except for one actor who has done both, no one returned.", True),
        # near misses a second reader of the diff found: these stand on their own
        ("Many of those killed were women and children, the U.N. said.", False),
        ("Except for Alaska, every state reported new cases on Monday.", False),
        ("Many more Americans now work from home than before the pandemic.", False),
        ("More than 200 people were evacuated on Friday.", False),
        ("The couple of hours before the vote were tense, aides said.", False),
        # which bill was told before it: demonstrative openers were struck 16 times in 17
        ("That bill passed the Senate on Tuesday by 52 votes to 48.", True),
        ("This summer's heat wave broke records in 14 states.", False),
        ("“That was a tremendous success,” Trump said of the Montana race.", False),
        ('"It is yet to be established whether it is related," it cautioned.', True),
        ("Using only her phone to find a route, they headed across the west face.", True),
        ("After the vote on Tuesday, she resigned from the committee.", True),
        ("After the vote on Tuesday, the senator resigned from the committee.", False),
        # the phrase names who "she" is, or says who spoke; speech after the pronoun
        ("When Jane Roe was elected mayor of Boston in 2013, she promised to cut taxes.", False),
        ("Police said that when they arrived, they found two bodies.", False),
        ("The plan, he added, will cost $5 million.", False),
        # a demonstrative before another word, or "same" later, leans on nothing before it
        ("The council voted the same way on Tuesday.", False),
        ("This year's festival drew 40,000 people to Dunmore.", False),
        # others than those just told, or a second of them (round 12: blind readers struck
        # "Others question why the tax ..." and "Other information about the protests ...")
        ("Others question why the tax leaves out sugar-heavy beverages.", True),
        ("Other information about the protests has come from activists in exile.", True),
        ("Other suspects are still being sought, police said.", True),
        ("A second, with tranquilizers, was on its way.", True),
        # what a person not named yet found (round 15); named, it stands on its own
        ("What he found inside were officers posing as buyers in a sting.", True),
        ("What Roe found inside were officers posing as buyers in a sting.", False),
        # a quotation that opens on what its speaker just told (round 15)
        ('"This is when he allegedly touched the girl," the magazine reported.', True),
        ("“That’s when I knew it was no ordinary accident.”", True),
        ("‘That’s when I realised it was not an accident,’ Smith said.", True),
        ('"That is a question for the court," the lawyer said.', False),
        ("Other Democrats said they would vote against the bill.", True),
        ("Other than a new couch, the set was unchanged.", False),
        ("A second-degree murder charge was filed against Jane Roe on Friday.", False),
        ("A second-grade teacher in Ohio was arrested on Friday.", False),
        ("Otherwise the plan stands, officials said.", False),
        # the time of what was just told (round 13: a tuning reader struck the first)
        (
            "At that time, the grant was valued at $199 million, though subsequent declines in "
            "Alphabet shares put the current value at about $182 million.",
            True,
        ),
        ("At the time, the earliest modern human fossils had been found in Africa.", True),
        ("At the time of the attack, the building was empty, police said.", False),
        # "this", "these" or "those" before a noun inside the narration (round 9: readers
        # struck "mocked for those words", "said those tweets were", "this passenger pain point")
        ("Phil Schiller was mocked for those words on Twitter.", True),
        ("Sen. Ben Sasse said those tweets were beneath the office.", True),
        ("The airline debuted a new process to combat this passenger pain point.", True),
        # ... but late in a sentence it points at the sentence's own words
        (
            "One in seven colon and rectal cancers in the U.S. are now diagnosed in patients "
            "younger than age 50, the age to begin routine screenings for these tumors.",
            False,
        ),
        ("The court threw out all those objections on Thursday.", True),
        # ... not a time, a participle or a clause after "those", a quotation's words, nor a
        # pronoun "this"
        ("Prices have risen this year and these days few can pay.", False),
        ("The signal matched those emitted by flight recorders, officials said.", False),
        ("Relatives of those who died gathered on Sunday.", False),
        ("Critics question why it leaves out drinks like those sold at Starbucks.", False),
        # a second reader of the diff: "those" as people, a clause that says which, a kind, a
        # country, a quotation's tail; and "continued" or "posted" in narration is no speech
        ("The president vowed to bring those responsible to justice.", False),
        ("Officials said those aboard the ferry were rescued.", False),
        ("The fund will help those whose homes were destroyed.", False),
        ("Apple is one of those companies that never stops.", False),
        ("Doctors say this kind of injury is rare.", False),
        ("Voters in this country have spoken.", False),
        ("Our team fought this battle hard,” the coach said.", False),
        ("After a brief rest, they continued up the mountain.", True),
        ("After the company posted losses, he resigned.", True),
        ("Sen. Ben Sasse called the tweets “beneath those standards.”", False),
        ('"We are committed to complete this mission," Netanyahu said.', False),
        ("A lawyer for Ms. Roe said this is a matter for the courts.", False),
        # a pronoun speaks a quote with "wrote" or "tweeted" as with "said"
        ("“We are subject to wild swings in our stock price,” he wrote.", True),
        ("“We are subject to wild swings in our stock price,” Musk wrote.", False),
        # ... or asks it (round 13: a held-out summary ended on '"...?" he asked.')
        ("“Are those moms also more likely to give it to their children?” he asked.", True),
        ("“I want to find a friendly reporter. Are you one?” Trump asked.", False),
        # ... or holds it, as Science News writes (a tuning reader struck '..." she holds.')
        ("Smaller tools “provide strong indicators that we were on our way,” she holds.", True),
        # ... or closes an account without quotation marks (round 13): who "he" is comes first
        ("The gun was hers and was purchased legally, he said.", True),
        ("There was no immediate explanation for the altercation, he said.", True),
        ("The plan will cost $5 million, he told reporters on Monday.", True),
        ("The plan was approved on Friday, Aug. 1, they said in a joint statement.", True),
        ("The hikers had no idea they were near the border, Amy Smith said.", False),
        # ... unless a name opens the sentence, who the pronoun may be (a second reader)
        ("McKee and other family members saw the video surveillance, she said.", False),
        ("Herman has litigated around 800 cases involving sexual abuse, he said.", False),
        ("When Mary Smith took the stand on Tuesday, she said nothing.", False),
        (
            "The gun was bought at a shop in Bel Air in 2016, he said in a statement on Monday.",
            False,
        ),
        ("The gun was bought legally two years ago, he said in a statement on Monday.", True),
        # "the same" before a noun early in the narration (round 11: readers struck "after
        # the same briefing", "During the same interview", "Appearing on the same program")
        ("Lawmaker Kim told reporters after the same briefing that a test may come.", True),
        ("During the same interview Dickson also explained her hatred of carrots.", True),
        ("Appearing on the same program, Sen. Lamar Alexander blamed Harry Reid.", True),
        ("Later that same day, at the same news conference, the mayor resigned.", True),
        ("Jane Roe told reporters at the same White House briefing that talks would go on.", True),
        # a negative inversion before a bare pronoun (round 17: "Little did she know ..." led
        # a summary; who is "she"?)
        ("Little did she know she was about to be bitten by a fox.", True),
        ("Never before had the city seen such rain.", False),
        ("Never has it been more important to vote, the governor said.", False),
        ("Rarely has it been so hot in Pine Hill in May.", False),
        ("Little did anyone know the vote would be close.", False),
        # "that" before a noun after a preposition (round 17: a tuning reader struck all three)
        ("Ann Price said she was mystified by that conclusion.", True),
        ("Under the terms of that deal, Lumora would have taken the equities business.", True),
        ("The new film fits right into that pattern, a caper about con artists.", True),
        ("Police said that officers found the car in Pine Hill.", False),
        ("The study found that people who slept less ate more.", False),
        ("Sam Roe went from that to a seat on the city council.", False),
        ("The case is unusual in that prosecutors rarely charge a governor.", False),
        ("“I was mystified by that conclusion,” Ann Price said.", False),
        # a quotation opening on "That" and a verb (round 17)
        ("“That suggests it can emerge fairly easily and be part of mating displays.”", True),
        ('"That\'s some bad luck."', True),
        ('"That is not something the group supports."', True),
        ('"That is not something the group supports," Roe said.', False),
        ('"This is agonizing," Roe said.', False),
        ("“That kind of thing happens everywhere,” Roe said.", False),
        ("Smith appeared on the same show as her former husband.", False),
        ("Trump spoke at the same rally where he was shot in 2024.", False),
        # ... not what stands on its own (a second reader's cases), nor late in a sentence
        ("Revenue rose 12 percent from the same period a year earlier.", False),
        ("The film, based on the 2012 novel of the same name, stars Emma Stone.", False),
        ("Police said the three victims attended the same school in Ohio.", False),
        ("Tesla and GM were hit by the same chip shortage.", False),
        ("Ortega faces the same charges that sent his brother to prison.", False),
        ("Police arrested him at a hotel in the same area as the banks.", False),
        ("The announcement came on the same day that hundreds marched in Los Angeles.", False),
        ("Jeff Herman, the same lawyer who filed four suits, gave specifics.", False),
        (
            "Critics said that even the cast's shouty delivery could not hide that the sketch "
            "was the same joke repeated about twenty times.",
            False,
        ),
        ("“We will do the same thing next year,” the mayor said.", False),
        # "former" and "other" before a noun that names its own referent
        ("The former president, Donald Roe, said he would appeal.", False),
        ("The other candidates in the race said nothing on Monday.", False),
    ],
)
def test_a_phrase_that_points_back_leans_on_the_sentence_before(text, leans):
    assert (opener(text) == "pronoun") is leans
