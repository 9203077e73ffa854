"""Quality on real clusters: newsfuse against the extractive baselines, and how far to trust it.

Systems: newsfuse abstractive and extractive, lead, LexRank, TextRank, random (see
benchmarks/baselines.py). Every output is cut to the same word budget and scored with ROUGE-1/2/
Lsum F1 (stemmed, Lsum one sentence per line, mean over references). For newsfuse also the
attribution figures of benchmarks/metrics.py, and with the llama.cpp engine the citation
precision judged by the model itself. Failures are counted (an empty summary scores 0), never
skipped. Prints a Markdown table; writes JSON, Markdown and a PNG bar chart to --out.

    python benchmarks/quality.py [--clusters PATH] [--start N] [--limit N] [--max-words 120]
        [--systems abstractive,extractive,lead,lexrank,textrank,random,oneshot] [--engine E]
        [--fuser NAME_OR_DIR] [--no-judge] [--out DIR]

``--clusters`` defaults to the environment variable ``EVAL_CLUSTERS``, else
``../shared/data/dev-clusters.jsonl``: any JSONL with ``articles`` ([{id, title, text}]) and
``reference`` (a string) or ``references`` (a list) per line. ``abstractive`` is grouped fusion
(the default); ``oneshot`` is the earlier one-shot rewrite of the whole selection, for
comparison.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.baselines import BASELINES  # noqa: E402
from benchmarks.common import (  # noqa: E402
    Rouge,
    chosen_clusters,
    cluster_arguments,
    cluster_articles,
    cut_words,
    mean,
    peak_rss_mb,
    percentiles,
    pipeline_config,
    plot_bars,
    progress,
    references,
    write_results,
)
from benchmarks.metrics import (  # noqa: E402
    AttributionCounts,
    CitationJudge,
    attribution_figures,
    fluency_pairs,
)
from models import Pipeline, SummaryOptions  # noqa: E402
from models.write.lmscore import scorer_for  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cluster_arguments(parser)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--fuser", default=None)
    parser.add_argument("--engine", default=None, help="auto, llamacpp, ctranslate2, transformers")
    parser.add_argument("--merger", default=None, help="lm, wordgraph or both (NEWSFUSE_MERGER)")
    parser.add_argument("--systems", default="abstractive,extractive,lead,lexrank,textrank,random")
    parser.add_argument("--no-judge", action="store_true", help="skip the model's citation check")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    clusters = chosen_clusters(parser, args)
    systems = args.systems.split(",")
    config = pipeline_config(fuser=args.fuser, engine=args.engine, merger=args.merger)
    generative = {"abstractive", "oneshot"} & set(systems)
    pipeline = Pipeline.load(config, with_generator=bool(generative))
    oneshot = Pipeline(pipeline.encoder, pipeline.generator, replace(config, fusion="oneshot"))
    oneshot.device = pipeline.device
    rouge = Rouge()
    judge = None
    if not args.no_judge and pipeline.generator is not None:
        try:
            judge = CitationJudge(pipeline.generator)
        except ValueError as exc:
            logging.warning("no citation judge: %s", exc)
    attribution = {s: AttributionCounts() for s in systems if s not in BASELINES}
    scorer = scorer_for(pipeline.generator)
    fluency: list[tuple[float, float]] = []  # (fused, head) mean token log-probs
    budget = args.max_words
    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in systems}
    failures: dict[str, int] = {s: 0 for s in systems}
    for cluster in progress(clusters, "clusters"):
        articles = cluster_articles(cluster)
        for system in systems:
            started = time.perf_counter()
            extra: dict[str, Any] = {}
            try:
                if system in BASELINES:
                    text = BASELINES[system](articles, budget)
                else:
                    runner = oneshot if system == "oneshot" else pipeline
                    mode = "abstractive" if system == "oneshot" else system
                    summary = runner.summarize(
                        articles, replace(SummaryOptions(), mode=mode, max_words=budget)
                    )
                    text = summary.summary
                    counts = attribution_figures(summary)
                    if judge is not None:
                        judged, supporting = judge.judge(summary.sentences)
                        counts.citations, counts.judged_supporting = judged, supporting
                    attribution[system].add(counts)
                    if system == "abstractive" and scorer is not None:
                        fluency += fluency_pairs(summary, scorer)
                    extra = {
                        "generated_tokens": summary.usage.get("generated_tokens", 0),
                        **counts.__dict__,
                    }
            except Exception as exc:  # counted, not skipped
                failures[system] += 1
                logging.error("%s failed on %s: %s", system, cluster["id"], type(exc).__name__)
                text = ""
            seconds = time.perf_counter() - started
            words = len(text.split())
            scores = rouge.score(cut_words(text, budget), references(cluster))
            rows[system].append(
                {"id": cluster["id"], "words": words, "seconds": seconds, **scores, **extra}
            )
    table = []
    for system in systems:
        r = rows[system]
        words = [x["words"] for x in r]
        table.append(
            {
                "system": system,
                "rouge1": mean([x["rouge1"] for x in r]),
                "rouge2": mean([x["rouge2"] for x in r]),
                "rougeLsum": mean([x["rougeLsum"] for x in r]),
                "words": percentiles(words),
                "words_mean": mean(words),
                "in_80_100": sum(0.8 * budget <= w <= budget for w in words) / max(1, len(words)),
                "seconds_mean": mean([x["seconds"] for x in r]),
                "failures": failures[system],
                "attribution": attribution[system].shares() if system in attribution else None,
            }
        )
    lines = [
        f"{len(clusters)} clusters from {args.clusters.name} (start {args.start}), "
        f"budget {budget} words, fuser {pipeline.model_info.fuser} "
        f"on {pipeline.model_info.engine}",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | words mean (p10/p50/p90) | in 80-100% "
        "| cited | unsupported | unsupported specifics | unsupported numbers | fallback rate "
        "| citation precision (judge) | kept fused | fused /summary | compressed /summary "
        "| coherence violations /summary | s/cluster | failures |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.0%}"

    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    for t in table:
        w = t["words"]
        a = t["attribution"] or {}
        lines.append(
            f"| {t['system']} | {t['rouge1']:.2f} | {t['rouge2']:.2f} | {t['rougeLsum']:.2f} | "
            f"{t['words_mean']:.0f} ({w['p10']}/{w['p50']}/{w['p90']}) | {t['in_80_100']:.0%} | "
            f"{pct(a.get('cited'))} | "
            f"{pct(a.get('unsupported'))} | {pct(a.get('unsupported_specifics'))} | "
            f"{pct(a.get('unsupported_numbers'))} | {pct(a.get('fallback_rate'))} | "
            f"{pct(a.get('citation_precision'))} | {pct(a.get('kept_fused'))} | "
            f"{num(a.get('fused_per_summary'))} | {num(a.get('compressed_per_summary'))} | "
            f"{num(a.get('violations_per_summary'))} | "
            f"{t['seconds_mean']:.1f} | {t['failures']} |"
        )
    if fluency:
        deltas = sorted(f - h for f, h in fluency)
        lines.append(
            f"\nfluency of {len(deltas)} fused sentences (mean token log-prob minus its head's): "
            f"p10 {deltas[len(deltas) // 10]:+.3f}, p50 {deltas[len(deltas) // 2]:+.3f}, "
            f"p90 {deltas[9 * len(deltas) // 10]:+.3f}; no worse than the head: "
            f"{sum(d >= 0 for d in deltas) / len(deltas):.0%}"
        )
    lines.append(f"\npeak RSS {peak_rss_mb():.0f} MB")
    report = "\n".join(lines)
    payload = {
        "model": pipeline.model_info.__dict__,
        "table": table,
        "rows": rows,
        "fluency": fluency,
    }
    out = write_results(args.out, "quality", args, payload, report)
    plot_bars(
        out.with_suffix(".png"),
        [t["system"] for t in table],
        {k: [t[k] for t in table] for k in ("rouge1", "rouge2", "rougeLsum")},
        f"ROUGE F1 by system, {len(clusters)} clusters, {budget} words",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
