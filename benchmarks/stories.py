"""A story that grows from 5 to 100 articles, 5 at a time, over real HTTP on loopback.

Articles come from a clusters JSONL (default: the dev clusters beside the repository, read in
place, never copied), taken in file order until there are enough (so the story mixes several
events: this measures the store and the recompute path, not summary quality). After each
append it measures:

- recompute: the append's 202 until the worker's summary of that version is readable;
- update: ``GET /summary?since=<previous version>`` (computed on that read, then kept);
- whole: the stateless alternative, ``POST /v1/summarize`` of the whole bundle;

and, throughout, readers ``GET /summary`` without pause: p50/p95 of the reads made while a
recompute was running. The readers run in a process of their own, as a CMS would
(``--readers-in-process``: threads of the server's process, sharing its GIL). Prints the
database size at the end and the CPU flags.

    python benchmarks/stories.py [CLUSTERS.jsonl] [--mode extractive] [--database-url URL]
        [--fake]   (fake models: the store and HTTP path alone) [--readers-in-process]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import DEFAULT_CLUSTERS, ROOT, cpu_info  # noqa: E402
from service.app import create_app  # noqa: E402
from service.backend import local  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.service_helpers import factory, live_server  # noqa: E402


def articles_from(path: Path, count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in path.read_text().splitlines():
        for a in json.loads(line)["articles"]:
            out.append({"id": a["id"], "title": a.get("title"), "text": a["text"]})
            if len(out) == count:
                return out
    raise SystemExit(f"{path} holds only {len(out)} articles; {count} are needed")


def quantiles(values: list[float]) -> dict[str, float]:
    """p50 and p95 (nearest rank); empty without values."""
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95)}


def database_size(settings: Settings) -> int:
    url = settings.database()
    if url.startswith("sqlite"):
        base = url.split("///", 1)[1]
        return sum(os.path.getsize(p) for p in (base, base + "-wal") if os.path.exists(p))
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    engine.dispose()
    return int(size or 0)


class Readers:
    """Threads reading the summary without pause; each read is tagged with whether a
    recompute was running from its start to its end. By default they run in a process of
    their own (``benchmarks/story_readers.py``), as a CMS does; ``in_process`` runs them as
    threads of this process, where they also wait for the GIL the server's recompute holds."""

    def __init__(self, url: str, threads: int, in_process: bool = False) -> None:
        self.url = url
        self.count = threads
        self.in_process = in_process
        self.busy: list[tuple[float, float]] = []  # recomputes' [start, end], wall clock
        self.reads: list[tuple[float, float, int]] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._process: subprocess.Popen[str] | None = None

    def recompute(self, started: float, ended: float) -> None:
        self.busy.append((started, ended))

    def _read(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self._stop.is_set():
                started = time.time()
                status = client.get(self.url).status_code
                self.reads.append((started, time.time(), status))
                time.sleep(0.01)

    def __enter__(self) -> Readers:
        if self.in_process:
            self._threads = [
                threading.Thread(target=self._read, daemon=True) for _ in range(self.count)
            ]
            for t in self._threads:
                t.start()
        else:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.story_readers", self.url, str(self.count)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()
        if self._process is not None:
            out, _ = self._process.communicate("", timeout=120)
            self.reads = [tuple(r) for r in json.loads(out)]

    def split(self) -> tuple[list[float], list[float]]:
        """Milliseconds of the reads made while a recompute ran, and of the others."""
        during, idle = [], []
        for started, ended, _ in self.reads:
            busy = any(a <= started and ended <= b for a, b in self.busy)
            (during if busy else idle).append((ended - started) * 1000)
        return during, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters", type=Path, nargs="?", default=DEFAULT_CLUSTERS)
    parser.add_argument("--mode", choices=["extractive", "abstractive"], default="extractive")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument(
        "--readers-in-process",
        action="store_true",
        help="readers as threads of the server's process (they share its GIL)",
    )
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--fake", action="store_true", help="fake models (store and HTTP only)")
    args = parser.parse_args()
    if not args.clusters.is_file():
        parser.error(f"clusters file not found: {args.clusters}")
    articles = articles_from(args.clusters, args.articles)
    workdir = tempfile.mkdtemp(prefix="newsfuse-stories-bench-")
    settings = Settings(
        data_dir=Path(workdir),
        database_url=args.database_url,
        device="cpu",
        log_level="WARNING",
        log_format="text",
        max_articles=max(50, args.articles),
        story_poll_s=0.05,
        request_timeout_s=600,
        **({"fusion": "oneshot"} if args.fake else {}),
    )
    app = create_app(settings, local(factory()) if args.fake else None)
    rows = []
    with live_server(app, start_s=900) as base, httpx.Client(base_url=base, timeout=600) as client:
        story = client.post(
            "/v1/stories", json={"options": {"mode": args.mode, "max_words": args.max_words}}
        ).json()["id"]
        url = f"{base}/v1/stories/{story}/summary"
        with Readers(url, args.readers, args.readers_in_process) as readers:
            for end in range(args.step, args.articles + 1, args.step):
                batch = articles[end - args.step : end]
                wall = time.time()
                started = time.perf_counter()
                version = client.post(
                    f"/v1/stories/{story}/articles", json={"articles": batch}
                ).json()["version"]
                while True:
                    reply = client.get(f"/v1/stories/{story}/summary")
                    if reply.status_code == 200 and reply.json()["story"]["version"] == version:
                        break
                    time.sleep(0.02)
                recompute = time.perf_counter() - started
                readers.recompute(wall, time.time())
                update = None
                if version > 1:
                    started = time.perf_counter()
                    reply = client.get(f"/v1/stories/{story}/summary?since={version - 1}")
                    reply.raise_for_status()
                    update = time.perf_counter() - started
                started = time.perf_counter()
                reply = client.post(
                    "/v1/summarize",
                    json={
                        "articles": articles[:end],
                        "options": {"mode": args.mode, "max_words": args.max_words},
                    },
                )
                reply.raise_for_status()
                whole = time.perf_counter() - started
                rows.append((end, recompute, update, whole))
                print(
                    f"{end:3d} articles  recompute {recompute:6.2f} s  "
                    f"update {'-' if update is None else f'{update:6.2f} s'}  "
                    f"whole {whole:6.2f} s",
                    flush=True,
                )
        size = database_size(settings)
    during_ms, idle_ms = readers.split()
    during, idle = quantiles(during_ms), quantiles(idle_ms)
    updates = [u for _, _, u, _ in rows if u is not None]
    model, flags = cpu_info()
    print()
    print(f"models: {'fake' if args.fake else 'real'}, mode {args.mode}, {args.max_words} words")
    print(
        f"database: {settings.database().split(':')[0]}, {size / 1e6:.2f} MB "
        f"for {args.articles} articles"
    )
    print(
        f"mean per step: recompute {sum(r[1] for r in rows) / len(rows):.2f} s, "
        f"update (since previous) {sum(updates) / max(1, len(updates)):.2f} s, "
        f"whole bundle {sum(r[3] for r in rows) / len(rows):.2f} s"
    )
    print(
        f"reads ({'in this process' if args.readers_in_process else 'another process'}) "
        f"during recomputes: n={len(during_ms)} p50 {during.get('p50', 0):.1f} ms "
        f"p95 {during.get('p95', 0):.1f} ms; idle: n={len(idle_ms)} "
        f"p50 {idle.get('p50', 0):.1f} ms p95 {idle.get('p95', 0):.1f} ms"
    )
    print(f"CPU: {model}; flags of note: {' '.join(flags) or 'none'}")


if __name__ == "__main__":
    main()
