"""Where word-graph fusion stops: every merge the pipeline tries, by the last check it passes.

Runs abstractive mode on dev clusters (the default merger, the word graph) and follows each
merge the composer tries (a group with partners) through the checks of
:class:`models.write.graphmerge.GraphMerger`:

1. **a candidate**: the word graph gives a sentence that is no member's own, or an edit of the
   head with a partner's words does (:mod:`models.write.conjoin`, :mod:`models.write.speaker`);
2. **verifies and adds**: one of them passes ``verify`` against the members and adds a word
   another member has and the head lacks, with no splice rule applied. This is the word
   graph's ceiling: the kept-fused share if every splice were sound and fluent enough;
3. **splice rules**: one of those also passes :mod:`models.write.pathrules`'s rules and
   :mod:`models.write.textrules`'s;
4. **kept fused**: the merge gives a fused sentence (the best candidates scored by the fuser,
   none less fluent than its head and the members it is built on).

The last row is the share of merges kept fused. ``kept fused`` in ``benchmarks/quality.py``
counts fused sentences in the summaries over partnered sentences and is lower: a kept merge can
still be dropped by the coherence rule or the budget. Below "splice rules" a merge is lost to
the fuser's scoring: a fused candidate less fluent than its head or its bases, ranked past the
``LM_CANDIDATES`` scored, or beaten by a compression. Each merge is followed by wrapping
``GraphMerger.merge_many`` (the summaries are the pipeline's own); its candidates are read again
without the rules for the first two checks (the splice rules' row takes the reading the merger
kept), and the word graph's path reading stops after ``wordgraph.MAX_SECONDS``, so on a loaded
machine those rows can differ slightly between runs.

    python benchmarks/fusion_funnel.py [--clusters PATH] [--start 0] [--limit N]
        [--max-words 230] [--out DIR]          # make bench-funnel: the held-out 12-35
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    chosen_clusters,
    cluster_arguments,
    cluster_articles,
    pipeline_config,
    progress,
    write_results,
)
from models import Pipeline, SummaryOptions  # noqa: E402
from models.types import Sentence  # noqa: E402
from models.write.graphmerge import Fused, GraphMerger  # noqa: E402

# The checks in order; a merge's stage is the last it passes.
STAGES = ("none", "a candidate", "verifies and adds", "splice rules", "kept fused")


def stage(merger: GraphMerger, members: Sequence[Sentence], fused: Fused | None) -> str:
    """The last of :data:`STAGES` a merge passes (``fused``: what the merger gave)."""
    if fused is not None and fused.method == "fused":
        return "kept fused"
    ceiling, read = merger.candidates(members, rules=(), text_rules=())
    if not read:
        return "none"
    if not any(c.method == "fused" for c in ceiling):
        return "a candidate"
    if not any(c.method == "fused" for c in merger.candidates(members)[0]):
        return "verifies and adds"
    return "splice rules"


@contextmanager
def following(stages: list[str]) -> Iterator[None]:
    """Append the stage of every merge the pipeline runs while inside."""
    original = GraphMerger.merge_many

    def merge_many(self: GraphMerger, groups: Sequence[Sequence[Sentence]]) -> list[Any]:
        out = original(self, groups)
        stages.extend(stage(self, g, f) for g, f in zip(groups, out, strict=True))
        return out

    GraphMerger.merge_many = merge_many  # type: ignore[method-assign]
    try:
        yield
    finally:
        GraphMerger.merge_many = original  # type: ignore[method-assign]


def table(stages: Sequence[str]) -> list[dict[str, Any]]:
    """Per check: the merges that pass it (those whose last stage is it or later)."""
    counts = Counter(stages)
    rows = []
    for i, name in enumerate(STAGES[1:], start=1):
        passed = sum(counts[s] for s in STAGES[i:])
        rows.append({"check": name, "merges": passed, "share": passed / max(1, len(stages))})
    return rows


def report(rows: Sequence[dict[str, Any]], total: int, header: str) -> str:
    lines = [header, "", f"| check passed | merges (of {total}) | share |", "|---|---|---|"]
    lines += [f"| {r['check']} | {r['merges']} | {100 * r['share']:.0f} % |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cluster_arguments(parser)
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    clusters = chosen_clusters(parser, args)
    pipeline = Pipeline.load(pipeline_config(merger="wordgraph"))
    options = SummaryOptions(mode="abstractive", max_words=args.max_words)
    stages: list[str] = []
    with following(stages):
        for cluster in progress(clusters, "clusters"):
            pipeline.summarize(cluster_articles(cluster), options)
    rows = table(stages)
    header = (
        f"{len(clusters)} clusters from {args.clusters.name} (start {args.start}), "
        f"{args.max_words} words, {pipeline.model_info.fuser} on {pipeline.model_info.engine}: "
        f"{len(stages)} merges tried"
    )
    text = report(rows, len(stages), header)
    write_results(args.out, "fusion-funnel", args, {"rows": rows, "stages": stages}, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
