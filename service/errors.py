"""One error envelope for every failure, ``{"error": {"type", "message", "param"}}``, and the
one map from what went wrong to the status the client gets (the HTTP API and the batch job's
error records alike)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from models import InputError, LimitError

from .runner import BatchFailed
from .worker import NotRunning, Overloaded, WorkerDead, WorkerHung

logger = logging.getLogger(__name__)


class ApiError(HTTPException):
    """An error with a status, a machine-readable type and (for bad input) the field at fault.

    A subclass of Starlette's HTTPException so that FastAPI's body parsing lets it through.
    """

    def __init__(
        self,
        status: int,
        type: str,
        message: str,
        param: str | None = None,
        *,
        retry_after: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=dict(headers or {}))
        self.status = status
        self.type = type
        self.message = message
        self.param = param
        self.retry_after = retry_after


def unavailable(message: str) -> ApiError:
    return ApiError(503, "unavailable", message, retry_after=True)


def api_error(exc: BaseException) -> ApiError:
    """What the client gets for ``exc``. Nothing of an unexpected exception's message is
    passed on: it could quote the input or name internals."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, LimitError):
        return ApiError(413, exc.kind, exc.message, exc.param)
    if isinstance(exc, InputError):
        return ApiError(422, exc.kind, exc.message, exc.param)
    if isinstance(exc, Overloaded):
        return ApiError(429, "overloaded", "the summary queue is full", retry_after=True)
    if isinstance(exc, NotRunning):
        return unavailable("the inference worker is not running")
    if isinstance(exc, WorkerDead | WorkerHung):
        return unavailable("the inference worker stopped")
    if isinstance(exc, TimeoutError):
        return ApiError(504, "timeout", "the summary did not finish within the deadline")
    # An engine failure: this request (and its batch) fails, the worker goes on.
    logger.error("summary failed", extra={"error": failure_name(exc)})
    return ApiError(500, "internal_error", "the summary failed; retry later")


def failure_name(exc: BaseException) -> str:
    """The type of what failed, for logs: the engine's own for a failed batch."""
    return exc.error if isinstance(exc, BatchFailed) else type(exc).__name__


def envelope(
    status: int,
    type: str,
    message: str,
    param: str | None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"type": type, "message": message, "param": param}},
        status_code=status,
        headers=dict(headers or {}),
    )


def param_from_loc(loc: Sequence[object]) -> str | None:
    """``("body", "articles", 2, "text")`` → ``"articles[2].text"``; ``("body",)`` (the
    body itself is the wrong type) → ``"body"``."""
    parts = list(loc[1:]) if loc and loc[0] == "body" else list(loc)
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or ("body" if loc else None)


def install_error_handlers(app: FastAPI, retry_after_s: int) -> None:
    """Every error the app answers, in the envelope."""
    retry_after = str(retry_after_s)

    def respond(error: ApiError) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.retry_after:
            headers["Retry-After"] = retry_after
        return envelope(error.status, error.type, error.message, error.param, headers)

    @app.exception_handler(ApiError)
    @app.exception_handler(InputError)
    async def known_error(request: Request, exc: Exception) -> JSONResponse:
        return respond(api_error(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return envelope(400, "invalid_json", "the body is not valid JSON", "body")
        param = param_from_loc(first.get("loc", ()))
        return envelope(422, "invalid_input", str(first.get("msg", "invalid input")), param)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc, ApiError):
            return respond(exc)
        if exc.status_code == 400:  # FastAPI could not decode the body (bytes, not UTF-8 JSON)
            return envelope(
                400, "invalid_json", "the body could not be decoded as UTF-8 JSON", "body"
            )
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return envelope(exc.status_code, kind, str(exc.detail), None)
