"""Follow-ups on real clusters: focused summaries and "what's new since" updates.

**Focus task.** Each cluster's focus is its reference's first sentence. The focused summary
(``options.focus``) and the plain one are scored with ROUGE-1/2/Lsum F1 against the reference;
for each focused summary sentence, its cosine to the focus is compared with the plain summary's
mean: the share that beats it is reported. An *off-topic* focus (the next cluster's) must give
an empty summary with a warning: the share that did is reported too.

**Update task.** Each cluster's articles are split by ``published_at`` where every article has
one, else by position: the first half (at least one) is *seen*, the rest *new*. Three summaries
are scored with ROUGE-1/2/Lsum against the cluster's reference: the *update* (``options.seen``),
*new-only* (the new articles summarised alone: the obvious alternative an update must beat)
and *whole* (every article). The update and new-only are also compared on novelty: the share
of their sentences whose best cosine to every sentence of the seen articles stays below the
novelty threshold, the share novel by the earlier rule (below the threshold *and* adding a name
or number the seen articles lack), the share that *adds a fact* (does not restate the seen
articles, :func:`models.stages.followup.restates_known`: the update's constraint), the names
and numbers they carry that the seen articles lack, and the update sentences that cite only
seen articles (must be 0).

Selection is what changes, so extractive mode (the default, ~1 s per cluster) measures it;
``--mode abstractive`` runs grouped fusion on top (minutes per cluster on 2 CPU cores).

    python benchmarks/followups.py [--clusters PATH] [--range 12-35] [--mode extractive]
        [--max-words 120] [--out DIR] [--sweep '[{"focus_weight": 0.5}, ...]']
        [--tasks focus,update]

``--sweep`` runs the tasks once per variant of the settings (one loaded pipeline, so the
embedding cache is shared) and prints a table for each: how the settings were tuned.

``--clusters`` defaults to ``EVAL_CLUSTERS``, else ``../shared/data/dev-clusters.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DEFAULT_CLUSTERS,
    Rouge,
    cluster_articles,
    cut_words,
    load_clusters,
    mean,
    pipeline_config,
    progress,
    references,
    write_results,
)
from models import Article, Pipeline, Summary, SummaryOptions  # noqa: E402
from models.sentences import segment_article, split_text  # noqa: E402
from models.stages.followup import (  # noqa: E402
    FollowupSettings,
    known_terms,
    new_specifics,
    novel_mask,
    restates_known,
)


def split_seen(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """(seen, new): by ``published_at`` where every article has one, else by position; the
    first half (at least one article) is seen."""
    ordered = list(articles)
    if all(a.published_at for a in ordered):
        ordered.sort(key=lambda a: a.published_at or "")
    half = max(1, len(ordered) // 2)
    return ordered[:half], ordered[half:]


def focus_row(
    pipeline: Pipeline,
    cluster: dict[str, Any],
    off_topic: str,
    options: SummaryOptions,
    rouge: Rouge,
) -> dict[str, Any]:
    """One cluster of the focus task (see module docstring)."""
    articles = cluster_articles(cluster)
    refs = references(cluster)
    focus = split_text(refs[0])[0][:300]
    plain = pipeline.summarize(articles, options)
    focused = pipeline.summarize(articles, replace(options, focus=focus))
    away = pipeline.summarize(articles, replace(options, focus=off_topic[:300]))
    encoder = pipeline.encoder
    query = encoder.encode([focus])[0]

    def cosines(summary: Summary) -> np.ndarray:
        texts = [s.text for s in summary.sentences]
        return encoder.encode(texts) @ query if texts else np.zeros(0)

    plain_cos, focused_cos = cosines(plain), cosines(focused)
    budget = options.max_words
    return {
        "id": cluster["id"],
        "plain": rouge.score(cut_words(plain.summary, budget), refs),
        "focused": rouge.score(cut_words(focused.summary, budget), refs),
        "focused_words": focused.n_words,
        "focused_empty": not focused.sentences,
        "beats": int((focused_cos > plain_cos.mean()).sum()) if plain_cos.size else 0,
        "sentences": len(focused_cos),
        # The summary's first sentence is its closest to the focus: what was asked leads.
        "leads": bool(focused_cos.size) and int(np.argmax(focused_cos)) == 0,
        "plain_cos": float(plain_cos.mean()) if plain_cos.size else 0.0,
        "focused_cos": float(focused_cos.mean()) if focused_cos.size else 0.0,
        "off_topic_empty": not away.sentences,
    }


def _novelty(
    pipeline: Pipeline, summary: Summary, seen: list[Article], settings: FollowupSettings
) -> dict[str, Any]:
    """How much of ``summary`` is new against the seen articles' sentences."""
    texts = [s.text for s in summary.sentences]
    known = [s.text for i, a in enumerate(seen) for s in segment_article(a, i)]
    if not texts:
        return {
            "sentences": 0,
            "novel_cos": 0,
            "novel_rule": 0,
            "adds": 0,
            "specifics": 0,
            "new": 0,
        }
    vectors, known_vectors = pipeline.encoder.encode(texts), pipeline.encoder.encode(known)
    novel, best = novel_mask(texts, vectors, known, known_vectors, settings)
    restated = restates_known(texts, vectors, known, known_vectors, settings)
    terms = known_terms(" ".join(known))
    found = set().union(*(new_specifics(t, set()) for t in texts))
    return {
        "sentences": len(texts),
        "novel_cos": int((best < settings.novelty_cosine).sum()),
        "novel_rule": int(novel.sum()),
        "adds": int((~restated).sum()),
        "specifics": len(found),
        "new": len({t for t in found if t in new_specifics(" ".join(texts), terms)}),
    }


