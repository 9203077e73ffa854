"""The fusion funnel (benchmarks/fusion_funnel.py): where each merge stops."""

from __future__ import annotations

from dataclasses import replace

from benchmarks.fusion_funnel import STAGES, following, stage, table
from models import Pipeline, PipelineConfig, SummaryOptions
from models.write.graphmerge import Fused, GraphMerger
from tests.fakes import HashingEncoder, MergeFuser
from tests.merge_cases import sentence


def test_the_funnel_names_the_last_check_a_merge_passes():
    merger = GraphMerger()
    refused = [
        sentence(0, 0, "A man at the plant in Harford County shot three co-workers on Monday."),
        sentence(1, 0, "Workers at the plant in Dover shot a video of the fire on Monday."),
    ]
    apart = [
        sentence(0, 0, "The council approved the new budget on Tuesday evening."),
        sentence(1, 0, "Rain is expected across the region for most of next week."),
    ]
    assert stage(merger, refused, None) == "verifies and adds"
    assert stage(merger, apart, None) == "none"
    compressed = Fused("A shorter head.", None, None, 0.0, 1, 1, "compressed")
    assert stage(merger, refused, compressed) == "verifies and adds"  # a compression: not fused
    assert stage(merger, refused, replace(compressed, method="fused")) == "kept fused"
    rows = table(["none", "verifies and adds", "kept fused", "kept fused"])
    assert [(r["check"], r["merges"]) for r in rows] == [
        ("a candidate", 3),
        ("verifies and adds", 3),
        ("splice rules", 2),
        ("kept fused", 2),
    ]


def test_the_funnel_follows_the_pipelines_merges_and_puts_merge_many_back(seed_articles):
    stages: list[str] = []
    original = GraphMerger.merge_many
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="wordgraph"))
    with following(stages):
        pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert GraphMerger.merge_many is original
    assert stages and set(stages) <= set(STAGES)
