"""The path rules (models/write/pathrules.py, the cuts in models/write/pathcuts.py): where a
word-graph path may switch sources: every verb keeps its subject, every phrase its verb, every
switch is on a shared content word."""

from __future__ import annotations

import pytest

from models.write.pathcuts import runs
from models.write.pathrules import (
    anchored,
    keeps_agents,
    keeps_governors,
    keeps_openings,
    keeps_reasons,
    keeps_subjects,
    keeps_times,
)
from models.write.splicerules import keeps_frames
from models.write.wordgraph import WordGraph
from tests.merge_cases import (
    HEAD,
    PARTNER,
    path_of,
)


def test_a_splice_may_not_hand_a_verb_to_another_sentences_subject():
    """Read on the dev clusters: the graph joined a spokeswoman's sentence to the shooter's
    predicate at "distribution center". The run after the switch holds a verb whose subject
    stayed behind in its own source, so the path is refused."""
    a = "Susan Henderson said 1,000 employees work at the distribution center in Aberdeen."
    b = "A temporary employee at a distribution center in Harford County shot three co-workers."
    graph = WordGraph([a, b])
    bad = (
        "Susan Henderson said 1,000 employees work at the distribution center in Harford "
        "County shot three co-workers."
    )
    path = path_of(graph, bad)
    assert [graph.text(path[f:e]) for _, _, f, e in runs(graph, path)][1].startswith("Harford")
    assert not keeps_subjects(graph, path)


@pytest.mark.parametrize(
    ("sources", "bad"),
    [
        # Read on dev clusters 36-119: the shared name was the object of the clause it ends
        # ("I love Ariel Winter"), so the verb after the switch has no subject.
        (
            (
                "Ariel Winter has got it and she isn't afraid to flaunt it.",
                "I don't know about you, but I love Ariel Winter for this.",
            ),
            "I don't know about you, but I love Ariel Winter has got it and she isn't afraid "
            "to flaunt it.",
        ),
        # "it" was the object of "call", not the subject of "hasn't", a negated auxiliary.
        (
            (
                "This Planet 9, as the two Caltech researchers call it, hasn't been spotted yet.",
                "That's when the Caltech researchers started to take Planet Nine seriously.",
            ),
            "That's when the Caltech researchers call it, hasn't been spotted yet.",
        ),
        # an "-ed" verb before its object: "John Smith" was arrested, not the one charged
        (
            (
                "Police arrested John Smith on Monday in Boston.",
                "John Smith was charged with murder on Tuesday.",
            ),
            "Police arrested John Smith was charged with murder on Tuesday.",
        ),
    ],
)
def test_a_splice_read_wrong_on_new_clusters_is_refused(sources, bad):
    graph = WordGraph(list(sources))
    assert not keeps_subjects(graph, path_of(graph, bad))


@pytest.mark.parametrize(
    ("sources", "fused"),
    [
        # the shared words are the verb's subject in both sources
        (
            (
                "In the interview, Damon says there is a spectrum to such behavior.",
                "In an interview with ABC News this week, Damon spoke about misconduct.",
            ),
            "In an interview with ABC News this week, Damon says there is a spectrum to such "
            "behavior.",
        ),
        # "and" after a verb both sources share
        (
            (HEAD, PARTNER),
            "Officials said the storm killed 12 people in the coastal town of Riverton and "
            "destroyed 300 homes.",
        ),
        # a relative clause brings its own subject
        (
            (
                "She was identified by the sheriff's office as Snochia Moseley, 26, from Towson.",
                "Police named the shooter as Snochia Moseley, 26, who lived in White Marsh.",
            ),
            "She was identified by the sheriff's office as Snochia Moseley, 26, who lived in "
            "White Marsh.",
        ),
        # a participle before the shared words is no verb of the clause ("ousted in")
        (
            (
                "One of the supervisors ousted this week in the prostitution scandal made light "
                "of his work on Facebook.",
                "One of the supervisors ousted in the agency's prostitution scandal joked on "
                "Facebook about Sarah Palin.",
            ),
            "One of the supervisors ousted in the agency's prostitution scandal made light of "
            "his work on Facebook.",
        ),
        # the clause begins inside the shared words ("the driver, who")
        (
            (
                "Officers found the driver, who had fled on foot, near the river on Monday.",
                "Troopers chased the driver, who was drunk, near the river on Monday.",
            ),
            "Officers found the driver, who was drunk, near the river on Monday.",
        ),
        # an adverb between a subject pronoun and its verb ("he later told")
        (
            (
                "Blinken met Xi Jinping in Beijing on Monday for talks on trade.",
                "The envoy landed in Beijing on Monday, and he later told reporters about it.",
            ),
            "Blinken met Xi Jinping in Beijing on Monday, and he later told reporters about it.",
        ),
    ],
)
def test_a_splice_that_keeps_each_verbs_subject_is_allowed(sources, fused):
    graph = WordGraph(list(sources))
    assert keeps_subjects(graph, path_of(graph, fused))


