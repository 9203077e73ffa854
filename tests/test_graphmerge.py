"""The word-graph merger (models/write/graphmerge.py): a group's members to a fused sentence or
none, and the pipeline's merger switch."""

from __future__ import annotations

import pytest

from models import Pipeline, PipelineConfig, SummaryOptions, summary_to_dict
from models.write import graphmerge, wordgraph
from models.write.graphmerge import GraphMerger, swaps_number
from models.write.wordgraph import WordGraph
from tests.checks import cited_sources, leaning_without_predecessor, unsourced, words
from tests.fakes import HashingEncoder, MergeFuser
from tests.merge_cases import GIANFORTE, HEAD, JOINED, PARTNER, SENTENCED, sentence

# ---------------------------------------------------------------- the merger


def test_graph_merger_keeps_the_head_and_adds_a_partner_fact():
    members = [sentence(0, 0, HEAD), sentence(1, 0, PARTNER)]
    (fused,) = GraphMerger().merge_many([members])
    assert fused is not None
    # what a reader can check: every word is the sources', the head's opening stays and the
    # partner's fact is added (not verify and adds_to_head again: the merger ran both)
    assert words(fused.text) <= words(HEAD) | words(PARTNER)
    assert fused.text.startswith("Officials said the storm killed 12 people in the coastal town")
    assert "300 homes" in fused.text


def test_a_group_posted_again_reads_no_word_graph_and_gets_the_same_sentence():
    members = [sentence(0, 0, HEAD), sentence(1, 0, PARTNER)]
    merger = GraphMerger()
    first = merger.merge_many([members])
    assert merger.read == 1
    # the same texts in other articles, at other positions: the same group to the merger
    again = merger.merge_many([[sentence(3, 5, HEAD), sentence(4, 2, PARTNER)]])
    assert merger.read == 1 and again == first
    # the word graph's ceiling (no rules) is read anew, and not kept
    merger.candidates(members, rules=(), text_rules=())
    merger.candidates(members, rules=(), text_rules=())
    assert merger.read == 3
    # a full cache lets the least recently used group go
    small = GraphMerger(cache_size=1)
    small.merge_many([members])
    small.merge_many([[sentence(0, 0, GIANFORTE), sentence(1, 0, SENTENCED)]])
    small.merge_many([members])
    assert small.read == 3


def test_a_reading_the_time_guard_cut_short_is_not_kept(monkeypatch):
    members = [sentence(0, 0, HEAD), sentence(1, 0, PARTNER)]
    # no time at all: the graph yields no path, as a very loaded machine's might
    monkeypatch.setattr(WordGraph.candidates, "__defaults__", (wordgraph.MAX_PATHS, -1.0))
    merger = GraphMerger()
    cut = merger.candidates(members)
    assert merger.candidates(members) == cut and merger.read == 2
    monkeypatch.undo()
    full, _ = merger.candidates(members)
    assert len(full) > len(cut[0])
    assert merger.candidates(members)[0] == full and merger.read == 3


def test_graph_merger_uses_the_scorer_and_never_picks_less_fluent_than_the_head():
    members = [sentence(0, 0, HEAD), sentence(1, 0, PARTNER)]
    seen: list[list[str]] = []

    def scorer(texts):
        seen.append(list(texts))
        return [0.0] + [-1.0] * (len(texts) - 1)  # the head is the most fluent

    assert GraphMerger(scorer).merge_many([members]) == [None]
    # the head, then the paths; no path reached the head, so no partner was scored
    assert len(seen) == 1 and seen[0][0] == HEAD and PARTNER not in seen[0]


@pytest.mark.parametrize(("partner_fluency", "kept"), [(-2.0, False), (-3.5, True)])
def test_a_fused_sentence_is_no_less_fluent_than_its_head_or_its_base(
    partner_fluency, kept, monkeypatch
):
    """Fluency is compared with the head and with the member the path is built on (the
    partner here, which it shares the most content words with). Graph paths only: the
    conjunction of the two is tested in test_conjoin.py."""
    monkeypatch.setattr(graphmerge, "HEAD_EDITS", ())
    members = [sentence(0, 0, GIANFORTE), sentence(1, 0, SENTENCED)]

    seen: list[list[str]] = []

    def scorer(texts):
        seen.append(list(texts))
        return [{GIANFORTE: -4.0, SENTENCED: partner_fluency}.get(t, -3.0) for t in texts]

    (fused,) = GraphMerger(scorer).merge_many([members])
    assert (fused is not None and fused.text == JOINED) == kept
    assert seen[0][0] == GIANFORTE and seen[1] == [SENTENCED]  # the base only when needed
    if kept:
        assert fused is not None and fused.method == "fused" and fused.floor_fluency == -3.5


