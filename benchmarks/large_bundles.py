"""Time and peak memory on very large bundles: N live blogs of ~20,000 words each.

Each "live blog" strings together dev-cluster articles as timestamped updates until it reaches
--words words, so the text is real news prose (never the same update twice in one blog). Every
size runs in a fresh process so its peak RSS is its own. Reports per-stage time, sentences
segmented and embedded (past ``max_candidates`` each article contributes its earliest ones),
the JSON body size the HTTP API would receive, and peak RSS.

    python benchmarks/large_bundles.py [--sizes 5,25,50] [--words 20000] [--clusters PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DEFAULT_CLUSTERS,
    load_clusters,
    peak_rss_mb,
    pipeline_config,
    write_results,
)
from models import Article, Pipeline, SummaryOptions  # noqa: E402
from models.stages.segment import segment  # noqa: E402

STAGES = ("segment", "clean", "embed", "select", "fuse", "attribute", "total")


def live_blogs(clusters: list[dict[str, object]], n: int, words: int) -> list[Article]:
    """``n`` articles of at least ``words`` words, each made of distinct real articles."""
    pool = [a["text"] for c in clusters for a in c["articles"]]  # type: ignore[attr-defined]
    blogs = []
    for b in range(n):
        parts, count, k = [], 0, b * 7
        while count < words:
            text = pool[k % len(pool)]
            parts.append(
                f"Update {len(parts) + 1}, {9 + len(parts) // 60:02d}:{len(parts) % 60:02d}"
            )
            parts.append(text)
            count += len(text.split())
            k += 1
        blogs.append(Article(id=f"blog-{b}", text="\n\n".join(parts), title=f"Live blog {b}"))
    return blogs


def run_one(size: int, words: int, clusters_path: Path, mode: str, max_words: int) -> dict:
    clusters = load_clusters(clusters_path)
    articles = live_blogs(clusters, size, words)
    body = json.dumps({"articles": [a.__dict__ for a in articles]}).encode()
    with_fuser = mode == "abstractive"
    loaded = time.perf_counter()
    pipe = Pipeline.load(pipeline_config(), with_generator=with_fuser)
    load_s = time.perf_counter() - loaded
    rss_loaded = peak_rss_mb()
    summary = pipe.summarize(articles, SummaryOptions(mode=mode, max_words=max_words))
    return {
        "articles": size,
        "words": sum(len(a.text.split()) for a in articles),
        "chars": sum(len(a.text) for a in articles),
        "body_mb": round(len(body) / 1e6, 2),
        "sentences": sum(len(s) for s in segment(articles)),
        "embedded": _embedded(summary.warnings),
        "timings_ms": summary.timings_ms,
        "load_s": round(load_s, 1),
        "rss_after_load_mb": round(rss_loaded),
        "peak_rss_mb": round(peak_rss_mb()),
        "summary_words": summary.n_words,
        "warnings": list(summary.warnings),
        "engine": summary.model.engine,
    }


def _embedded(warnings: tuple[str, ...]) -> int | None:
    """Sentences embedded when the candidate cap applied (None: every cleaned sentence)."""
    for w in warnings:
        if w.startswith("large bundle: "):
            return int(w.split()[2])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5,25,50")
    parser.add_argument("--words", type=int, default=20_000, help="words per article")
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--mode", choices=("abstractive", "extractive"), default="abstractive")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    args = parser.parse_args(argv)
    if args.one:
        result = run_one(args.one, args.words, args.clusters, args.mode, args.max_words)
        print(json.dumps(result))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        sys.stderr.write(f"{size} articles x {args.words} words ...\n")
        child = [sys.executable, __file__, "--one", str(size), "--words", str(args.words)]
        child += ["--clusters", str(args.clusters), "--mode", args.mode]
        child += ["--max-words", str(args.max_words)]
        done = subprocess.run(child, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-2000:])
            raise SystemExit(f"size {size} failed with status {done.returncode}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    lines = [
        f"{args.mode}, {args.max_words}-word summaries; live blogs of >= {args.words:,} words "
        f"built from dev-cluster articles; engine {rows[0]['engine']}",
        "",
        "| articles | words | body MB | sentences | embedded | "
        + " | ".join(f"{s} s" for s in STAGES)
        + " | RSS after load MB | peak RSS MB |",
        "|" + "---|" * (7 + len(STAGES)),
    ]
    for r in rows:
        t = r["timings_ms"]
        stages = " | ".join(f"{t.get(s, 0) / 1000:.1f}" for s in STAGES)
        lines.append(
            f"| {r['articles']} | {r['words']:,} | {r['body_mb']} | {r['sentences']:,} | "
            f"{r['embedded'] or 'all'} | {stages} | {r['rss_after_load_mb']:,} | "
            f"{r['peak_rss_mb']:,} |"
        )
    report = "\n".join(lines)
    write_results(args.out, "large", args, {"rows": rows}, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
