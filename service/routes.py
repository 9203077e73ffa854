"""The routes: decode the request, call the backend, encode the reply."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST

from models import Job, Summary, summary_to_dict
from models.warnings import codes

from . import internals
from .auth import KeyedRoute, api_key_headers
from .backend import Backend
from .document import finish
from .errors import ApiError, api_error, unavailable
from .info import describe
from .schemas import (
    ErrorResponse,
    InfoResponse,
    ModelsResponse,
    OptionsIn,
    SummarizeRequest,
    SummarizeResponse,
)
from .settings import Settings

logger = logging.getLogger(__name__)

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

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
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


class PageFiles(StaticFiles):
    """The page's files with the page's headers: /static/index.html is the page too, and the
    scripts and styles get nosniff."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response


# --------------------------------------------------------------------------- dependencies


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_backend(request: Request) -> Backend:
    """The backend, once ready and while alive (else 503)."""
    state = request.app.state
    backend = getattr(state, "backend", None)
    if getattr(state, "worker_failed", False) or (backend is not None and not backend.alive):
        raise unavailable("the inference worker stopped")
    if not getattr(state, "ready", False):
        raise ApiError(503, "not_ready", "models are not loaded yet", retry_after=True)
    return cast(Backend, backend)  # ready: the lifespan stored it


def require_json(content_type: Annotated[str | None, Header()] = None) -> None:
    if not content_type or content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")


SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]


async def summarize_job(request: Request, backend: Backend, job: Job) -> Summary:
    """Queue ``job`` and wait for it within the request's deadline; any failure becomes its
    error envelope."""
    settings: Settings = request.app.state.settings
    queue_depth = request.app.state.metrics.queue_depth
    articles, options = job.articles, job.options
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
        future = backend.submit(job)
        queue_depth.set(backend.depth)
        try:
            left = request.state.started + settings.request_timeout_s - time.perf_counter()
            summary = await asyncio.wait_for(asyncio.wrap_future(future), timeout=max(0.0, left))
        finally:
            queue_depth.set(backend.depth)
    except Exception as exc:
        raise api_error(exc) from None
    # The warnings' codes only: a message can name an article's position and language.
    logger.info(
        "summarize answered",
        extra={"mode": summary.mode, "words": summary.n_words, "warnings": codes(summary.warnings)},
    )
    return summary


# --------------------------------------------------------------------------- routes


async def summarize(
    body: SummarizeRequest, request: Request, settings: SettingsDep, backend: BackendDep
) -> Any:
    """Summarize a bundle of articles about one event, citing sources for every sentence."""
    job = body.to_job(settings.pipeline_config())  # limits before any model work
    summary = await summarize_job(request, backend, job)
    request.app.state.metrics.observe_summary(summary)
    articles = job.articles
    metadata = {
        a.id: posted.metadata
        for a, posted in zip(articles, body.articles, strict=True)
        if posted.metadata is not None
    }
    doc = finish(
        summary_to_dict(summary),
        identity=await identity(request),
        metadata=metadata,
        texts={a.id: a.text for a in articles},
        offsets=body.options.offsets,
    )
    return JSONResponse(doc)


async def page() -> FileResponse:
    """The editors' page: paste articles, read the summary beside its sources."""
    return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)


async def example() -> Any:
    """The example bundle (five real articles about one event), ready to post."""
    return json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))


async def healthz(request: Request) -> dict[str, Any]:
    """Liveness: the process and its event loop answer (never waits for inference)."""
    backend = getattr(request.app.state, "backend", None)
    return {"status": "ok", "worker_alive": bool(backend and backend.alive)}


async def readyz(request: Request) -> JSONResponse:
    """Readiness: models loaded and warm, inference worker running."""
    backend = getattr(request.app.state, "backend", None)
    ready = bool(getattr(request.app.state, "ready", False) and backend and backend.alive)
    body = {"ready": ready, "queue_depth": backend.depth if backend else 0}
    return JSONResponse(body, status_code=200 if ready else 503)


async def prometheus(request: Request) -> Response:
    """Prometheus metrics."""
    backend = getattr(request.app.state, "backend", None)
    request.app.state.metrics.queue_depth.set(backend.depth if backend else 0)
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)


async def models_info(backend: BackendDep, settings: SettingsDep) -> Any:
    """The models serving requests, the default options and the input limits."""
    return {
        "model": backend.model_info.__dict__,
        "packaged_fusers": internals.packaged_generators(),
        "default_options": OptionsIn(),
        "limits": settings.published_limits(),
    }


async def identity(request: Request) -> dict[str, Any]:
    """The service's identity (info.describe), worked out once per app."""
    state = request.app.state
    if getattr(state, "identity", None) is None:
        state.identity = await asyncio.to_thread(describe, state.settings)
    return state.identity


async def info(request: Request, settings: SettingsDep) -> Any:
    """The service version, engine, device and dtype, each model's packages and SHA-256, the
    limits and the default options. No key needed; answers before the models are ready."""
    body = dict(await identity(request))
    backend = getattr(request.app.state, "backend", None)
    ready = bool(getattr(request.app.state, "ready", False) and backend and backend.alive)
    if backend is not None:  # what runs, once it does
        body["engine"], body["device"] = backend.model_info.engine, backend.model_info.device
    return {
        **body,
        "ready": ready,
        "limits": settings.published_limits(),
        "default_options": OptionsIn(),
    }


def keyed(app: FastAPI, tag: str, posted: bool = False) -> dict[str, Any]:
    """The options of a route behind the API key (checked before the body is read), under
    ``tag``; ``posted``: its body must be JSON."""
    # The security schemes, where a key is needed: without NEWSFUSE_API_KEYS the document asks
    # for none (Swagger shows no Authorize, clients send nothing).
    dependencies = [Depends(api_key_headers)] if app.state.settings.api_keys else []
    if posted:
        dependencies.append(Depends(require_json))
    return {"route_class_override": KeyedRoute, "tags": [tag], "dependencies": dependencies}


def add_routes(app: FastAPI) -> None:
    """Every route; those under /v1 (the data) behind the API key, checked before the body
    is read."""
    router = app.router
    router.add_api_route(
        "/v1/summarize",
        summarize,
        methods=["POST"],
        response_model=SummarizeResponse,
        **keyed(app, "summaries", posted=True),
    )
    router.add_api_route("/", page, methods=["GET"], include_in_schema=False)
    app.mount("/static", PageFiles(directory=STATIC_DIR), name="static")
    router.add_api_route(
        "/v1/example",
        example,
        methods=["GET"],
        response_model=SummarizeRequest,
        response_model_exclude_unset=True,
        **keyed(app, "summaries"),
    )
    operations: dict[str, Any] = {"methods": ["GET"], "tags": ["operations"]}
    router.add_api_route("/healthz", healthz, **operations)
    router.add_api_route(
        "/readyz", readyz, responses={503: {"description": "Not ready"}}, **operations
    )
    router.add_api_route("/metrics", prometheus, response_class=Response, **operations)
    router.add_api_route("/v1/info", info, response_model=InfoResponse, **operations)
    router.add_api_route(
        "/v1/models",
        models_info,
        methods=["GET"],
        response_model=ModelsResponse,
        **keyed(app, "summaries"),
    )
