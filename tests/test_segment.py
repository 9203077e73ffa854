from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.sentences import MAX_QUOTE_CHARS, MAX_SENTENCE_CHARS, segment_article, split_text
from models.types import Article


def _texts(text: str) -> list[str]:
    return [s.text for s in segment_article(Article(id="a", text=text))]


def test_offsets_slice_the_exact_text(seed_articles):
    for article in seed_articles:
        for s in segment_article(article):
            assert article.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text


def test_abbreviations_initials_and_acronyms_do_not_split():
    text = "Mr. Blinken met Dr. Wang in the U.S. capital on Jan. 5. J. Smith said it went well."
    assert _texts(text) == [
        "Mr. Blinken met Dr. Wang in the U.S. capital on Jan. 5.",
        "J. Smith said it went well.",
    ]


def test_a_quotation_ending_on_an_exclamation_keeps_its_speaker():
    # split, "Trump said to laughter and applause." reached a tuning summary (round 11)
    text = '"Can you imagine, and then ... pu-ching!" Trump said to laughter. It went on.'
    assert _texts(text) == [
        '"Can you imagine, and then ... pu-ching!" Trump said to laughter.',
        "It went on.",
    ]
    assert _texts("“Is it over?” Reporters asked the mayor. She nodded.") == [
        "“Is it over?” Reporters asked the mayor.",
        "She nodded.",
    ]
    # a sentence that only ends on a quoted title, or a quote not followed by its speaker
    assert _texts('He starred in "Death Wish." Trump said he liked it.') == [
        'He starred in "Death Wish."',
        "Trump said he liked it.",
    ]
    assert _texts('"We won!" The crowd cheered.') == ['"We won!"', "The crowd cheered."]
    # a second reader's cases: a second quotation, no closing mark, a verb that is not saying
    assert len(_texts('"It is over," she said, "and we lost!" Supporters said they would.')) == 2
    assert len(_texts('"Amazing" does not describe it! Fans said the show was great.')) == 2
    assert len(_texts('"Is it over?" Netflix posted record profits on Tuesday.')) == 2
    assert len(_texts('"Stop!" Police warned residents to stay inside.')) == 2


def test_plural_titles_do_not_split():
    # "... and Sens." ended a summary sentence cut off before the senators' names (round 11).
    text = "The flyer names Secretary John Kerry and Sens. Harry Reid and John McCain. It ends."
    assert _texts(text) == [
        "The flyer names Secretary John Kerry and Sens. Harry Reid and John McCain.",
        "It ends.",
    ]
    # in lower case they are words that end sentences (a second reader's cases)
    assert _texts("The company laid off 200 sales reps. It said the cuts were final.") == [
        "The company laid off 200 sales reps.",
        "It said the cuts were final.",
    ]


def test_quotes_and_closing_punctuation_stay_with_their_sentence():
    text = "“We are on the right trail,” Biden said. “He did a hell of a job.” Talks ended."
    assert _texts(text) == [
        "“We are on the right trail,” Biden said.",
        "“He did a hell of a job.”",
        "Talks ended.",
    ]


def test_a_quotation_of_several_sentences_is_one_sentence():
    text = (
        "“I want to emphasize that this is not solved in one visit. It is a process,” said "
        'Blinken. Wang said: "We oppose it. We said so." Talks ended.'
    )
    assert _texts(text) == [
        "“I want to emphasize that this is not solved in one visit. It is a process,” said "
        "Blinken.",
        'Wang said: "We oppose it. We said so."',
        "Talks ended.",
    ]


def test_an_unclosed_quotation_mark_does_not_swallow_the_paragraph():
    first = "“An unclosed quote starts here. " + "It goes on and on. " * 30
    texts = _texts(first + "The end.")
    assert len(texts[0]) <= MAX_QUOTE_CHARS + len("It goes on and on. ")
    assert texts[1:] == ["It goes on and on."] * (len(texts) - 2) + ["The end."]


def test_lowercase_continuation_and_decimals_do_not_split():
    assert _texts("It rose 3.5 percent. the rest is lower case.") == [
        "It rose 3.5 percent. the rest is lower case."
    ]


def test_lines_are_boundaries_and_headings_are_marked():
    sentences = segment_article(
        Article(id="a", text="Hot topic in Taiwan\nXi spoke. Blinken replied.")
    )
    assert [(s.text, s.is_heading, s.paragraph) for s in sentences] == [
        ("Hot topic in Taiwan", True, 0),
        ("Xi spoke.", False, 1),
        ("Blinken replied.", False, 1),
    ]


