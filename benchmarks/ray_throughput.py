"""Throughput of the single-process server against Ray Serve with 1 and 2 pipeline replicas,
real models, the seed bundle, over real HTTP on loopback; and the memory of each replica.

For each setup: start it, wait until it answers, send one untimed request (warms caches), then
--requests requests of the seed bundle from --clients concurrent clients (bounded: stops by
itself), and report bundles/s, p50 latency, status counts and resident memory (RSS now and
peak) of the server process or of each replica; for Ray also Ray's own processes (GCS, raylet,
Serve controller, HTTP proxy, ingress). Setups:

- ``single``: ``newsfuse serve`` (one process, inference thread with every core)
- ``ray-1``: Ray Serve, 1 replica reserving 2 CPUs (2 threads: the same as ``single``)
- ``ray-2``: Ray Serve, 2 replicas reserving 1 CPU each (1 thread each)

    python benchmarks/ray_throughput.py [--requests 8] [--clients 4] [--setups single,ray-1,ray-2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    ROOT,
    percentiles,
    process_memory_mb,
    start_server,
    stop_server,
    wait_ready,
    write_results,
)


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak (VmHWM), in MB."""
    memory = process_memory_mb(pid)
    return {"rss_mb": round(memory["VmRSS"], 1), "peak_mb": round(memory["VmHWM"], 1)}


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def process_name(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
    except OSError:
        return "?"
    return Path(cmd).name if cmd.startswith("/") else cmd[:60]


def load(url: str, bundle: dict[str, Any], requests: int, clients: int) -> dict[str, Any]:
    httpx.post(f"{url}/v1/summarize", json=bundle, timeout=900).raise_for_status()  # untimed

    def one(_: int) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            code = httpx.post(f"{url}/v1/summarize", json=bundle, timeout=900).status_code
        except httpx.HTTPError:
            code = -1
        return code, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    ok = [s for code, s in results if code == 200]
    return {
        "requests": requests,
        "clients": clients,
        "status": dict(Counter(str(code) for code, _ in results)),
        "wall_s": round(wall, 1),
        "bundles_per_s": round(len(ok) / wall, 3),
        "p50_s": round(percentiles(ok)["p50"], 2) if ok else None,
    }


def run_single(bundle: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    proc, url = start_server()
    try:
        ready_s = wait_ready(url, proc)
        result = load(url, bundle, args.requests, args.clients)
        result["replicas"] = [{"pid": proc.pid, **rss_mb(proc.pid)}]
        result["ready_s"] = round(ready_s, 1)
    finally:
        stop_server(proc, timeout=180)
    return result


def run_ray(bundle: dict[str, Any], args: argparse.Namespace, replicas: int) -> dict[str, Any]:
    import ray
    from ray import serve

    from service.ray.serve import APP_NAME, build_app
    from service.settings import Settings

    temp = tempfile.mkdtemp(prefix="nfbench", dir="/tmp")  # short: Ray caps socket paths
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    started = time.perf_counter()
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        _temp_dir=temp,
        log_to_driver=False,
    )
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        serve.start(http_options={"host": "127.0.0.1", "port": port})
        settings = Settings(
            log_level="WARNING",
            ray_min_replicas=replicas,
            ray_max_replicas=replicas,
            ray_replica_cpus=2 / replicas,
        )
        serve.run(build_app(settings), name=APP_NAME, route_prefix="/")
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, None)
        ready_s = time.perf_counter() - started
        result = load(url, bundle, args.requests, args.clients)
        handle = serve.get_deployment_handle("Pipeline", APP_NAME)
        pids: set[int] = set()
        for _ in range(50):
            pids.add(handle.pid.remote().result())
            if len(pids) == replicas:
                break
        result["replicas"] = [{"pid": pid, **rss_mb(pid)} for pid in sorted(pids)]
        ray_procs = [p for p in descendants(os.getpid()) if p not in pids]
        result["ray_processes"] = sorted(
            (
                {"name": process_name(p), **rss_mb(p)}
                for p in ray_procs
                if Path(f"/proc/{p}").exists()
            ),
            key=lambda p: -p["rss_mb"],
        )
        result["ray_overhead_mb"] = round(sum(p["rss_mb"] for p in result["ray_processes"]), 1)
        result["ready_s"] = round(ready_s, 1)
    finally:
        serve.shutdown()
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=8, help="timed requests per setup")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--setups", default="single,ray-1,ray-2")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    bundle["options"]["max_words"] = args.max_words
    results: dict[str, Any] = {}
    for setup in args.setups.split(","):
        sys.stderr.write(f"{setup}: starting ...\n")
        if setup == "single":
            results[setup] = run_single(bundle, args)
        else:
            results[setup] = run_ray(bundle, args, int(setup.split("-")[1]))
        sys.stderr.write(f"{setup}: {json.dumps(results[setup])}\n")
    base = results.get("single", {}).get("bundles_per_s")
    lines = [
        f"Seed bundle (5 articles), {args.max_words} words, {args.requests} timed requests from "
        f"{args.clients} concurrent clients over loopback HTTP, real models (llama.cpp).",
        "",
        "| setup | bundles/s | × single | p50 s | status | ready s | RSS per replica MB "
        "(peak) | Ray's own processes MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        ratio = f"{r['bundles_per_s'] / base:.2f}" if base else "-"
        mem = ", ".join(f"{p['rss_mb']:,.0f} ({p['peak_mb']:,.0f})" for p in r["replicas"])
        overhead = f"{r['ray_overhead_mb']:,.0f}" if "ray_overhead_mb" in r else "-"
        status = ", ".join(f"{k}: {v}" for k, v in sorted(r["status"].items()))
        lines.append(
            f"| {name} | {r['bundles_per_s']} | {ratio} | {r['p50_s']} | {status} | "
            f"{r['ready_s']} | {mem} | {overhead} |"
        )
    report = "\n".join(lines)
    write_results(args.out, "ray-throughput", args, {"setups": results}, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