@pytest.mark.parametrize(
    ("sources", "bad"),
    [
        # the date was when he was named, not when he served there
        (
            (
                "Smith was named police chief in May 2014 after a long career in Dover.",
                "Before joining the city, Smith served as the police chief in Riverton.",
            ),
            "Before joining the city, Smith served as the police chief in May 2014 after a "
            "long career in Dover.",
        ),
        # 1958 was when she predicted it, not when she discovered it
        (
            (
                "The probe is named after Jane Doe, who discovered the existence of the solar "
                "wind.",
                "The astrophysicist Jane Doe predicted the existence of the solar wind back in "
                "1958.",
            ),
            "The probe is named after Jane Doe, who discovered the existence of the solar wind "
            "back in 1958.",
        ),
        # "since" opens a phrase here, not a clause of its own: it belonged to "went"
        (
            (
                "Voters went to the polls in the first parliamentary elections since the ouster "
                "of the president.",
                "Egyptians voted in the third round of parliamentary elections today.",
            ),
            "Egyptians voted in the third round of parliamentary elections since the ouster of "
            "the president.",
        ),
        # a second reader's cases: a reporting verb both share does not tie the phrases
        (
            (
                "Police said Okafor was named fire chief in May 2014 after a long career in Dover.",
                "Police said Okafor served as the fire chief in Riverton before retiring.",
            ),
            "Police said Okafor served as the fire chief in May 2014 after a long career in Dover.",
        ),
        # "as" and "after" open a phrase here, not a clause
        (
            (
                "Lee joined the firm as a junior analyst in 2005 after college.",
                "Lee later returned to the firm as chief executive after a decade in London.",
            ),
            "Lee joined the firm as chief executive after a decade in London.",
        ),
        # "of unarmed teenager": an adjective in "-ed", not a verb in the shared words
        (
            (
                "Protesters marched over the killing of unarmed teenager Ray Cole by police in "
                "March.",
                "Officer Dale Kemp was cleared over the killing of unarmed teenager Ray Cole "
                "last week.",
            ),
            "Protesters marched over the killing of unarmed teenager Ray Cole last week.",
        ),
        # "and" adds a second object to the other source's verb
        (
            (
                "The storm killed 12 people in Riverton and three in nearby Dover.",
                "The storm injured 12 people in Riverton overnight.",
            ),
            "The storm injured 12 people in Riverton and three in nearby Dover.",
        ),
        # a verb in a later relative clause does not make "after the riots" a clause
        (
            (
                "Smith was named police chief after the riots in May 2014, which killed four "
                "people.",
                "Smith served as police chief in Riverton for a decade.",
            ),
            "Smith served as police chief after the riots in May 2014, which killed four people.",
        ),
    ],
)
def test_a_phrase_may_not_hang_on_another_sources_verbs(sources, bad):
    """Read on dev clusters 36-119: a switch inside a phrase ("police chief in | May 2014")
    gave one source's date or phrase to another source's verb. Every word verifies; the
    sentence states what no source does."""
    graph = WordGraph(list(sources))
    path = path_of(graph, bad)
    assert keeps_subjects(graph, path) and anchored(graph, path) and keeps_frames(graph, path)
    assert not keeps_governors(graph, path)


@pytest.mark.parametrize(
    ("sources", "fused"),
    [
        # both sources' phrases complete the same verb ("fell")
        (
            (
                "A walker fell to her death while looking for a safe route off the peak.",
                "A woman fell to her death as she tried to find a safe way down from a peak in "
                "Snowdonia.",
            ),
            "A walker fell to her death while looking for a safe way down from a peak in "
            "Snowdonia.",
        ),
        # what follows the switch is a clause with its own verb
        (
            (
                "The rebels seized the town of Gao after the army left the north.",
                "The rebels took the town of Gao on Sunday.",
            ),
            "The rebels took the town of Gao after the army left the north.",
        ),
        # an aside on the shared words
        (
            (
                "Firefighters battled a blaze at the Hillcrest chemical plant, the largest "
                "employer in Akron.",
                "An explosion ripped through the Hillcrest chemical plant on Tuesday morning.",
            ),
            "An explosion ripped through the Hillcrest chemical plant, the largest employer in "
            "Akron.",
        ),
        # "made" and "makes" are one verb
        (
            (
                "Hurricane Lena made landfall near Port Dover as a Category 4 storm.",
                "Hurricane Lena makes landfall near Port Dover early Tuesday, forecasters say.",
            ),
            "Hurricane Lena makes landfall near Port Dover as a Category 4 storm.",
        ),
        # "tried" and "trying" are one verb
        (
            (
                "Kemp drowned while trying to cross the river near Eagle Pass with his son.",
                "Kemp was swept away as he tried to cross the river near Eagle Pass on Sunday.",
            ),
            "Kemp was swept away as he tried to cross the river near Eagle Pass with his son.",
        ),
    ],
)
def test_a_phrase_that_completes_a_shared_verb_or_opens_a_clause_is_allowed(sources, fused):
    graph = WordGraph(list(sources))
    assert keeps_governors(graph, path_of(graph, fused))


