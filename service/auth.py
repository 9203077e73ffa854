"""API keys (``NEWSFUSE_API_KEYS``), checked before the request body is read.

FastAPI reads and parses a route's JSON body before it runs the route's dependencies, so a key
checked in a dependency would let a client without one make the server parse 10 MB. The routes
behind the key use ``KeyedRoute``: the key is checked once the route is matched (so the access
log and metrics still name it), before the body is touched.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Header, Request, Response
from fastapi.routing import APIRoute

from .errors import ApiError


def check_api_key(request: Request) -> None:
    """When NEWSFUSE_API_KEYS is set: `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    keys: tuple[str, ...] = request.app.state.settings.api_keys
    if not keys:
        return
    supplied = supplied_key(request)
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


def supplied_key(request: Request) -> str | None:
    """The key the request carries (``Authorization: Bearer`` wins over ``X-API-Key``)."""
    authorization = request.headers.get("authorization")
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return request.headers.get("x-api-key")


class KeyedRoute(APIRoute):
    """A route behind the API key, checked before FastAPI reads the body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def keyed(request: Request) -> Response:
            check_api_key(request)
            return await handler(request)

        return keyed


def api_key_headers(
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Declares the two ways to send the key in the OpenAPI document; ``KeyedRoute`` has
    already checked them when this runs."""
