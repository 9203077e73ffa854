from __future__ import annotations

import dataclasses

import pytest

from models.stages.clean import boilerplate_reason, clean, clean_article, find_duplicates, trim
from models.stages.segment import segment
from models.types import Article
from tests.conftest import SEED_BOILERPLATE


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published.", "comment_form"),
        (
            "Kindly refrain from using derogatory, personal, or obscene words in your comments.",
            "comment_form",
        ),
        ("(Photo: AP)", "photo_credit"),
        ("epaimages.com", "photo_credit"),
        ("Photo credit: Jane Roe/Reuters", "photo_credit"),
        ("Check Also", "teaser"),
        ("Related articles", "teaser"),
        ("[Q&A: The ‘Pluto Killer’ who thinks he’s found the true ninth planet]", "link"),
        ("I am David Wyatt, a professional writer and journalist for Buna Times.", "author_bio"),
        ("About Digital Scoop India Team", "author_bio"),
        ("By Jane Smith", "author_bio"),
        ("This story has been published from a syndicated feed.", "syndication"),
        ("(Last Updated On: June 20, 2023)", "syndication"),
        ("Sign up for our daily newsletter.", "promo"),
        ("Subscribe to our channel Athletistic", "promo"),
        ("Like WTOP on Facebook and follow @WTOP on Twitter to engage in conversation.", "promo"),
        ("JUST WATCHED Lion escapes from park again Replay More Videos ...", "media"),
        ("MUST WATCH Lion escapes from park again 01:33", "media"),
        ("Hide Caption 13 of 43 Photos: The search for MH370 A pinger is readied.", "media"),
        ("Media playback is unsupported on your device Media caption The mayor speaks", "media"),
        ("Video courtesy of Compassion Over Killing", "media"),
        ("Enlarge this image toggle caption Jay Reed/NPR Jay Reed/NPR", "media"),
        ("— Donald J. Trump (@realDonaldTrump) December 28, 2016", "media"),
        ("Stay strong, the count is close! #Vote — Jane Roe (@janeroe) May 3, 2016", "media"),
        ("Aberdeen police say the shooter is at large pic.twitter.com/8FmRRA7WnE", "media"),
    ],
)
def test_boilerplate_rules(text, reason):
    assert boilerplate_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Blinken became the first US Secretary of State to visit Beijing in five years.",
        "The ministry said by Monday it would publish a newsletter-style bulletin for farmers, "
        "subscribe to the new rules and follow the court on every appeal that was filed in the "
        "province over the past eleven years, officials told reporters in the capital city.",
        "Reuters reported that the talks lasted seven and a half hours.",
        "The company said it had watched the market closely and would replay the ad on Sunday.",
        "Trump, 70, said on Twitter that he would meet the press on Wednesday, Jan. 11, 2017.",
        "Officials said the photos, courtesy of the family, were taken in May.",
        "Footage courtesy of a bystander showed the officer firing six shots into the car.",
        "Just watched the debate and I'm more convinced than ever, Smith told reporters.",
        "[Pause.]",
        "[The Senate voted 51-49 to confirm the nominee on Tuesday, ending weeks of debate.]",
    ],
)
def test_news_sentences_are_kept(text):
    assert boilerplate_reason(text) is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            'Cohen asked CNN "says who?" when an anchor said Trump was down. | Getty Trump '
            "lawyer on polls showing him losing: 'Says who?'",
            'Cohen asked CNN "says who?" when an anchor said Trump was down.',
        ),
        (
            "Gowdy urged Nunes to share the memo. | Mark Wilson/Getty Images House panel votes",
            "Gowdy urged Nunes to share the memo.",
        ),
        ("A panda bit a man.[Photo/Lanzhou Evening News]", "A panda bit a man."),
        (
            "EMBED More News Videos A 38-year-old man was killed when his car crashed.",
            "A 38-year-old man was killed when his car crashed.",
        ),
        (
            "CLOSE Skip in Skip x Embed x Share FBI officials say there are no known threats.",
            "FBI officials say there are no known threats.",
        ),
        (
            "CLOSE Ariel Winter is tired of being told what to wear.",
            "Ariel Winter is tired of being told what to wear.",
        ),
        ("He said the committee split 5 | 4 on the vote.", None),
        ("CLOSE CALL: The jet missed the tower by a few feet.", None),
        ("CLOSE TO 500 PEOPLE DIED in the flood, officials said.", None),
        ("The deal collapsed. | Reuters reported that talks would resume Monday.", None),
        ("The CLOSE vote was called at noon.", None),
    ],
)
def test_furniture_glued_to_a_sentence_is_trimmed_with_its_offsets(text, kept):
    kept = text if kept is None else kept  # None: nothing to trim
    article = Article(id="a", text="First sentence here. " + text)
    (sentence,) = [s for s in segment([article])[0] if s.index == 1]
    out = trim(sentence)
    assert out.text == kept
    assert article.text[out.start : out.end] == out.text


def test_a_trimmed_sentence_is_cited_at_its_new_offsets():
    article = Article(
        id="a",
        text="EMBED More News Videos A 38-year-old man was killed when his car crashed on the "
        "highway. Police closed the road for six hours after the crash on Friday.",
    )
    cleaned = clean([article], segment([article]))
    first = cleaned.sentences[0]
    assert first.text.startswith("A 38-year-old man")
    assert article.text[first.start : first.end] == first.text


def test_a_link_in_brackets_goes_alone_not_with_its_paragraph():
    article = Article(
        id="a",
        text="The probe found a ninth planet beyond Pluto, the team said on Monday.\n"
        "[Q&A: The Pluto Killer who thinks he found the ninth planet]\n"
        "The planet is ten times as massive as Earth, the astronomers estimated.",
    )
    sentences = segment([article])[0]
    sentences = [
        dataclasses.replace(s, paragraph=0) for s in sentences
    ]  # one paragraph, as many pages have it
    kept, dropped = clean_article(sentences)
    assert [s.text[:14] for s in kept] == ["The probe foun", "The planet is "]
    assert dropped == {"link": 1}


def test_seed_boilerplate_is_removed_and_news_kept(seed_articles):
    cleaned = clean(seed_articles, segment(seed_articles))
    kept = [s.text for s in cleaned.sentences]
    for junk in SEED_BOILERPLATE:
        assert not any(junk in s for s in kept), junk
    assert any("Great Hall of the People" in s for s in kept)
    assert len(kept) > 60
    assert cleaned.dropped["heading"] > 0


def test_near_duplicate_articles_are_flagged_and_ignored():
    body = " ".join(f"Sentence number {i} of the wire story says something new." for i in range(30))
    a = Article(id="a", text=body)
    b = Article(id="b", text="Copied from the wire. " + body + " Footer text here.")
    c = Article(id="c", text="An unrelated report about weather in the mountains this week.")
    assert find_duplicates([a, b, c]) == {"b": "a"}
    cleaned = clean([a, b, c], segment([a, b, c]))
    assert {s.article_id for s in cleaned.sentences} == {"a", "c"}
    assert cleaned.dropped["duplicate_article"] > 0
