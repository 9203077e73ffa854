"""Readability on real clusters: what an editor sees, beside what ROUGE sees (issue 36).

For each mode (abstractive, extractive) and for the human references, on the same clusters, one
table:

- **clean summaries**: no sentence an editor would strike and no pair of sentences at MiniLM
  cosine >= 0.70;
- **summaries with a pair >= 0.70**: the cosine of the packaged embedder (the pipeline's own
  encoder) between any two sentences of the summary;
- **strike-worthy sentences**, in all and by class (benchmarks/strike.py: the benchmark's own
  rules, never the pipeline's cleaning): photo captions and credits, sentences the source cut
  off, interview transcript lines, the outlet's own voice outside quotes, page and agency
  markup, two sentences glued without a space, fact boxes, datelines at the head of a sentence.
  A sentence in two classes counts once in the total;
- **sentences with relative time** ("today", "yesterday", "this morning", a bare weekday,
  outside quotes): a row of its own, not a strike and not part of "clean";
- **first sentence ROUGE-1/2**: the summary's first sentence against the reference's first;
- **ROUGE-1/2/Lsum** of the whole summary cut to ``--max-words`` (benchmarks/common.py);
- **sentences by method**: verbatim, compressed, fused, fallback, extracted;
- **summaries warned ``opinion_sources``**: more than half their words from articles written
  as opinion (models/stages/assemble.py); blind readers found few of these publishable.

A summary is the pipeline's own sentences (``Summary.sentences``); a reference is split with
the pipeline's segmenter (models/sentences.py) and kept whole sentence by sentence up to
``--max-words`` (its leading "– " dropped). A failed summary counts as not clean, with no
sentences. Besides the JSON and the report, it writes ``readability-<stamp>-read.md`` for
reading by hand: every fused sentence with its cited source sentences (sliced from the posted
text at the citation's offsets), every strike-flagged sentence with its classes, and every
pair at cosine >= 0.70. Nothing from the clusters goes anywhere else.

    python benchmarks/readability.py [--clusters PATH] [--start N] [--limit N]
        [--max-words 230] [--modes abstractive,extractive] [--no-references] [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    Rouge,
    chosen_clusters,
    cluster_arguments,
    cluster_articles,
    cut_words,
    mean,
    pipeline_config,
    progress,
    references,
    write_results,
)
from benchmarks.strike import RELATIVE_TIME, STRIKE_RULES, strike_classes  # noqa: E402
from models import Article, Pipeline, SummaryOptions  # noqa: E402
from models.sentences import split_text  # noqa: E402
from models.types import Summary  # noqa: E402
from models.warnings import codes  # noqa: E402

PAIR_COSINE = 0.70
METHODS = ("verbatim", "compressed", "fused", "fallback", "extracted")
REFERENCES = "references"


@dataclass
class Read:
    """One summary (or reference) as the measure reads it."""

    cluster: str
    sentences: list[str]
    methods: list[str]
    classes: list[tuple[str, ...]]
    relative: list[bool]
    pairs: list[tuple[int, int, float]]  # (i, j, cosine) at or above PAIR_COSINE
    max_cosine: float
    first: dict[str, float] = field(default_factory=dict)  # first-sentence ROUGE
    warned: list[str] = field(default_factory=list)  # the summary's warning codes
    rouge: dict[str, float] = field(default_factory=dict)
    failed: bool = False

    @property
    def clean(self) -> bool:
        return not self.failed and not self.pairs and not any(self.classes)


def close_pairs(vectors: np.ndarray) -> tuple[list[tuple[int, int, float]], float]:
    """Pairs of rows at cosine >= PAIR_COSINE (rows are unit vectors) and the highest cosine."""
    if len(vectors) < 2:
        return [], 0.0
    sims = vectors @ vectors.T
    i, j = np.triu_indices(len(vectors), k=1)
    values = sims[i, j]
    pairs = [
        (int(a), int(b), float(c)) for a, b, c in zip(i, j, values, strict=True) if c >= PAIR_COSINE
    ]
    return pairs, float(values.max())


def reference_sentences(text: str, budget: int) -> list[str]:
    """A reference's sentences, whole, while they fit ``budget`` words (at least one)."""
    kept: list[str] = []
    words = 0
    for sentence in split_text(text.strip().lstrip("–—- ").strip()):
        words += len(sentence.split())
        if kept and words > budget:
            break
        kept.append(sentence)
    return kept


