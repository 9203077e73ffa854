"""The service on a GPU: the seed bundle posted once, 10 times in a row and 32 at once.

Starts ``newsfuse serve`` on 127.0.0.1 with NEWSFUSE_DEVICE=cuda and NEWSFUSE_ENGINE=transformers,
waits for /readyz, times the first post after ready, then 10 posts in a row (p50/p95) and 32
concurrent posts (wall time); reports generated tokens/s (from the responses' usage), peak GPU
memory (nvidia-smi, polled), the GPU and the CPU; checks that the extractive summary from the
GPU server equals the one computed in this process on CPU; writes JSON and Markdown to --out.
Every wait has a limit, and the whole run a budget (--budget): a phase that would not fit is
skipped and said so.

    python benchmarks/gpu.py --random-weights --fuser-config DIR --embedder DIR [--shape 1.5b]
    python benchmarks/gpu.py --cpu              # the same on CPU with the packaged models
    python benchmarks/gpu.py --export DIR       # here: what an air-gapped GPU host needs

--random-weights builds (once, into --work) a fuser with the packaged model's exact config and
tokenizer but random weights (seeded; bfloat16 on disk): real shapes give real speed, never real
text, and every summary is flagged MEANINGLESS. The config and tokenizer come from
--fuser-config (config.json and tokenizer files, tokenizer.json may be gzipped), else from the
prepared packaged fuser. --shape 1.5b swaps in Qwen2.5-Coder-1.5B-Instruct's dimensions (same
tokenizer). --export writes such a fuser config and a float16 copy of the packaged MiniLM.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    CPU_FLAGS,
    ROOT,
    cpu_info,
    percentiles,
    pipeline_config,
    start_server,
    stop_server,
    wait_ready,
    write_results,
)

# Qwen2.5-Coder-1.5B-Instruct's dimensions (its public config), over the 0.5B's config: the
# qwen15 extra's GGUF is not installed here to read them from. Tied embeddings stay as the
# packaged conversion has them (untied: the GGUF carries its own output matrix).
SHAPES: dict[str, dict[str, Any]] = {
    "0.5b": {},
    "1.5b": {
        "hidden_size": 1536,
        "intermediate_size": 8960,
        "num_hidden_layers": 28,
        "num_attention_heads": 12,
        "num_key_value_heads": 2,
        "layer_types": ["full_attention"] * 28,
        "max_window_layers": 28,
    },
    # Two thin layers: checks the script's plumbing in seconds, on any machine.
    "tiny": {
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "layer_types": ["full_attention"] * 2,
    },
}
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")
MEANINGLESS = "MEANINGLESS: random weights (speed only, no real text)"


def packaged_fuser_dir() -> Path:
    from models import provision

    return pipeline_config().model_dir / provision.DEFAULT_FUSER


def export(out: Path) -> None:
    """The fuser's config and tokenizer (tokenizer.json gzipped) and MiniLM in float16."""
    import torch
    from safetensors.torch import load_file, save_file

    from models import provision

    source, fuser = packaged_fuser_dir(), out / "fuser-config"
    fuser.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "generation_config.json", *TOKENIZER_FILES[1:]):
        shutil.copy(source / name, fuser / name)
    with gzip.open(fuser / "tokenizer.json.gz", "wb", compresslevel=9) as fh:
        fh.write((source / "tokenizer.json").read_bytes())
    embedder = out / "embedder"
    shutil.copytree(provision.embedder_path(), embedder, dirs_exist_ok=True)
    weights = embedder / "model.safetensors"
    save_file({k: v.to(torch.float16) for k, v in load_file(weights).items()}, weights)
    print(f"wrote {fuser} and {embedder} (float16)")


