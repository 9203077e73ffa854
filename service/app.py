"""The HTTP API: a thin layer over the pipeline (``models/``), which knows nothing of HTTP.

Routes (service/routes.py) decode the request, submit the job to the backend and encode the
reply. The backend's models are loaded and warmed in the lifespan; the app is not ready (and
the process does not serve) until they are.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from models import Job, ModelError, Summary

from .backend import Backend, BackendFactory, local
from .docs import add_docs
from .errors import install_error_handlers
from .info import describe, service_version
from .metrics import Metrics
from .middleware import BodyLimitMiddleware, ConnectionLimitMiddleware, RequestContextMiddleware
from .routes import ERROR_RESPONSES, add_routes
from .settings import Settings, get_settings
from .stories.desk import open_desk
from .stories.routes import add_story_routes

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, backend: BackendFactory | None = None) -> FastAPI:
    """Build the app. Settings come from the environment unless given (tests give them); the
    backend is the local inference thread unless given (Ray Serve gives its replicas)."""
    settings = settings or get_settings()
    make_backend = backend or local()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = await _open(make_backend(settings, metrics))
        app.state.identity = await asyncio.to_thread(describe, settings)
        loop = asyncio.get_running_loop()

        def died(cause: BaseException | None) -> None:
            loop.call_soon_threadsafe(_backend_died, app)

        opened.on_death = died
        if opened.embed_cache_stats is not None:
            metrics.watch_embed_cache(opened.embed_cache_stats)
        opened.start()
        app.state.backend = opened
        app.state.stories = await asyncio.to_thread(open_desk, settings, _submitter(opened, loop))
        app.state.ready = True
        app.state.worker_failed = False
        metrics.ready.set(1)
        try:
            yield
        finally:
            app.state.ready = False
            metrics.ready.set(0)
            await asyncio.to_thread(app.state.stories.close, settings.request_timeout_s)
            # In-flight work finishes; queued requests fail cleanly with 503.
            await asyncio.to_thread(opened.stop, settings.request_timeout_s)
            metrics.close()
            logger.info("stopped")

    app = FastAPI(
        title="newsfuse",
        version=service_version(),
        summary="Multi-document news summaries in which every sentence cites its sources.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        # Served by add_docs from packaged assets: FastAPI's own pages load them from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.ready = False
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s
    )
    app.add_middleware(
        ConnectionLimitMiddleware,
        limit=settings.max_connections,
        retry_after_s=settings.retry_after_s,
        metrics=metrics,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    install_error_handlers(app, settings.retry_after_s)
    add_routes(app)
    add_story_routes(app)
    add_docs(app)
    return app


def _submitter(
    backend: Backend, loop: asyncio.AbstractEventLoop
) -> Callable[[Job], Future[Summary]]:
    """``backend.submit`` from another thread (the story worker): it runs on the loop."""

    async def submit(job: Job) -> Future[Summary]:
        return backend.submit(job)

    return lambda job: asyncio.run_coroutine_threadsafe(submit(job), loop).result()


async def _open(backend: Backend) -> Backend:
    try:
        await asyncio.to_thread(backend.open)
    except ModelError as exc:
        # Which model file and why (no article text is involved at start-up).
        logger.error("model load failed: the service will not start: %s", exc)
        raise
    except Exception:
        logger.exception("model load failed: the service will not start")
        raise
    return backend


def _backend_died(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    app.state.ready = False
    app.state.worker_failed = True
    app.state.metrics.ready.set(0)
    if settings.exit_on_worker_failure:
        # Let the orchestrator restart the process: shut down gracefully, then exit non-zero
        # (`newsfuse serve` sets app.state.server and checks worker_failed).
        logger.error("inference worker failed: shutting down for a restart")
        server = getattr(app.state, "server", None)
        if server is not None:
            server.should_exit = True
        else:
            os.kill(os.getpid(), signal.SIGTERM)
