"""Shared helpers for the benchmark scripts: data loading, word budgets, ROUGE, RSS."""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from models import Article, PipelineConfig
from models.sentences import split_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLUSTERS = ROOT.parent / "shared/data/dev-clusters.jsonl"


def pipeline_config(**overrides: Any) -> PipelineConfig:
    """The PipelineConfig ``newsfuse serve`` would build from the ``NEWSFUSE_*`` variables
    (service/settings.py, the one reader of the environment), with ``overrides`` (those not
    None) on top."""
    from service.settings import Settings

    given = {name: value for name, value in overrides.items() if value is not None}
    return Settings(**given).pipeline_config()


def cluster_arguments(parser: argparse.ArgumentParser) -> None:
    """``--clusters`` (``EVAL_CLUSTERS``, else the dev clusters beside the repository),
    ``--start`` and ``--limit`` (default: all)."""
    parser.add_argument(
        "--clusters", type=Path, default=Path(os.environ.get("EVAL_CLUSTERS") or DEFAULT_CLUSTERS)
    )
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None, help="clusters (default: all)")


def chosen_clusters(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Any]:
    """The clusters :func:`cluster_arguments` name; a usage error if the file is missing."""
    if not args.clusters.is_file():
        parser.error(f"clusters file not found: {args.clusters}")
    return load_clusters(args.clusters, args.start, args.limit)


def load_clusters(path: Path, start: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
    """Read a clusters JSONL (id, articles[id,title,text], references[])."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = rows[start:]
    return rows[:limit] if limit else rows


def references(cluster: dict[str, Any]) -> list[str]:
    """A cluster's human references: ``references`` (a list) or ``reference`` (a string)."""
    refs = cluster.get("references") or cluster.get("reference") or []
    return [refs] if isinstance(refs, str) else list(refs)


def cluster_articles(cluster: dict[str, Any]) -> list[Article]:
    return [Article(id=a["id"], text=a["text"], title=a.get("title")) for a in cluster["articles"]]


def cut_words(text: str, budget: int) -> str:
    """The first ``budget`` words: every system is scored at the same length."""
    return " ".join(text.split()[:budget])


def lsum_format(text: str) -> str:
    """ROUGE-Lsum wants one sentence per line."""
    return "\n".join(split_text(text))


class Rouge:
    """ROUGE-1/2/Lsum F1 (x100) with stemming, averaged over references."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def score(self, summary: str, references: list[str]) -> dict[str, float]:
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
        for ref in references:
            result = self.scorer.score(lsum_format(ref), lsum_format(summary))
            for key in totals:
                totals[key] += result[key].fmeasure * 100
        return {k: v / len(references) for k, v in totals.items()}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_memory_mb(pid: int) -> dict[str, float]:
    """Another process's resident memory now (``VmRSS``) and at its peak (``VmHWM``), in MB
    (0.0 where /proc does not say)."""
    out = {"VmRSS": 0.0, "VmHWM": 0.0}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in out:
            out[key] = int(value.split()[0]) / 1024
    return out


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]  # noqa: E731
    return {
        "min": ordered[0],
        "p10": pick(0.1),
        "p50": pick(0.5),
        "p90": pick(0.9),
        "max": ordered[-1],
    }


def progress(items: list[Any], label: str) -> Iterator[Any]:
    """Yield items, printing done/total and an ETA to stderr."""
    import time

    started = time.perf_counter()
    for i, item in enumerate(items):
        if i:
            eta = (time.perf_counter() - started) / i * (len(items) - i)
            sys.stderr.write(f"\r{label}: {i}/{len(items)} done, ETA {eta:.0f}s ")
            sys.stderr.flush()
        yield item
    sys.stderr.write(
        f"\r{label}: {len(items)}/{len(items)} done in {time.perf_counter() - started:.0f}s\n"
    )


# The CPU features that choose the kernels: x86's AVX2 / AVX-512 / AMX, Arm's asimd.
CPU_FLAGS = frozenset(
    ["avx2", "fma", "f16c", "avx512f", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16", "asimd"]
)


def cpu_info(wanted: frozenset[str] = CPU_FLAGS) -> tuple[str, list[str]]:
    """The CPU's model name and which of ``wanted`` its flags hold, read from /proc/cpuinfo
    (empty where it cannot be read)."""
    model, flags = "", []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and not model:
                model = value.strip()
            if key.strip() in ("flags", "Features") and not flags:
                flags = sorted(wanted & set(value.split()))
    except OSError:
        pass
    return model, flags


def cpu_path() -> str:
    """One line to print beside a timing: the CPU's vector features and the paths the
    libraries take on it in this environment (torch's capability, which
    ``ATEN_CPU_CAPABILITY`` caps; llama.cpp's, as it was built), so a figure is read with the
    kernels that made it."""
    _, flags = cpu_info()
    import torch

    parts = [f"CPU flags {' '.join(flags) or 'unknown'}"]
    parts.append(f"torch {torch.backends.cpu.get_cpu_capability()}")
    try:
        import llama_cpp

        info = llama_cpp.llama_print_system_info().decode()
        pairs = (field.partition("=") for field in info.split("|"))
        used = [k.strip().split()[-1] for k, _, v in pairs if v.strip() == "1" and k.strip()]
        vector = [k for k in used if k.startswith(("AVX", "AMX", "NEON", "SVE"))]
        parts.append(f"llama.cpp {' '.join(vector) or 'without AVX'}")
    except ImportError:
        parts.append("llama.cpp not installed")
    return "; ".join(parts)


def env_summary() -> dict[str, Any]:
    import platform

    import torch
    import transformers

    model, _ = cpu_info()
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": model or platform.processor() or "",
        "cpu_path": cpu_path(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "python": platform.python_version(),
    }


def start_server(**env: str) -> tuple[subprocess.Popen[bytes], str]:
    """``newsfuse serve`` on a free 127.0.0.1 port with ``NEWSFUSE_*`` overrides (logs at
    WARNING unless given); returns the process and its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "NEWSFUSE_LOG_LEVEL": "WARNING", **env},
    )
    return proc, f"http://127.0.0.1:{port}"


