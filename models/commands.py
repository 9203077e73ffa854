"""The pipeline's commands (``newsfuse summarize`` and ``newsfuse models``), as plain functions.

The command line (``service/cli.py``, the one parser) reads the arguments and the settings and
calls these with a built ``PipelineConfig`` or model directory; nothing here parses arguments
or reads the environment.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from . import provision
from .bundle import load_paths
from .config import PipelineConfig
from .errors import ExitCode, InputError, ModelError
from .generation.registry import ENGINES, resolve_engine
from .types import Mode, Summary, SummaryOptions

__all__ = [
    "ENGINES",
    "format_text",
    "list_models",
    "prepare_engines",
    "prepare_models",
    "read_text",
    "summarize",
    "summary_options",
    "verify_models",
]


def read_text(path: str, param: str) -> str:
    """A UTF-8 text file (a BOM allowed); an InputError naming ``param`` when it is not one."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(param, f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(param, f"{path} is not valid UTF-8 text (byte {exc.start})") from None


def summary_options(
    from_bundle: dict[str, Any],
    *,
    mode: Mode | None = None,
    max_words: int | None = None,
    diversity: float | None = None,
    drop_unsupported: bool = False,
    focus: str | None = None,
    seen: Sequence[str] | None = None,
    previous_summary: str | None = None,
) -> SummaryOptions:
    """The options a bundle file states, with the command line's (those given) on top."""
    if isinstance(from_bundle.get("seen"), list):  # JSON has lists; the options hold tuples
        from_bundle = {**from_bundle, "seen": tuple(from_bundle["seen"])}
    options = replace(SummaryOptions(), **from_bundle)
    if mode:
        options = replace(options, mode=mode)
    if max_words:
        options = replace(options, max_words=max_words)
    if diversity is not None:
        options = replace(options, diversity=diversity)
    if drop_unsupported:
        options = replace(options, drop_unsupported=True)
    if focus is not None:
        options = replace(options, focus=focus)
    if seen is not None:
        options = replace(options, seen=tuple(seen))
    if previous_summary is not None:
        options = replace(options, previous_summary=previous_summary)
    return options


def format_text(summary: Summary) -> str:
    """Plain-text rendering: the summary, then each sentence's sources."""
    lines = [summary.summary, "", "Sources:"]
    for n, sentence in enumerate(summary.sentences, start=1):
        flag = "" if sentence.supported else "  [UNSUPPORTED]"
        refs = ", ".join(f"{c.article_id}:{c.start}-{c.end}" for c in sentence.citations)
        lines.append(f"  [{n}] {refs}{flag}")
    if summary.warnings:
        lines += ["", "Warnings:"] + [f"  - {w.message} [{w.code}]" for w in summary.warnings]
    total = summary.timings_ms.get("total", 0.0)
    ran = f"{summary.mode}, {summary.model.engine} on {summary.model.device}"
    lines += ["", f"({ran}, {total / 1000:.1f} s)"]
    return "\n".join(lines)


def summarize(
    paths: Sequence[str],
    config: PipelineConfig,
    stdin: BinaryIO,
    out: TextIO,
    *,
    as_json: bool = False,
    options: Callable[[dict[str, Any]], SummaryOptions] = summary_options,
) -> int:
    """Summarize the bundle at ``paths`` (``-``: ``stdin``) and write it to ``out``: the
    summary and its sources, or the API's JSON document. ``options`` makes the summary options
    from those the bundle states."""
    from .pipeline import Pipeline
    from .serialize import summary_to_dict
    from .stages.validate import validate

    articles, bundle_options = load_paths(list(paths), stdin=stdin)
    chosen = options(bundle_options)
    job = validate(articles, chosen, config)  # bad input fails here, before any model loads
    pipeline = Pipeline.load(config, with_generator=chosen.mode == "abstractive")
    (summary,) = pipeline.summarize_many([job])
    if isinstance(summary, Exception):
        raise summary
    if as_json:
        json.dump(summary_to_dict(summary), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_text(summary) + "\n")
    return ExitCode.OK


def prepare_engines(requested: list[str] | None, config: PipelineConfig, spec: str) -> list[str]:
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


def prepare_models(
    config: PipelineConfig, engines: list[str] | None, every_fuser: bool, out: TextIO
) -> int:
    """Prepare the embedders, and the fuser (``every_fuser``: every packaged one) for
    ``engines`` (see :func:`prepare_engines`), in ``config.model_dir``."""
    provision.prepare_embedders(config.model_dir)
    names = sorted(provision.FUSERS) if every_fuser else [config.fuser]
    for name in names:
        for engine in prepare_engines(engines, config, name):
            target = provision.prepare(name, engine, config.model_dir)
            out.write(f"{name} ({engine}): {target}\n")
    return ExitCode.OK


def list_models(model_dir: Path, out: TextIO) -> int:
    """Each packaged fuser and the engines it is prepared for, then the embedders."""
    for name, spec in sorted(provision.FUSERS.items()):
        ready = [
            engine
            for engine, target in provision.TARGETS.items()
            if (target.directory(name, model_dir) / provision.MANIFEST).is_file()
        ]
        state = f"prepared for {', '.join(ready)}" if ready else "not prepared"
        default = " (default)" if name == provision.DEFAULT_FUSER else ""
        out.write(f"{name}{default}: {state} - {spec.description}\n")
    try:
        record = json.loads((model_dir / provision.EMBEDDERS_RECORD).read_text())
    except (OSError, ValueError):
        record = {}
    for embedder in provision.installed_embedders():
        hashed = record.get(embedder.name, {}).get("sha256") == embedder.sha256
        state = "hashed at prepare" if hashed else "not hashed yet"
        out.write(f"{embedder.name} (embedder, {embedder.distribution}): {state}\n")
    return ExitCode.OK


def verify_models(model_dir: Path, out: TextIO, err: TextIO) -> int:
    """Re-hash every prepared model file and the installed embedders against their pins and
    manifests; exit 3 naming each file that differs."""
    failed = 0

    def check(what: str, run: Callable[[], object]) -> None:
        nonlocal failed
        try:
            run()
        except ModelError as exc:
            failed += 1
            err.write(f"newsfuse: model error: {exc.component}: {exc.message}\n")
        else:
            out.write(f"ok: {what}\n")

    for spec in provision.installed_embedders():
        check(spec.name, functools.partial(provision.embedder_path, verify=True, spec=spec))
    directories = provision.prepared_dirs(model_dir)
    for directory in directories:
        check(str(directory), functools.partial(provision.verify_prepared, directory, full=True))
    if not directories:
        raise ModelError(str(model_dir), "no prepared models: run `newsfuse models prepare`")
    return ExitCode.MODEL_ERROR if failed else ExitCode.OK
