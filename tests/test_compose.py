"""The composer (models/write/compose.py) with the word-graph merger: rounds, counters,
compressed heads."""

from __future__ import annotations

from models.stages.group import Group
from models.write import graphmerge
from models.write.compose import Composer
from models.write.graphmerge import GraphMerger
from models.write.verify import adds_to_head
from tests.merge_cases import HEAD, PARTNER, PORTLAND, PORTLAND_PARTNER, sentence


def test_composer_writes_word_graph_merges_and_compressed_heads():
    cands = [
        sentence(0, 0, HEAD),
        sentence(1, 0, PARTNER),
        sentence(0, 1, "Rescue teams searched the flooded streets through the night, police said."),
    ]
    groups = [Group((0, 1), 0, 1.0), Group((2,), 1, 0.5)]
    composer = Composer(cands, groups, 80, merger=GraphMerger(), lm_merges=False, compression=True)
    assert [r for _, r in composer.next_round()] == [None, None]  # nothing left to generate
    written = composer.sentences()
    methods = {w.group.rank: w.method for w in written}
    assert methods == {0: "fused", 1: "compressed"}
    assert composer.merges_tried == 1 and composer.merges_failed == 0
    assert written[1].text == "Rescue teams searched the flooded streets through the night."


def test_composer_counts_a_merge_no_path_passes_as_failed():
    cands = [
        sentence(0, 0, "The council approved the new city budget on Tuesday evening."),
        sentence(1, 0, "The council approved the budget after critics walked out of the room."),
    ]
    composer = Composer(
        cands,
        [Group((0, 1), 0, 1.0)],
        60,
        merger=GraphMerger(lambda t: [0.0] * len(t)),
        lm_merges=False,
    )
    composer.next_round()
    (written,) = composer.sentences()
    assert written.method == "fallback" and composer.merges_failed == 1


def test_a_path_that_says_what_the_head_says_in_fewer_words_is_a_compression():
    """Read on the dev clusters: a partner's wording stood in for the head's and added
    nothing. It is written, but as "compressed", and the merge counts as failed."""
    members = [sentence(0, 0, PORTLAND), sentence(1, 0, PORTLAND_PARTNER)]
    (found,) = GraphMerger().merge_many([members])
    shorter = (
        "In Portland, police chief Randy Wright said there is no evidence yet that it was a "
        "hate crime."
    )
    assert found is not None and found.method == "compressed" and found.text == shorter
    assert not adds_to_head(shorter, members, 0.7, any_base=True)

    class Found:  # the merger's answer for a group the composer merges
        def merge_many(self, groups):
            return [found for _ in groups]

    more = " and they are not treating it as that; he is not ruling it out either."
    partner = sentence(1, 0, PORTLAND_PARTNER.replace(".", more))
    composer = Composer(
        [members[0], partner], [Group((0, 1), 0, 1.0)], 60, merger=Found(), lm_merges=False
    )
    composer.next_round()
    (written,) = composer.sentences()
    assert written.method == "compressed" and written.text == shorter
    assert composer.merges_tried == 1 and composer.merges_failed == 1
    # a shorter path that drops a name the head states is no compression
    assert not graphmerge.shortens(shorter.replace(" Randy Wright", ""), PORTLAND, PORTLAND)


def test_word_graph_merges_are_not_rationed_like_generated_ones():
    text = "The storm killed 12 people in the coastal town of Riverton{} on Sunday."
    cands = [sentence(a, 0, text.format(f" {a}")) for a in range(12)]
    groups = [Group((i, i + 1), i // 2, 1.0) for i in range(0, 12, 2)]
    wordgraph = Composer(cands, groups, 100, merger=GraphMerger(), lm_merges=False)
    generated = Composer(cands, groups, 100)
    assert wordgraph.merges_left == len(groups) > generated.merges_left == 2
