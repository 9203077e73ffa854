"""Follow-ups with the real models on the seed bundle: a focus, an update, and the refusals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from models import InputError, SummaryOptions
from models.stages.followup import focus_relevance
from models.warnings import codes
from service.app import create_app
from service.backend import local
from tests.service_helpers import settings

pytestmark = pytest.mark.real


def test_a_focus_on_trade_cites_sentences_about_trade_or_says_there_are_none(
    real_pipeline, seed_articles
):
    summary = real_pipeline.summarize(seed_articles, SummaryOptions(focus="trade"))
    if not summary.sentences:
        assert "focus_unrelated" in codes(summary.warnings)
        return
    assert all(s.citations for s in summary.sentences)
    # The focus chooses the first pick and it leads: a sentence about trade, citing one.
    lead = summary.sentences[0]
    assert "trade" in lead.text.lower() or any("trade" in c.text.lower() for c in lead.citations)
    settings = real_pipeline.followup
    plain = real_pipeline.summarize(seed_articles, SummaryOptions())

    def relevance(texts: list[str]):
        vectors = real_pipeline.encoder.encode(texts)
        query = real_pipeline.encoder.encode(["trade"])[0]
        return focus_relevance(texts, vectors, "trade", query, settings.focus_lexical_weight)

    cited = relevance([c.text for s in summary.sentences for c in s.citations])
    # The bundle reaches the threshold; the focus ranks what it cites above the plain summary's.
    assert cited.max() >= settings.focus_min_relevance
    assert cited.mean() > relevance([c.text for s in plain.sentences for c in s.citations]).mean()
    assert 1 <= summary.followup["related"] < summary.followup["candidates"]


def test_an_extractive_summary_focused_on_trade_leads_with_trade(real_pipeline, seed_articles):
    summary = real_pipeline.summarize(
        seed_articles, SummaryOptions(mode="extractive", focus="trade")
    )
    if not summary.sentences:
        assert "focus_unrelated" in codes(summary.warnings)
        return
    assert "trade" in summary.sentences[0].text.lower()
    # Then the story: the rest is what a plain summary would pick, not more of the focus.
    assert len(summary.sentences) > 1


def test_an_unrelated_focus_gives_no_summary_and_a_warning(real_pipeline, seed_articles):
    options = SummaryOptions(mode="extractive", focus="football world cup results")
    summary = real_pipeline.summarize(seed_articles, options)
    assert summary.sentences == () and "focus_unrelated" in codes(summary.warnings)


@pytest.mark.parametrize("mode", ["abstractive", "extractive"])
def test_with_the_first_three_seen_the_update_cites_only_the_other_two(
    real_pipeline, seed_articles, mode
):
    ids = [a.id for a in seed_articles]
    assert ids[0].startswith("000_") and ids[4].startswith("004_")
    summary = real_pipeline.summarize(seed_articles, SummaryOptions(mode=mode, seen=tuple(ids[:3])))
    assert summary.sentences, summary.warnings
    assert summary.model.engine != "extractive" or mode == "extractive"
    for sentence in summary.sentences:
        assert sentence.citations
        assert {c.article_id for c in sentence.citations} <= set(ids[3:])
    assert summary.followup["kept"] <= summary.followup["novel"] <= summary.followup["candidates"]


def test_an_update_since_a_previous_summary_repeats_none_of_it(real_pipeline, seed_articles):
    options = SummaryOptions(mode="extractive", max_words=60)
    first = real_pipeline.summarize(seed_articles, options)
    update = real_pipeline.summarize(
        seed_articles,
        SummaryOptions(mode="extractive", max_words=60, previous_summary=first.summary),
    )
    assert not {s.text for s in first.sentences} & {s.text for s in update.sentences}


def test_all_five_seen_is_refused_in_the_pipeline_and_over_http(real_pipeline, seed_articles):
    ids = tuple(a.id for a in seed_articles)
    with pytest.raises(InputError) as err:
        real_pipeline.summarize(seed_articles, SummaryOptions(seen=ids))
    assert err.value.param == "options.seen"
    body = {
        "articles": [{"id": a.id, "text": a.text} for a in seed_articles],
        "options": {"seen": list(ids)},
    }
    with TestClient(create_app(settings(), local(lambda s: real_pipeline))) as client:
        response = client.post("/v1/summarize", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["param"] == "options.seen"
