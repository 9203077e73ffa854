"""Pure ASGI middleware: request ids, access logs and metrics; body size limit."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import traceback
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, envelope
from .logs import request_id
from .metrics import Metrics

logger = logging.getLogger("service.access")

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestContextMiddleware:
    """Request id (echoed in ``X-Request-ID``), one access log line, metrics, and a last-resort
    500 envelope that never carries internals."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        supplied = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = supplied if _VALID_ID.match(supplied) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        scope.setdefault("state", {})["started"] = started
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Where, not what: an exception's message may quote the posted text.
            frames = traceback.extract_tb(exc.__traceback__)[-3:]
            logger.error(
                "unhandled error",
                extra={
                    "error": type(exc).__name__,
                    "at": " < ".join(f"{f.name}:{f.lineno}" for f in reversed(frames)),
                },
            )
            if not response_started:
                response = envelope(500, "internal_error", "internal server error", None)
                await response(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("route")
            endpoint = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(endpoint, str(status)).inc()
            self.metrics.latency.labels(endpoint).observe(seconds)
            logger.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "path": endpoint,
                    "status": status,
                    "ms": round(seconds * 1000, 1),
                },
            )
            request_id.reset(token)


class BodyLimitMiddleware:
    """413 before parsing when Content-Length says too much, or as soon as the streamed body
    passes the limit (chunked uploads declare no length); 408 when the body has not fully
    arrived ``timeout_s`` after the headers (a slow-loris client holds no request forever)."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    def _too_large(self) -> ApiError:
        return ApiError(
            413, "limit_exceeded", f"request body is larger than {self.max_bytes} bytes", "body"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                response = envelope(400, "invalid_request", "invalid Content-Length", None)
                await response(scope, receive, send)
                return
            if too_big:
                exc = self._too_large()
                await envelope(413, exc.type, exc.message, exc.param)(scope, receive, send)
                return
        received = 0
        deadline = time.monotonic() + self.timeout_s
        complete = False

        async def limited_receive() -> Any:
            nonlocal received, complete
            if complete:  # the body is in: what remains is waiting for a disconnect
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), deadline - time.monotonic())
            except TimeoutError:
                raise ApiError(
                    408,
                    "request_timeout",
                    f"the request body did not arrive within {self.timeout_s:g} seconds",
                    "body",
                ) from None
            if message["type"] == "http.request":
                complete = not message.get("more_body", False)
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()
            return message

        await self.app(scope, limited_receive, send)


class ConnectionLimitMiddleware:
    """At most ``limit`` requests in progress (``NEWSFUSE_MAX_CONNECTIONS``); past it, the
    documented 503: the error envelope, ``Retry-After``, counted in
    ``newsfuse_rejected_total{reason="max_connections"}``.

    uvicorn's own bound (``limit_concurrency``) answers a plain-text 503 without
    ``Retry-After``, so the bound is kept here instead. An HTTP/1.1 connection carries one
    request at a time, so this bounds the connections doing work; idle keep-alive connections
    are closed by the server after 5 seconds. The probes and the metrics are never refused: an
    orchestrator must not restart a busy process, nor lose sight of it.
    """

    EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})

    def __init__(self, app: ASGIApp, limit: int, retry_after_s: int, metrics: Metrics) -> None:
        self.app = app
        self.limit = limit
        self.retry_after = str(retry_after_s)
        self.metrics = metrics
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.EXEMPT:
            await self.app(scope, receive, send)
            return
        if self.active >= self.limit:
            self.metrics.rejected.labels("max_connections").inc()
            response = envelope(
                503,
                "overloaded",
                f"the server is at its limit of {self.limit} requests in progress",
                None,
                {"Retry-After": self.retry_after, "Connection": "close"},
            )
            await response(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1
