"""Readers of a story's summary, in a process of their own (``benchmarks/stories.py`` starts
it): ``GET URL`` without pause from each of N threads until stdin closes, then one JSON line
on stdout: every read's [start, end] (wall-clock seconds) and status.

A reader in the server's own process would wait for the GIL that the server's recompute
holds, and count that wait as the server's: the CMS that reads a story is another process.

    python -m benchmarks.story_readers URL THREADS
"""

from __future__ import annotations

import json
import sys
import threading
import time

import httpx


def read(url: str, stop: threading.Event, out: list[tuple[float, float, int]]) -> None:
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            started = time.time()
            status = client.get(url).status_code
            out.append((started, time.time(), status))
            time.sleep(0.01)


def main() -> None:
    url, threads = sys.argv[1], int(sys.argv[2])
    stop = threading.Event()
    reads: list[tuple[float, float, int]] = []
    workers = [
        threading.Thread(target=read, args=(url, stop, reads), daemon=True) for _ in range(threads)
    ]
    for t in workers:
        t.start()
    sys.stdin.read()  # until the benchmark closes it
    stop.set()
    for t in workers:
        t.join()
    sys.stdout.write(json.dumps(reads) + "\n")


if __name__ == "__main__":
    main()
