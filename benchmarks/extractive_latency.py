"""Extractive latency of a warm server, first post and re-post, and the server's memory.

Starts two real `newsfuse serve` processes on loopback, one at a time (extractive needs no fuser,
but the server loads its models as deployed):
- with the embedding cache off (``NEWSFUSE_EMBED_CACHE_SIZE=0``): every post of the seed bundle
  embeds all its sentences, as the first post of a bundle does; --runs posts after one warm-up;
- with the cache on (the default): one post, then --runs re-posts of the same bundle.
For each: client-side latency p50/p95 and the server's own stage timings (p50), and the server
process's RSS at rest (ready, before any post) and its peak (VmHWM) after the posts.

--gap waits that many seconds before each post, as editors' posts arrive (back to back, the
default, keeps caches and cores warm; on this machine a post after 2 s idle took 20-80 ms more).

    python benchmarks/extractive_latency.py [--runs 20] [--gap 0] [--max-words 120] [--bundle PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    ROOT,
    process_memory_mb,
    start_server,
    stop_server,
    wait_ready,
    write_results,
)


def post(client: httpx.Client, url: str, bundle: dict[str, Any]) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    r = client.post(f"{url}/v1/summarize", json=bundle)
    seconds = time.perf_counter() - started
    if r.status_code != 200:
        raise SystemExit(f"POST failed: {r.status_code} {r.text[:300]}")
    return seconds, r.json()["timings_ms"]


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(bundle: dict[str, Any], runs: int, cache: bool, gap: float = 0.0) -> dict[str, Any]:
    env = {} if cache else {"NEWSFUSE_EMBED_CACHE_SIZE": "0"}
    proc, url = start_server(**env)
    try:
        ready_s = wait_ready(url, proc)
        time.sleep(1.0)  # let start-up settle before reading memory at rest
        at_rest = process_memory_mb(proc.pid)
        # One keep-alive connection, as an integration holds: a new httpx client per post
        # would add its own ~22 ms set-up (an SSL context) to every latency measured here.
        with httpx.Client(timeout=600) as client:
            first, first_timings = post(client, url, bundle)  # warm-up (off) or first post (on)
            latencies, timings = [], []
            for _ in range(runs):
                time.sleep(gap)
                seconds, stage = post(client, url, bundle)
                latencies.append(seconds)
                timings.append(stage)
        after = process_memory_mb(proc.pid)
    finally:
        stop_server(proc)
    stages = {k: statistics.median(t.get(k, 0.0) for t in timings) for k in timings[0]}
    return {
        "cache": cache,
        "ready_s": round(ready_s, 1),
        "first_post_s": round(first, 3),
        "first_post_timings_ms": first_timings,
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(p(latencies, 0.95), 3),
        "server_stage_p50_ms": stages,
        "rss_at_rest_mb": round(at_rest["VmRSS"], 0),
        "rss_after_mb": round(after["VmRSS"], 0),
        "peak_rss_mb": round(after["VmHWM"], 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.0, help="seconds idle before each post")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--bundle", type=Path, default=ROOT / "examples" / "seed-bundle.json")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    bundle = json.loads(args.bundle.read_text())
    bundle["options"] = {**bundle.get("options", {}), "mode": "extractive"}
    bundle["options"]["max_words"] = args.max_words
    rows = [run(bundle, args.runs, False, args.gap), run(bundle, args.runs, True, args.gap)]
    pace = f"{args.gap:g} s idle before each" if args.gap else "back to back"
    lines = [
        f"{args.bundle.name}, extractive, {args.max_words} words, {args.runs} posts each after "
        f"one ({pace}); warm server on loopback",
        "",
        "| embedding cache | what is measured | p50 | p95 | server p50: embed / total "
        "| RSS at rest | RSS after | peak RSS |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row, what in zip(rows, ("every post embeds (= a first post)", "re-posts"), strict=True):
        st = row["server_stage_p50_ms"]
        lines.append(
            f"| {'on' if row['cache'] else 'off'} | {what} | {row['p50_s'] * 1000:.0f} ms "
            f"| {row['p95_s'] * 1000:.0f} ms | {st.get('embed', 0):.0f} / {st['total']:.0f} ms "
            f"| {row['rss_at_rest_mb']:,.0f} MB | {row['rss_after_mb']:,.0f} MB "
            f"| {row['peak_rss_mb']:,.0f} MB |"
        )
    on = rows[1]
    lines.append("")
    lines.append(
        f"First post on the cached server: {on['first_post_s'] * 1000:.0f} ms "
        f"(embed {on['first_post_timings_ms'].get('embed', 0):.0f} ms)."
    )
    report = "\n".join(lines)
    write_results(args.out, "extractive-latency", args, {"rows": rows}, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
