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

from fastapi import Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

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


# The two ways to send the key, as OpenAPI security schemes: Swagger UI's Authorize button and
# generated clients send what these declare. Either one is enough (OpenAPI lists them as
# alternatives). They never refuse a request themselves (auto_error=False): KeyedRoute has
# checked the key before they run, and with NEWSFUSE_API_KEYS unset none is needed.
API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKeyHeader",
    description="One of NEWSFUSE_API_KEYS in the X-API-Key header",
    auto_error=False,
)
BEARER = HTTPBearer(
    scheme_name="Bearer",
    description="One of NEWSFUSE_API_KEYS as `Authorization: Bearer <key>`",
    auto_error=False,
)


async def api_key_headers(
    x_api_key: Annotated[str | None, Security(API_KEY_HEADER)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> None:
    """Declares the security schemes in the OpenAPI document; ``KeyedRoute`` has already
    checked the key when this runs. Async: FastAPI runs a plain ``def`` dependency in a
    thread, a hop (and a wait for the GIL) on every keyed request for nothing."""