def test_a_switch_needs_shared_content_words_not_only_function_words():
    """Read on the dev clusters: at "— including" the partner's list of a lawyer's specifics
    became the lawsuits the head said he would file. A switch on shared content words
    ("with a box of") keeps both phrases about the same thing."""
    a = "Herman said he plans to file more lawsuits in the future — including one in London."
    b = "Herman gave photos of their alleged efforts — including Singer having sex with him."
    graph = WordGraph([a, b])
    bad = (
        "Herman said he plans to file more lawsuits in the future — including Singer having "
        "sex with him."
    )
    assert not anchored(graph, path_of(graph, bad))
    c = "Herman supplied a note by Goddard which was sent with a box of Hershey’s chocolates."
    d = "Herman showed a note that Goddard sent to the teen along with a box of Hershey chocolate."
    graph = WordGraph([c, d])
    good = "Herman supplied a note by Goddard which was sent with a box of Hershey chocolate."
    assert anchored(graph, path_of(graph, good))


def test_a_reason_stays_with_the_source_whose_verb_it_explains():
    """Read on the tuning clusters (round 6): the reason officials gave for killing a lion was
    given to its escape. Both sources have "escaped" before the shared words, so the verb rule
    lets the splice through; a switch onto "because" is refused."""
    sources = (
        "In the Karoo, a lion named Rex had escaped from the national park.",
        "Officials said they would kill a lion that escaped from the national park because it "
        "was a threat to humans.",
    )
    graph = WordGraph(list(sources))
    bad = (
        "In the Karoo, a lion named Rex had escaped from the national park because it was a "
        "threat to humans."
    )
    path = path_of(graph, bad)
    assert keeps_governors(graph, path)
    assert not keeps_reasons(graph, path)


def test_an_agent_stays_with_the_event_of_its_own_source():
    """Read on the tuning clusters (round 8): the lab that tested this year's raccoon was given
    to last summer's tests. Both sources have "tested positive for rabies"; a switch onto "by"
    there is refused, and a switch onto the full stop after them passes."""
    sources = (
        "Reyes said that last summer, two foxes in Lincolnville tested positive for rabies.",
        "Officer Ana Reyes confirmed that the dead fox later tested positive for rabies by the "
        "state laboratory.",
    )
    graph = WordGraph(list(sources))
    bad = (
        "Reyes said that last summer, two foxes in Lincolnville tested positive for rabies by "
        "the state laboratory."
    )
    assert not keeps_agents(graph, path_of(graph, bad))
    good = "Officer Ana Reyes confirmed that the dead fox later tested positive for rabies."
    assert keeps_agents(graph, path_of(graph, good))
    # "by" in the shared words' end, or a few words after the switch, is caught too
    for sources, bad in (
        (
            (
                "Last summer, two foxes tested positive for rabies by the state laboratory in "
                "Augusta.",
                "The dead fox later tested positive for rabies by the federal laboratory in "
                "Atlanta.",
            ),
            "Last summer, two foxes tested positive for rabies by the federal laboratory in "
            "Atlanta.",
        ),
        (
            (
                "Reyes said that last summer, two foxes in Lincolnville tested positive for "
                "rabies.",
                "Officer Ana Reyes confirmed that the dead fox later tested positive for rabies "
                "on Tuesday by the state laboratory.",
            ),
            "Reyes said that last summer, two foxes in Lincolnville tested positive for rabies "
            "on Tuesday by the state laboratory.",
        ),
    ):
        graph = WordGraph(list(sources))
        assert not keeps_agents(graph, path_of(graph, bad))