Encode = Callable[[Sequence[str]], np.ndarray]  # texts -> unit rows


def read(
    cluster: str, sentences: list[str], methods: list[str], encode: Encode, failed: bool = False
) -> Read:
    """A summary's sentences as the measure reads them: strike classes, relative time, pairs."""
    pairs, top = close_pairs(encode(sentences)) if sentences else ([], 0.0)
    return Read(
        cluster=cluster,
        sentences=sentences,
        methods=methods,
        classes=[strike_classes(s) for s in sentences],
        relative=[RELATIVE_TIME.test(s) for s in sentences],
        pairs=pairs,
        max_cosine=top,
        failed=failed,
    )


def table(reads: list[Read], with_rouge: bool) -> dict[str, Any]:
    """The figures of one system: shares (0-1) and counts."""
    n = len(reads)
    sentences = sum(len(r.sentences) for r in reads)
    struck = sum(bool(c) for r in reads for c in r.classes)
    by_class = Counter(name for r in reads for c in r.classes for name in c)
    methods = Counter(m for r in reads for m in r.methods)
    figures: dict[str, Any] = {
        "summaries": n,
        "failures": sum(r.failed for r in reads),
        "clean": sum(r.clean for r in reads),
        "with_pair": sum(bool(r.pairs) for r in reads),
        "sentences": sentences,
        "struck": struck,
        "by_class": {rule.name: by_class[rule.name] for rule in STRIKE_RULES},
        "relative_time": sum(flag for r in reads for flag in r.relative),
        "max_cosine_mean": mean([r.max_cosine for r in reads]),
        "methods": {m: methods[m] for m in METHODS},
        "opinion_sources": sum("opinion_sources" in r.warned for r in reads),
    }
    if with_rouge:
        for key in ("rouge1", "rouge2"):
            figures[f"first_{key}"] = mean([r.first.get(key, 0.0) for r in reads])
        for key in ("rouge1", "rouge2", "rougeLsum"):
            figures[key] = mean([r.rouge.get(key, 0.0) for r in reads])
    return figures


def render(name: str, t: dict[str, Any], budget: int) -> list[str]:
    """One system's table; its rows and their order are the format others compare."""

    def share(count: int, total: int) -> str:
        return f"{100 * count / total:.1f}% ({count}/{total})" if total else "-"

    n, s = t["summaries"], t["sentences"]
    lines = [
        f"### {name}: {n} summaries, {budget} words",
        "",
        "| measure | value |",
        "|---|---|",
        f"| clean summaries | {share(t['clean'], n)} |",
        f"| summaries with a pair >= {PAIR_COSINE:.2f} | {share(t['with_pair'], n)} |",
        f"| highest pair cosine, mean | {t['max_cosine_mean']:.3f} |",
        f"| sentences | {s} |",
        f"| strike-worthy sentences | {share(t['struck'], s)} |",
    ]
    lines += [f"| - {rule.label} | {share(t['by_class'][rule.name], s)} |" for rule in STRIKE_RULES]
    lines.append(f"| {RELATIVE_TIME.label} | {share(t['relative_time'], s)} |")
    if "rouge1" in t:
        lines.append(
            f"| first sentence ROUGE-1 / ROUGE-2 | {t['first_rouge1']:.2f} / "
            f"{t['first_rouge2']:.2f} |"
        )
        lines.append(
            f"| ROUGE-1 / ROUGE-2 / ROUGE-Lsum | {t['rouge1']:.2f} / {t['rouge2']:.2f} / "
            f"{t['rougeLsum']:.2f} |"
        )
        lines += [f"| method {m} | {share(t['methods'][m], s)} |" for m in METHODS]
        lines.append(f"| summaries warned opinion_sources | {share(t['opinion_sources'], n)} |")
    lines.append(f"| failures | {t['failures']} |")
    return lines


