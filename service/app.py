"""The HTTP API: a thin layer over the pipeline (``models/``), which knows nothing of HTTP.

Routes decode the request, queue the work on the inference worker and encode the reply. The
models are loaded and warmed in the lifespan; the app is not ready (and the process does not
serve) until they are.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException

from models import (
    InputError,
    LimitError,
    ModelError,
    Pipeline,
    SummaryOptions,
    summary_to_dict,
    validate,
)
from models.pipeline import new_article_id
from models.provision import FUSERS

from .errors import ApiError, envelope, param_from_loc
from .metrics import Metrics
from .middleware import BodyLimitMiddleware, RequestContextMiddleware
from .schemas import (
    ErrorResponse,
    ModelsResponse,
    OptionsIn,
    SummarizeRequest,
    SummarizeResponse,
)
from .settings import Settings, get_settings
from .worker import InferenceWorker, Overloaded, WorkerDead, WorkerHung

logger = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], Pipeline]
# Builds what runs the summaries behind the queue: by default one local inference thread;
# on Ray Serve a dispatcher to the pipeline replicas (service/ray_serve.py). It needs
# submit(payload) -> Future, start(), stop(timeout), alive, depth and an on_death callback.
WorkerFactory = Callable[[Pipeline, Settings, Metrics], Any]

# The editors' page (plain files, no build step) and the example bundle it can load: package
# data, so a non-editable install (the image) ships them. The page and its assets hold no data
# and need no key; the example bundle is served by an API route, behind the key like the rest.
STATIC_DIR = Path(__file__).parent / "static"
EXAMPLE_BUNDLE = Path(__file__).parent / "seed-bundle.json"
# Same origin only: no CDN, no inline script, nothing framed elsewhere.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class PageFiles(StaticFiles):
    """The page's files with the page's headers: /static/index.html is the page too, and the
    scripts and styles get nosniff."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "Malformed JSON",
        401: "API key missing",
        403: "API key not accepted",
        408: "The request body did not arrive in time (NEWSFUSE_BODY_TIMEOUT_S)",
        413: "A size limit was exceeded (the field and limit are named)",
        415: "Content-Type is not application/json",
        422: "Invalid input (the offending field is named in error.param)",
        429: "The queue is full; retry after Retry-After seconds",
        500: "The summary failed (no internals are returned; the request id is logged)",
        503: "Not ready or the inference worker stopped; retry after Retry-After seconds",
        504: "The summary did not finish within the request deadline",
    }.items()
}


def load_pipeline(settings: Settings) -> Pipeline:
    return Pipeline.load(settings.pipeline_config())


class BatchPolicy(NamedTuple):
    """How requests are batched in front of one pipeline (the local inference thread and each
    Ray Serve replica alike)."""

    max_batch: int
    window_s: float
    hang_s: float  # a batch running longer means a stuck engine


def batch_policy(pipeline: Pipeline, settings: Settings) -> BatchPolicy:
    # An engine without batched generation says max_batch 1 and takes one request at a time:
    # a batch would only make the first request wait for the others.
    generator = pipeline.generator
    batched = generator is not None and generator.max_batch > 1
    max_batch = settings.max_batch or (generator.max_batch if generator else 1)
    return BatchPolicy(
        max_batch=max_batch if batched else 1,
        window_s=settings.batch_window_ms / 1000,
        hang_s=settings.worker_hang_s or 2 * settings.request_timeout_s,
    )


def generates(job: tuple[Any, SummaryOptions]) -> bool:
    """Whether a queued ``(articles, options)`` job runs the fuser: only those gain from
    waiting for others to batch with (an extractive one would only wait)."""
    return job[1].mode == "abstractive"


def local_worker(
    pipeline: Pipeline, settings: Settings, metrics: Metrics | None = None
) -> InferenceWorker:
    """One inference thread owning ``pipeline``, batching what arrives together."""
    policy = batch_policy(pipeline, settings)
    return InferenceWorker(
        settings.queue_size,
        run_batch=pipeline.summarize_many,
        max_batch=policy.max_batch,
        batch_window_s=policy.window_s,
        hang_timeout_s=policy.hang_s,
        batchable=generates,
    )


