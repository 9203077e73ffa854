"""Speed by bundle size: per-stage latency p50/p95, end to end, generated tokens/s, peak RSS.

Bundles of 2, 5, 10, 25 and 50 articles are built from the dev clusters (consecutive clusters'
articles in file order until the size is reached: the large ones mix events, which is fine for
timing), plus the seed bundle. Each is summarised --runs times after a warm-up. Prints a
Markdown table; writes JSON, Markdown and a PNG (latency by stage against bundle size).

    python benchmarks/speed.py [--clusters PATH] [--sizes 2,5,10,25,50] [--runs 3]
        [--max-words 120] [--engine E] [--fuser NAME_OR_DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DEFAULT_CLUSTERS,
    load_clusters,
    peak_rss_mb,
    pipeline_config,
    plot_lines,
    progress,
    write_results,
)
from models import Article, Pipeline, SummaryOptions  # noqa: E402
from models.bundle import load_paths  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
STAGES = ("segment", "clean", "embed", "select", "fuse", "attribute", "total")


def sized_bundle(clusters: list[dict[str, object]], size: int) -> list[Article]:
    """The first ``size`` articles of the clusters in file order, ids made unique."""
    articles: list[Article] = []
    for cluster in clusters:
        for a in cluster["articles"]:  # type: ignore[attr-defined]
            if len(articles) == size:
                return articles
            articles.append(
                Article(id=f"{cluster['id']}-{a['id']}", text=a["text"], title=a.get("title"))
            )
    if len(articles) < size:
        raise SystemExit(f"the clusters file has only {len(articles)} articles")
    return articles


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--sizes", default="2,5,10,25,50")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--fuser", default=None)
    parser.add_argument("--engine", default=None, help="auto, llamacpp, ctranslate2, transformers")
    parser.add_argument("--mode", default="abstractive")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    bundles: dict[str, list[Article]] = {"seed": load_paths([str(SEEDS)])[0]}
    if args.sizes:
        if not args.clusters.is_file():
            parser.error(f"clusters file not found: {args.clusters}")
        clusters = load_clusters(args.clusters)
        for size in (int(x) for x in args.sizes.split(",")):
            bundles[str(size)] = sized_bundle(clusters, size)
    started = time.perf_counter()
    pipeline = Pipeline.load(pipeline_config(fuser=args.fuser, engine=args.engine))
    load_s = time.perf_counter() - started
    pipeline.warmup()
    options = SummaryOptions(mode=args.mode, max_words=args.max_words)
    rows = []
    for name, articles in progress(list(bundles.items()), "bundles"):
        timings: dict[str, list[float]] = {stage: [] for stage in STAGES}
        rates, failures = [], 0
        for _ in range(args.runs):
            try:
                summary = pipeline.summarize(articles, options)
            except Exception as exc:  # counted, not skipped
                failures += 1
                sys.stderr.write(f"bundle {name} failed: {type(exc).__name__}\n")
                continue
            for stage in STAGES:
                timings[stage].append(summary.timings_ms.get(stage, 0.0) / 1000)
            fuse_s = summary.timings_ms.get("fuse", 0.0) / 1000
            if fuse_s:
                rates.append(summary.usage["generated_tokens"] / fuse_s)
        rows.append(
            {
                "bundle": name,
                "articles": len(articles),
                "words": sum(len(a.text.split()) for a in articles),
                "p50_s": {k: nearest_rank(v, 0.5) for k, v in timings.items() if v},
                "p95_s": {k: nearest_rank(v, 0.95) for k, v in timings.items() if v},
                "generated_tok_s": sum(rates) / len(rates) if rates else None,
                "failures": failures,
                "peak_rss_mb_so_far": round(peak_rss_mb()),
            }
        )
    info = pipeline.model_info
    lines = [
        f"{args.runs} runs per bundle, {args.max_words} words, {info.fuser} on {info.engine} "
        f"({info.device}); load {load_s:.1f} s; p50 / p95 per stage in milliseconds",
        "",
        "| bundle | articles | words | " + " | ".join(STAGES) + " | gen tok/s | failures |",
        "|---|---|---|" + "---|" * len(STAGES) + "---|---|",
    ]
    for r in rows:
        cells = [f"{ms(r['p50_s'].get(k, 0))} / {ms(r['p95_s'].get(k, 0))}" for k in STAGES]
        rate = f"{r['generated_tok_s']:.1f}" if r["generated_tok_s"] else "-"
        lines.append(
            f"| {r['bundle']} | {r['articles']} | {r['words']} | "
            + " | ".join(cells)
            + f" | {rate} | {r['failures']} |"
        )
    lines.append(f"\npeak RSS {peak_rss_mb():.0f} MB (largest bundle included)")
    report = "\n".join(lines)
    payload = {"model": info.__dict__, "load_s": load_s, "rows": rows}
    out = write_results(args.out, "speed", args, payload, report)
    sized = [r for r in rows if r["bundle"] != "seed"]
    if sized:
        plot_lines(
            out.with_suffix(".png"),
            [r["articles"] for r in sized],
            {k: [r["p50_s"].get(k, 0) for r in sized] for k in ("embed", "fuse", "total")},
            f"p50 latency by bundle size ({info.engine}, {args.max_words} words)",
            "articles in the bundle",
            "seconds",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
