"""``newsfuse``: the pipeline's commands (models/cli.py) plus ``serve``."""

from __future__ import annotations

import argparse
import sys

from models import cli as models_cli

EXIT_STARTUP_FAILED = 3
EXIT_WORKER_FAILED = 70


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .logs import configure_logging
    from .settings import Settings

    overrides = {k: getattr(args, k) for k in ("host", "port", "workers") if getattr(args, k)}
    settings = Settings(**overrides)  # validated here: a bad setting fails before any load
    configure_logging(settings.log_format, settings.log_level)
    common: dict[str, object] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,  # our middleware logs each request once, with its request id
        "timeout_graceful_shutdown": int(settings.request_timeout_s),
        "timeout_keep_alive": 5,
        "limit_concurrency": settings.max_connections,
    }
    if settings.workers > 1:
        # Each worker process loads its own models (memory grows with --workers).
        uvicorn.run("service.app:create_app", factory=True, workers=settings.workers, **common)  # type: ignore[arg-type]
        return 0
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, **common))  # type: ignore[arg-type]
    app.state.server = server
    server.run()
    if not server.started:
        return EXIT_STARTUP_FAILED
    if getattr(app.state, "worker_failed", False):
        return EXIT_WORKER_FAILED
    return 0


def add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("serve", help="run the HTTP API (settings from NEWSFUSE_* variables)")
    s.add_argument("--host", help="bind address (default NEWSFUSE_HOST or 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default NEWSFUSE_PORT or 8000)")
    s.add_argument("--workers", type=int, help="processes, each with its own models (default 1)")
    s.set_defaults(func=cmd_serve)


def main(argv: list[str] | None = None) -> int:
    return models_cli.main(argv, extend=add_serve)


if __name__ == "__main__":
    sys.exit(main())