def update_row(
    pipeline: Pipeline, cluster: dict[str, Any], options: SummaryOptions, rouge: Rouge
) -> dict[str, Any]:
    """One cluster of the update task (see module docstring)."""
    dates = [a.get("published_at") for a in cluster["articles"]]
    articles = [
        replace(a, published_at=d) for a, d in zip(cluster_articles(cluster), dates, strict=True)
    ]
    seen, new = split_seen(articles)
    seen_ids = {a.id for a in seen}
    update = pipeline.summarize(articles, replace(options, seen=tuple(a.id for a in seen)))
    plain = pipeline.summarize(new, options)
    whole = pipeline.summarize(articles, options)
    refs, budget = references(cluster), options.max_words
    settings = pipeline.followup
    seen_only = sum(
        bool(s.citations) and all(c.article_id in seen_ids for c in s.citations)
        for s in update.sentences
    )
    cites_seen = sum(c.article_id in seen_ids for s in update.sentences for c in s.citations)
    return {
        "id": cluster["id"],
        "seen": len(seen),
        "new": len(new),
        "rouge": {
            which: rouge.score(cut_words(summary.summary, budget), refs)
            for which, summary in (("update", update), ("plain", plain), ("whole", whole))
        },
        "update": _novelty(pipeline, update, seen, settings),
        "plain": _novelty(pipeline, plain, seen, settings),
        "update_words": update.n_words,
        "update_empty": not update.sentences,
        "seen_only": seen_only,
        "cites_seen": cites_seen,
    }


def _share(rows: list[dict[str, Any]], key: str, part: str) -> float:
    total = sum(r[key]["sentences"] for r in rows)
    return sum(r[key][part] for r in rows) / total if total else float("nan")


def summarise(focus: list[dict[str, Any]], update: list[dict[str, Any]]) -> dict[str, Any]:
    """The table's figures over all clusters."""
    sentences = sum(r["sentences"] for r in focus)
    return {
        "focus": {
            **{
                f"{which}_{k}": mean([r[which][k] for r in focus])
                for which in ("plain", "focused")
                for k in ("rouge1", "rouge2", "rougeLsum")
            },
            "beats_plain": sum(r["beats"] for r in focus) / sentences if sentences else 0.0,
            "leads": sum(r["leads"] for r in focus),
            "plain_cos": mean([r["plain_cos"] for r in focus]),
            "focused_cos": mean([r["focused_cos"] for r in focus if not r["focused_empty"]]),
            "empty": sum(r["focused_empty"] for r in focus),
            "off_topic_empty": sum(r["off_topic_empty"] for r in focus),
            "clusters": len(focus),
        },
        "update": {
            **{
                f"rouge_{which}_{k}": mean([r["rouge"][which][k] for r in update])
                for which in ("update", "plain", "whole")
                for k in ("rouge1", "rouge2", "rougeLsum")
            },
            **{
                f"{which}_{part}": _share(update, which, part)
                for which in ("update", "plain")
                for part in ("novel_cos", "novel_rule", "adds")
            },
            **{
                f"{which}_{part}": mean([r[which][part] for r in update])
                for which in ("update", "plain")
                for part in ("specifics", "new")
            },
            "seen_only": sum(r["seen_only"] for r in update),
            "cites_seen": sum(r["cites_seen"] for r in update),
            "empty": sum(r["update_empty"] for r in update),
            "words": mean([r["update_words"] for r in update]),
            "clusters": len(update),
        },
    }


