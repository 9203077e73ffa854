"""One error envelope for every failure, ``{"error": {"type", "message", "param"}}``, and the
one map from what went wrong to the status the client gets (the HTTP API and the batch job's
error records alike).

Every ``error.type`` is in :data:`ERROR_TYPES`, with its statuses and what it means;
docs/api.md's table states the same, and ``tests/test_codes.py`` walks ``service/`` and
``models/`` to check that no other type is answered and that the table lists each one."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from models import InputError, LimitError

from .runner import BatchFailed
from .worker import NotRunning, Overloaded, WorkerDead, WorkerHung

logger = logging.getLogger(__name__)


class ErrorType(NamedTuple):
    statuses: tuple[int, ...]
    description: str


# error.type → the statuses it comes with and what happened. Stable: a client branches on it.
ERROR_TYPES: dict[str, ErrorType] = {
    "invalid_json": ErrorType((400,), "the body (or a batch line) is not JSON, or not UTF-8"),
    "invalid_request": ErrorType((400,), "the request itself is malformed (Content-Length)"),
    "unauthorized": ErrorType((401,), "an API key is required and none was sent"),
    "forbidden": ErrorType((403,), "the API key sent is not accepted"),
    "not_found": ErrorType((404,), "no such path, or no such story for this key"),
    "method_not_allowed": ErrorType((405,), "the path does not take this method"),
    "request_timeout": ErrorType((408,), "the body did not arrive in time"),
    "not_summarized": ErrorType((409,), "no version of the story is summarised yet"),
    "limit_exceeded": ErrorType((413,), "a size limit; param names it"),
    "unsupported_media_type": ErrorType((415,), "Content-Type is not application/json"),
    "invalid_input": ErrorType((422,), "a field is invalid; param names it"),
    "overloaded": ErrorType((429, 503), "the queue is full, or too many requests in progress"),
    "internal_error": ErrorType((500,), "the engine or the server failed on this request"),
    "unavailable": ErrorType((503,), "the inference worker is not running, or stopped"),
    "not_ready": ErrorType((503,), "the models or the story store are not ready yet"),
    "timeout": ErrorType((504,), "the summary did not finish within the deadline"),
    "http_error": ErrorType((), "any other HTTP error the framework raises (its status)"),
}

# The framework's own HTTP errors, by status (any other: http_error).
HTTP_TYPES: dict[int, str] = {404: "not_found", 405: "method_not_allowed"}


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
        status = exc.status_code
        return envelope(status, HTTP_TYPES.get(status, "http_error"), str(exc.detail), None)
