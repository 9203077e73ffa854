"""The splice rules (models/write/splice.py): where a word-graph path may switch sources."""

from __future__ import annotations

import pytest

from models.write.pathrules import (
    anchored,
    ends_finished,
    keeps_frames,
    keeps_governors,
    keeps_quotes,
    keeps_subjects,
    runs,
    verbs_agree,
)
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
