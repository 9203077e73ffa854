"""The editors' page as files and routes (the browser tests are in tests/test_browser.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.routes import PAGE_HEADERS, STATIC_DIR
from tests.conftest import ROOT
from tests.service_helpers import backend, settings

KEY = "page-test-key"


@pytest.fixture
def client():
    with TestClient(create_app(settings(), backend())) as c:
        yield c


@pytest.fixture
def keyed():
    with TestClient(create_app(settings(api_keys=KEY), backend())) as c:
        yield c


def test_root_serves_the_page_with_its_assets_and_a_same_origin_policy(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/static/app.js" in assets and "/static/app.css" in assets
    for asset in assets:
        if asset.startswith("/static/"):
            response = client.get(asset)
            assert response.status_code == 200, asset
            assert response.content == (STATIC_DIR / asset.removeprefix("/static/")).read_bytes()
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_every_static_file_has_the_pages_security_headers(client):
    # /static/index.html is the page as well: framing it elsewhere must be refused there too.
    expected = {k.lower(): v for k, v in PAGE_HEADERS.items()}
    for path in ["/", *(f"/static/{p.name}" for p in STATIC_DIR.iterdir())]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert {k: response.headers.get(k) for k in expected} == expected, path
    assert "frame-ancestors 'none'" in expected["content-security-policy"]
    assert expected["x-content-type-options"] == "nosniff"


def test_the_page_loads_nothing_from_elsewhere():
    # Works offline: no CDN, no external fonts, no absolute URLs to another origin.
    for path in STATIC_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path.name
        assert "@import" not in text and "url(" not in text, path.name


def test_example_route_returns_the_seed_bundle(client):
    response = client.get("/v1/example")
    assert response.status_code == 200
    assert response.json() == json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    # The bundle the page loads is ready to post as it is.
    assert client.post("/v1/summarize", json=response.json()).status_code == 200


def test_with_api_keys_the_page_is_public_and_the_data_is_not(keyed):
    assert keyed.get("/").status_code == 200
    assert keyed.get("/static/app.js").status_code == 200
    assert keyed.get("/v1/example").status_code == 401
    assert keyed.get("/v1/example", headers={"X-API-Key": "wrong"}).status_code == 403
    assert keyed.get("/v1/example", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert keyed.post("/v1/summarize", json={"articles": [{"text": "x"}]}).status_code == 401
    assert keyed.get("/v1/models").status_code == 401
    # The static mount serves its own directory only.
    for path in (
        "/static/",
        "/static/%2e%2e/seed-bundle.json",
        "/static/..%2fseed-bundle.json",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e%2f%2e%2e/pyproject.toml",
    ):
        response = keyed.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["type"] == "not_found"


@pytest.mark.slow
def test_a_non_editable_install_ships_the_page_and_the_example(tmp_path):
    pytest.importorskip("setuptools", minversion="68")
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("models", "service"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path / "dist"), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("newsfuse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"service/static/{p.name}" for p in STATIC_DIR.iterdir()}
    assert {"service/static/index.html", "service/static/app.js"} <= expected
    assert expected | {"service/seed-bundle.json"} <= names
