"""``newsfuse``: the pipeline's commands (models/cli.py) plus ``serve`` and ``batch``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models import ExitCode

from .internals import models_main

if TYPE_CHECKING:
    from .settings import Settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .logs import configure_logging
    from .settings import Settings

    overrides = {k: getattr(args, k) for k in ("host", "port", "workers") if getattr(args, k)}
    if args.ray_address:
        overrides["ray_address"] = args.ray_address
    settings = Settings(**overrides)  # validated here: a bad setting fails before any load
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
    server = uvicorn.Server(uvicorn.Config(app, **common))  # type: ignore[arg-type]
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
    from .settings import Settings

    settings = Settings(**({"ray_address": args.ray_address} if args.ray_address else {}))
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


def main(argv: list[str] | None = None) -> int:
    return models_main(argv, extend=add_serve)


if __name__ == "__main__":
    sys.exit(main())