def create_app(
    settings: Settings | None = None,
    pipeline_factory: PipelineFactory | None = None,
    worker_factory: WorkerFactory | None = None,
) -> FastAPI:
    """Build the app. Settings come from the environment unless given (tests give them)."""
    settings = settings or get_settings()
    factory = pipeline_factory or load_pipeline
    make_worker = worker_factory or local_worker
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        try:
            pipeline = await asyncio.to_thread(factory, settings)
            loaded = time.perf_counter()
            logger.info("models loaded", extra={"seconds": round(loaded - started, 2)})
            await asyncio.to_thread(pipeline.warmup)
            logger.info("models warm", extra={"seconds": round(time.perf_counter() - loaded, 2)})
        except ModelError as exc:
            # Which model file and why (no article text is involved at start-up).
            logger.error("model load failed: the service will not start: %s", exc)
            raise
        except Exception:
            logger.exception("model load failed: the service will not start")
            raise
        loop = asyncio.get_running_loop()
        worker = make_worker(pipeline, settings, metrics)

        def on_death(cause: BaseException | None) -> None:
            loop.call_soon_threadsafe(_worker_died, app, settings, metrics)

        worker.on_death = on_death
        cache = getattr(pipeline, "embed_cache", None)
        if cache is not None:
            metrics.watch_embed_cache(cache.stats)
        worker.start()
        app.state.pipeline = pipeline
        app.state.worker = worker
        app.state.ready = True
        app.state.worker_failed = False
        metrics.ready.set(1)
        try:
            yield
        finally:
            app.state.ready = False
            metrics.ready.set(0)
            # In-flight work finishes; queued requests fail cleanly with 503.
            await asyncio.to_thread(worker.stop, settings.request_timeout_s)
            logger.info("stopped")

    app = FastAPI(
        title="newsfuse",
        version="1",
        summary="Multi-document news summaries in which every sentence cites its sources.",
        lifespan=lifespan,
        responses=_ERRORS,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.ready = False
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    _install_error_handlers(app, settings)
    _add_routes(app)
    return app


def _worker_died(app: FastAPI, settings: Settings, metrics: Metrics) -> None:
    app.state.ready = False
    app.state.worker_failed = True
    metrics.ready.set(0)
    if settings.exit_on_worker_failure:
        # Let the orchestrator restart the process: shut down gracefully, then exit non-zero
        # (`newsfuse serve` sets app.state.server and checks worker_failed).
        logger.error("inference worker failed: shutting down for a restart")
        server = getattr(app.state, "server", None)
        if server is not None:
            server.should_exit = True
        else:
            os.kill(os.getpid(), signal.SIGTERM)


# --------------------------------------------------------------------------- dependencies


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _unavailable(message: str) -> ApiError:
    return ApiError(503, "unavailable", message, retry_after=True)


def get_pipeline(request: Request) -> Pipeline:
    state = request.app.state
    worker = getattr(state, "worker", None)
    if getattr(state, "worker_failed", False) or (worker is not None and not worker.alive):
        raise _unavailable("the inference worker stopped")
    if not getattr(state, "ready", False):
        raise ApiError(503, "not_ready", "models are not loaded yet", retry_after=True)
    return request.app.state.pipeline  # type: ignore[no-any-return]


def get_worker(request: Request) -> InferenceWorker:
    return request.app.state.worker  # type: ignore[no-any-return]


def require_api_key(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """When NEWSFUSE_API_KEYS is set: `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    keys: tuple[str, ...] = request.app.state.settings.api_keys
    if not keys:
        return
    supplied = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        supplied = authorization[7:].strip()
    if not supplied:
        raise ApiError(
            401, "unauthorized", "an API key is required", headers={"WWW-Authenticate": "Bearer"}
        )
    # Compare against every key, in constant time each, so timing reveals nothing.
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(supplied.encode(), key.encode())
    if not matched:
        raise ApiError(403, "forbidden", "the API key is not accepted")


def require_json(content_type: Annotated[str | None, Header()] = None) -> None:
    if not content_type or content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
WorkerDep = Annotated[InferenceWorker, Depends(get_worker)]


# --------------------------------------------------------------------------- routes


def _add_routes(app: FastAPI) -> None:
    @app.post(
        "/v1/summarize",
        response_model=SummarizeResponse,
        dependencies=[Depends(require_api_key), Depends(require_json)],
        tags=["summaries"],
    )
    async def summarize(
        body: SummarizeRequest,
        request: Request,
        settings: SettingsDep,
        pipeline: PipelineDep,
        worker: WorkerDep,
    ) -> Any:
        """Summarize a bundle of articles about one event, citing sources for every sentence."""
        deadline = request.state.started + settings.request_timeout_s
        articles = body.to_articles(lambda i: new_article_id())
        options = body.options.to_options()
        validate(articles, options, pipeline.config)  # limits before any model work
        logger.info(
            "summarize accepted",
            extra={
                "articles": len(articles),
                "chars": sum(len(a.text) for a in articles),
                "mode": options.mode,
                "max_words": options.max_words,
            },
        )
        try:
            future = worker.submit((articles, options))
        except Overloaded:
            raise ApiError(
                429, "overloaded", "the summary queue is full", retry_after=True
            ) from None
        except WorkerDead:
            raise _unavailable("the inference worker is not running") from None
        app.state.metrics.queue_depth.set(worker.depth)
        try:
            summary = await asyncio.wait_for(
                asyncio.wrap_future(future), timeout=max(0.0, deadline - time.perf_counter())
            )
        except TimeoutError:
            raise ApiError(
                504, "timeout", "the summary did not finish within the deadline"
            ) from None
        except (WorkerDead, WorkerHung):
            raise _unavailable("the inference worker stopped") from None
        except InputError:
            raise
        except Exception as exc:
            # An engine failure: this request (and its batch) fails, the worker goes on.
            # The message may quote the input, so only the type is logged.
            logger.error("summary failed", extra={"error": type(exc).__name__})
            raise ApiError(500, "internal_error", "the summary failed; retry later") from None
        finally:
            app.state.metrics.queue_depth.set(worker.depth)
        metrics: Metrics = app.state.metrics
        for stage, ms in summary.timings_ms.items():
            metrics.stage.labels(stage).observe(ms / 1000)
        metrics.generated_tokens.inc(summary.usage.get("generated_tokens", 0))
        for sentence in summary.sentences:
            metrics.fusion_sentences.labels(sentence.method).inc()
        if summary.fusion:
            failed = summary.fusion.get("merges_failed", 0)
            metrics.fusion_merges.labels("fallback").inc(failed)
            metrics.fusion_merges.labels("kept").inc(summary.fusion["merges_tried"] - failed)
        return summary_to_dict(summary)

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        """The editors' page: paste articles, read the summary beside its sources."""
        return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)

    app.mount("/static", PageFiles(directory=STATIC_DIR), name="static")

    @app.get(
        "/v1/example",
        response_model=SummarizeRequest,
        response_model_exclude_unset=True,
        dependencies=[Depends(require_api_key)],
        tags=["summaries"],
    )
    async def example() -> Any:
        """The example bundle (five real articles about one event), ready to post."""
        return json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))

    @app.get("/healthz", tags=["operations"])
    async def healthz(request: Request) -> dict[str, Any]:
        """Liveness: the process and its event loop answer (never waits for inference)."""
        worker = getattr(request.app.state, "worker", None)
        return {"status": "ok", "worker_alive": bool(worker and worker.alive)}

    @app.get("/readyz", tags=["operations"], responses={503: {"description": "Not ready"}})
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: models loaded and warm, inference worker running."""
        worker = getattr(request.app.state, "worker", None)
        ready = bool(getattr(request.app.state, "ready", False) and worker and worker.alive)
        body = {"ready": ready, "queue_depth": worker.depth if worker else 0}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["operations"], response_class=Response)
    async def prometheus(request: Request) -> Response:
        """Prometheus metrics."""
        worker = getattr(request.app.state, "worker", None)
        request.app.state.metrics.queue_depth.set(worker.depth if worker else 0)
        return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    @app.get(
        "/v1/models",
        response_model=ModelsResponse,
        dependencies=[Depends(require_api_key)],
        tags=["summaries"],
    )
    async def models_info(pipeline: PipelineDep, settings: SettingsDep) -> Any:
        """The models serving requests, the default options and the input limits."""
        limits = settings.limits()
        return {
            "model": pipeline.model_info.__dict__,
            "packaged_fusers": sorted(FUSERS),
            "default_options": OptionsIn(),
            "limits": {
                "max_articles": limits.max_articles,
                "max_chars_per_article": limits.max_chars_per_article,
                "max_total_chars": limits.max_total_chars,
                "max_body_bytes": settings.max_body_bytes,
                "max_candidates": settings.max_candidates,
                "min_words": limits.min_words,
                "max_words": limits.max_words,
            },
        }


# --------------------------------------------------------------------------- errors


def _install_error_handlers(app: FastAPI, settings: Settings) -> None:
    retry_after = str(settings.retry_after_s)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = dict(exc.headers)
        if exc.retry_after:
            headers["Retry-After"] = retry_after
        return envelope(exc.status, exc.type, exc.message, exc.param, headers)

    @app.exception_handler(LimitError)
    async def limit_error(request: Request, exc: LimitError) -> JSONResponse:
        return envelope(413, exc.kind, exc.message, exc.param)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        return envelope(422, exc.kind, exc.message, exc.param)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return envelope(400, "invalid_json", "the body is not valid JSON", "body")
        param = param_from_loc(first.get("loc", ()))
        return envelope(422, "invalid_input", str(first.get("msg", "invalid input")), param)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc, ApiError):
            return await api_error(request, exc)
        if exc.status_code == 400:  # FastAPI could not decode the body (bytes, not UTF-8 JSON)
            return envelope(
                400, "invalid_json", "the body could not be decoded as UTF-8 JSON", "body"
            )
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return envelope(exc.status_code, kind, str(exc.detail), None)
