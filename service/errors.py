"""One error envelope for every failure: ``{"error": {"type", "message", "param"}}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException


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
