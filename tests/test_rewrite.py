"""The rewrite stage (models/stages/rewrite.py, names.py, timewords.py): one spelling per
person, full name first and the short form after, relative time anchored or dropped; every
word still in the cited sources, as verify checks.

The sentences are written for these tests in the style of wire copy (invented people and
places); the real bundle's case is in tests/test_real_models.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from models.stages.assemble import Cited
from models.stages.names import find_people, same_first_name
from models.stages.respell import respell
from models.stages.rewrite import published_day, rewrite, still_sourced
from models.stages.timewords import retime, time_phrases
from models.types import Article, Citation, Sentence, SummarySentence
from models.write.verify import verify

# ---------------------------------------------------------------- first names


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Antony", "Anthony", True),  # an "h" inside
        ("Jon", "John", True),
        ("Philip", "Phillip", True),  # a doubled letter
        ("Mathew", "Matthew", True),
        ("Elisabeth", "Elizabeth", True),  # "s" for "z"
        ("Carl", "Carol", False),  # a vowel inside: another name
        ("Dan", "Dana", False),  # a letter at the end: another name
        ("Mark", "Mary", False),
        ("Catherine", "Katherine", False),  # first letter differs: not merged (conservative)
        ("Ellen", "Oliver", False),
    ],
)
def test_first_names_spelt_two_ways(a, b, same):
    assert same_first_name(a, b) is same
    assert same_first_name(b, a) is same


# ---------------------------------------------------------------- names in a summary

VARGAS = [
    "Foreign Minister Tomas Vargas arrived in Lumora on Tuesday for two days of talks.",
    "Thomas Vargas, Lumora's top diplomat, met the prime minister.",
    "Tomas Vargas called the talks candid but useful.",
    "Mr. Vargas said both sides agreed to reopen the border crossing.",
    "The talks were held at the Palace of Nations in Lumora.",
]


@pytest.mark.parametrize(
    ("summary", "expected", "needs"),
    [
        # the minority spelling becomes the one most sources use, cited
        (
            ["Thomas Vargas met the prime minister in Lumora."],
            ["Tomas Vargas met the prime minister in Lumora."],
            [("Tomas Vargas",)],
        ),
        # a first mention by surname gains the full name; later mentions keep the surname
        (
            ["Vargas said both sides agreed to reopen the crossing.", "Vargas called it useful."],
            [
                "Tomas Vargas said both sides agreed to reopen the crossing.",
                "Vargas called it useful.",
            ],
            [("Tomas Vargas",), ()],
        ),
        # a full name after the first mention becomes the surname
        (
            ["Tomas Vargas arrived on a visit.", "Foreign Minister Thomas Vargas met them."],
            ["Tomas Vargas arrived on a visit.", "Foreign Minister Vargas met them."],
            [(), ()],
        ),
        # a possessive keeps its ending
        (
            ["Vargas's visit was the first in years."],
            ["Tomas Vargas's visit was the first in years."],
            [("Tomas Vargas",)],
        ),
        # "Mr. Vargas" is left as written where no source gives the title to the full name:
        # the title says who of a family is meant, which the sources' first name may not
        (
            ["Mr. Vargas said the border would reopen.", "Vargas then left."],
            ["Mr. Vargas said the border would reopen.", "Vargas then left."],
            [(), ()],
        ),
        (
            ["Mr. and Mrs. Vargas said the border would reopen."],
            ["Mr. and Mrs. Vargas said the border would reopen."],
            [()],
        ),
        # inside quotes the words are the speaker's
        (
            ["“Thomas Vargas is a friend,” the premier said."],
            ["“Thomas Vargas is a friend,” the premier said."],
            [()],
        ),
    ],
)
def test_names_are_spelt_one_way_full_name_first(summary, expected, needs):
    people = find_people(VARGAS)
    out = respell(summary, people)
    assert [r.text for r in out] == expected
    assert [r.needs for r in out] == needs


@pytest.mark.parametrize(
    ("sources", "summary", "expected"),
    [
        # a source gives the title to the full name, and no other title to the surname
        (
            ["Dr. Sripal Bangalore led the study.", "Dr. Bangalore said it was observational."],
            "Dr. Bangalore and his team say the study was observational.",
            "Sripal Bangalore and his team say the study was observational.",
        ),
        # a couple: "Mr. and Mrs. Wilson" gives the surname two titles
        (
            [
                "Greg Wilson, 58, and his wife were rescued on Sunday.",
                "Mr. and Mrs. Wilson were found near the summit.",
                "Wilson said they had run out of water.",
            ],
            "Mrs. Wilson said she had run out of water.",
            "Mrs. Wilson said she had run out of water.",
        ),
        # the doctor is not the patient whose full name the sources give
        (
            [
                "John Smith was taken to Mercy Hospital.",
                "Smith said he did not remember the crash.",
                "Dr. Smith, the surgeon on duty, said the operation went well.",
            ],
            "Dr. Smith said the operation went well.",
            "Dr. Smith said the operation went well.",
        ),
        # his mother
        (
            ["Elon Musk founded the company.", "Musk said it would fly.", "Mrs. Musk was proud."],
            "Mrs. Musk said she was proud.",
            "Mrs. Musk said she was proud.",
        ),
    ],
)
def test_a_titled_surname_is_written_in_full_only_where_the_title_is_the_full_names(
    sources, summary, expected
):
    assert [r.text for r in respell([summary], find_people(sources))] == [expected]


def test_two_people_with_one_surname_are_never_merged():
    sources = [
        "Ellen Marsh, the mayor, opened the bridge.",
        "Oliver Marsh, her brother, runs the ferry company.",
        "Marsh said the ferry would keep running.",
        "Ellen Marsh cut the ribbon.",
    ]
    people = find_people(sources)
    assert {p.first for p in people} == {"Ellen", "Oliver"}
    assert all(p.short is None for p in people)  # "Marsh" alone could be either
    summary = ["Marsh said the ferry would keep running.", "Oliver Marsh runs the ferry."]
    assert [r.text for r in respell(summary, people)] == summary


def test_a_place_is_not_taken_for_a_person():
    sources = [
        "Talks resumed in Harlow after a week.",
        "Dina Harlow said the talks would resume.",
        "Harlow said nothing more.",
    ]
    (harlow,) = find_people(sources)
    assert harlow.short is None  # "in Harlow": a place too
    assert respell(["Harlow said talks would resume."], [harlow])[0].text == (
        "Harlow said talks would resume."
    )


def test_a_speaker_after_a_comma_is_no_place():
    """ "... then moved inside, Gahler said." puts no one inside Gahler: the comma ends the
    preposition's phrase. The sheriff keeps his short form, and a summary's first "Gahler said"
    gets his full name (a held-out summary printed the bare surname)."""
    sources = [
        "Sheriff Jeffrey Gahler told reporters the woman was a temporary employee.",
        "The shooting began outside the distribution center, then moved inside, Gahler said.",
        "The call came into police at around 9:06 a.m., Gahler said.",
    ]
    (gahler,) = find_people(sources)
    assert gahler.short == "Gahler"
    summary = ["Employees were shot both inside and outside the center, Gahler said."]
    assert [r.text for r in respell(summary, [gahler])] == [
        "Employees were shot both inside and outside the center, Jeffrey Gahler said."
    ]


def test_a_surname_that_opens_sentences_is_a_short_form_though_it_follows_at():
    """A bare surname that opens a sentence as a person ("Okafor, who had led the unit,
    retired ...", "Okafor, 45, ...") is the person's short form: the summary's first mention
    gets the full name (a blind reader struck a bare surname before its full name). Twice so,
    it outweighs an "at Okafor" ("arrived at Okafor"); "looking at Okafor" is a person's, no
    place's (round 16), and never outweighs it. A place's comma ("Denton, Texas, police
    ..."), a possessive or a plain verb ("Acme's TVs", "Acme was ...": a firm's too) is none."""
    sources = [
        "Sam Okafor, one of two supervisors, resigned.",
        "Okafor, who had led the unit since 2009, retired under pressure.",
        "Okafor, 45, posted the photo on Tuesday.",
        "A woman in the picture was looking at Okafor.",
        "The convoy arrived at Okafor on Friday.",
    ]
    (okafor,) = find_people(sources)
    assert okafor.short == "Okafor"
    summary = ["Okafor, who had led the unit, retired.", "Sam Okafor posted the photo."]
    assert [r.text for r in respell(summary, [okafor])] == [
        "Sam Okafor, who had led the unit, retired.",
        "Okafor posted the photo.",
    ]
    once = [s for s in sources if not s.startswith("Okafor, 45")]
    assert find_people(once)[0].short is None  # once only: "at Okafor" may be a place
    places = ["Denton, Texas, police said.", "Denton, Texas, is small.", "Ada Denton spoke."]
    assert find_people(places)[0].short is None
    firms = ["Acme Account users sued.", "Acme's new TVs listen.", "Acme was fined in May."]
    assert find_people(firms)[0].short is None
    # a firm or a city named after a person, with an apposition or a verb, is no person
    # ("Ford recalled ..." had become "Bill Ford recalled ...")
    ford = [
        "Ford, the No. 2 automaker, recalled 300,000 trucks on Tuesday.",
        "Ford recalled the trucks after a fire.",
        "Executive Chairman Bill Ford defended the decision.",
    ]
    assert respell(["Ford recalled 300,000 trucks."], find_people(ford))[0].text == (
        "Ford recalled 300,000 trucks."
    )
    # an office before a name is no part of it: the full name is found, the first bare
    # surname written in full
    office = ["Agency Director Ana Okoro met the panel.", "Okoro said the memo was flawed."]
    (okoro,) = find_people(office)
    assert okoro.full == "Ana Okoro"
    assert respell(["Lee said Okoro told him so."], [okoro])[0].text == (
        "Lee said Ana Okoro told him so."
    )
    # two names before an office are a force's or a body's: "Metro Police Sgt. Ana Okoro"
    forces = ["Metro Police Sgt. Ana Okoro spoke.", "Police said the car fled."]
    assert [p.full for p in find_people(forces)] == ["Ana Okoro"]
    # a first name that is also a particle stays a first name where no source writes it
    # lower case: "Al Gore"
    gore = find_people(["Al Gore spoke on Monday.", "Gore said the vote was close."])
    assert [p.full for p in gore] == ["Al Gore"]
    # a particle alone is one word, no name to look up ("Al said ..." had raised IndexError)
    assert [p.full for p in find_people(["Al said so.", "Van left.", "Al Gore spoke."])] == [
        "Al Gore"
    ]
    # a surname's particle is no first name: "Arthur de Vaux" stays as written
    particles = ["Arthur de Vaux owns the label.", "De Vaux said nothing.", "De Vaux, 40, left."]
    assert find_people(particles) == ()
    vaux = find_people(["Arthur Vaux spoke.", "Vaux said no.", "Vaux, a designer, left."])
    assert respell(["The friend of Arthur de Vaux left."], vaux)[0].text == (
        "The friend of Arthur de Vaux left."
    )
    # a people that opens a sentence is no person
    voters = ["Estonians voted on Sunday.", "the leftist Free Estonians gained."]
    assert all(p.short is None for p in find_people(voters))
    # two names after "the" are a party's or a team's, no person's
    teams = ["the Free Voters gained.", "Voters, who were tired, stayed home."]
    assert find_people(teams) == ()
    # a first name that opens a sentence is no short form: "Jon Reyes" stays in full
    friends = ["Jon Reyes hosted the show.", "Jon, who was 36, took over.", "Jon led it."]
    assert find_people(friends)[0].short is None


@pytest.mark.parametrize(
    ("sources", "summary", "expected"),
    [
        # the speaker after the verb (a blind reader struck the bare "said Dixon")
        (
            ["The lists were found by executive director Pam Dixon.", "It is legal, said Dixon."],
            "Most consumers have no idea, said Dixon.",
            "Most consumers have no idea, said Pam Dixon.",
        ),
        (
            ["Ana Reyes led the count.", "Turnout rose, according to Reyes."],
            "Turnout rose by a third, according to Reyes.",
            "Turnout rose by a third, according to Ana Reyes.",
        ),
        # a surname with a capitalised prefix is a name ("LaValle" had been no word of one),
        # and one that stands before an auxiliary is the person's short form
        (
            [
                "The father is her boyfriend, Jionni LaValle, the report said.",
                "She told Ryan Seacrest that LaValle is the one.",
            ],
            "She has said that LaValle is the one.",
            "She has said that Jionni LaValle is the one.",
        ),
        # an adviser's office before the name is no part of it (a reader struck a bare
        # "Bossert" whose full name followed "Homeland Security Adviser")
        (
            ["Homeland Security Adviser Tom Bossert told ABC.", "Bossert, who saw it, said so."],
            "Bossert, who saw the tweet, said it was fine.",
            "Tom Bossert, who saw the tweet, said it was fine.",
        ),
        (
            ["Katie Holmes received a letter from Tom Cruise.", "Friends say Cruise has written."],
            "Friends say Cruise has written to Katie Holmes.",
            "Friends say Tom Cruise has written to Katie Holmes.",
        ),
        # a surname before a verb that gives a quote its speaker, not only "said": a reader
        # struck a bare "Ahmadinejad suggested" whose full name another sentence gave
        (
            [
                "The hiker left before President Mahmoud Ahmadinejad flew to New York.",
                "Ahmadinejad suggested in May that the men might be swapped.",
            ],
            "Ahmadinejad suggested in May that the men might be swapped.",
            "Mahmoud Ahmadinejad suggested in May that the men might be swapped.",
        ),
        (
            ["CNN host Dana Keller asked about the polls.", "Keller asked which polls."],
            "Keller asked which polls.",
            "Dana Keller asked which polls.",
        ),
        # "at" after a verb of looking or aiming points at a person, not a place (round 16: a
        # tuning reader struck a bare "Chaney, who had been ..." as unintroduced)
        (
            [
                "Sam Denton, a Pine Hill officer, wrote a post.",
                "A woman in the photo stood in the background, looking at Denton.",
                "Denton, who had been a supervisor, retired.",
            ],
            "Denton, who had been a supervisor, retired.",
            "Sam Denton, who had been a supervisor, retired.",
        ),
        (
            [
                "Sam Denton, a Pine Hill officer, wrote a post.",
                "The mayor lashed out at Denton on Monday.",
                "Denton, who had been a supervisor, retired.",
            ],
            "Denton, who had been a supervisor, retired.",
            "Sam Denton, who had been a supervisor, retired.",
        ),
        # a full name after a public office is a person's, and so is the bare surname before
        # a verb (round 18: a tuning reader struck a bare "Villaraigosa eventually gave
        # protesters until midnight" whose full name followed "Mayor")
        (
            [
                "Lawyers argued that Mayor Ann Okafor and police chief Sam Denton erred.",
                "Okafor eventually gave the campers until midnight to leave.",
            ],
            "Okafor eventually gave the campers until midnight to leave.",
            "Ann Okafor eventually gave the campers until midnight to leave.",
        ),
        (
            ["Chancellor Ann Okafor spoke on Monday.", "Okafor later closed the campus."],
            "Okafor later closed the campus.",
            "Ann Okafor later closed the campus.",
        ),
    ],
)
def test_a_surname_alone_as_a_person_is_written_in_full_first(sources, summary, expected):
    assert [r.text for r in respell([summary], find_people(sources))] == [expected]


@pytest.mark.parametrize(
    "sources",
    [
        # a firm named after its founder opens a run of capitals or owns a firm's things
        ["Michael Dell founded the firm.", "Dell's shares fell.", "Dell has posted a loss."],
        ["Bill Ford spoke.", "Ford Motor Co. recalled cars.", "Ford has recalled the cars."],
        # nor where it posts, continues or asks, as a firm or an outlet does
        ["Michael Dell founded the firm.", "Dell posted a loss.", "Dell posted a loss again."],
        ["Edsel Ford spoke.", "Ford continued to cut jobs.", "Ford warned of a loss."],
        ["Bill Ford spoke.", "Ford Motor Co. shares fell.", "Ford asked dealers to wait."],
        ["Michael Bloomberg spoke.", "Bloomberg asked the campaign for comment."],
        ["Michael Dell founded the firm.", "Dell responded with a statement."],
        # or stands after "in" or "at": a place
        ["George Denton spoke.", "Rain fell in Denton.", "Denton has no shelters."],
        # ... after "at" unless a verb of looking or aiming at a person comes before it
        # (a second reader, round 16)
        ["George Denton spoke.", "Workers walked out at Denton.", "Denton has no shelters."],
        ["George Denton spoke.", "Missiles were aimed at Denton.", "Denton has no shelters."],
        # ... though a public office comes before the full name (second and third readers,
        # round 18): a place, a firm's rank, a firm that names its own chief, a word the bundle
        # writes lower case, a surname before a noun (one that looks like a verb too), a
        # firm's shares, a family, an outlet, a surname before a state, a case's name
        ["Mayor George Denton spoke.", "Rain fell in Denton.", "Denton has no shelters."],
        ["Executive Chairman Sam Lumora spoke.", "Lumora gave a bonus."],
        ["Lumora chief Sam Lumora spoke on Monday.", "Lumora posted a loss."],
        ["Judge Ann Price ruled on Monday.", "The price rose.", "Price rose again on Monday."],
        ["Judge Ann Price ruled on Monday.", "Price caps were lifted.", "Price cuts helped."],
        ["Mayor Sam Lumora spoke.", "Lumora's shares fell.", "Lumora recalled the cars."],
        ["Mayor Sam Roe spoke.", "Roe family said it would appeal the ruling."],
        ["Former Mayor Michael Bloomberg spoke.", "Bloomberg reported that the deal collapsed."],
        ["Police chief Sam Denton spoke.", "Denton police arrested two men on Monday."],
        ["Senator Ann Warren spoke.", "Warren, Michigan, has 130,000 residents."],
        ["Gov. Sam Brown spoke.", "Brown v. Board of Education was decided in 1954."],
        # a people's name after a speech verb is no speaker
        ["Syrian Observatory staff fled.", "He told Syrian state TV.", "Syrian troops fired."],
        # a capitalised word the bundle writes lower case too is no first name where nothing
        # marks a name before it
        ["Now Apple has retreated.", "It is now clear.", "Apple has built a wall."],
        ["Deejays Roula and Ryan called.", "The deejays laughed.", "“No,” said Roula."],
        # a word that is never a name opens the sentence, though the bundle never writes it
        # lower case
        ["Whenever Netflix pays, it wins.", "Netflix said it would not pay.", "Netflix has won."],
    ],
)
def test_a_name_that_is_a_firms_or_a_places_before_a_verb_is_no_person(sources):
    people = find_people(sources)
    assert all(p.short is None for p in people)
    assert respell([sources[-1]], people)[0].text == sources[-1]


def test_a_first_name_named_beside_another_stands_for_no_full_name():
    """Round 16: a tuning summary read "Bob and David Letterman said The Daily Show sounded
    like a great opportunity" where its source said "Bob and David said" (two comedians): the
    first name before "said" had been taken for the host's short form, a name invented. A
    name named together with another is one of a pair, no one's short form; alone before a
    verb of saying it still is (a surname-first name: "Xi said")."""
    sources = [
        "The late-night host Sam Pinewood left the network in May.",
        "Ann and Sam said the show sounded like a great opportunity.",
    ]
    people = find_people(sources)
    assert respell([sources[1]], people)[0].text == sources[1]
    xi = find_people(["Chinese President Xi Jinping met Blinken.", "Xi said ties must improve."])
    assert xi[0].short == "Xi"
    # a surname-first name after a public office: its last word never stands alone, so it is
    # no short form (round 18)
    tan = find_people(["Mayor Tan Lumei spoke on Monday.", "Residents thanked Tan for the park."])
    assert tan[0].short is None


def test_a_word_the_bundle_writes_lower_case_is_read_from_every_sentence():
    """The summary's names pick the sentences read for people; whether a word is written lower
    case is read from all of them ("deejays" stands in no sentence that names someone)."""
    sources = ["Deejays Roula and Ryan called.", "It was the deejays' idea.", "“No,” said Roula."]
    summary = ["It was not entertaining, said Roula."]
    assert find_people(sources, about=summary) == ()
    assert respell(summary, find_people(sources, about=summary))[0].text == summary[0]


@pytest.mark.parametrize(
    ("sources", "summary", "expected"),
    [
        # a first name the bundle writes lower case, away from a sentence's start ("mark")
        (
            ["Facebook CEO Mark Zuckerberg testified.", "Zuckerberg said he was sorry.", "A mark."],
            ["Zuckerberg said he was sorry."],
            ["Mark Zuckerberg said he was sorry."],
        ),
        # an acronym that is no office marks no name ("CBS Evening News" had given CBS News
        # an evening)
        (
            [
                "He anchored the CBS Evening News for years.",
                "The evening was long.",
                "News said so.",
            ],
            ["CBS News said it is discussing new roles."],
            ["CBS News said it is discussing new roles."],
        ),
        # a saint's title is no first name
        (
            ["The grave of Saint John lies here.", "John has been revered for centuries."],
            ["Ashes from the grave of John the Apostle were found."],
            ["Ashes from the grave of John the Apostle were found."],
        ),
        # a modifier introduces no one: the full name still comes at the first mention
        (
            ["Pam Dixon runs the group.", "Dixon said it was legal."],
            ["Officials in the Dixon campaign spoke.", "Dixon said it was legal."],
            ["Officials in the Dixon campaign spoke.", "Pam Dixon said it was legal."],
        ),
        # after a speech verb, a possessive or a news outlet is no speaker
        (
            ["Henry Ford built the car.", "The recall is voluntary, said Ford's spokesman."],
            ["The recall is voluntary, said Ford's spokesman."],
            ["The recall is voluntary, said Ford's spokesman."],
        ),
        (
            ["Michael Bloomberg spoke.", "Sales fell, according to Bloomberg."],
            ["Sales fell, according to Bloomberg."],
            ["Sales fell, according to Bloomberg."],
        ),
        # a firm's name is no speaker either
        (
            ["Michael Dell founded it.", "Dell's shares fell.", "It is cutting jobs, said Dell."],
            ["It is cutting jobs, said Dell."],
            ["It is cutting jobs, said Dell."],
        ),
    ],
)
def test_names_a_second_reader_found(sources, summary, expected):
    assert [r.text for r in respell(summary, find_people(sources))] == expected


def test_a_tie_between_spellings_keeps_each_as_written():
    sources = ["Jon Pell spoke first.", "John Pell spoke last.", "Pell said he was done."]
    (pell,) = find_people(sources)
    assert pell.first is None
    summary = ["John Pell spoke last.", "Jon Pell spoke first."]
    # no spelling is the one most use; a later full name still gives way to the surname
    assert [r.text for r in respell(summary, [pell])] == [
        "John Pell spoke last.",
        "Pell spoke first.",
    ]


def test_a_surname_first_name_is_expanded_from_its_short_form():
    """Names written surname first ("Xi Jinping") are short by their first word: the sources
    use it alone as a person."""
    sources = ["President Lin Haoran met the envoy.", "Lin said the visit was useful."]
    (lin,) = find_people(sources)
    assert lin.short == "Lin"
    out = respell(["Lin met the envoy.", "Lin Haoran said it was useful."], [lin])
    assert [r.text for r in out] == ["Lin Haoran met the envoy.", "Lin said it was useful."]


# ---------------------------------------------------------------- relative time, no date


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Vargas met the premier today in Lumora.", "Vargas met the premier in Lumora."),
        (
            "Both sides agreed on Monday to reopen the crossing.",
            "Both sides agreed to reopen the crossing.",
        ),
        ("Vargas said Monday that the talks went well.", "Vargas said that the talks went well."),
        ("Today, the council voted to close the mine.", "The council voted to close the mine."),
        ("On Tuesday the council voted to close the mine.", "The council voted to close the mine."),
        (
            "Police arrested two men yesterday, officials said.",
            "Police arrested two men, officials said.",
        ),
        (
            "The council, on Monday, voted to close the mine.",
            "The council voted to close the mine.",
        ),
        ("He landed late on Tuesday night and left at dawn.", "He landed and left at dawn."),
        (
            "Protesters gathered this morning outside the court.",
            "Protesters gathered outside the court.",
        ),
        # left: the rest would not stand, or say something else
        ("The offer stands until Monday.", "The offer stands until Monday."),
        (  # a weekday after a possessive names a kind of thing: the Saturday newscast
            "Jeff Glor has been anchoring the network's Saturday newscast.",
            "Jeff Glor has been anchoring the network's Saturday newscast.",
        ),
        (
            "The Giants’ Sunday game against Dallas was postponed.",
            "The Giants’ Sunday game against Dallas was postponed.",
        ),
        (
            "No arrests were made by late Sunday evening.",
            "No arrests were made by late Sunday evening.",
        ),
        (
            "The agency reported on Friday that 40 sponsors had left:",
            "The agency reported that 40 sponsors had left:",
        ),
        ("Today is the deadline for new bids.", "Today is the deadline for new bids."),
        ("Monday's vote was delayed.", "Monday's vote was delayed."),
        ("The story ran in USA Today on Friday.", "The story ran in USA Today."),
        (
            "Shoppers crowded the stores on Black Friday.",
            "Shoppers crowded the stores on Black Friday.",
        ),
        (
            "The vote took place on Monday, June 19, in Lumora.",
            "The vote took place on Monday, June 19, in Lumora.",
        ),
        # a wire dateline's "here" goes with the day (dev cluster 14, struck by blind readers)
        (
            "Pakistan will return the tail, Sen. John F. Kerry said here Monday, part of a deal.",
            "Pakistan will return the tail, Sen. John F. Kerry said, part of a deal.",
        ),
        (
            "Officials here said on Monday that the road was closed.",
            "Officials here said that the road was closed.",
        ),
        # ... not a participle's "here", nor one beside another place
        (
            "The prayers said here Monday were for the victims of the flood.",
            "The prayers said here were for the victims of the flood.",
        ),
        (
            "Kerry said here Monday and in Kabul that the deal was done.",
            "Kerry said here and in Kabul that the deal was done.",
        ),
        # a scheduled event in the present needs its day (round 16: a held-out fused sentence
        # read "the book, which goes on sale to the general public."); one that happened not
        (
            "The book, which goes on sale to the general public Tuesday, was leaked.",
            "The book, which goes on sale to the general public Tuesday, was leaked.",
        ),
        ("The exhibition opens on Friday in Lumora.", "The exhibition opens on Friday in Lumora."),
        ("Officials said the road reopens Monday.", "Officials said the road reopens Monday."),
        # ... not a past event beside it, nor a plural noun (a second reader, round 16)
        (
            "The show goes on tour, and the museum opened on Friday.",
            "The show goes on tour, and the museum opened.",
        ),
        ("Pine Space scrubbed two launches on Tuesday.", "Pine Space scrubbed two launches."),
        ("The band played its greatest hits on Saturday.", "The band played its greatest hits."),
        (
            "The show, which airs weekly, was cancelled on Monday.",
            "The show, which airs weekly, was cancelled.",
        ),
        # an opening phrase's participle goes with its day (round 17: "In the video released,
        # a Tyson worker ..." was struck as garbled); elsewhere it stays
        (
            "In the video released Thursday, a worker is seen kicking a bird.",
            "In the video, a worker is seen kicking a bird.",
        ),
        (
            "In a statement issued on Friday, the club said it regretted the chant.",
            "In a statement, the club said it regretted the chant.",
        ),
        (
            "In the past, the company released data Thursday, officials said.",
            "In the past, the company released data, officials said.",
        ),
        (
            "The company released the video Thursday, officials said.",
            "The company released the video, officials said.",
        ),
        # a weekday before a plural part of day is a habit, no day (round 20: "has been
        # evident on Saturday mornings" lost its day and read "evident mornings")
        (
            "Their chemistry has been evident on Saturday mornings, Vargas said.",
            "Their chemistry has been evident on Saturday mornings, Vargas said.",
        ),
        ("The pair host the show on Sunday nights.", "The pair host the show on Sunday nights."),
        # inside quotes the day is the speaker's
        ("“We meet again today,” Vargas said.", "“We meet again today,” Vargas said."),
        ("Vargas said: “We agreed on Monday.”", "Vargas said: “We agreed on Monday.”"),
    ],
)
def test_relative_time_without_a_date_is_dropped_where_the_rest_stands(sentence, expected):
    assert retime(sentence, lambda p: None) == (expected, ())


# ---------------------------------------------------------------- relative time, dated


@pytest.mark.parametrize(
    ("sentence", "written", "expected"),
    [
        ("Vargas met the premier today.", date(2023, 6, 19), "Vargas met the premier on June 19."),
        ("Today, the council voted.", date(2023, 6, 19), "On June 19, the council voted."),
        (
            "Police arrested two men yesterday.",
            date(2023, 6, 19),
            "Police arrested two men on June 18.",
        ),
        # a weekday keeps its name and gains the date; the last one on or before the day of
        # writing, or the next one when the sentence speaks of what is to come
        (
            "Both sides agreed on Monday to reopen the crossing.",
            date(2023, 6, 20),
            "Both sides agreed on Monday, June 19, to reopen the crossing.",
        ),
        (
            "The two will meet again on Friday.",
            date(2023, 6, 20),
            "The two will meet again on Friday, June 23.",
        ),
    ],
)
def test_relative_time_is_anchored_to_the_day_it_was_written(sentence, written, expected):
    from models.stages.timewords import day_of, in_future

    future = in_future(sentence)
    text, days = retime(sentence, lambda p: day_of(p, written, future))
    assert text == expected and len(days) == 1


def test_time_phrases_read_only_the_narrative_voice():
    text = "Vargas said on Tuesday: “We will sign the deal tomorrow.”"
    assert [p.key for p in time_phrases(text)] == ["tuesday"]


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2023-06-19T10:00:00Z", date(2023, 6, 19)),
        ("2023-06-19", date(2023, 6, 19)),
        ("2023-06-19T23:30:00-05:00", date(2023, 6, 19)),  # the day where it was written
        ("June 19, 2023", None),  # not ISO 8601: no date, nothing anchored
        (None, None),
    ],
)
def test_published_at_gives_a_day_only_when_it_is_one(value, day):
    assert published_day(value) == day


# ---------------------------------------------------------------- the stage


def _bundle(texts_by_article, published=None):
    """Articles from sentences (one line each), and their Sentences with exact offsets."""
    published = published or {}
    articles, sentences = [], []
    for i, (aid, lines) in enumerate(texts_by_article.items()):
        text = " ".join(lines)
        articles.append(Article(aid, text, published_at=published.get(aid)))
        at = 0
        for j, line in enumerate(lines):
            start = text.index(line, at)
            sentences.append(Sentence(aid, i, j, start, start + len(line), line))
            at = start + len(line)
    return articles, sentences


def _cite(s: Sentence) -> Citation:
    return Citation(s.article_id, s.index, s.start, s.end, 0.9, s.text)


def _summary(cited_by: list[tuple[str, list[Sentence]]], mode="abstractive") -> Cited:
    sentences = tuple(
        SummarySentence(text, True, 0.9, tuple(_cite(s) for s in cites), method="verbatim")
        for text, cites in cited_by
    )
    return Cited(mode, sentences, (), (), {})


BUNDLE = {
    "wire": [
        "Foreign Minister Tomas Vargas arrived in Lumora today for two days of talks.",
        "Mr. Vargas said both sides agreed to reopen the border crossing.",
    ],
    "daily": [
        "Thomas Vargas, Lumora's top diplomat, met the prime minister on Monday.",
        "Tomas Vargas called the talks candid but useful.",
    ],
}


def test_a_rewritten_sentence_cites_what_it_adds_and_verifies():
    articles, sents = _bundle(BUNDLE)
    cited = _summary(
        [
            ("Thomas Vargas, Lumora's top diplomat, met the prime minister on Monday.", [sents[2]]),
            ("Vargas said both sides agreed to reopen the border crossing.", [sents[1]]),
        ]
    )
    out = rewrite(cited, articles, sents)
    first, second = out.sentences
    assert first.text == "Tomas Vargas, Lumora's top diplomat, met the prime minister."
    assert second.text == "Vargas said both sides agreed to reopen the border crossing."
    posted = {a.id: a.text for a in articles}
    for s in out.sentences:
        sources = [posted[c.article_id][c.start : c.end] for c in s.citations]
        assert all(c.text == src for c, src in zip(s.citations, sources, strict=True))
        assert verify(s.text, sources, max_words=60).ok, s.text
    # "Tomas Vargas" came from a sentence the first did not cite: it is cited now
    assert [c.start for c in first.citations][0] == sents[2].start
    assert any("Tomas Vargas" in c.text for c in first.citations)


def test_a_full_name_only_a_dropped_sentence_gives_is_written_and_cited():
    """A column named Apple's marketing chief in full only in a sentence cleaning dropped (its
    writer's "I"); the summary's "Schiller said" had stayed bare, and a reader struck it as
    unintroduced. The dropped sentence is a source all the same: it is cited for the name."""
    articles, every = _bundle(
        {
            "column": [
                "I have never heard anything as odd as when marketing chief Phil Schiller spoke.",
                '"It comes down to one word," Schiller said.',
            ]
        }
    )
    clean = every[1:]
    cited = _summary([('"It comes down to one word," Schiller said.', [clean[0]])])
    out = rewrite(cited, articles, clean, every=every)
    (sentence,) = out.sentences
    assert sentence.text == '"It comes down to one word," Phil Schiller said.'
    assert [c.start for c in sentence.citations] == [every[1].start, every[0].start]
    # without the dropped sentence the name stays as written
    assert rewrite(cited, articles, clean).sentences[0].text == cited.sentences[0].text


@pytest.mark.parametrize(
    "dropped",
    [
        "By Sarah Smith",  # a byline names the reporter
        "Related: Sarah Smith opens a garden in the capital",  # a link names someone else
        "Photo: Sarah Smith at a rally in 2014.",  # a caption
        "And I'm Sarah Smith.",  # a host naming herself
    ],
)
def test_a_full_name_from_a_byline_link_or_caption_is_not_written(dropped):
    """Only a sentence dropped for its writer's voice gives a name (a second reader: "By Sarah
    Smith" had made the police chief's "Smith said" the reporter's)."""
    articles, every = _bundle({"local": [dropped, "Smith said crews worked overnight."]})
    clean = every[1:]
    cited = _summary([(clean[0].text, [clean[0]])])
    assert rewrite(cited, articles, clean, every=every).sentences[0].text == clean[0].text


def test_a_person_the_clean_sentences_name_is_read_from_them_alone():
    """The clean sentences' people win: a dropped line ("Jon: Sure.") gives no short form
    to a surname-first name, nor a second reading of someone the clean sentences name."""
    articles, every = _bundle(
        {
            "history": [
                "Jon: Sure, we tried.",
                "Jon Stewart took over the show in 1999.",
                "There was talk of calling it a show with an h so it would not be Jon.",
            ]
        }
    )
    clean = every[1:]
    cited = _summary([(clean[1].text, [clean[1]])])
    assert rewrite(cited, articles, clean, every=every).sentences[0].text == clean[1].text


def test_a_date_is_anchored_only_from_the_published_day_of_the_source_that_says_it():
    articles, sents = _bundle(BUNDLE, {"wire": "2023-06-19T08:00:00Z"})
    cited = _summary(
        [
            ("Tomas Vargas arrived in Lumora today for two days of talks.", [sents[0]]),
            ("Thomas Vargas met the prime minister on Monday.", [sents[2]]),  # undated source
        ]
    )
    first, second = rewrite(cited, articles, sents).sentences
    assert first.text == "Tomas Vargas arrived in Lumora on June 19 for two days of talks."
    assert second.text == "Vargas met the prime minister."
    # verify holds with the published day among the sources (the date the request states)
    sources = [c.text for c in first.citations]
    assert verify(first.text, [*sources, "Monday June 19"], max_words=60).ok
    assert not verify(first.text, sources, max_words=60).ok  # without it, "June 19" is new


def test_sources_that_disagree_on_the_day_leave_it_unanchored():
    lines = {"a": ["The strike began today at the port."], "b": ["The strike began today."]}
    articles, sents = _bundle(lines, {"a": "2023-06-19", "b": "2023-06-20"})
    cited = _summary([("The strike began today at the port.", sents)])
    (out,) = rewrite(cited, articles, sents).sentences
    assert out.text == "The strike began at the port."


def test_extractive_summaries_stay_the_sources_own_sentences():
    articles, sents = _bundle(BUNDLE)
    cited = _summary([(sents[2].text, [sents[2]])], mode="extractive")
    assert rewrite(cited, articles, sents) == cited


@pytest.mark.parametrize(
    ("new", "old", "sources", "ok"),
    [
        ("Tomas Vargas left.", "Vargas left.", ["Tomas Vargas spoke."], True),
        ("Tomas Vargas left.", "Vargas left.", ["Vargas spoke."], False),  # a name from nowhere
        ("Vargas left.", "Vargas left today.", [], True),  # words only taken away
        ("He said “we left”.", "He said “we left today”.", [], False),  # a quote changed
        ("Vargas left on", "Vargas left on Monday.", [], False),  # no longer finished
    ],
)
def test_still_sourced(new, old, sources, ok):
    assert still_sourced(new, old, sources) is ok


# A quotation kept for the speaker the sentence before it names (models/stages/clean.py).
_SAID = '"We will rebuild," said Ina Probst, the mayor of Dunmore.'
_QUOTE = '"Every home we lost will stand again by winter."'
_TEXT = f"The flood destroyed 40 homes in Dunmore. {_SAID}\n\n{_QUOTE}"


def _quote_bundle():
    from models.stages.segment import segment

    article = Article("a", _TEXT)
    (sentences,) = segment([article])
    quote = next(s for s in sentences if s.text == _QUOTE)
    said = next(s for s in sentences if s.text == _SAID)
    return article, sentences, quote, said


def test_a_quotation_gets_its_speaker_before_it_and_cites_the_sentence_that_names_them():
    article, sentences, quote, said = _quote_bundle()
    cited = SummarySentence(
        quote.text,
        True,
        1.0,
        (Citation("a", quote.index, quote.start, quote.end, 1.0, quote.text),),
    )
    out = rewrite(
        Cited("abstractive", (cited,), (), (), {}),
        [article],
        sentences,
        spoken={(0, quote.index): (said.index, "Ina Probst")},
        every=sentences,
    )
    (sentence,) = out.sentences
    assert sentence.text == "Ina Probst said: " + _QUOTE
    assert [c.sentence_index for c in sentence.citations] == [quote.index, said.index]
    for c in sentence.citations:
        assert _TEXT[c.start : c.end] == c.text
    # the quotation is the source's, character for character; every other word is cited
    assert verify(sentence.text, [c.text for c in sentence.citations], 60, 5).ok
    # extractive summaries quote their sources as they are
    extractive = Cited("extractive", (cited,), (), (), {})
    assert (
        rewrite(
            extractive,
            [article],
            sentences,
            spoken={(0, quote.index): (said.index, "Ina Probst")},
            every=sentences,
        )
        is extractive
    )


def test_a_name_with_a_middle_initial_is_already_in_full():
    """Read in a held-out summary: "Sen. John F. Kerry said here" became "Sen. John F. John
    Kerry": the surname after the initial was taken for a bare short form."""
    sources = [
        "Sen. John Kerry arrived in Islamabad on Monday.",
        "Kerry said the talks had gone well.",
        "Pakistan will return the tail of the helicopter, Sen. John F. Kerry said here.",
    ]
    people = find_people(sources)
    texts = [sources[2], "Kerry then flew to Kabul.", "George W. Bush said nothing."]
    assert [r.text for r in respell(texts, people)] == texts
    # without the initial the first bare mention is still written in full
    assert (
        respell(["Kerry then flew to Kabul."], people)[0].text == "John Kerry then flew to Kabul."
    )


def test_the_quotation_is_found_among_the_citations_not_only_the_best_scored():
    """Read in a held-out summary: a partner that holds the quote's words ("She recently said:
    “...”") was cited first, and the quotation stood with no speaker."""
    article, sentences, quote, said = _quote_bundle()
    partner_text = 'She said: "Every home we lost will stand again by winter, and more."'
    partner = Article("b", partner_text)
    cited = SummarySentence(
        quote.text,
        True,
        1.0,
        (
            Citation("b", 0, 0, len(partner_text), 1.0, partner_text),
            Citation("a", quote.index, quote.start, quote.end, 0.9, quote.text),
        ),
    )
    out = rewrite(
        Cited("abstractive", (cited,), (), (), {}),
        [article, partner],
        sentences,
        spoken={(0, quote.index): (said.index, "Ina Probst")},
        every=sentences,
    )
    assert out.sentences[0].text == "Ina Probst said: " + _QUOTE
    assert out.sentences[0].citations[-1].text == _SAID


@pytest.mark.parametrize(
    "sources, summary, expected",
    [
        # dev cluster 26: "Dickson Wright" is her surname, not a first name and a surname, and
        # her father shares it, so the bare double surname stays as the sources write it
        # (the rewrite had made her "Dickson", the NYT's "Ms. Dickson" in its sources)
        (
            [
                "Clarissa Dickson Wright, who has died aged 66, was a great British eccentric.",
                "Clarissa Dickson Wright was born in 1947.",
                "Her father, Arthur Dickson Wright, was a prominent surgeon.",
                "When both her parents died, Ms. Dickson received an inheritance.",
                "Dickson Wright said she had enjoyed a fantastic life.",
                "Dickson Wright died on Saturday at Edinburgh's Royal Infirmary.",
            ],
            [
                "Clarissa Dickson Wright died aged 66.",
                "Dickson Wright said she had enjoyed a fantastic life.",
                "Dickson Wright died on Saturday at Edinburgh's Royal Infirmary.",
            ],
            [
                "Clarissa Dickson Wright died aged 66.",
                "Dickson Wright said she had enjoyed a fantastic life.",
                "Dickson Wright died on Saturday at Edinburgh's Royal Infirmary.",
            ],
        ),
        # ... though someone else's full name with a middle initial shares the last word
        (
            [
                "Clarissa Dickson Wright, who cooked on TV, died.",
                "Clarissa Dickson Wright, 66, had no children.",
                "Sen. John F. Wright voted no.",
            ],
            ["Dickson Wright said she loved London."],
            ["Clarissa Dickson Wright said she loved London."],
        ),
        # ... though another person or a modifier shares the last word, and where a speech
        # verb before the name marks her (a third reader of the diff found these)
        (
            [
                "Debbie Wasserman Schultz, who was with him, laughed.",
                "Debbie Wasserman Schultz spoke next.",
                "Starbucks founder Howard Schultz is weighing a run.",
                "The Schultz campaign declined to comment.",
            ],
            ["Wasserman Schultz laughed."],
            ["Debbie Wasserman Schultz laughed."],
        ),
        (
            [
                "“I have enjoyed a fantastic life,” said Clarissa Dickson Wright, adding more.",
                "Clarissa Dickson Wright was born in 1947.",
                "Dickson Wright died on Saturday.",
            ],
            ["Dickson Wright died on Saturday."],
            ["Clarissa Dickson Wright died on Saturday."],
        ),
        # one person of a double surname: the full name at the first mention, the surname after
        # (three words stay three: the middle may be a middle name, "Jesse Tyler Ferguson")
        (
            [
                "Reince Priebus to Debbie Wasserman Schultz on 2012: it sounds like a plan.",
                "Debbie Wasserman Schultz, who was with him, laughed.",
                "Priebus also said Wasserman Schultz's talking points had already failed.",
            ],
            [
                "Priebus also said Wasserman Schultz's talking points had already failed.",
                "Wasserman Schultz laughed.",
                "Debbie Wasserman Schultz left.",
            ],
            [
                "Priebus also said Debbie Wasserman Schultz's talking points had already failed.",
                "Wasserman Schultz laughed.",
                "Debbie Wasserman Schultz left.",
            ],
        ),
        # a word before a name that is a surname alone elsewhere is no first name: "Republican
        # Mitt Romney" beside "Romney said" keeps Mitt Romney
        (
            [
                "Republican Mitt Romney spoke first.",
                "Republican Mitt Romney spoke again.",
                "Romney said he would run.",
                "Mitt Romney won the primary.",
            ],
            ["Romney said he would run.", "Mitt Romney won."],
            ["Mitt Romney said he would run.", "Romney won."],
        ),
    ],
)
def test_a_double_surname_is_one_surname(sources, summary, expected):
    assert [r.text for r in respell(summary, find_people(sources))] == expected


@pytest.mark.parametrize(
    "sources, summary",
    [
        # three capitalised words no source marks as a person's (a second reader of the diff
        # found these turned into people: "Middle Stone Age", "Saving Private Ryan")
        (
            [
                "Middle Stone Age tools were found at the site.",
                "Many Middle Stone Age sites date from 300,000 years ago.",
                "Stone Age archaeologist Marlize Lombard said so.",
            ],
            ["Stone Age archaeologist Marlize Lombard said so."],
        ),
        (
            ["He starred in Saving Private Ryan in 1998.", "Saving Private Ryan won five awards."],
            ["He played Private Ryan in the film."],
        ),
        # a nationality before a name, given twice with an age: the name is still a name
        (
            [
                "Spaniard Rafael Nadal, 32, won the French Open on Sunday.",
                "Spaniard Rafael Nadal, 32, beat Dominic Thiem in the final.",
                "Rafael Nadal won his first title in 2005.",
                "Nadal said he was tired.",
            ],
            ["Rafael Nadal won the French Open on Sunday."],
        ),
        (
            [
                "Spaniard Rafael Nadal, 32, won the French Open on Sunday.",
                "Spaniard Rafael Nadal, 32, beat Dominic Thiem in the final.",
                "Rafael Nadal won his first title in 2005.",
                "The Spaniard was tired.",
            ],
            ["Rafael Nadal won the French Open on Sunday."],
        ),
        (
            [
                "Spaniard Rafael Nadal, 32, won the French Open on Sunday.",
                "Spaniard Rafael Nadal, 32, beat Dominic Thiem in the final.",
                "Nadal beat Thiem 6-3, 5-7, 6-1, 6-1.",
            ],
            ["Rafael Nadal won the French Open on Sunday."],
        ),
        (
            [
                "Democrat Joe Manchin, who faces a tough race, spoke.",
                "Democrat Joe Manchin, 71, voted no.",
                "Manchin voted against the bill.",
            ],
            ["Joe Manchin voted no."],
        ),
        # the last word alone after a courtesy title or at a sentence's head is a surname
        (
            [
                "Jane Ellen Wright, who runs the farm, spoke.",
                "Jane Ellen Wright, 40, has two sons.",
                "Ms. Wright said the harvest was late.",
                "Ellen Wright opened the gate.",
            ],
            ["Ellen Wright opened the gate."],
        ),
        (
            [
                "Jane Ellen Wright, who runs the farm, spoke.",
                "Jane Ellen Wright, 40, has two sons.",
                "She said “we love London.” Wright laughed.",
                "Ellen Wright opened the gate.",
            ],
            ["Ellen Wright opened the gate."],
        ),
        # two people, each named in full once, make no double surname of theirs
        (
            [
                "Arthur Dickson Wright, who was a surgeon, died in 1976.",
                "Clarissa Dickson Wright, who was a cook, died in 2014.",
                "Dickson Wright said she had enjoyed a fantastic life.",
            ],
            ["Dickson Wright said she had enjoyed a fantastic life."],
        ),
    ],
)
def test_three_capitalised_words_no_source_marks_as_a_person_are_no_double_surname(
    sources, summary
):
    assert [r.text for r in respell(summary, find_people(sources))] == summary


def test_a_firm_a_speech_verb_comes_before_is_no_double_surname():
    """ "said Ford Motor Company, which ..." marks no person: Bill Ford keeps "Ford" as his
    short form (a second reader found it lost)."""
    sources = [
        "Ford Motor Company will cut 7,000 jobs.",
        "The cuts are needed, said Ford Motor Company, which employs 200,000 people.",
        "The plan was approved, said Ford Motor Company, which gave no date.",
        "It is final, said Ford Motor Company.",
        "Bill Ford said the cuts were painful.",
        "Ford said he regretted the move.",
    ]
    assert [
        r.text for r in respell(["Ford said the cuts were painful."], find_people(sources))
    ] == ["Bill Ford said the cuts were painful."]


def test_a_thing_named_for_a_person_leaves_the_person_their_short_form():
    """ "Parker Solar Probe" is no person "Parker": Eugene Parker keeps "Parker" as his short
    form (dev cluster 42; a second reader found it lost)."""
    sources = [
        "The probe was renamed the Parker Solar Probe in honor of Eugene Parker.",
        "Parker Solar Probe will fly within 9 solar radii of the sun.",
        "Parker Solar Probe will carry a chip with photos.",
        "said Parker Solar Probe mission scientist Nicola Fox.",
        "Parker, a professor emeritus at the University of Chicago, attended.",
        "Parker said he was honored.",
    ]
    summary = ["Parker, a professor emeritus, attended.", "Eugene Parker said he was honored."]
    assert [r.text for r in respell(summary, find_people(sources))] == [
        "Eugene Parker, a professor emeritus, attended.",
        "Parker said he was honored.",
    ]


ACRONYM_BUNDLE = {
    "trade": [
        "The actress told THR she had hired a lawyer to explore legal action.",
        "The producers told THR they removed the actor from the set.",
    ],
    "wire": [
        "The Hollywood Reporter ran the story first on Friday.",
        "A spokesperson for the Pine Hill Independent School District said he was on leave.",
        "The Federal Bureau of Investigation declined to comment.",
    ],
}


def test_an_acronym_the_sources_spell_out_is_written_out_at_its_first_mention():
    """A tuning reader struck "she told THR" as unintroduced (round 15): the outlet was spelt
    out only in another article. It is written out at the first mention, kept in brackets where
    it comes again, and the sentence that spells it out is cited; the edit verifies."""
    articles, sents = _bundle(ACRONYM_BUNDLE)
    cited = _summary(
        [
            ("The actress told THR she had hired a lawyer to explore legal action.", [sents[0]]),
            ("The producers told THR they removed the actor from the set.", [sents[1]]),
            ("The arrest took place after classes, said Pine Hill ISD.", [sents[3]]),
        ]
    )
    out = rewrite(cited, articles, sents, max_words=230)
    assert [s.text for s in out.sentences] == [
        "The actress told The Hollywood Reporter (THR) she had hired a lawyer to explore legal "
        "action.",
        "The producers told THR they removed the actor from the set.",
        "The arrest took place after classes, said Pine Hill Independent School District.",
    ]
    first = out.sentences[0]
    assert [c.text for c in first.citations] == [sents[0].text, sents[2].text]
    sources = [c.text for c in first.citations]
    assert verify(first.text, sources, max_words=60).ok
    # with no room left for the words, the acronym stays
    tight = rewrite(cited, articles, sents, max_words=30)
    assert tight.sentences[0].text == cited.sentences[0].text


@pytest.mark.parametrize(
    "summary",
    [
        # a known acronym stays, though the sources spell out a body with its letters
        "The FBI declined to comment on the case.",
        # inside a quotation it is the speaker's
        '"THR got it wrong," the actor said in a statement.',
        # no source spells it out
        "The actor's lawyer wrote to the SAG board last year.",
    ],
)
def test_an_acronym_is_left_as_written(summary):
    articles, sents = _bundle(ACRONYM_BUNDLE)
    out = rewrite(_summary([(summary, [sents[0]])]), articles, sents, max_words=230)
    assert out.sentences[0].text == summary


def test_an_acronym_the_summary_spells_out_later_stays_and_the_budget_is_exact():
    """A second reader of the diff (round 15): the summary's later sentence spells the outlet
    out, so the first mention is left; and the words an expansion adds must fit the room the
    summary leaves, to the word."""
    articles, sents = _bundle(ACRONYM_BUNDLE)
    told = "The actress told THR she had hired a lawyer to explore legal action."
    later = "The Hollywood Reporter ran the story first on Friday."
    out = rewrite(_summary([(told, [sents[0]]), (later, [sents[2]])]), articles, sents)
    assert out.sentences[0].text == told
    alone = _summary([(told, [sents[0]])])
    words = len(told.split())  # "THR" becomes three words: two more
    fits = rewrite(alone, articles, sents, max_words=words + 2).sentences[0].text
    assert "The Hollywood Reporter" in fits
    assert rewrite(alone, articles, sents, max_words=words + 1).sentences[0].text == told
