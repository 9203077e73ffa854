from __future__ import annotations

import pytest

from models.stages.clean import boilerplate_reason, clean, find_duplicates
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
        ("I am David Wyatt, a professional writer and journalist for Buna Times.", "author_bio"),
        ("About Digital Scoop India Team", "author_bio"),
        ("By Jane Smith", "author_bio"),
        ("This story has been published from a syndicated feed.", "syndication"),
        ("(Last Updated On: June 20, 2023)", "syndication"),
        ("Sign up for our daily newsletter.", "promo"),
        ("Subscribe to our channel Athletistic", "promo"),
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
    ],
)
def test_news_sentences_are_kept(text):
    assert boilerplate_reason(text) is None


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
