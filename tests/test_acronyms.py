"""Acronyms spelt out (models/stages/acronyms.py): which runs of words spell an acronym, and
where one is written out. The near misses are a second reader's (round 15)."""

import pytest

from models.stages.acronyms import Expansion, acronyms_in, spelt_out, write_out
from models.types import Sentence


@pytest.mark.parametrize(
    ("acronym", "text", "found"),
    [
        (
            "THR",
            "The producers told The Hollywood Reporter they removed him.",
            "The Hollywood Reporter",
        ),
        ("THR", "She told The Hollywood Reporter.", "The Hollywood Reporter"),
        ("THR", "The Hollywood Reporter's story ran first.", "The Hollywood Reporter"),
        (
            "IAU",
            "when the International Astronomical Union voted",
            "International Astronomical Union",
        ),
        (
            "ISD",
            "a spokesperson for the Pine Hill Independent School District said",
            "Independent School District",
        ),
        (
            "NOAA",
            "National Oceanic and Atmospheric Administration forecasters",
            "National Oceanic and Atmospheric Administration",
        ),
        ("DOJ", "the Department of Justice said", "Department of Justice"),
        # part of a longer name, a person, words split by a comma, lower-case words
        ("TSA", "The Senate Armed Services Committee met on Monday.", None),
        ("CPD", "Chief Paul Davis said the road was closed.", None),
        ("MTA", "Mayor Thomas Anderson raised fares.", None),
        ("UCSD", "a researcher at University of California, San Diego", None),
        ("CHD", "people with Coronary heart disease (CHD)", None),
    ],
)
def test_the_words_that_spell_an_acronym(acronym, text, found):
    assert spelt_out(acronym, text) == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She told THR she had hired a lawyer.", ["THR"]),
        ("The NTSB's report came out.", ["NTSB"]),
        # a handle, a web address, a quotation, an abbreviation with full stops
        ("Follow @NTSB for updates.", []),
        ("The report is at ntsb.gov/NTSB/report online.", []),
        ('"THR got it wrong," the actor said.', []),
        ("The U.S. and the UK agreed.", []),
    ],
)
def test_the_acronyms_of_a_summary_sentence(text, found):
    assert acronyms_in(text) == found


NTSB = Expansion("NTSB", "National Transportation Safety Board", Sentence("a", 0, 0, 0, 0, ""))


@pytest.mark.parametrize(
    ("text", "again", "written"),
    [
        (
            "The NTSB sent investigators.",
            False,
            "The National Transportation Safety Board sent investigators.",
        ),
        (
            "The NTSB's report came out.",
            False,
            "The National Transportation Safety Board's report came out.",
        ),
        # an article that would not fit the words, a possessive that comes again
        ("An NTSB investigator arrived.", False, None),
        ("The NTSB's report came out.", True, None),
    ],
)
def test_an_acronym_written_out(text, again, written):
    assert write_out(text, NTSB, again) == (written or text)
