"""The transformers engine's batched generation: tokens/s by batch size, and the proof that a
request's output does not depend on the batch it ran in.

Runs the engine directly (no server) on the merge requests that grouped fusion issues for the
seed bundle at several lengths and article subsets (recorded once with a stand-in fuser; the
requests, not their outputs, are what is measured). Each batch size runs every request once, in
batches of that size; the output of every request (its text and token count) is compared with
batch size 1.

    python benchmarks/batched_generation.py [--sizes 1,4,16] [--requests 16] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, pipeline_config, write_results  # noqa: E402
from models import Article, Pipeline, SummaryOptions  # noqa: E402
from models.generation.base import GenerationRequest, GenerationResult  # noqa: E402

# Lengths and article subsets of the seed bundle whose merges make the workload.
VARIANTS = [
    (120, None),
    (230, None),
    (60, None),
    (400, None),
    (120, 3),
    (230, 4),
    (90, 2),
    (180, None),
    (300, None),
    (600, None),
    (60, 3),
    (150, 4),
    (45, None),
    (230, 3),
]


class _Recorder:
    """Stands in for the fuser while the pipeline plans merges: records each request and
    answers with its head sentence (a merge that falls back), so later rounds still run."""

    name = engine = "recorder"
    device = "cpu"

    def __init__(self, count_tokens: object) -> None:
        self.count_tokens = count_tokens
        self.max_input_tokens = 1536
        self.requests: list[GenerationRequest] = []

    max_batch = 1

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        self.requests += requests
        return [
            GenerationResult(r.selected[0].sentence.text, r.selected[0].sentence.text, 0, 0, 0.0)
            for r in requests
        ]


def merge_requests(pipeline: Pipeline, fuser: object, limit: int) -> list[GenerationRequest]:
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    articles = [Article(**a) for a in bundle["articles"]]
    recorder = _Recorder(fuser.count_tokens)  # type: ignore[attr-defined]
    pipeline.generator = recorder  # type: ignore[assignment]
    try:
        for max_words, n_articles in VARIANTS:
            pipeline.summarize(articles[:n_articles], SummaryOptions(max_words=max_words))
    finally:
        pipeline.generator = fuser  # type: ignore[assignment]
    unique: dict[tuple[str, ...], GenerationRequest] = {}
    for r in recorder.requests:
        unique.setdefault(tuple(s.sentence.text for s in r.selected), r)
    requests = list(unique.values())
    if len(requests) < limit:
        raise SystemExit(f"only {len(requests)} distinct merge requests; ask for fewer")
    return requests[:limit]


def run_size(fuser: object, requests: list[GenerationRequest], size: int) -> dict[str, object]:
    started = time.perf_counter()
    results: list[GenerationResult] = []
    for i in range(0, len(requests), size):
        results += fuser.generate(requests[i : i + size])  # type: ignore[attr-defined]
    wall = time.perf_counter() - started
    tokens = sum(r.generated_tokens for r in results)
    prompt = sum(r.prompt_tokens for r in results)
    return {
        "batch": size,
        "wall_s": round(wall, 2),
        "prompt_tokens": prompt,
        "generated_tokens": tokens,
        "tokens_per_s": round(tokens / wall, 1),
        "all_tokens_per_s": round((prompt + tokens) / wall, 1),
        "outputs": [(r.raw_text, r.generated_tokens) for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,4,16", help="comma-separated batch sizes")
    parser.add_argument("--requests", type=int, default=16, help="merge requests to run")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--fuser", default=None, help="fuser (default: the packaged one)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    config = pipeline_config(
        device=args.device, engine="transformers", fuser=args.fuser, max_batch=1
    )
    pipeline = Pipeline.load(config)
    fuser = pipeline.generator
    assert fuser is not None
    requests = merge_requests(pipeline, fuser, args.requests)
    fuser.max_rows = max(int(s) for s in args.sizes.split(","))  # type: ignore[attr-defined]
    fuser.generate(requests[:1])  # warm-up
    levels = [run_size(fuser, requests, int(s)) for s in args.sizes.split(",")]
    reference = levels[0]["outputs"]
    for level in levels:
        outputs = level.pop("outputs")
        level["identical"] = sum(a == b for a, b in zip(outputs, reference, strict=True))
    lines = [
        f"{len(requests)} merge requests of the seed bundle, transformers engine on "
        f"{fuser.device} ({fuser.name}); output compared with batch size {levels[0]['batch']}",
        "",
        "| batch size | wall s | prompt + generated tokens | generated tok/s | all tok/s "
        "| identical outputs |",
        "|---|---|---|---|---|---|",
    ]
    for lv in levels:
        lines.append(
            f"| {lv['batch']} | {lv['wall_s']} | {lv['prompt_tokens']} + "
            f"{lv['generated_tokens']} | {lv['tokens_per_s']} | {lv['all_tokens_per_s']} | "
            f"{lv['identical']}/{len(requests)} |"
        )
    payload = {"levels": levels, "requests": len(requests)}
    write_results(args.out, "batched-generation", args, payload, "\n".join(lines))
    return 0 if all(lv["identical"] == len(requests) for lv in levels) else 1


if __name__ == "__main__":
    raise SystemExit(main())
