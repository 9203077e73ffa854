"""Each fact once (models/stages/select.py FactRule, group.py corroboration) and the news first
on the seed story's text."""

from __future__ import annotations

from dataclasses import replace

from models.stages.group import group_sentences
from models.stages.select import FactRule, SelectionWeights, mmr_rank
from models.text import Facts
from tests.fakes import HashingEncoder
from tests.merge_cases import sentence

# From examples/seed-bundle.json: the meeting told three ways, and the story's "but".
MET = (
    "US Secretary of State Antony Blinken met with Chinese President Xi Jinping in Beijing, "
    "who said an agreement on some specific issues had been reached."
)
MET_AGAIN = "Blinken met Chinese President Xi Jinping in Beijing on Monday."
MET_THIRD = "Chinese President Xi Jinping met with Antony Blinken in Beijing."
REFUSED = (
    "China refused to restore military-to-military communication channels, a key US demand "
    "after a series of close encounters."
)
STABILISE = "Blinken and Xi agreed to stabilize the deteriorating relations between the two."


def test_a_restatement_adds_no_fact_but_a_new_fact_does():
    facts = Facts()
    facts.add(MET)
    rule = FactRule()
    # Close to the meeting (a high cosine) and only a weekday new: the same event again.
    assert rule.restates(0.8, facts, MET_AGAIN)
    assert rule.restates(0.75, facts, MET_THIRD)
    # Less close, but no name, number or three content words the summary lacks.
    assert rule.restates(0.55, facts, "Xi met Blinken in Beijing.")
    # The refusal is about the same visit and adds the story's "but".
    assert not rule.restates(0.6, facts, REFUSED)
    # Unrelated (a low cosine): never judged a restatement.
    assert not rule.restates(0.3, facts, MET_THIRD)


def test_a_contraction_is_no_new_fact_however_its_apostrophe_is_typeset():
    """A tuning summary (dev cluster 73) told the new boarding process four times; "United
    says it’s streamlining its boarding process." added "it" as a content word (the typeset
    apostrophe kept "it’s" out of the stopwords), and so three new words, enough to pass."""
    facts = Facts()
    facts.add("United Airlines debuted a new boarding process to make sure flights depart on time.")
    for text in (
        "United says it’s streamlining its boarding process.",
        "United says it's streamlining its boarding process.",
    ):
        words, names = facts.new_in(text)
        assert words == {"streamlin"} and not names
        assert FactRule().restates(0.55, facts, text)
    assert facts.new_in("That’s why Trump’s team didn’t go.")[0] == {"team", "trump"}


def test_an_age_written_in_words_is_the_same_age_in_digits():
    """Round 18: a tuning summary read "Martin Richard, 8, was identified." after "Eight-year-old
    Martin Richard was the second of the three people killed to have been identified"; the
    digit passed for a new number and a reader struck the sentence as a repeat."""
    facts = Facts()
    facts.add("Eight-year-old Sam Roe was the second of the three victims identified.")
    assert facts.new_in("Sam Roe, 8, was identified.") == (set(), set())
    assert FactRule().restates(0.6, facts, "Sam Roe, 8, was identified.")
    # the other way round: the age in digits first
    facts = Facts()
    facts.add("Police said Sam Roe, 8, was killed.")
    assert facts.new_in("Eight-year-old Sam Roe was killed.")[1] == set()
    # another age is new, and a number in words that is no age states no digits ("Two
    # leaders", "Three Mile Island", "two-thirds")
    assert facts.new_in("Sam Roe, 9, was identified.")[1] == {"9"}
    facts = Facts()
    facts.add("Two leaders met at Three Mile Island, where two-thirds of staff stayed.")
    assert facts.new_in("The plant cost $2 billion and 3 reactors.")[1] == {"2", "3"}


def _ranked(weights: SelectionWeights) -> tuple[list[str], dict[int, int]]:
    texts = [MET, MET_AGAIN, REFUSED, MET_THIRD]
    cands = [sentence(i, 0, t) for i, t in enumerate(texts)]
    vectors = HashingEncoder().encode(texts)
    restated: dict[int, int] = {}
    order, _ = mmr_rank(cands, vectors, 200, 0.0, weights, restated=restated)
    return [texts[i] for i in order], restated


def test_mmr_refuses_a_sentence_that_adds_no_fact_and_says_which_it_restates():
    picked, restated = _ranked(SelectionWeights())
    assert picked.count(MET) + picked.count(MET_AGAIN) + picked.count(MET_THIRD) == 1
    assert REFUSED in picked
    assert restated and all(i != pick for i, pick in restated.items())
    # Without the rule and with a repeat only past 0.99, the vectors alone let the meeting in
    # more than once.
    plain, none = _ranked(
        replace(SelectionWeights(), facts=None, duplicate_threshold=0.99, duplicate_margin=0.0)
    )
    assert sum(t in plain for t in (MET, MET_AGAIN, MET_THIRD)) >= 2 and not none


def test_a_restatement_from_another_article_corroborates_the_group_it_restates():
    texts = [MET, REFUSED, MET_THIRD]
    cands = [sentence(0, 0, MET), sentence(0, 1, REFUSED), sentence(1, 0, MET_THIRD)]
    vectors = HashingEncoder().encode(texts)
    # Grouping's own partner rule is kept out of the way (min_cosine 1.01): the restatement
    # joins as corroboration, not as a partner.
    from models.stages.group import GroupingSettings

    groups, _ = group_sentences(cands, vectors, 200, 0.0, GroupingSettings(min_cosine=1.01))
    heads = [cands[g.head].text for g in groups]
    assert MET_THIRD not in heads
    meeting = next(g for g in groups if MET in (cands[i].text for i in g.members))
    assert [cands[i].text for i in meeting.members] == [MET, MET_THIRD]