def report(figures: dict[str, Any], settings: FollowupSettings, header: str) -> str:
    f, u = figures["focus"], figures["update"]
    rule = "and a new name/number" if settings.novelty_needs_specifics else "cosine only"
    fade = "".join(
        f", fades after {v}"
        for v in (
            settings.focus_fade_picks and f"{settings.focus_fade_picks} picks",
            settings.focus_fade_share and f"{settings.focus_fade_share:.0%} of the words",
        )
        if v
    )
    focus_table = "\n".join(
        [
            header,
            "",
            "| focus task | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | mean cosine to the focus "
            "| sentences beating the plain mean | closest to the focus leads "
            "| empty | off-topic focus answered empty |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| plain | {f['plain_rouge1']:.2f} | {f['plain_rouge2']:.2f} "
            f"| {f['plain_rougeLsum']:.2f} | {f['plain_cos']:.3f} | - | - | - | - |",
            f"| focused (weight {settings.focus_weight}, floor {settings.focus_floor}{fade}) "
            f"| {f['focused_rouge1']:.2f} "
            f"| {f['focused_rouge2']:.2f} | {f['focused_rougeLsum']:.2f} "
            f"| {f['focused_cos']:.3f} | {f['beats_plain']:.0%} "
            f"| {f['leads']}/{f['clusters'] - f['empty']} | {f['empty']}/{f['clusters']} "
            f"| {f['off_topic_empty']}/{f['clusters']} |",
        ]
    )
    if not u["clusters"]:
        return focus_table
    return "\n".join(
        [
            focus_table if f["clusters"] else header,
            "",
            f"| update task | novel (cosine < {settings.novelty_cosine}) | novel ({rule}) "
            "| adds a fact (does not restate the seen) "
            "| names/numbers per summary | of them absent from the seen articles "
            "| sentences citing only seen articles | words mean | empty |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| plain summary of the new articles | {u['plain_novel_cos']:.0%} "
            f"| {u['plain_novel_rule']:.0%} | {u['plain_adds']:.0%} | {u['plain_specifics']:.1f} "
            f"| {u['plain_new']:.1f} | - | - | - |",
            f"| update (`seen`) | {u['update_novel_cos']:.0%} | {u['update_novel_rule']:.0%} "
            f"| {u['update_adds']:.0%} "
            f"| {u['update_specifics']:.1f} | {u['update_new']:.1f} | {u['seen_only']} "
            f"| {u['words']:.0f} | {u['empty']}/{u['clusters']} |",
            "",
            "| update task against the cluster's reference | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |",
            "|---|---|---|---|",
            *(
                f"| {label} | {u[f'rouge_{which}_rouge1']:.2f} | {u[f'rouge_{which}_rouge2']:.2f} "
                f"| {u[f'rouge_{which}_rougeLsum']:.2f} |"
                for which, label in (
                    ("update", "update (`seen`)"),
                    ("plain", "new-only (the new articles alone)"),
                    ("whole", "whole (every article)"),
                )
            ),
        ]
    )


def run(
    pipeline: Pipeline,
    clusters: list[dict[str, Any]],
    options: SummaryOptions,
    tasks: frozenset[str] = frozenset({"focus", "update"}),
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rouge = Rouge()
    focus, update = [], []
    for k, cluster in enumerate(progress(clusters, "clusters")):
        other = clusters[(k + 1) % len(clusters)]
        off_topic = split_text(references(other)[0])[0]
        if "focus" in tasks:
            focus.append(focus_row(pipeline, cluster, off_topic, options, rouge))
        if "update" in tasks:
            update.append(update_row(pipeline, cluster, options, rouge))
    return focus, update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clusters", type=Path, default=Path(os.environ.get("EVAL_CLUSTERS") or DEFAULT_CLUSTERS)
    )
    parser.add_argument("--range", default="12-35", help="clusters FIRST-LAST (inclusive)")
    parser.add_argument("--mode", choices=("extractive", "abstractive"), default="extractive")
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--engine", default=None)
    parser.add_argument("--fuser", default=None)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument(
        "--sweep",
        default=None,
        help='JSON list of FollowupSettings overrides, one table each: [{"focus_weight": 0.5}]',
    )
    parser.add_argument(
        "--tasks",
        default="focus,update",
        help="which tasks to run, comma-separated: focus, update (a focus sweep needs no update)",
    )
    args = parser.parse_args(argv)
    tasks = frozenset(t.strip() for t in args.tasks.split(","))
    if not tasks or not tasks <= {"focus", "update"}:
        parser.error(f"--tasks: focus and/or update, not {args.tasks!r}")
    logging.basicConfig(level=logging.WARNING)
    if not args.clusters.is_file():
        parser.error(f"clusters file not found: {args.clusters}")
    first, _, last = args.range.partition("-")
    start = int(first)
    clusters = load_clusters(args.clusters, start, int(last or first) - start + 1)
    config = pipeline_config(fuser=args.fuser, engine=args.engine)
    pipeline = Pipeline.load(config, with_generator=args.mode == "abstractive")
    options = SummaryOptions(mode=args.mode, max_words=args.max_words)
    base, texts, payloads = pipeline.followup, [], []
    for variant in json.loads(args.sweep) if args.sweep else [{}]:
        pipeline.followup = replace(base, **variant)
        focus, update = run(pipeline, clusters, options, tasks)
        figures = summarise(focus, update)
        header = (
            f"clusters {args.range} of {args.clusters.name} ({len(clusters)}), {args.mode}, "
            f"{args.max_words} words, {pipeline.model_info.embedder}; settings "
            f"{pipeline.followup}"
        )
        texts.append(report(figures, pipeline.followup, header))
        payload = {"figures": figures, "settings": pipeline.followup.__dict__}
        payloads.append({**payload, "focus": focus, "update": update})
        print(json.dumps(payload, indent=2))
    body = payloads[0] if len(payloads) == 1 else {"sweep": payloads}
    write_results(args.out, "followups", args, body, "\n\n".join(texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
