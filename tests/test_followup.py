"""Follow-ups with fakes: the selection math (prior, relevance, novelty), validation naming
the field, and the pipeline's focused and update summaries in both modes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from models import Article, InputError, Pipeline, PipelineConfig, SummaryOptions, summary_to_dict
from models.stages.followup import (
    FollowupSettings,
    focus_prior,
    focus_relevance,
    known_terms,
    new_specifics,
    novel_mask,
    restates_known,
)
from models.stages.select import Prior, SelectionWeights, mmr_rank, mmr_select, salience
from models.stages.validate import MAX_FOCUS_CHARS, MAX_PREVIOUS_SUMMARY_CHARS
from models.types import Sentence
from models.warnings import codes
from models.write.extractive import extractive_sentences
from tests.fakes import EchoFuser, HashingEncoder

FLOOD = [
    Article(
        id="wire-1",
        text="Floods closed the main bridge in Lyon on Monday after heavy rain. "
        "The city council met to plan repairs to the flooded bridge. "
        "Train services to Paris were cancelled because of the flooding.",
    ),
    Article(
        id="wire-2",
        text="Heavy rain flooded Lyon on Monday and the main bridge was closed. "
        "Train services to Paris stopped running because of the floods. "
        "The mayor said schools in Lyon would stay shut until Wednesday.",
    ),
    Article(
        id="wire-3",
        text="Rescuers in Lyon evacuated 120 residents from flooded homes near the river. "
        "Insurers estimated the flood damage at 40 million euros in the region. "
        "Heavy rain flooded Lyon on Monday and the main bridge was closed.",
    ),
]


def _unit_vectors(seed: int, n: int, dim: int) -> np.ndarray:
    """``n`` random unit vectors (reproducible): embeddings for the selection math."""
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _sentences(n: int) -> list[Sentence]:
    return [Sentence(f"a{i % 2}", i % 2, i // 2, 0, 10, f"word {i} " * 4) for i in range(n)]


# ---------------------------------------------------------------- selection math


def test_a_prior_of_weight_zero_changes_nothing_and_of_weight_one_ranks_by_relevance():
    vectors = _unit_vectors(1, 6, 8)
    sentences = _sentences(6)
    weights = SelectionWeights(min_words=1)
    plain = salience(sentences, vectors, weights)
    relevance = np.linspace(1.0, 0.0, 6).astype(np.float32)
    same = salience(sentences, vectors, weights, Prior(relevance, 0.0))
    np.testing.assert_allclose(same, plain, atol=1e-6)
    only = salience(sentences, vectors, weights, Prior(relevance, 1.0))
    assert list(np.argsort(-only)) == list(range(6))
    order, _ = mmr_rank(sentences, vectors, 8, 0.0, weights, Prior(relevance, 1.0))
    assert order[0] == 0


def test_a_fading_prior_ranks_the_first_picks_then_salience_alone_ranks():
    vectors = _unit_vectors(2, 8, 16)
    sentences = _sentences(8)  # 8 words each: 4 picks fill 32 words
    weights = SelectionWeights(min_words=1)
    plain = salience(sentences, vectors, weights)
    # The focus favours what salience likes least.
    relevance = _scale_to_unit(-plain)
    plain_order, _ = mmr_rank(sentences, vectors, 32, 0.0, weights)
    focus_order, _ = mmr_rank(sentences, vectors, 32, 0.0, weights, Prior(relevance, 1.0))
    assert focus_order[0] == int(np.argmax(relevance)) != plain_order[0]
    for fading in (Prior(relevance, 1.0, picks=1), Prior(relevance, 1.0, budget_share=0.25)):
        order, sal = mmr_rank(sentences, vectors, 32, 0.0, weights, fading)
        assert order[0] == focus_order[0]  # the focus leads
        rest = [i for i in plain_order if i != order[0]]
        assert order[1:] == rest[:3]  # then salience alone, as without a focus
        assert sal[order[1]] == pytest.approx(plain[order[1]], abs=1e-6)
    # Two picks, or 40 % of 32 words (the first two 8-word picks), by the focus.
    for fading in (Prior(relevance, 1.0, picks=2), Prior(relevance, 1.0, budget_share=0.4)):
        order, _ = mmr_rank(sentences, vectors, 32, 0.0, weights, fading)
        assert order[:2] == focus_order[:2]


def test_the_picks_a_fading_prior_ranked_lead_the_extractive_summary():
    vectors = _unit_vectors(3, 8, 16)
    sentences = _sentences(8)
    weights = SelectionWeights(min_words=1)
    relevance = np.zeros(8, dtype=np.float32)
    relevance[7] = 1.0  # the last sentence of the second article is what was asked about
    picks = mmr_select(sentences, vectors, 32, 0.0, weights, Prior(relevance, 1.0, picks=1))
    assert [p.leads for p in picks].count(True) == 1 and picks[-1].sentence.index == 3
    written = extractive_sentences(picks, 32)
    assert written[0].text == sentences[7].text
    assert len(written) == len(picks)
    # Without a fade every pick is the focus's: nothing is marked, source order stays.
    unfaded = mmr_select(sentences, vectors, 32, 0.0, weights, Prior(relevance, 1.0))
    assert not any(p.leads for p in unfaded)
    assert [s.text for s in extractive_sentences(unfaded, 32)] == [p.sentence.text for p in unfaded]


def test_a_prior_without_a_fade_applies_to_every_pick():
    prior = Prior(np.zeros(2), 0.7)
    assert prior.applies(10, 500, 120)
    assert Prior(np.zeros(2), 0.7, picks=2).applies(1, 100, 120)
    assert not Prior(np.zeros(2), 0.7, picks=2).applies(2, 10, 120)
    assert Prior(np.zeros(2), 0.7, budget_share=0.4).applies(3, 47, 120)
    assert not Prior(np.zeros(2), 0.7, budget_share=0.4).applies(1, 48, 120)


def test_focus_prior_carries_the_settings_fade():
    prior = focus_prior(np.array([0.2, 0.6], dtype=np.float32), 0.7, picks=1)
    assert (prior.picks, prior.budget_share, prior.weight) == (1, None, 0.7)
    np.testing.assert_allclose(prior.relevance, [0.0, 1.0])


def _scale_to_unit(x: np.ndarray) -> np.ndarray:
    return ((x - x.min()) / (x.max() - x.min())).astype(np.float32)


def test_focus_relevance_mixes_cosine_and_the_focus_words_a_sentence_holds():
    vectors = np.eye(3, dtype=np.float32)
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    texts = ["Trade talks stalled.", "Trade and tariffs rose.", "The weather was fine."]
    rel = focus_relevance(texts, vectors, "trade tariffs", query, 0.5)
    # cosine 1 and half the focus words; cosine 0 and both words; neither.
    np.testing.assert_allclose(rel, [0.75, 0.5, 0.0])
    assert focus_relevance([], np.zeros((0, 3)), "trade", query, 0.5).shape == (0,)
    prior = focus_prior(rel, 0.4)
    assert prior.weight == 0.4 and prior.relevance.max() == 1.0 and prior.relevance.min() == 0.0


def test_new_specifics_are_names_and_numbers_the_known_text_lacks():
    known = known_terms("Nine people died in Lyon's floods, the Mayor said on Monday.")
    assert new_specifics("The toll in Lyon rose to 12 on Monday.", known) == {"12"}
    # A name known in lower case ("mayor") or with a possessive is not new.
    assert new_specifics("Mayor Dupont spoke in Lyon.", known) == {"Dupont"}


def test_novel_means_below_the_threshold_and_adding_a_name_or_number():
    settings = FollowupSettings(novelty_cosine=0.6)
    known_texts = ["Nine people died in the floods, rescuers said."]
    known = np.array([[1.0, 0.0]], dtype=np.float32)

    def at(cos: float) -> list[float]:
        return [cos, float(np.sqrt(1 - cos**2))]

    texts = [
        "Rescuers reached the valley near Grenoble.",  # far from anything known, a new name
        "Rescuers reached the valley.",  # far, but no new name or number
        "The death toll rose to 12.",  # a new number, but too close to what is known
        "Nine people died in the floods, Reuters said.",  # a near-repeat with a new name
    ]
    vectors = np.array([at(0.2), at(0.3), at(0.7), at(0.9)], dtype=np.float32)
    novel, best = novel_mask(texts, vectors, known_texts, known, settings)
    assert novel.tolist() == [True, False, False, False]
    np.testing.assert_allclose(best, [0.2, 0.3, 0.7, 0.9], atol=1e-6)
    cosine_only = replace(settings, novelty_needs_specifics=False)
    novel, _ = novel_mask(texts, vectors, known_texts, known, cosine_only)
    assert novel.tolist() == [True, True, False, False]
    everything, _ = novel_mask(texts, vectors, [], np.zeros((0, 2)), settings)
    assert everything.all()


def test_a_candidate_restates_what_is_known_only_when_it_adds_no_word_name_or_number():
    settings = FollowupSettings(restate_cosine=0.5, restate_min_new_words=1)
    known_texts = ["Nine people died in the floods in Lyon, rescuers said."]
    known = np.array([[1.0, 0.0]], dtype=np.float32)
    texts = [
        "Rescuers said nine people died in Lyon's floods.",  # the same fact, reworded
        "Rescuers said the toll in Lyon rose to 12.",  # a new number
        "Rescuers in Lyon said the floods destroyed bridges.",  # new content words
        "Floods in Lyon: nine people died.",  # nothing new, but far by the vectors
    ]
    vectors = np.array([[0.9, 0.44], [0.8, 0.6], [0.8, 0.6], [0.3, 0.95]], dtype=np.float32)
    restated = restates_known(texts, vectors, known_texts, known, settings)
    assert restated.tolist() == [True, False, False, False]
    stricter = replace(settings, restate_min_new_words=3)  # two new words are not enough
    assert restates_known(texts, vectors, known_texts, known, stricter).tolist()[2]
    assert not restates_known(texts, vectors, [], np.zeros((0, 2)), settings).any()


def test_an_update_leads_with_the_story_the_seen_articles_tell_not_an_odd_sentence(
    fake_pipeline,
):
    # The reader knows the flood; the new article's main fact (the toll, a new number) is
    # about it, its odd quote only looks novel. Salience with the seen article as context
    # picks the main fact; the rule that ranked novel candidates among themselves did not.
    seen = Article(
        id="seen-1",
        text="Heavy rain flooded Lyon on Monday and the main bridge was closed. "
        "Rescuers said nine people died in the Lyon floods on Monday.",
    )
    new = Article(
        id="new-1",
        text="'Hopefully you will not need any umbrellas this week,' Anderson replied to "
        "reporters. Rescuers said the death toll of the Lyon floods rose to 12 on Tuesday.",
    )
    options = SummaryOptions(mode="extractive", max_words=20, seen=("seen-1",))
    summary = fake_pipeline.summarize([seen, new], options)
    assert [s.text for s in summary.sentences] == [new.text.split(". ")[1]]
    assert {c.article_id for s in summary.sentences for c in s.citations} == {"new-1"}
    fake_pipeline.followup = FollowupSettings(update_rule="novel", update_context=False)
    before = fake_pipeline.summarize([seen, new], options)
    assert "Anderson" in before.summary


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("options", "param"),
    [
        ({"focus": ""}, "options.focus"),
        ({"focus": "   "}, "options.focus"),
        ({"focus": "x" * (MAX_FOCUS_CHARS + 1)}, "options.focus"),
        ({"focus": 5}, "options.focus"),
        ({"focus": "bad\x00byte"}, "options.focus"),
        ({"seen": ("wire-9",)}, "options.seen[0]"),
        ({"seen": ("wire-1", 3)}, "options.seen[1]"),
        ({"seen": "wire-1"}, "options.seen"),
        ({"seen": ("wire-1", "wire-2", "wire-3")}, "options.seen"),
        ({"seen": ("wire-1",), "previous_summary": "Floods hit Lyon."}, "options.previous_summary"),
        ({"previous_summary": " "}, "options.previous_summary"),
        ({"previous_summary": "x" * (MAX_PREVIOUS_SUMMARY_CHARS + 1)}, "options.previous_summary"),
    ],
)
def test_bad_followup_options_name_the_field(fake_pipeline, options, param):
    with pytest.raises(InputError) as err:
        fake_pipeline.summarize(FLOOD, SummaryOptions(**options))
    assert err.value.param == param
    if param == "options.seen[0]":
        assert "wire-9" in err.value.message


# ---------------------------------------------------------------- the pipeline


@pytest.fixture(params=["extractive", "abstractive"])
def mode(request) -> str:
    return request.param


def test_an_update_cites_only_the_articles_not_seen(fake_pipeline, mode):
    options = SummaryOptions(mode=mode, max_words=40, seen=("wire-1", "wire-2"))
    summary = fake_pipeline.summarize(FLOOD, options)
    assert summary.sentences
    cited = {c.article_id for s in summary.sentences for c in s.citations}
    assert cited == {"wire-3"}
    texts = " ".join(s.text for s in summary.sentences)
    # wire-3's last sentence repeats wire-2's first one: it is not news.
    assert "main bridge was closed" not in texts
    doc = summary_to_dict(summary)
    assert doc["followup"]["seen"] == ["wire-1", "wire-2"]
    assert doc["followup"]["novel"] == doc["followup"]["kept"] < doc["followup"]["candidates"]


def test_an_update_against_a_previous_summary(fake_pipeline, mode):
    previous = "Heavy rain flooded Lyon on Monday and the main bridge was closed. Trains stopped."
    options = SummaryOptions(mode=mode, max_words=60, previous_summary=previous)
    summary = fake_pipeline.summarize(FLOOD, options)
    texts = [s.text for s in summary.sentences]
    assert texts and not any("main bridge was closed" in t for t in texts)
    assert summary_to_dict(summary)["followup"]["previous_summary"] is True


def test_nothing_new_is_an_empty_summary_with_a_warning(fake_pipeline, mode):
    repeat = replace(FLOOD[1], id="wire-2b")  # the same article again, under another id
    summary = fake_pipeline.summarize(
        [FLOOD[1], repeat], SummaryOptions(mode=mode, seen=("wire-2",))
    )
    assert summary.summary == "" and summary.sentences == ()
    assert "nothing_new" in codes(summary.warnings)
    assert "short_summary" not in codes(summary.warnings)  # an empty update is not "short"


def test_a_focus_ranks_related_sentences_first_and_echoes(fake_pipeline, mode):
    options = SummaryOptions(mode=mode, max_words=20, focus="insurers flood damage euros")
    summary = fake_pipeline.summarize(FLOOD, options)
    assert summary.sentences
    assert "40 million euros" in summary.sentences[0].text
    doc = summary_to_dict(summary)
    assert doc["followup"]["focus"] == "insurers flood damage euros"
    assert doc["followup"]["related"] >= 1


def test_the_sentence_the_focus_chose_leads_a_longer_extractive_summary(fake_pipeline):
    options = SummaryOptions(mode="extractive", max_words=60, focus="insurers flood damage euros")
    summary = fake_pipeline.summarize(FLOOD, options)
    plain = fake_pipeline.summarize(FLOOD, replace(options, focus=None))
    assert len(summary.sentences) > 1
    assert "40 million euros" in summary.sentences[0].text
    assert "40 million euros" not in plain.sentences[0].text  # source order would not lead


def test_a_related_bundle_keeps_every_candidate_and_a_floor_drops_the_unrelated(mode):
    options = SummaryOptions(mode=mode, max_words=200, focus="insurers flood damage euros")
    pipeline = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig())
    plain = pipeline.summarize(FLOOD, replace(options, focus=None))
    summary = pipeline.summarize(FLOOD, options)
    counts = summary.followup
    assert 1 <= counts["related"] < counts["candidates"] == counts["kept"]
    assert len(summary.sentences) == len(plain.sentences)  # ranked, not filtered
    pipeline.followup = FollowupSettings(focus_floor=pipeline.followup.focus_min_relevance)
    floored = pipeline.summarize(FLOOD, options)
    assert floored.followup["kept"] == floored.followup["related"] < counts["kept"]
    assert any("40 million euros" in s.text for s in floored.sentences)


def test_an_unrelated_focus_is_an_empty_summary_with_a_warning(fake_pipeline, mode):
    options = SummaryOptions(mode=mode, focus="chocolate cake recipe")
    summary = fake_pipeline.summarize(FLOOD, options)
    assert summary.sentences == () and "focus_unrelated" in codes(summary.warnings)
    assert summary_to_dict(summary)["followup"]["kept"] == 0


def test_without_followup_options_the_document_has_no_followup_key(fake_pipeline):
    doc = summary_to_dict(fake_pipeline.summarize(FLOOD, SummaryOptions(max_words=40)))
    assert "followup" not in doc


def test_followups_work_in_oneshot_fusion_too():
    pipeline = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig(fusion="oneshot"))
    summary = pipeline.summarize(FLOOD, SummaryOptions(max_words=40, seen=("wire-1", "wire-2")))
    assert {c.article_id for s in summary.sentences for c in s.citations} == {"wire-3"}