def random_fuser(source: Path, shape: str, work: Path, device: str) -> Path:
    """A directory with ``source``'s tokenizer and config (``shape`` applied), random weights."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    out = work / f"random-{shape}"
    if (out / "model.safetensors").is_file():
        return out
    tmp = work / f"random-{shape}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    config = json.loads((source / "config.json").read_text())
    (tmp / "config.json").write_text(json.dumps({**config, **SHAPES[shape]}, indent=2))
    for name in ("generation_config.json", *TOKENIZER_FILES):
        if (source / name).is_file():
            shutil.copy(source / name, tmp / name)
    if not (source / "tokenizer.json").is_file():
        (tmp / "tokenizer.json").write_bytes(
            gzip.decompress((source / "tokenizer.json.gz").read_bytes())
        )
    torch.manual_seed(0)
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(
            AutoConfig.from_pretrained(tmp), dtype=torch.bfloat16
        )
    model.save_pretrained(tmp)
    del model
    tmp.rename(out)
    return out


def float32_embedder(source: Path, work: Path) -> Path:
    """``source`` with float32 weights (a float16 copy travels; transformers would run it in
    float16): the GPU server and the CPU check then compute in float32 alike."""
    import torch
    from safetensors.torch import load_file, save_file

    tensors = load_file(source / "model.safetensors")
    if all(t.dtype == torch.float32 for t in tensors.values()):
        return source
    out = work / "embedder-float32"
    if not (out / "model.safetensors").is_file():
        shutil.copytree(source, out, dirs_exist_ok=True)
        save_file({k: v.float() for k, v in tensors.items()}, out / "model.safetensors")
    return out


class GpuMemory(threading.Thread):
    """Polls ``nvidia-smi`` for the GPU's used memory and keeps the peak (MiB)."""

    def __init__(self, index: int = 0) -> None:
        super().__init__(daemon=True)
        self.index, self.peak_mib, self.error = index, 0, ""
        self._stop = threading.Event()

    def run(self) -> None:
        query = ["nvidia-smi", f"--id={self.index}", "--query-gpu=memory.used"]
        while not self._stop.wait(0.25):
            try:
                out = subprocess.run(
                    [*query, "--format=csv,noheader,nounits"],
                    capture_output=True,
                    text=True,
                    timeout=5,
                    check=True,
                )
                self.peak_mib = max(self.peak_mib, int(out.stdout.split()[0]))
            except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
                self.error = repr(exc)
                return

    def stop(self) -> int:
        self._stop.set()
        return self.peak_mib


def machine(cpu: bool) -> dict[str, Any]:
    info: dict[str, Any] = {}
    # The shared set less amx_int8, which this report has never listed.
    info["cpu_model"], info["cpu_flags"] = cpu_info(CPU_FLAGS - {"amx_int8"})
    info["cpus"] = len(os.sched_getaffinity(0))
    if not cpu:
        try:
            out = subprocess.run(
                [
                    "nvidia-smi",
                    "--query-gpu=name,memory.total,driver_version",
                    "--format=csv,noheader",
                ],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            )
            info["gpu"] = out.stdout.strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            import torch

            info["gpu"] = torch.cuda.get_device_name(0)
    return info


