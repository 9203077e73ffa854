"""A bounded load test: 2x the queue size in concurrent clients, real server, real models.

Starts `newsfuse serve` on 127.0.0.1 with NEWSFUSE_QUEUE_SIZE=--queue-size and runs
2 x queue-size clients that together send exactly --requests requests (bundles cycle through
the seed bundle and dev clusters), each client waiting Retry-After (capped by --backoff) after
a 429 or 503. The run is loopback only and stops by itself. While it runs the server's RSS is
sampled every second. It reports status counts (only 200/429/503/504 are acceptable), latency
of the answered, RSS after warm-up / peak / at the end and the growth (bounded by
--rss-growth-mb), and whether the server is ready (queue empty) again afterwards, and how long
that took; it exits non-zero when any of these fails.

    python benchmarks/load.py [--queue-size 8] [--requests 300] [--clusters PATH]
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DEFAULT_CLUSTERS,
    ROOT,
    load_clusters,
    percentiles,
    process_memory_mb,
    start_server,
    wait_ready,
    write_results,
)

ACCEPTABLE = {200, 429, 503, 504}


def bundles(clusters_path: Path, max_words: int, count: int) -> list[dict[str, object]]:
    seed = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    out = [seed]
    if clusters_path.exists():
        for c in load_clusters(clusters_path, limit=count - 1):
            out.append(
                {"articles": [{"id": a["id"], "text": a["text"]} for a in c["articles"]][:10]}
            )
    for b in out:
        b["options"] = {"max_words": max_words}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queue-size", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300, help="total, over all clients")
    parser.add_argument("--max-words", type=int, default=80)
    parser.add_argument("--backoff", type=float, default=5.0, help="most seconds to wait")
    parser.add_argument(
        "--rss-growth-mb",
        type=float,
        default=200.0,
        help="most the server's RSS may grow from 30 s into the run to the end (the bound)",
    )
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    clients = 2 * args.queue_size
    proc, url = start_server(NEWSFUSE_QUEUE_SIZE=str(args.queue_size))
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            try:
                samples.append((time.perf_counter(), process_memory_mb(proc.pid)["VmRSS"]))
            except OSError:
                return

    try:
        ready_s = wait_ready(url, proc)
        rss_ready = process_memory_mb(proc.pid)["VmRSS"]
        pool_of_bundles = bundles(args.clusters, args.max_words, 12)
        tickets = itertools.count()
        lock = threading.Lock()
        results: list[tuple[int, float]] = []

        def client(_: int) -> None:
            with httpx.Client(base_url=url, timeout=600) as http:
                while True:
                    with lock:
                        n = next(tickets)
                    if n >= args.requests:
                        return
                    body = pool_of_bundles[n % len(pool_of_bundles)]
                    started = time.perf_counter()
                    try:
                        r = http.post("/v1/summarize", json=body)
                        code, retry = r.status_code, float(r.headers.get("retry-after", 0))
                    except httpx.HTTPError:
                        code, retry = -1, 1.0
                    with lock:
                        results.append((code, time.perf_counter() - started))
                    if code in (429, 503):
                        time.sleep(min(retry, args.backoff))

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        started = time.perf_counter()
        sys.stderr.write(f"{clients} clients, {args.requests} requests ...\n")
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, range(clients)))
        wall = time.perf_counter() - started
        # Recovery: ready with an empty queue.
        recovered_at = None
        while time.perf_counter() - started < wall + 300:
            try:
                r = httpx.get(f"{url}/readyz", timeout=5)
                if r.status_code == 200 and r.json()["queue_depth"] == 0:
                    recovered_at = time.perf_counter() - started - wall
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        stop.set()
        rss_end = process_memory_mb(proc.pid)["VmRSS"]
        alive = proc.poll() is None
    finally:
        stop.set()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=180)
    status = Counter(code for code, _ in results)
    ok = sorted(s for code, s in results if code == 200)
    peak = max((r for _, r in samples), default=rss_end)
    # RSS once the server has answered its first requests (allocator and caches warm).
    warm = samples[min(len(samples) - 1, 30)][1] if samples else rss_ready
    p = percentiles(ok)
    unacceptable = {k: v for k, v in status.items() if k not in ACCEPTABLE}
    growth_ok = rss_end - warm <= args.rss_growth_mb
    lines = [
        f"{clients} clients (2 x queue size {args.queue_size}), {args.requests} requests, "
        f"{args.max_words}-word summaries, bundles cycling over {len(pool_of_bundles)}; "
        f"loopback; server ready in {ready_s:.1f} s",
        "",
        f"- wall time: {wall:.0f} s; status counts: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(status.items())),
        f"- answered (200): {len(ok)}, {len(ok) / wall * 60:.1f}/min; latency p50 "
        f"{p.get('p50', float('nan')):.1f} s, p90 {p.get('p90', float('nan')):.1f} s, "
        f"max {p.get('max', float('nan')):.1f} s",
        f"- server RSS: ready {rss_ready:,.0f} MB, after 30 s {warm:,.0f} MB, peak {peak:,.0f} MB,"
        f" end {rss_end:,.0f} MB; growth after warm-up {rss_end - warm:+,.0f} MB (bound "
        f"{args.rss_growth_mb:+,.0f} MB: {'within' if growth_ok else 'EXCEEDED'})",
        f"- server alive after the run: {alive}; ready with an empty queue again "
        + (f"{recovered_at:.1f} s after the last answer" if recovered_at is not None else "NEVER"),
        f"- unacceptable statuses: {unacceptable or 'none'}",
    ]
    report = "\n".join(lines)
    payload = {
        "status": {str(k): v for k, v in status.items()},
        "latency": p,
        "rss_mb": {"ready": rss_ready, "warm": warm, "peak": peak, "end": rss_end},
        "rss_samples": samples[:: max(1, len(samples) // 200)],
        "recovered_s": recovered_at,
        "alive": alive,
        "wall_s": wall,
    }
    write_results(args.out, "load", args, payload, report)
    return 0 if not unacceptable and alive and growth_ok and recovered_at is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
