"""Latency of POST /v1/summarize over real HTTP on loopback, with the real models.

Starts `newsfuse serve` on 127.0.0.1 (or uses --url), waits for /readyz, sends a fixed number of
requests of the seed bundle at the given concurrency, prints p50/p95 and status counts, stops
the server. Bounded: --requests requests, each with a --timeout.

    python benchmarks/http_latency.py [--requests 5] [--concurrency 1] [--max-words 120]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import percentiles  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes] | None, limit: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit("server not ready in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="an already running server (default: start one)")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    bundle["options"]["max_words"] = args.max_words
    proc = None
    url = args.url
    if url is None:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "NEWSFUSE_LOG_LEVEL": "WARNING"},
        )
    try:
        ready_s = _wait_ready(url, proc)

        def one(_: int) -> tuple[int, float]:
            started = time.perf_counter()
            r = httpx.post(f"{url}/v1/summarize", json=bundle, timeout=args.timeout)
            return r.status_code, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(one, range(args.requests)))
        wall = time.perf_counter() - started
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)
    ok = [s for code, s in results if code == 200]
    report = {
        "requests": args.requests,
        "concurrency": args.concurrency,
        "max_words": args.max_words,
        "start_to_ready_s": round(ready_s, 1) if proc is not None else None,
        "status": dict(Counter(code for code, _ in results)),
        "latency_s": {k: round(v, 2) for k, v in percentiles(ok).items()},
        "p95_s": round(sorted(ok)[min(len(ok) - 1, int(0.95 * len(ok)))], 2) if ok else None,
        "throughput_per_min": round(len(ok) / wall * 60, 2),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