def test_an_opening_phrase_stays_with_the_verb_it_modifies():
    """Read on the tuning clusters (round 6): the hour a police chief reached a hotel was
    given to his arrest. The opening phrase has no verb of its own; after the switch its
    source goes on with "arrived", the path with "had"."""
    sources = (
        "At about 6:20 p.m. Friday, Johnson arrived at a hotel in Dania Beach with two condoms "
        "in his back pocket.",
        "At the time of his arrest, Johnson had two condoms in his pocket, detectives said.",
        "He had two condoms in his pocket when he was arrested, the report said.",
    )
    graph = WordGraph(list(sources))
    for bad in (
        "At about 6:20 p.m. Friday, Johnson had two condoms in his pocket when he was arrested, "
        "the report said.",
        "At the time of his arrest, Johnson arrived at a hotel in Dania Beach with two condoms "
        "in his back pocket.",
    ):
        path = path_of(graph, bad)
        assert keeps_governors(graph, path)
        assert not keeps_openings(graph, path)
    # the opening phrase with its own verb, the rest from another source, passes
    good = "At the time of his arrest, Johnson had two condoms in his back pocket."
    assert keeps_openings(graph, path_of(graph, good))


@pytest.mark.parametrize(
    ("sources", "path_text", "kept"),
    [
        # the reason begun in the shared words and finished by the other source
        (
            (
                "A lion named Rex escaped from the park because it was hungry, rangers said.",
                "Officials killed a lion that escaped from the park because it was a threat to "
                "humans.",
            ),
            "A lion named Rex escaped from the park because it was a threat to humans.",
            False,
        ),
        # a comma before the reason
        (
            (
                "In the Karoo, a lion named Rex escaped from the national park.",
                "Officials killed a lion that escaped from the national park, because it was a "
                "threat to humans.",
            ),
            "In the Karoo, a lion named Rex escaped from the national park, because it was a "
            "threat to humans.",
            False,
        ),
        # "since Monday night" is a time, not a reason
        (
            (
                "In Ohio, the 12-year-old girl has been missing from her home in Dayton and may "
                "be in danger.",
                "The 12-year-old girl has been missing from her home in Dayton since Monday night.",
            ),
            "In Ohio, the 12-year-old girl has been missing from her home in Dayton since Monday "
            "night.",
            True,
        ),
    ],
)
def test_reasons_found_in_the_shared_words_and_times_let_through(sources, path_text, kept):
    graph = WordGraph(list(sources))
    assert keeps_reasons(graph, path_of(graph, path_text)) is kept


def test_a_time_clause_stays_with_the_event_of_its_own_source():
    """Read on the tuning clusters (round 15): the motel sting. The path went on from the
    arrival's "in his pocket" with the report's "when he was arrested": he was not arrested on
    arriving. A clause of time after a switch, in the shared words or the next source's first
    three words, is refused; a switch that goes on with no time clause passes."""
    sources = (
        "At about 7:15 p.m. Friday, Roe arrived at an unnamed motel in Pine Beach "
        "with two phones in his back pocket.",
        "At the time of his arrest, Roe had two phones in his pocket, detectives said.",
        "He had two phones in his pocket when he was arrested, the report said.",
    )
    graph = WordGraph(list(sources))
    bad = (
        "At about 7:15 p.m. Friday, Roe arrived at an unnamed motel in Pine Beach "
        "with two phones in his pocket when he was arrested, the report said."
    )
    assert keeps_governors(graph, path_of(graph, bad))  # the clause has a verb of its own
    assert not keeps_times(graph, path_of(graph, bad))
    good = "At the time of his arrest, Roe had two phones in his back pocket."
    assert keeps_times(graph, path_of(graph, good))
    # "while" and "until" date their own source's verb as "when" does
    for clause in ("while he was in custody", "until he was arrested"):
        two = WordGraph(
            [
                "Roe waited at a motel in Pine Beach for an hour.",
                f"He was questioned by officers in Pine Beach {clause}.",
            ]
        )
        path = f"Roe waited at a motel in Pine Beach {clause}."
        assert not keeps_times(two, path_of(two, path))
    # a time clause after "but" is the next source's own clause, dated by its own verb
    two = WordGraph(
        [
            "Roe drove to a motel in Pine Beach on Friday.",
            "He drove to a motel in Pine Beach, but when officers knocked he tried to flee.",
        ]
    )
    path = "Roe drove to a motel in Pine Beach, but when officers knocked he tried to flee."
    assert keeps_times(two, path_of(two, path))


def test_an_opening_phrase_is_checked_against_the_verb_past_an_aside():
    """A second reader of the diff: the opening source's next token ("," of "Johnson, 45,")
    is no verb, so the rule let the hotel hour through; the first finite verb is compared."""
    sources = (
        "At about 6:20 p.m. Friday, Johnson, 45, arrived at a hotel in Dania Beach with two "
        "condoms.",
        "At the time of his arrest, Johnson had two condoms in his pocket, detectives said.",
    )
    graph = WordGraph(list(sources))
    bad = "At about 6:20 p.m. Friday, Johnson had two condoms in his pocket, detectives said."
    assert not keeps_openings(graph, path_of(graph, bad))
