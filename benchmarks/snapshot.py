"""What the pipeline says, as JSON lines less the timings: the proof that a refactor changed no
output. Run it before and after, then ``diff`` the two files.

    python benchmarks/snapshot.py OUT.jsonl [--clusters PATH] [--start 12] [--limit 24]
        [--max-words 230] [--modes abstractive,extractive]

One line per (bundle, mode): the seed bundle (``examples/seed-bundle.json``, with its own
options) first, with a focus and as two kinds of update, then each chosen dev cluster at
``--max-words``. Each line is the whole ``/v1/summarize`` document
(``models.serialize.summary_to_dict``) less ``timings_ms``, keys sorted. Nothing else varies
between two runs of the same code on the same machine, except one thing: the word graph stops
reading paths after ``wordgraph.MAX_SECONDS`` of wall clock, so on a loaded machine a group can
get fewer candidates. The snapshot lifts that guard (``--keep-deadline`` keeps it), so two runs
compare whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    ROOT,
    chosen_clusters,
    cluster_arguments,
    cluster_articles,
    pipeline_config,
    progress,
)
from models import Article, Pipeline, SummaryOptions  # noqa: E402
from models.serialize import summary_to_dict  # noqa: E402
from models.write import wordgraph  # noqa: E402


def _line(name: str, mode: str, document: dict[str, Any]) -> str:
    document = {k: v for k, v in document.items() if k != "timings_ms"}
    return json.dumps({"bundle": name, "mode": mode, "document": document}, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    cluster_arguments(parser)
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--modes", default="abstractive,extractive")
    parser.add_argument("--keep-deadline", action="store_true", help="keep the path-reading guard")
    args = parser.parse_args(argv)
    if not args.keep_deadline:  # the defaults are read at call time: (max_paths, max_seconds)
        wordgraph.WordGraph.candidates.__defaults__ = (wordgraph.MAX_PATHS, math.inf)
    clusters = chosen_clusters(parser, args)
    modes = args.modes.split(",")
    pipeline = Pipeline.load(pipeline_config())
    seed = json.loads((ROOT / "examples/seed-bundle.json").read_text())
    seed_articles = [Article(**a) for a in seed["articles"]]
    seed_options = seed.get("options", {})
    lines = []
    first = seed_articles[0].id
    variants = {  # the seed as posted, then its follow-ups (a focus; an update)
        "seed": {},
        "seed-focus": {"focus": "military communication channels"},
        "seed-seen": {"seen": (first,)},
        "seed-previous": {"previous_summary": seed_articles[0].text[:600]},
    }
    for name, extra in variants.items():
        for mode in modes:
            options = SummaryOptions(**{**seed_options, **extra, "mode": mode})
            summary = pipeline.summarize(seed_articles, options)
            lines.append(_line(name, mode, summary_to_dict(summary)))
    for cluster in progress(clusters, "clusters"):
        articles = cluster_articles(cluster)
        for mode in modes:
            options = SummaryOptions(mode=mode, max_words=args.max_words)
            summary = pipeline.summarize(articles, options)
            lines.append(_line(str(cluster["id"]), mode, summary_to_dict(summary)))
    args.out.write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} documents written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