def cited_sources(summary: Summary, articles: list[Article], k: int) -> list[str]:
    """Sentence ``k``'s citations as the posted text holds them: the article's text sliced at
    the citation's offsets."""
    texts = {a.id: a.text for a in articles}
    out = []
    for c in summary.sentences[k].citations:
        posted = texts.get(c.article_id, "")[c.start : c.end]
        out.append(f"[{c.article_id} {c.start}-{c.end}, score {c.score:.2f}] {posted}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cluster_arguments(parser)
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--modes", default="abstractive,extractive")
    parser.add_argument("--no-references", action="store_true", help="skip the references")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    clusters = chosen_clusters(parser, args)
    modes = [m for m in args.modes.split(",") if m]
    budget = args.max_words
    pipeline = Pipeline.load(pipeline_config(), with_generator="abstractive" in modes)
    encode = pipeline.encoder.encode  # the packaged MiniLM, as the pipeline loads it
    rouge = Rouge()
    systems = modes + ([] if args.no_references else [REFERENCES])
    reads: dict[str, list[Read]] = {s: [] for s in systems}
    fused: list[str] = []
    for cluster in progress(clusters, "clusters"):
        articles = cluster_articles(cluster)
        refs = references(cluster)
        ref_first = [
            split_text(r.strip().lstrip("–—- ").strip())[0] if r.strip() else "" for r in refs
        ]
        for mode in modes:
            try:
                summary = pipeline.summarize(
                    articles, replace(SummaryOptions(), mode=mode, max_words=budget)
                )
            except Exception as exc:  # counted, not skipped
                logging.error("%s failed on %s: %s", mode, cluster["id"], type(exc).__name__)
                reads[mode].append(read(cluster["id"], [], [], encode, failed=True))
                continue
            sentences = [s.text for s in summary.sentences]
            r = read(cluster["id"], sentences, [s.method for s in summary.sentences], encode)
            r.first = rouge.score(sentences[0], ref_first) if sentences and refs else {}
            r.rouge = rouge.score(cut_words(summary.summary, budget), refs) if refs else {}
            r.warned = codes(summary.warnings)
            reads[mode].append(r)
            for k, s in enumerate(summary.sentences):
                if s.method == "fused":
                    sources = "\n".join(
                        f"  - {line}" for line in cited_sources(summary, articles, k)
                    )
                    fused.append(
                        f"- **{cluster['id']}** ({mode}, sentence {k + 1}): {s.text}\n{sources}"
                    )
        if REFERENCES in reads and refs:
            sentences = reference_sentences(refs[0], budget)
            reads[REFERENCES].append(read(cluster["id"], sentences, [], encode))
    tables = {s: table(reads[s], with_rouge=s != REFERENCES) for s in systems}
    lines = [
        f"{len(clusters)} clusters from {args.clusters.name} (start {args.start}), budget "
        f"{budget} words, fuser {pipeline.model_info.fuser} on {pipeline.model_info.engine}, "
        f"embedder {pipeline.model_info.embedder}",
    ]
    for s in systems:
        lines += ["", *render(s, tables[s], budget)]
    report = "\n".join(lines)
    payload = {
        "model": pipeline.model_info.__dict__,
        "tables": tables,
        "rows": {s: [r.__dict__ | {"clean": r.clean} for r in reads[s]] for s in systems},
    }
    out = write_results(args.out, "readability", args, payload, report)
    reading = out.with_name(f"{out.stem}-read.md")
    reading.write_text(hand_reading(reads, fused))
    print(f"wrote {reading}")
    return 0


def hand_reading(reads: dict[str, list[Read]], fused: list[str]) -> str:
    """The sentences to read by hand: fused, strike-flagged, and pairs at >= PAIR_COSINE."""
    struck = [
        f"- **{r.cluster}** ({system}, sentence {k + 1}; {', '.join(c)}): {text}"
        for system, rs in reads.items()
        for r in rs
        for k, (text, c) in enumerate(zip(r.sentences, r.classes, strict=True))
        if c
    ]
    pairs = [
        f"- **{r.cluster}** ({system}, sentences {i + 1} and {j + 1}, cosine {cos:.2f}):\n"
        f"  - {r.sentences[i]}\n  - {r.sentences[j]}"
        for system, rs in reads.items()
        for r in rs
        for i, j, cos in r.pairs
    ]
    parts = [
        "# Sentences to read by hand",
        "",
        "Research-only text from the clusters file: keep it out of the repository.",
        "",
        f"## Fused sentences ({len(fused)}), each with its cited source sentences",
        "",
        *fused,
        "",
        f"## Strike-flagged sentences ({len(struck)})",
        "",
        *struck,
        "",
        f"## Pairs at cosine >= {PAIR_COSINE:.2f} ({len(pairs)})",
        "",
        *pairs,
    ]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
