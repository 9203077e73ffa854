"""The ``newsfuse`` command line: summarize bundles, prepare models."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import provision
from .bundle import load_paths
from .config import PipelineConfig
from .engines import DEFAULT_ENGINE, ENGINES
from .errors import ExitCode, InputError, ModelError
from .types import Summary, SummaryOptions

logger = logging.getLogger("newsfuse")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _options(args: argparse.Namespace, from_bundle: dict[str, Any]) -> SummaryOptions:
    options = replace(SummaryOptions(), **from_bundle)
    if args.mode:
        options = replace(options, mode=args.mode)
    if args.max_words:
        options = replace(options, max_words=args.max_words)
    if args.diversity is not None:
        options = replace(options, diversity=args.diversity)
    if args.drop_unsupported:
        options = replace(options, drop_unsupported=True)
    return options


def format_text(summary: Summary) -> str:
    """Plain-text rendering: the summary, then each sentence's sources."""
    lines = [summary.summary, "", "Sources:"]
    for n, sentence in enumerate(summary.sentences, start=1):
        flag = "" if sentence.supported else "  [UNSUPPORTED]"
        refs = ", ".join(f"{c.article_id}:{c.start}-{c.end}" for c in sentence.citations)
        lines.append(f"  [{n}] {refs}{flag}")
    if summary.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in summary.warnings]
    total = summary.timings_ms.get("total", 0.0)
    lines += ["", f"({summary.model.engine} on {summary.model.device}, {total / 1000:.1f} s)"]
    return "\n".join(lines)


def cmd_summarize(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline
    from .serialize import summary_to_dict

    articles, bundle_options = load_paths(args.paths, stdin=sys.stdin.buffer)
    options = _options(args, bundle_options)
    config = PipelineConfig.from_env(
        engine=args.engine, fuser=args.fuser, device=args.device, model_dir=args.model_dir
    )
    pipeline = Pipeline.load(config, with_fuser=options.mode == "abstractive")
    summary = pipeline.summarize(articles, options)
    if args.json:
        json.dump(summary_to_dict(summary), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(summary) + "\n")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    model_dir = args.model_dir or provision.default_model_dir()
    provision.embedder_path(verify=True)
    names = sorted(provision.FUSERS) if args.all else [args.fuser or provision.DEFAULT_FUSER]
    engines = [args.engine] if args.engine else list(ENGINES)
    for name in names:
        if name in provision.FUSERS:
            target = provision.prepare_fuser(name, model_dir)
            sys.stdout.write(f"{name} (transformers): {target}\n")
        if "ctranslate2" in engines:
            target = provision.prepare_ct2(name, model_dir)
            sys.stdout.write(f"{name} (ctranslate2): {target}\n")
        if "llamacpp" in engines and name in provision.FUSERS:
            target = provision.prepare_gguf(name, model_dir)
            sys.stdout.write(f"{name} (llamacpp): {target}\n")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    model_dir = args.model_dir or provision.default_model_dir()
    for name, spec in sorted(provision.FUSERS.items()):
        ready = [
            engine
            for engine, directory in (
                ("transformers", model_dir / name),
                ("ctranslate2", provision.ct2_dir(name, model_dir)),
                ("llamacpp", provision.gguf_dir(name, model_dir)),
            )
            if (directory / provision.MANIFEST).is_file()
        ]
        state = f"prepared for {', '.join(ready)}" if ready else "not prepared"
        default = " (default)" if name == provision.DEFAULT_FUSER else ""
        sys.stdout.write(f"{name}{default}: {state} - {spec.description}\n")
    return 0


def build_parser(
    extend: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] | None = None,
) -> argparse.ArgumentParser:
    """The command-line parser; ``extend`` adds subcommands (the service adds ``serve``)."""
    parser = argparse.ArgumentParser(prog="newsfuse", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("summarize", help="summarize a bundle of articles")
    s.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt files, directories, bundle .json, or -"
    )
    s.add_argument("--json", action="store_true", help="print the API's JSON document")
    s.add_argument("--mode", choices=("abstractive", "extractive"))
    s.add_argument("--max-words", type=int)
    s.add_argument("--diversity", type=float)
    s.add_argument("--drop-unsupported", action="store_true")
    s.add_argument(
        "--engine",
        choices=("auto", *ENGINES),
        help=f"generation engine (default: NEWSFUSE_ENGINE or {DEFAULT_ENGINE})",
    )
    s.add_argument("--fuser", help="packaged fuser name or local model directory")
    s.add_argument("--device", help="auto, cpu or cuda[:N]")
    s.add_argument("--model-dir", type=Path)
    s.set_defaults(func=cmd_summarize)

    m = sub.add_parser("models", help="prepare or list models")
    msub = m.add_subparsers(dest="models_command", required=True)
    p = msub.add_parser(
        "prepare", help="assemble, verify and convert the packaged models (offline)"
    )
    p.add_argument(
        "--fuser",
        help=f"packaged fuser or local model directory (default {provision.DEFAULT_FUSER})",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        help="prepare for this engine only (default: every engine; the transformers files are "
        "the source of the ctranslate2 conversion)",
    )
    p.add_argument("--all", action="store_true", help="prepare every packaged fuser installed")
    p.add_argument("--model-dir", type=Path)
    p.set_defaults(func=cmd_prepare)
    ls = msub.add_parser("list", help="list packaged fusers and whether they are prepared")
    ls.add_argument("--model-dir", type=Path)
    ls.set_defaults(func=cmd_list)
    if extend:
        extend(sub)
    return parser


def main(
    argv: list[str] | None = None,
    extend: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] | None = None,
) -> int:
    # Never reach for a model hub: every model is local.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = build_parser(extend).parse_args(argv)
    if args.command != "serve":  # the server configures its own (JSON) logging
        _setup_logging(args.verbose or getattr(args, "models_command", None) == "prepare")
    try:
        return int(args.func(args))
    except InputError as exc:
        sys.stderr.write(f"newsfuse: invalid input: {exc.param}: {exc.message}\n")
        return ExitCode.BAD_INPUT
    except ModelError as exc:
        sys.stderr.write(f"newsfuse: model error: {exc.component}: {exc.message}\n")
        return ExitCode.MODEL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
