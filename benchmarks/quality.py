"""Quality on real clusters: ROUGE of newsfuse (abstractive, extractive) vs a lead baseline.

Every system is cut to the same word budget. Prints a Markdown table and writes JSON.

    python benchmarks/quality.py [--clusters PATH] [--limit N] [--max-words 230] \
        [--fuser NAME_OR_DIR] [--systems abstractive,extractive,lead] [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
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
    peak_rss_mb,
    percentiles,
    progress,
    write_results,
)
from models import Article, Pipeline, PipelineConfig, SummaryOptions  # noqa: E402
from models.clean import clean  # noqa: E402
from models.segment import segment  # noqa: E402


def lead_summary(articles: list[Article], budget: int) -> str:
    """Round-robin first sentences of each article (boilerplate and headings removed)."""
    cleaned = clean(articles, segment(articles)).sentences
    per_article: dict[int, list[str]] = {}
    for s in cleaned:
        per_article.setdefault(s.article_index, []).append(s.text)
    out: list[str] = []
    depth = 0
    while len(" ".join(out).split()) < budget and any(depth < len(v) for v in per_article.values()):
        out += [v[depth] for v in per_article.values() if depth < len(v)]
        depth += 1
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--fuser", default=None)
    parser.add_argument("--engine", default=None, help="auto, llamacpp, ctranslate2, transformers")
    parser.add_argument("--systems", default="abstractive,extractive,lead")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not args.clusters.is_file():
        parser.error(f"clusters file not found: {args.clusters}")
    clusters = load_clusters(args.clusters, args.start, args.limit)
    systems = args.systems.split(",")
    config = PipelineConfig.from_env(fuser=args.fuser, engine=args.engine)
    pipeline = Pipeline.load(config, with_fuser="abstractive" in systems)
    rouge = Rouge()
    budget = args.max_words
    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in systems}
    failures: dict[str, int] = {s: 0 for s in systems}
    for cluster in progress(clusters, "clusters"):
        articles = cluster_articles(cluster)
        for system in systems:
            started = time.perf_counter()
            extra: dict[str, Any] = {}
            try:
                if system == "lead":
                    text = lead_summary(articles, budget)
                else:
                    summary = pipeline.summarize(
                        articles, replace(SummaryOptions(), mode=system, max_words=budget)
                    )
                    text = summary.summary
                    extra = {
                        "generated_tokens": summary.usage.get("generated_tokens", 0),
                        "unsupported": sum(not s.supported for s in summary.sentences),
                        "sentences": len(summary.sentences),
                    }
            except Exception as exc:  # counted, not skipped
                failures[system] += 1
                logging.error("%s failed on %s: %s", system, cluster["id"], type(exc).__name__)
                text = ""
            seconds = time.perf_counter() - started
            words = len(text.split())
            scores = rouge.score(cut_words(text, budget), cluster["references"])
            rows[system].append(
                {"id": cluster["id"], "words": words, "seconds": seconds, **scores, **extra}
            )
    table = []
    for system in systems:
        r = rows[system]
        words = [x["words"] for x in r]
        table.append(
            {
                "system": system,
                "rouge1": mean([x["rouge1"] for x in r]),
                "rouge2": mean([x["rouge2"] for x in r]),
                "rougeLsum": mean([x["rougeLsum"] for x in r]),
                "words": percentiles(words),
                "in_80_100": sum(0.8 * budget <= w <= budget for w in words) / max(1, len(words)),
                "seconds_mean": mean([x["seconds"] for x in r]),
                "failures": failures[system],
            }
        )
    lines = [
        f"{len(clusters)} clusters from {args.clusters.name} (start {args.start}), "
        f"budget {budget} words, fuser {pipeline.model_info.fuser} "
        f"on {pipeline.model_info.engine}",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | words p10/p50/p90 | in 80-100% "
        "| s/cluster | failures |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in table:
        w = t["words"]
        lines.append(
            f"| {t['system']} | {t['rouge1']:.2f} | {t['rouge2']:.2f} | {t['rougeLsum']:.2f} | "
            f"{w['p10']}/{w['p50']}/{w['p90']} | {t['in_80_100']:.0%} | {t['seconds_mean']:.1f} | "
            f"{t['failures']} |"
        )
    lines.append(f"\npeak RSS {peak_rss_mb():.0f} MB")
    report = "\n".join(lines)
    print(report)
    payload = {"model": pipeline.model_info.__dict__, "table": table, "rows": rows}
    write_results(args.out, "quality", args, payload, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
