"""Engines side by side on the same model, prompts and machine, in one run.

For each engine (a fresh subprocess each, so peak RSS is its own): load time, then on the seed
bundle ``--runs`` summaries one at a time (prompt tokens/s until the first generated token,
generated tokens/s after it, seconds per summary, words), then ``--concurrency`` copies of the
bundle at once through ``Pipeline.summarize_many`` (one batched generation where the engine
batches) against the same number one after another, and peak RSS. Ratios are to the
transformers float32 reference path.

python benchmarks/engines.py [--engines llamacpp,ctranslate2,transformers] [--runs 3]
                             [--concurrency 4] [--max-words 120] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import env_summary, peak_rss_mb, pipeline_config, write_results  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
BASELINE = "transformers"


def measure(engine: str, runs: int, concurrency: int, max_words: int) -> dict[str, object]:
    """Runs in the child process: every number for one engine."""
    from models import Pipeline, SummaryOptions
    from models.bundle import load_paths

    articles, _ = load_paths([str(SEEDS)])
    options = SummaryOptions(max_words=max_words)
    started = time.perf_counter()
    config = pipeline_config(engine=engine, device="cpu", max_batch=concurrency)
    pipeline = Pipeline.load(config)
    load_s = time.perf_counter() - started
    pipeline.warmup()
    singles = []
    for _ in range(runs):
        started = time.perf_counter()
        summary = pipeline.summarize(articles, options)
        total = time.perf_counter() - started
        ms = summary.timings_ms
        prefill = ms["fuse_first_token"] / 1000
        decode = ms["fuse"] / 1000 - prefill
        singles.append(
            {
                "seconds": total,
                "fuse_s": ms["fuse"] / 1000,
                "prompt_tokens": summary.usage["prompt_tokens"],
                "generated_tokens": summary.usage["generated_tokens"],
                "prompt_tok_s": summary.usage["prompt_tokens"] / prefill if prefill else None,
                "gen_tok_s": (summary.usage["generated_tokens"] - 1) / decode,
                "words": summary.n_words,
                "engine": summary.model.engine,
            }
        )
    jobs = [pipeline.check(articles, options)] * concurrency
    started = time.perf_counter()
    for job in jobs:
        pipeline.summarize(*job)
    sequential_s = time.perf_counter() - started
    started = time.perf_counter()
    batched = pipeline.summarize_many(jobs)
    batched_s = time.perf_counter() - started
    assert all(not isinstance(s, Exception) for s in batched)

    def med(key: str) -> float:
        return statistics.median(float(s[key]) for s in singles)  # type: ignore[arg-type]

    return {
        "engine": singles[0]["engine"],
        "load_s": round(load_s, 2),
        "seconds_per_summary": round(med("seconds"), 2),
        "fuse_s": round(med("fuse_s"), 2),
        "prompt_tokens": int(med("prompt_tokens")),
        "generated_tokens": int(med("generated_tokens")),
        "prompt_tok_s": round(med("prompt_tok_s"), 1),
        "gen_tok_s": round(med("gen_tok_s"), 1),
        "words": [s["words"] for s in singles],
        "concurrency": concurrency,
        "sequential_summaries_per_min": round(60 * concurrency / sequential_s, 2),
        "batched_summaries_per_min": round(60 * concurrency / batched_s, 2),
        "batched_words": [s.n_words for s in batched if not isinstance(s, Exception)],
        "peak_rss_mb": round(peak_rss_mb()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="llamacpp,ctranslate2,transformers")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = measure(args.child, args.runs, args.concurrency, args.max_words)
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    rows: dict[str, dict[str, object]] = {}
    for engine in args.engines.split(","):
        sys.stderr.write(f"engine {engine}: running {args.runs} + 2x{args.concurrency} ...\n")
        started = time.perf_counter()
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--runs",
                str(args.runs),
                "--concurrency",
                str(args.concurrency),
                "--max-words",
                str(args.max_words),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        if child.returncode != 0:
            sys.stderr.write(child.stderr[-3000:])
            rows[engine] = {"engine": engine, "failed": child.returncode}
            continue
        rows[engine] = json.loads(child.stdout.strip().splitlines()[-1])
        sys.stderr.write(f"engine {engine}: done in {time.perf_counter() - started:.0f}s\n")
    base = rows.get(BASELINE, {})
    lines = [
        f"Seed bundle ({len(list(SEEDS.glob('*.txt')))} articles), {args.max_words} words, "
        f"greedy, {env_summary()['cpus']} CPU cores; medians of {args.runs} runs; "
        f"ratios to {BASELINE} float32.",
        "",
        "| engine | prompt tok/s | gen tok/s | x gen tok/s | s/summary | x speed | peak RSS MB "
        f"| x RSS | {args.concurrency} at once vs one by one (summaries/min) | load s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for engine, r in rows.items():
        if "failed" in r:
            lines.append(f"| {engine} | failed (exit {r['failed']}) |||||||||")
            continue

        def ratio(key: str, invert: bool = False, r: dict[str, object] = r) -> str:
            if key not in base or not base[key]:
                return "-"
            value = float(r[key]) / float(base[key])  # type: ignore[arg-type]
            return f"{1 / value if invert else value:.2f}"

        gain = float(r["batched_summaries_per_min"]) / float(r["sequential_summaries_per_min"])  # type: ignore[arg-type]
        lines.append(
            f"| {engine} | {r['prompt_tok_s']} | {r['gen_tok_s']} | {ratio('gen_tok_s')} | "
            f"{r['seconds_per_summary']} | {ratio('seconds_per_summary', invert=True)} | "
            f"{r['peak_rss_mb']} | {ratio('peak_rss_mb')} | "
            f"{r['batched_summaries_per_min']} vs {r['sequential_summaries_per_min']} "
            f"({gain:.2f}x) | {r['load_s']} |"
        )
    report = "\n".join(lines)
    write_results(args.out, "engines", args, {"rows": rows}, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