def test_a_path_may_not_swap_its_bases_number_for_another_members(monkeypatch):
    """Read on the dev clusters: two outlets gave different net worths; the path "Mr Ross ...
    has a net worth of $1.7 billion" dropped its head's figure for the partner's."""
    head = "Mr Ross, an investor, has a net worth of about $2.5bn."
    partner = "Wilbur Ross, the investor, has a net worth of $1.7 billion."
    swapped = "Mr Ross, an investor, has a net worth of $1.7 billion."
    assert swaps_number(swapped, [head, partner])
    assert not swaps_number("Ross, 79, has a net worth of about $2.5bn.", [head])  # adds one
    assert not swaps_number("Mr Ross has a net worth.", [head])  # drops one, says no other
    members = [sentence(0, 0, head), sentence(1, 0, partner)]
    assert swapped not in [c.text for c in GraphMerger().candidates(members)[0]]
    monkeypatch.setattr(graphmerge, "swaps_number", lambda text, base: False)
    # what the rule refuses: without it the swapped path is a candidate
    assert swapped in [c.text for c in GraphMerger().candidates(members)[0]]


def test_without_splice_rules_the_candidates_are_the_word_graphs_ceiling():
    """``rules=()`` keeps a path the splice rules refuse: the ceiling the funnel reports."""
    members = [
        sentence(0, 0, "A man at the plant in Harford County shot three co-workers on Monday."),
        sentence(1, 0, "Workers at the plant in Dover shot a video of the fire on Monday."),
    ]
    merger = GraphMerger()
    bad = "Workers at the plant in Harford County shot three co-workers on Monday."
    ceiling, read = merger.candidates(members, rules=())
    assert read and bad in [c.text for c in ceiling]
    assert bad not in [c.text for c in merger.candidates(members)[0]]


def test_graph_merger_gives_none_when_partners_share_nothing():
    members = [
        sentence(0, 0, "The council approved the new budget on Tuesday evening."),
        sentence(1, 0, "Rain is expected across the region for most of next week."),
    ]
    assert GraphMerger().merge_many([members]) == [None]


# ---------------------------------------------------------------- the pipeline switch


def test_compression_off_holds_with_the_word_graph_merger(seed_articles):
    """NEWSFUSE_COMPRESSION=0 is honoured by the default merger too: no head is compressed."""
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(compression=False))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert pipe.config.merger == "wordgraph" and summary.fusion["merges_tried"] > 0
    assert summary.fusion["compressed"] == 0
    assert "compressed" not in {s.method for s in summary.sentences}


def test_the_default_merger_is_the_word_graph_and_lm_stays_available(seed_articles):
    """merger=wordgraph (the default) generates nothing and compresses heads; merger=lm sends
    its merges to the generator; compression=False gives no compressed sentence (the fusion
    block still counts them: 0)."""
    assert PipelineConfig().merger == "wordgraph" and PipelineConfig().compression
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig())
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert not pipe.generator.requests and summary.fusion["merges_tried"] > 0
    assert summary.fusion["compressed"] > 0
    lm = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm"))
    summary = lm.summarize(seed_articles, SummaryOptions(max_words=120))
    assert lm.generator.requests and summary.fusion["merges_tried"] > 0
    plain = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm", compression=False))
    summary = plain.summarize(seed_articles, SummaryOptions(max_words=120))
    assert summary_to_dict(summary)["fusion"]["compressed"] == 0
    assert {s.method for s in summary.sentences} <= {"verbatim", "fused", "fallback"}


@pytest.mark.parametrize("merger", ["wordgraph", "both"])
def test_word_graph_merger_fuses_by_construction(seed_articles, merger):
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger=merger))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert summary.fusion["merges_tried"] > 0
    if merger == "wordgraph":
        assert not pipe.generator.requests  # no generation: paths are only chosen
    assert len(summary.summary.split()) <= 120
    doc = summary_to_dict(summary)
    assert leaning_without_predecessor(doc) == []
    compressed = sum(s.method == "compressed" for s in summary.sentences)
    assert doc["fusion"].get("compressed", 0) == compressed
    posted = {a.id: a.text for a in seed_articles}
    for s in doc["sentences"]:
        if s["method"] in ("fused", "compressed"):
            # a path and a cut head only reuse words: every one is in the posted sources
            sources = cited_sources(s, posted)
            assert words(s["text"]) <= words(" ".join(sources)), s["text"]
            assert unsourced(s["text"], sources) == [], s["text"]


def test_an_unknown_merger_is_refused():
    from models.errors import ModelError

    with pytest.raises(ModelError, match="merger"):
        Pipeline.load(PipelineConfig(merger="graph"))
