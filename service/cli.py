"""``newsfuse``: the one command line (``summarize``, ``models``, ``serve``, ``batch``).

Every command reads its settings the same way: ``Settings`` (the ``NEWSFUSE_*`` variables,
service/settings.py) with the command's options on top, and builds the pipeline's
``PipelineConfig`` from them (``Settings.pipeline_config()``). This is also the process's entry
point, where the environment is set for the libraries that load models: never a model hub.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from models import ExitCode, InputError, ModelError

from .internals import DEFAULT_ENGINE, DEFAULT_FUSER, commands

if TYPE_CHECKING:  # loaded when a command runs: `--help` needs no pydantic-settings
    from .settings import Settings


def _settings(**overrides: Any) -> Settings:
    """The settings with the options given (not None) on top; validated here, so a bad
    setting fails before any model loads."""
    from .settings import Settings

    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def cmd_summarize(args: argparse.Namespace) -> int:
    settings = _settings(
        engine=args.engine, fuser=args.fuser, device=args.device, model_dir=args.model_dir
    )
    previous = None
    if args.previous_summary is not None:
        previous = commands.read_text(args.previous_summary, "--previous-summary")
    seen = None
    if args.seen is not None:
        seen = [i.strip() for i in args.seen.split(",") if i.strip()]
    options = functools.partial(
        commands.summary_options,
        mode=args.mode,
        max_words=args.max_words,
        diversity=args.diversity,
        drop_unsupported=args.drop_unsupported,
        focus=args.focus,
        seen=seen,
        previous_summary=previous,
    )
    return commands.summarize(
        args.paths,
        settings.pipeline_config(),
        sys.stdin.buffer,
        sys.stdout,
        as_json=args.json,
        options=options,
    )


def cmd_prepare(args: argparse.Namespace) -> int:
    config = _settings(fuser=args.fuser, model_dir=args.model_dir).pipeline_config()
    return commands.prepare_models(config, args.engine, args.all, sys.stdout)


def cmd_list(args: argparse.Namespace) -> int:
    return commands.list_models(_settings(model_dir=args.model_dir).model_dir, sys.stdout)


def cmd_verify(args: argparse.Namespace) -> int:
    model_dir = _settings(model_dir=args.model_dir).model_dir
    return commands.verify_models(model_dir, sys.stdout, sys.stderr)


if TYPE_CHECKING:
    from .settings import Settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .logs import configure_logging

    overrides = {k: getattr(args, k) for k in ("host", "port", "workers") if getattr(args, k)}
    if args.ray_address:
        overrides["ray_address"] = args.ray_address
    settings = _settings(**overrides)  # validated here: a bad setting fails before any load
    configure_logging(settings.log_format, settings.log_level)
    if args.ray:
        try:
            from .ray import serve as ray_serve
        except ImportError:
            sys.stderr.write("newsfuse: --ray needs Ray: pip install 'newsfuse[ray]'\n")
            return ExitCode.MODEL_ERROR
        return ray_serve.run(settings)
    common = uvicorn_options(settings)
    if settings.workers > 1:
        # Each worker process loads its own models (memory grows with --workers).
        serve_workers("service.app:create_app", settings)
        return ExitCode.OK
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, **common))
    app.state.server = server
    server.run()
    if not server.started:
        return ExitCode.MODEL_ERROR
    if getattr(app.state, "worker_failed", False):
        return ExitCode.WORKER_FAILED
    return ExitCode.OK


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The server's options, as ``serve`` runs it (tests run the same)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,  # our middleware logs each request once, with its request id
        "timeout_graceful_shutdown": int(settings.request_timeout_s),
        "timeout_keep_alive": 5,
        # NEWSFUSE_MAX_CONNECTIONS is the app's (ConnectionLimitMiddleware): uvicorn's own
        # limit_concurrency would answer a plain-text 503 without Retry-After.
    }


def serve_workers(factory: str, settings: Settings) -> None:
    """``settings.workers`` processes of the app ``factory`` builds (module:function), their
    metrics summed in every scrape: prometheus-client's multiprocess mode, in a directory made
    for this run (or PROMETHEUS_MULTIPROC_DIR when set, emptied first) and removed after. The
    variable is set before the workers start, as the mode needs it before any metric exists."""
    import uvicorn

    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    shared = Path(given) if given else Path(tempfile.mkdtemp(prefix="newsfuse-metrics-"))
    shared.mkdir(parents=True, exist_ok=True)
    for stale in shared.glob("*.db"):  # a previous run's counts are not this run's
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(shared)
    try:
        uvicorn.run(factory, factory=True, workers=settings.workers, **uvicorn_options(settings))
    finally:
        if given is None:
            shutil.rmtree(shared, ignore_errors=True)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


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


def add_pipeline_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``summarize`` and ``models``: the pipeline's own commands."""
    engines = commands.ENGINES
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
        choices=("auto", *engines),
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
        f"(default: NEWSFUSE_FUSER or {DEFAULT_FUSER})",
    )
    p.add_argument(
        "--engine",
        action="append",
        choices=("auto", "all", *engines),
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


def add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("serve", help="run the HTTP API (settings from NEWSFUSE_* variables)")
    s.add_argument("--host", help="bind address (default NEWSFUSE_HOST or 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default NEWSFUSE_PORT or 8000)")
    s.add_argument("--workers", type=int, help="processes, each with its own models (default 1)")
    s.add_argument(
        "--ray",
        action="store_true",
        help="serve on Ray Serve: autoscaled pipeline replicas behind one endpoint",
    )
    s.add_argument(
        "--ray-address", help="Ray cluster to join (default NEWSFUSE_RAY_ADDRESS, or local)"
    )
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser(
        "batch",
        help="summarize a JSONL archive of bundles (resumable; on Ray when installed)",
    )
    b.add_argument("input", type=Path, metavar="IN.jsonl", help="one bundle per line, with an id")
    b.add_argument("output", type=Path, metavar="OUT.jsonl", help="appended; ids in it skipped")
    b.add_argument(
        "--replicas",
        type=positive_int,
        help="Ray actors, one pipeline each (default NEWSFUSE_RAY_MAX_REPLICAS)",
    )
    b.add_argument("--ray-address", help="Ray cluster to join (default NEWSFUSE_RAY_ADDRESS)")
    b.add_argument("--no-ray", action="store_true", help="run in this process even with Ray")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    b.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import BatchError, WorkersFailed, WorkersLost, run_batch

    settings = _settings(ray_address=args.ray_address or None)
    use_ray = False if args.no_ray else (True if args.ray_address else None)
    try:
        counts = run_batch(
            args.input,
            args.output,
            settings,
            use_ray=use_ray,
            replicas=args.replicas,
            progress=not args.no_progress,
        )
    except WorkersFailed as exc:
        sys.stderr.write(f"newsfuse: batch: {exc}\n")
        return ExitCode.MODEL_ERROR
    except WorkersLost as exc:
        sys.stderr.write(f"newsfuse: batch: {exc}\n")
        return ExitCode.WORKER_FAILED
    except (BatchError, OSError) as exc:
        sys.stderr.write(f"newsfuse: batch: {exc}\n")
        return ExitCode.BAD_INPUT
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "ray":  # e.g. an engine's library
            sys.stderr.write(f"newsfuse: batch: cannot start: {exc}\n")
            return ExitCode.MODEL_ERROR
        sys.stderr.write("newsfuse: --ray-address needs Ray: pip install 'newsfuse[ray]'\n")
        return ExitCode.BAD_INPUT
    sys.stderr.write(
        f"newsfuse: batch: {counts['written']} written ({counts['errors']} errors), "
        f"{counts['skipped']} already in {args.output.name}, {counts['bundles']} in all\n"
    )
    return ExitCode.OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfuse", description="Summarize bundles, prepare and verify models, serve the API."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    add_pipeline_commands(sub)
    add_serve(sub)
    return parser


def _setting_error(exc: ValidationError) -> str:
    """The first bad setting, named as its variable: ``NEWSFUSE_MERGER: Input should be ...``."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else "settings"
    return f"NEWSFUSE_{name.upper()}: {error['msg']}"


def main(argv: list[str] | None = None) -> int:
    # Never reach for a model hub: every model is local (the loaders also pass
    # local_files_only; this covers the libraries `models prepare` converts with).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = build_parser().parse_args(argv)
    if args.command != "serve":  # the server configures its own (JSON) logging
        _setup_logging(args.verbose or getattr(args, "models_command", None) == "prepare")
    try:
        return int(args.func(args))
    except ValidationError as exc:
        sys.stderr.write(f"newsfuse: invalid setting: {_setting_error(exc)}\n")
        return ExitCode.BAD_INPUT
    except InputError as exc:
        sys.stderr.write(f"newsfuse: invalid input: {exc.param}: {exc.message}\n")
        return ExitCode.BAD_INPUT
    except ModelError as exc:
        sys.stderr.write(f"newsfuse: model error: {exc.component}: {exc.message}\n")
        return ExitCode.MODEL_ERROR


if __name__ == "__main__":
    sys.exit(main())
