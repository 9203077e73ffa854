"""Latency and throughput of POST /v1/summarize over real HTTP on loopback, real models.

Starts `newsfuse serve` on 127.0.0.1 (or uses --url), waits for /readyz, then for each client
count in --clients sends --per-client requests per client of the seed bundle (a fixed number:
the run is bounded and stops by itself), and reports status counts (200, 429 overload, 503,
504, errors), p50/p95 latency of the answered ones and summaries per minute; stops the server.
Writes JSON, Markdown and a PNG (throughput and p50 against clients).

    python benchmarks/http_latency.py [--clients 1,2,4,8] [--per-client 2] [--max-words 120]
"""

from __future__ import annotations

import argparse
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
    ROOT,
    percentiles,
    plot_lines,
    start_server,
    wait_ready,
    write_results,
)


def run_level(url: str, bundle: dict[str, object], clients: int, requests: int, timeout: float):
    # Each client thread keeps one connection, as an integrator's HTTP pool does: a bare
    # httpx.post builds a new client (and its TLS context) per request, 40-50 ms on a 2-core
    # AVX2 EPYC, which a re-post's p50 would count as the server's.
    local = threading.local()

    def one(_: int) -> tuple[int, float]:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=timeout)
            opened.append(local.client)
        started = time.perf_counter()
        try:
            r = local.client.post(f"{url}/v1/summarize", json=bundle)
            code = r.status_code
        except httpx.HTTPError:
            code = -1  # transport error or client timeout: counted
        return code, time.perf_counter() - started

    opened: list[httpx.Client] = []

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    for client in opened:
        client.close()
    ok = sorted(s for code, s in results if code == 200)
    return {
        "clients": clients,
        "requests": requests,
        "status": {str(k): v for k, v in Counter(code for code, _ in results).items()},
        "p50_s": round(percentiles(ok)["p50"], 2) if ok else None,
        "p95_s": round(ok[min(len(ok) - 1, int(0.95 * len(ok)))], 2) if ok else None,
        "per_min": round(len(ok) / wall * 60, 2),
        "wall_s": round(wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already running server (default: start one)")
    parser.add_argument("--clients", default="1,2,4,8", help="comma-separated client counts")
    parser.add_argument("--per-client", type=int, default=2, help="requests per client")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    bundle["options"]["max_words"] = args.max_words
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server()
    levels = []
    try:
        ready_s = wait_ready(url, proc)
        info = httpx.get(f"{url}/v1/models", timeout=10).json()
        for clients in (int(c) for c in args.clients.split(",")):
            sys.stderr.write(f"{clients} client(s): {clients * args.per_client} requests ...\n")
            levels.append(run_level(url, bundle, clients, clients * args.per_client, args.timeout))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)
    lines = [
        f"Seed bundle, {args.max_words} words, {args.per_client} requests per client; "
        f"server on loopback ({info['model']['engine']} engine, {info['model']['device']}); "
        "start to ready " + (f"{ready_s:.1f} s" if proc is not None else "n/a (--url)"),
        "",
        "| clients | requests | status counts | p50 s | p95 s | summaries/min |",
        "|---|---|---|---|---|---|",
    ]
    for lv in levels:
        status = ", ".join(f"{k}: {v}" for k, v in sorted(lv["status"].items()))
        lines.append(
            f"| {lv['clients']} | {lv['requests']} | {status} | {lv['p50_s']} | {lv['p95_s']} | "
            f"{lv['per_min']} |"
        )
    report = "\n".join(lines)
    out = write_results(args.out, "http", args, {"models": info, "levels": levels}, report)
    plot_lines(
        out.with_suffix(".png"),
        [lv["clients"] for lv in levels],
        {
            "summaries/min": [lv["per_min"] for lv in levels],
            "p50 latency (s)": [lv["p50_s"] or 0 for lv in levels],
        },
        "HTTP: throughput and latency against concurrent clients",
        "concurrent clients",
        "value",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
