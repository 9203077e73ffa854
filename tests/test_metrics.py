"""The benchmarks' yardsticks on hand-made cases: ROUGE, the attribution figures, the baselines
and (with the real model) the citation judge."""

from __future__ import annotations

import pytest

from benchmarks.baselines import BASELINES, lead, random_sentences
from benchmarks.common import Rouge, cpu_path, cut_words
from benchmarks.metrics import (
    SUPPORT_THRESHOLD,
    AttributionCounts,
    CitationJudge,
    attribution_figures,
    unsupported_specifics,
)
from models import Article
from models.types import Citation, ModelInfo, Summary, SummarySentence


@pytest.fixture(scope="module")
def rouge() -> Rouge:
    return Rouge()


def test_rouge_of_a_copy_is_100(rouge):
    text = "The council approved the budget. Schools get more money."
    assert rouge.score(text, [text]) == pytest.approx(
        {"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0}
    )


def test_rouge_known_values(rouge):
    # 3 of 3 summary unigrams in a 6-unigram reference: P 1, R 0.5, F 2/3.
    # 2 of 2 summary bigrams among 5: P 1, R 0.4, F 4/7.
    scores = rouge.score("the cat sat", ["the cat sat on the mat"])
    assert scores["rouge1"] == pytest.approx(200 / 3, abs=0.01)
    assert scores["rouge2"] == pytest.approx(400 / 7, abs=0.01)


def test_rouge_stems_and_averages_over_references(rouge):
    assert rouge.score("cats running", ["cat runs"])["rouge1"] == pytest.approx(100.0)
    both = rouge.score("the cat sat", ["the cat sat", "a dog barked loudly"])
    assert both["rouge1"] == pytest.approx(50.0)


def test_cut_words_gives_every_system_the_same_budget():
    assert cut_words("one two three four", 2) == "one two"
    assert cut_words("one two", 5) == "one two"


def _sentence(text: str, *cited: str, supported: bool = True) -> SummarySentence:
    citations = tuple(Citation("a", i, 0, len(c), 0.9, c) for i, c in enumerate(cited))
    return SummarySentence(text, supported, 0.9 if supported else 0.2, citations)


def test_an_invented_number_or_name_is_flagged_a_faithful_sentence_is_not():
    source = "Blinken met Xi Jinping in Beijing on June 19 for 35 minutes."
    assert unsupported_specifics(_sentence("Blinken met Xi for 35 minutes.", source)) == []
    assert unsupported_specifics(_sentence("Blinken met Xi for 45 minutes.", source)) == ["45"]
    assert unsupported_specifics(_sentence("Blinken met Putin in Beijing.", source)) == ["Putin"]
    # A name found only in another, uncited sentence still counts against this sentence.
    assert unsupported_specifics(_sentence("Wang met Blinken.", source)) == ["Wang"]


def test_attribution_figures_count_what_they_say():
    source = "The council approved the 2024 budget by seven votes to two."
    summary = Summary(
        summary="",
        sentences=(
            _sentence("The council approved the 2024 budget.", source),
            _sentence("Mayor Lin vetoed it in 2025.", supported=False),
        ),
        selection=(),
        articles=(),
        model=ModelInfo("e", "f", "g", "cpu"),
        timings_ms={},
    )
    counts = attribution_figures(summary)
    assert (counts.sentences, counts.cited, counts.unsupported) == (2, 1, 1)
    assert (counts.specifics, counts.unsupported_specifics) == (4, 3)  # 2024 | Mayor, Lin, 2025
    assert (counts.numbers, counts.unsupported_numbers) == (2, 1)  # 2024, 2025 | 2025
    total = AttributionCounts()
    total.add(counts)
    total.add(counts)
    assert total.shares() == {
        "cited": 0.5,
        "unsupported": 0.5,
        "unsupported_specifics": 0.75,
        "unsupported_numbers": 0.5,
        "fallback_rate": None,
        "citation_precision": None,
        "kept_fused": None,
        "fused_per_summary": 0.0,
        "compressed_per_summary": 0.0,
        "violations_per_summary": 0.0,
    }


ARTICLES = [
    Article(
        id="a",
        text="The council approved the budget on Monday. Schools get four percent more. "
        "Critics said roads were ignored. The vote was seven to two.",
    ),
    Article(
        id="b",
        text="Mayor Lin welcomed the budget vote. Road repairs were left out again. "
        "The council meets next in May.",
    ),
]


def test_lead_takes_first_sentences_round_robin():
    text = lead(ARTICLES, 13)
    assert text.startswith("The council approved the budget on Monday. Mayor Lin welcomed")
    assert len(text.split()) == 13


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_every_baseline_picks_bundle_sentences_within_the_budget(name):
    text = BASELINES[name](ARTICLES, 15)
    assert 0 < len(text.split()) <= 15
    first = text.split(".")[0] + "."
    assert any(first in a.text for a in ARTICLES), first


def test_random_is_seeded():
    assert random_sentences(ARTICLES, 20, seed=1) == random_sentences(ARTICLES, 20, seed=1)


@pytest.mark.real
def test_the_judge_separates_supported_claims_from_unrelated_ones(real_pipeline):
    judge = CitationJudge(real_pipeline.generator)
    source = "US Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing."
    supported = ["Blinken met Xi Jinping in Beijing.", source]
    unsupported = [
        "The city council approved the school budget by seven votes to two.",
        "Blinken refused to meet Xi Jinping.",
        "Blinken met Putin in Moscow.",
    ]
    for claim in supported:
        assert judge.p_support(source, claim) > SUPPORT_THRESHOLD, claim
    for claim in unsupported:
        assert judge.p_support(source, claim) < SUPPORT_THRESHOLD, claim
    sentence = _sentence(supported[0], source, unsupported[0])
    assert judge.judge([sentence]) == (2, 1)


def test_cpu_path_names_the_kernels_torch_and_llama_cpp_take():
    """A timing is printed with the CPU path that made it: torch's capability as this
    environment caps it, and llama.cpp's vector features as built."""
    import torch

    line = cpu_path()
    assert f"torch {torch.backends.cpu.get_cpu_capability()}" in line
    assert line.startswith("CPU flags ")
    llama_cpp = pytest.importorskip("llama_cpp")
    built = llama_cpp.llama_print_system_info().decode()
    assert ("AVX2 = 1" in built) == (" AVX2" in line.split("llama.cpp")[1])