def post(url: str, bundle: dict[str, Any], timeout: float) -> dict[str, Any]:
    import httpx

    started = time.perf_counter()
    try:
        r = httpx.post(f"{url}/v1/summarize", json=bundle, timeout=timeout)
        body = r.json() if r.status_code == 200 else {}
        status = r.status_code
    except httpx.HTTPError as exc:
        body, status = {"error": repr(exc)}, -1
    usage = body.get("usage") or {}
    return {
        "status": status,
        "seconds": time.perf_counter() - started,
        "generated_tokens": int(usage.get("generated_tokens", 0)),
        "batch_size": int(usage.get("batch_size", 1)),
        "summary": body.get("summary"),
        "body": body,
    }


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on the device: the text, its sentences and citations, the selection."""
    keys = ("summary", "sentences", "selection", "articles", "warnings")
    return {k: document.get(k) for k in keys}


def extractive_on_cpu(bundle: dict[str, Any], embedder: str | None) -> dict[str, Any]:
    from models import Article, Pipeline, SummaryOptions, summary_to_dict

    config = pipeline_config(device="cpu", embedder=embedder, embed_precision="float32")
    pipeline = Pipeline.load(config, with_fuser=False)
    articles = [Article(**a) for a in bundle["articles"]]
    options = SummaryOptions(**{**bundle["options"], "mode": "extractive"})
    return comparable(summary_to_dict(pipeline.summarize(articles, options)))


def run_phases(url: str, bundle: dict[str, Any], args: argparse.Namespace, deadline: float):
    """First post, posts in a row, concurrent posts; a phase that may not fit is skipped."""
    phases: dict[str, Any] = {}
    phases["first"] = post(url, bundle, args.timeout)
    rows = []
    for _ in range(args.sequential):
        if time.monotonic() + args.timeout > deadline:
            phases["skipped_sequential"] = "budget"
            break
        rows.append(post(url, bundle, args.timeout))
    phases["sequential"] = rows
    if time.monotonic() + 2 * args.timeout > deadline:
        phases["concurrent"], phases["skipped_concurrent"] = [], "budget"
        return phases
    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrent) as pool:
        futures = [pool.submit(post, url, bundle, args.timeout) for _ in range(args.concurrent)]
        phases["concurrent"] = [f.result() for f in futures]
    phases["concurrent_wall_s"] = time.perf_counter() - started
    extractive = {**bundle, "options": {**bundle["options"], "mode": "extractive"}}
    phases["extractive"] = post(url, extractive, args.timeout)
    return phases


def summarize_phases(phases: dict[str, Any]) -> dict[str, Any]:
    seq = [p for p in phases["sequential"] if p["status"] == 200]
    conc = phases["concurrent"]
    seq_s = [p["seconds"] for p in seq]
    out: dict[str, Any] = {
        "first_post_s": round(phases["first"]["seconds"], 3),
        "first_status": phases["first"]["status"],
        "sequential_ok": f"{len(seq)}/{len(phases['sequential'])}",
        "p50_s": round(percentiles(seq_s)["p50"], 3) if seq else None,
        "p95_s": round(sorted(seq_s)[min(len(seq_s) - 1, int(0.95 * len(seq_s)))], 3)
        if seq
        else None,
        "sequential_tokens_per_s": round(sum(p["generated_tokens"] for p in seq) / sum(seq_s), 1)
        if seq
        else None,
        "tokens_per_post": seq[0]["generated_tokens"] if seq else None,
    }
    if conc:
        ok = [p for p in conc if p["status"] == 200]
        wall = phases["concurrent_wall_s"]
        out |= {
            "concurrent": len(conc),
            "concurrent_ok": f"{len(ok)}/{len(conc)}",
            "concurrent_status": sorted({p["status"] for p in conc}),
            "concurrent_wall_s": round(wall, 2),
            "concurrent_p50_s": round(percentiles([p["seconds"] for p in ok])["p50"], 2)
            if ok
            else None,
            "concurrent_tokens_per_s": round(sum(p["generated_tokens"] for p in ok) / wall, 1),
            "largest_batch": max((p["batch_size"] for p in ok), default=0),
        }
    return out


def report(args: argparse.Namespace, info: dict[str, Any], result: dict[str, Any]) -> str:
    r = result["summary"]
    device = "CPU" if args.cpu else info.get("gpu", "GPU")
    lines = [
        f"## Seed bundle on {device} ({result['fuser']}, transformers engine)",
        "",
        f"{result['weights']}. CPU: {info['cpu_model']} ({info['cpus']} cores; "
        f"{', '.join(info['cpu_flags']) or 'no listed flags'}). "
        f"Options: {result['options'] or 'defaults'}. Start to ready {result['ready_s']} s.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| first post after ready | {r['first_post_s']} s (status {r['first_status']}) |",
        f"| {args.sequential} posts in a row: p50 / p95 | {r['p50_s']} / {r['p95_s']} s "
        f"({r['sequential_ok']} ok) |",
        f"| generated tokens per post | {r['tokens_per_post']} |",
        f"| tokens/s, posts in a row | {r['sequential_tokens_per_s']} |",
    ]
    if "concurrent" in r:
        lines += [
            f"| {r['concurrent']} concurrent posts: wall | {r['concurrent_wall_s']} s "
            f"({r['concurrent_ok']} ok, p50 {r['concurrent_p50_s']} s, largest batch "
            f"{r['largest_batch']}) |",
            f"| tokens/s, concurrent | {r['concurrent_tokens_per_s']} |",
        ]
    for name, stages in result["timings_ms"].items():
        if stages:
            shown = ", ".join(f"{k} {v:.0f}" for k, v in stages.items())
            lines.append(f"| {name} post by stage, ms | {shown} |")
    lines += [
        f"| peak GPU memory (nvidia-smi), MiB | {result['peak_gpu_mib']} |",
        f"| extractive identical to CPU | {result['extractive_identical']} |",
    ]
    for key in ("skipped_sequential", "skipped_concurrent"):
        if key in result:
            lines.append(f"| {key.replace('_', ' ')} | {result[key]} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--random-weights", action="store_true")
    parser.add_argument("--fuser-config", type=Path, help="config.json + tokenizer files")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="0.5b")
    parser.add_argument("--embedder", help="a local sentence-transformers directory")
    parser.add_argument("--cpu", action="store_true", help="run on CPU (packaged models)")
    parser.add_argument("--quick", action="store_true", help="3 posts in a row, 8 concurrent")
    parser.add_argument("--sequential", type=int, default=10)
    parser.add_argument("--concurrent", type=int, default=32)
    parser.add_argument("--static-cache", action="store_true", help="NEWSFUSE_TORCH_STATIC_CACHE")
    parser.add_argument("--no-compile", action="store_true", help="NEWSFUSE_TORCH_COMPILE=0")
    parser.add_argument(
        "--cudnn-sdpa", action="store_true", help="NEWSFUSE_TORCH_CUDNN_SDPA=1 (for comparison)"
    )
    parser.add_argument("--max-batch", type=int, help="NEWSFUSE_MAX_BATCH (default: engine's)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per post")
    parser.add_argument("--ready-timeout", type=float, default=300.0)
    parser.add_argument("--budget", type=float, default=540.0, help="seconds for the whole run")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsfuse-gpu"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--export", type=Path, help="write the GPU host's model files here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sequential, args.concurrent = min(args.sequential, 3), min(args.concurrent, 8)
    return args


def server_env(args: argparse.Namespace, device: str) -> tuple[dict[str, str], str, str]:
    """The server's NEWSFUSE_* settings, the fuser's label and what its weights are (building
    the random-weight fuser and the float32 embedder first where asked)."""
    env = {
        "NEWSFUSE_DEVICE": device,
        "NEWSFUSE_ENGINE": "transformers",
        "NEWSFUSE_QUEUE_SIZE": str(max(64, 2 * args.concurrent)),
        "NEWSFUSE_REQUEST_TIMEOUT_S": str(args.timeout),
    }
    fuser, weights = "packaged " + (os.environ.get("NEWSFUSE_FUSER") or "default"), "real weights"
    if args.random_weights:
        source = args.fuser_config or packaged_fuser_dir()
        started = time.perf_counter()
        path = random_fuser(source, args.shape, args.work, device)
        print(f"random-weight fuser {path} ready in {time.perf_counter() - started:.0f} s")
        env["NEWSFUSE_FUSER"], fuser, weights = str(path), f"{args.shape} shape", MEANINGLESS
    if args.embedder:
        args.embedder = str(float32_embedder(Path(args.embedder), args.work))
        env["NEWSFUSE_EMBEDDER"] = args.embedder
    flags = {
        "NEWSFUSE_TORCH_STATIC_CACHE": "1" if args.static_cache else "",
        "NEWSFUSE_TORCH_COMPILE": "0" if args.no_compile else "",
        "NEWSFUSE_TORCH_CUDNN_SDPA": "1" if args.cudnn_sdpa else "",
        "NEWSFUSE_MAX_BATCH": str(args.max_batch or ""),
    }
    env |= {k: v for k, v in flags.items() if v}
    return env, fuser, weights


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.export:
        export(args.export)
        return 0
    deadline = time.monotonic() + args.budget
    import torch

    if not args.cpu and not torch.cuda.is_available():
        raise SystemExit("no CUDA device visible to torch: run on a GPU host, or pass --cpu")
    device = "cpu" if args.cpu else "cuda"
    env, fuser, weights = server_env(args, device)
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    info = machine(args.cpu)
    memory = GpuMemory()
    if not args.cpu:
        memory.start()
    proc, url = start_server(**env)
    try:
        ready = wait_ready(url, proc, limit=min(args.ready_timeout, deadline - time.monotonic()))
        phases = run_phases(url, bundle, args, deadline)
    finally:
        stop_server(proc, timeout=30)
        peak = memory.stop()
    extractive = phases.get("extractive")
    identical: Any = "n/a (CPU run)" if args.cpu else "not run"
    if not args.cpu and extractive and extractive["status"] == 200 and time.monotonic() < deadline:
        identical = comparable(extractive["body"]) == extractive_on_cpu(bundle, args.embedder)
    if args.cpu or memory.error:
        peak = "n/a (CPU run)" if args.cpu else f"n/a ({memory.error})"
    sequential = phases["sequential"]
    result: dict[str, Any] = {
        "device": device,
        "fuser": fuser,
        "weights": weights,
        "options": ", ".join(f"{k}={v}" for k, v in env.items() if "TORCH" in k or "BATCH" in k),
        "ready_s": round(ready, 1),
        "peak_gpu_mib": peak,
        "extractive_identical": identical,
        "summary": summarize_phases(phases),
        "example_summary": MEANINGLESS if args.random_weights else phases["first"]["summary"],
        # Where a post's time went, by stage (the first post, the last one in a row).
        "timings_ms": {
            "first": phases["first"]["body"].get("timings_ms"),
            "warm": sequential[-1]["body"].get("timings_ms") if sequential else None,
        },
        **{k: v for k, v in phases.items() if k.startswith("skipped")},
    }
    keys = ("status", "seconds", "generated_tokens", "batch_size")
    result["posts"] = {
        name: [{k: p[k] for k in keys} for p in rows]
        for name, rows in phases.items()
        if isinstance(rows, list)
    }
    kind = f"gpu-{device}-{args.shape}{'-random' if args.random_weights else ''}"
    write_results(args.out, kind, args, {"machine": info, **result}, report(args, info, result))
    return 0 if phases["first"]["status"] == 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())
