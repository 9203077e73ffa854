"""Speed on the seed bundle: load time, per-stage latency, generated tokens/s, peak RSS.

python benchmarks/speed.py [--runs 3] [--max-words 120] [--fuser NAME_OR_DIR] [PATH...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import env_summary, peak_rss_mb, percentiles  # noqa: E402
from models import Pipeline, PipelineConfig, SummaryOptions  # noqa: E402
from models.bundle import load_paths  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=[str(SEEDS)])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--fuser", default=None)
    parser.add_argument("--engine", default=None, help="auto, llamacpp, ctranslate2, transformers")
    parser.add_argument("--mode", default="abstractive")
    args = parser.parse_args(argv)
    articles, _ = load_paths(args.paths)
    started = time.perf_counter()
    pipeline = Pipeline.load(PipelineConfig.from_env(fuser=args.fuser, engine=args.engine))
    load_s = time.perf_counter() - started
    options = SummaryOptions(mode=args.mode, max_words=args.max_words)
    started = time.perf_counter()
    pipeline.warmup()
    warm_s = time.perf_counter() - started
    stages: dict[str, list[float]] = {}
    rates: list[float] = []
    words: list[int] = []
    for _ in range(args.runs):
        summary = pipeline.summarize(articles, options)
        for stage, ms in summary.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        if summary.timings_ms.get("fuse"):
            rates.append(summary.usage["generated_tokens"] / (summary.timings_ms["fuse"] / 1000))
        words.append(summary.n_words)
    result = {
        "env": env_summary(),
        "model": pipeline.model_info.__dict__,
        "articles": len(articles),
        "max_words": args.max_words,
        "runs": args.runs,
        "load_s": round(load_s, 2),
        "warmup_s": round(warm_s, 2),
        "stages_ms_p50": {k: percentiles(v)["p50"] for k, v in stages.items()},
        "generated_tokens_per_s": round(sum(rates) / len(rates), 2) if rates else None,
        "summary_words": words,
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
