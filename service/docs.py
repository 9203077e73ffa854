"""The API's reference pages, /docs (Swagger UI) and /redoc (ReDoc), served whole by the app.

FastAPI's own pages load their scripts and styles from a CDN, so they are blank on a machine
without the internet, which is where newsfuse runs. The same pages here take their assets from
the ``fastapi-offline`` wheel (Swagger UI and ReDoc's standalone bundles, pinned with the rest
of the dependencies), mounted under /docs/assets: nothing is fetched from another host, not
even a font, a favicon or Swagger's validator badge.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
# Swagger UI: no validator badge (it would be an image from validator.swagger.io), the key
# entered under Authorize kept across reloads of the tab, and requests timed.
SWAGGER_PARAMETERS: dict[str, Any] = {
    "validatorUrl": None,
    "persistAuthorization": True,
    "displayRequestDuration": True,
}


# And the browser is told so: ReDoc's sidebar links an image on cdn.redoc.ly, which this policy
# keeps the browser from even asking for. Swagger UI's page starts it with an inline script, and
# both style with inline styles; ReDoc's search runs in a blob: worker.
DOCS_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assets_dir() -> Path:
    """Swagger UI's and ReDoc's files, as installed with the ``fastapi-offline`` package."""
    return Path(str(files("fastapi_offline") / "static"))


def add_docs(app: FastAPI) -> None:
    """/docs and /redoc on local assets (create the app with ``docs_url=None, redoc_url=None``)."""
    assert app.openapi_url is not None
    openapi_url = app.openapi_url
    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")

    async def swagger_ui() -> HTMLResponse:
        return _with_headers(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} API",
                swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
                swagger_ui_parameters=SWAGGER_PARAMETERS,
            )
        )

    async def redoc() -> HTMLResponse:
        return _with_headers(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{app.title} API",
                redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
                with_google_fonts=False,
            )
        )

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)


def _with_headers(response: HTMLResponse) -> HTMLResponse:
    response.headers.update(DOCS_HEADERS)
    return response