def stop_server(proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """SIGTERM, up to ``timeout`` seconds to finish, then SIGKILL: never left running."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_ready(url: str, proc: subprocess.Popen[bytes] | None, limit: float = 600) -> float:
    """Seconds until ``/readyz`` answers 200; exits if the server dies or takes too long."""
    import time

    import httpx

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


def write_results(
    out_dir: Path, kind: str, args: Any, payload: dict[str, Any], report: str
) -> Path:
    """Print the report, the machine and its CPU path beside it (speed swings with the CPU),
    and write ``<kind>-<stamp>.json`` (args, machine, payload) and ``.md`` (the report) into
    ``out_dir``; return the JSON path."""
    env = env_summary()
    report = f"{report}\n\nMachine: {env['cpus']} CPU cores, {env['cpu_model']}; {env['cpu_path']}"
    print(report)
    import time

    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = out_dir / f"{kind}-{stamp}.json"
    document = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "env": env,
        **payload,
    }
    out.write_text(json.dumps(document, indent=2) + "\n")
    (out_dir / f"{kind}-{stamp}.md").write_text(report + "\n")
    print(f"wrote {out}")
    return out


def plot_bars(path: Path, labels: list[str], series: dict[str, list[float]], title: str) -> Path:
    """A grouped bar chart (one group per label, one bar per series) saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(labels)), 4))
    width = 0.8 / max(1, len(series))
    for k, (name, values) in enumerate(series.items()):
        xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(labels))]
        bars = ax.bar(xs, values, width, label=name)
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_title(title)
    top = max((v for values in series.values() for v in values), default=1.0)
    ax.set_ylim(0, top * 1.25)  # room for the legend above the bars
    ax.legend(ncol=len(series), loc="upper center")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_lines(
    path: Path,
    xs: list[float],
    series: dict[str, list[float]],
    title: str,
    xlabel: str,
    ylabel: str,
) -> Path:
    """Lines (one per series) over ``xs`` saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, values in series.items():
        ax.plot(xs, values, marker="o", label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