def test_cjk_full_stops_split_without_spaces():
    assert _texts("布林肯抵达北京。他会见了习近平。") == ["布林肯抵达北京。", "他会见了习近平。"]


def test_unpunctuated_text_is_split_below_the_cap():
    text = " ".join(["word"] * 5000)
    pieces = segment_article(Article(id="a", text=text))
    assert len(pieces) > 1
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(text[p.start : p.end] == p.text for p in pieces)


def test_one_enormous_token_is_hard_cut():
    text = "x" * (MAX_SENTENCE_CHARS * 2 + 7)
    pieces = segment_article(Article(id="a", text=text))
    assert "".join(p.text for p in pieces) == text


def test_split_text_on_generated_summary():
    assert split_text("Blinken met Xi. Talks ended!") == ["Blinken met Xi.", "Talks ended!"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_offsets_hold_for_arbitrary_unicode(text):
    previous_end = 0
    for s in segment_article(Article(id="a", text=text)):
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end and s.end > s.start
        previous_end = s.end


# Two sentences glued without a space: the page lost the space ("... a photography buff.He and
# his 18-year-old friend ...", issue 36), 2 % of sentences on held-out clusters.
@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Ryan was a photography buff.He and his 18-year-old friend drove to the lake.",
            ["Ryan was a photography buff.", "He and his 18-year-old friend drove to the lake."],
        ),
        (
            "The hearing ended on Monday.FAA inspectors will return next week.",
            ["The hearing ended on Monday.", "FAA inspectors will return next week."],
        ),
        (
            "The strike began in 2019.Thousands joined it in the first week.",
            ["The strike began in 2019.", "Thousands joined it in the first week."],
        ),
        (
            "It took a long period.A new team was hired in May.",
            ["It took a long period.", "A new team was hired in May."],
        ),
        (  # the quote closes the first sentence ...
            'She said "we did everything we could."We left at noon.',
            ['She said "we did everything we could."', "We left at noon."],
        ),
        (  # ... or opens the second
            'The talks ended.She told reporters."We will be back."',
            ["The talks ended.", "She told reporters.", '"We will be back."'],
        ),
        (  # ... or a curly one opens it
            "The march blocked the ring road for an hour.“All of us are tired,” one driver said.",
            [
                "The march blocked the ring road for an hour.",
                "“All of us are tired,” one driver said.",
            ],
        ),
    ],
)
def test_glued_sentences_split_with_exact_offsets(text, sentences):
    got = segment_article(Article(id="a", text=text))
    assert [s.text for s in got] == sentences
    assert all(text[s.start : s.end] == s.text for s in got)


@pytest.mark.parametrize(
    "text",
    [
        "Read the full report on Yahoo.com and share it.",
        "Shares of Amazon.Com rose sharply on Monday.",
        "The BBC posted it at news.bbc.co.uk.Read more there.",
        "Email john.Smith@example.com for the full list.",
        "It rose 3.5 percent in the quarter.",
        "The song was No.1 for six weeks.",
        "J.K. Rowling and the U.S.Army were named.",
        "He met Mr.Smith and St.Louis officials.",
        "World War II.The exhibit opens on Friday.",
        "Plan.B failed to pass the committee.",
        'He said "We will win.This is our moment." The crowd cheered.',
    ],
)
def test_tokens_with_periods_are_not_split(text):
    assert len(_texts(text)) == (2 if text.endswith("cheered.") else 1)


# An abbreviation that can end a sentence does, before a word that opens one ("... at 11:30
# P.M. The format ...": a reader struck the two as one glued sentence); before a name or a
# lower-case word it stays inside.
@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The show first aired at 11:30 P.M. The format copied a newscast.",
            ["The show first aired at 11:30 P.M.", "The format copied a newscast."],
        ),
        (
            "She moved to the U.S. In 2001 she opened a bakery.",
            ["She moved to the U.S.", "In 2001 she opened a bakery."],
        ),
        (
            "The deal was signed by Acme Inc. It closes in May.",
            ["The deal was signed by Acme Inc.", "It closes in May."],
        ),
        ("The polls close at 8 p.m. Eastern time on Tuesday.", None),
        ("The U.S. Army sent two brigades.", None),
        ("They met at 9 a.m. on Tuesday in the U.S. capital.", None),
        ("Acme Inc. A new chief was named.", ["Acme Inc.", "A new chief was named."]),
    ],
)
def test_an_abbreviation_ends_its_sentence_before_a_sentence_opener(text, sentences):
    got = segment_article(Article(id="a", text=text))
    assert [s.text for s in got] == (sentences or [text])
    assert all(text[s.start : s.end] == s.text for s in got)
