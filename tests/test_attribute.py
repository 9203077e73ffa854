from __future__ import annotations

from models.sentences import segment_article
from models.stages.attribute import attribute
from models.text import mentions, specifics
from models.types import Article
from tests.fakes import HashingEncoder

SOURCE_A = Article(
    id="a",
    text="The storm killed 12 people in Manila on Tuesday. Power was cut to 40,000 homes.",
)
SOURCE_B = Article(id="b", text="Schools in Luzon stayed closed as the storm moved north.")


def _attribute(summary: list[str]):
    sources = segment_article(SOURCE_A, 0) + segment_article(SOURCE_B, 1)
    enc = HashingEncoder()
    return attribute(summary, enc.encode(summary), sources, enc.encode([s.text for s in sources]))


def test_faithful_sentence_cites_its_source_with_exact_offsets():
    (result,) = _attribute(["The storm killed 12 people in Manila on Tuesday."])
    assert result.supported and not result.unsupported_terms
    top = result.citations[0]
    assert (top.article_id, top.sentence_index) == ("a", 0)
    assert SOURCE_A.text[top.start : top.end] == "The storm killed 12 people in Manila on Tuesday."


def test_fused_sentence_cites_both_sources():
    (result,) = _attribute(
        ["The storm killed 12 people in Manila as schools in Luzon stayed closed."]
    )
    cited = {(c.article_id, c.sentence_index) for c in result.citations}
    assert {("a", 0), ("b", 0)} <= cited
    assert result.supported


def test_invented_number_is_flagged_unsupported():
    (result,) = _attribute(["The storm killed 15 people in Manila on Tuesday."])
    assert not result.supported
    assert result.unsupported_terms == ("15",)


def test_invented_name_is_flagged_unsupported():
    (result,) = _attribute(["The storm killed 12 people in Cebu on Tuesday."])
    assert "Cebu" in result.unsupported_terms and not result.supported


def test_number_found_elsewhere_in_bundle_is_cited_not_flagged():
    (result,) = _attribute(["The storm killed 12 people and cut power to 40,000 homes."])
    assert result.supported
    assert {("a", 0), ("a", 1)} <= {(c.article_id, c.sentence_index) for c in result.citations}


def test_unrelated_sentence_has_low_support():
    (result,) = _attribute(["A cooking festival drew chefs from across Europe."])
    assert not result.supported


def test_specifics_and_mentions():
    assert specifics("Blinken met Xi on June 19 for 35 minutes.") == {
        "Blinken",
        "Xi",
        "June",
        "19",
        "35",
    }
    assert mentions("power to 40,000 homes", "40000")
    assert not mentions("Xiang said", "Xi")
    assert mentions("the officials said", "Officials")
