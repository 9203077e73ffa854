"""What an integrator relies on: the reference pages' own assets, ``/v1/info``, the key as an
OpenAPI security scheme, and the response's ``model`` identifiers. Through the app's lifespan
with fake models; the hashes against the real prepared models are marked ``real``."""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.docs import assets_dir
from tests.service_helpers import ARTICLES, backend, settings

KEY = "contract-key"
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture
def client():
    with TestClient(create_app(settings(api_keys=KEY), backend())) as c:
        yield c


# ---------------------------------------------------------------- reference pages


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_reference_pages_name_only_this_server(client, page):
    html = client.get(page).text
    # Every script, style and icon the page names is served here, byte for byte the
    # packaged file; no URL of another host is named at all.
    assert not re.search(r"https?://", html), html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    for url in urls:
        assert url.startswith("/docs/assets/"), url
        served = client.get(url)
        assert served.status_code == 200, url
        assert served.content == (assets_dir() / url.rsplit("/", 1)[1]).read_bytes()


def test_swagger_ui_shows_no_validator_badge(client):
    # The badge is an image from validator.swagger.io: the page must not ask for it.
    assert '"validatorUrl": null' in client.get("/docs").text


# ---------------------------------------------------------------- /v1/info


def test_info_answers_without_a_key_before_the_models_are_ready():
    app = create_app(settings(api_keys=KEY), backend())
    client = TestClient(app)  # no lifespan: the models are never loaded
    assert client.get("/readyz").status_code == 503
    response = client.get("/v1/info")
    assert response.status_code == 200, response.text
    info = response.json()
    assert info["ready"] is False
    assert info["version"] == version("newsfuse")
    assert info["engine"] in {"llamacpp", "ctranslate2", "transformers"}
    assert info["device"] == "cpu"
    assert info["dtype"]
    roles = [m["role"] for m in info["models"]]
    assert roles[0] == "embedder" and roles[-1] == "fuser"
    for model in info["models"]:
        assert SHA256.match(model["sha256"]), model
        assert model["packages"] and all("==" in p for p in model["packages"])
    assert info["limits"]["max_articles"] == 50
    assert info["default_options"]["max_words"] == 120


def test_every_summary_carries_the_identifiers_info_states(client):
    info = client.get("/v1/info").json()
    assert info["ready"] is True and info["engine"] == "fake"
    doc = client.post(
        "/v1/summarize", json={"articles": ARTICLES}, headers={"X-API-Key": KEY}
    ).json()
    assert doc["model"]["version"] == info["version"]
    assert doc["model"]["models"] == [
        {k: m[k] for k in ("role", "name", "packages", "sha256")} for m in info["models"]
    ]
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"version", "models"} <= set(schema["ModelOut"]["properties"])


@pytest.mark.real
def test_info_sha256_are_the_files_models_verify_hashes():
    """The hashes /v1/info states are those of the files a start loads, as `newsfuse models
    verify` computes them (sha256_file), and the GGUF the parts assemble into is the pinned
    one."""
    from models.provision import (
        GGUF_FILE,
        default_model_dir,
        embedder_path,
        resolve_fuser,
        sha256_file,
    )

    info = TestClient(create_app(settings(engine="llamacpp"), backend())).get("/v1/info").json()
    embedder = info["models"][0]
    weights = embedder_path(verify=False)
    assert sha256_file(weights / "model.safetensors") == embedder["sha256"]
    fuser = info["models"][-1]
    directory = resolve_fuser(fuser["name"], default_model_dir(), verify=False, engine="llamacpp")
    assert fuser["files"], "the default fuser is not prepared: make models"
    for name, digest in fuser["files"].items():
        assert sha256_file(directory / name) == digest, name
    assert fuser["files"][GGUF_FILE] == fuser["sha256"]


# ---------------------------------------------------------------- security schemes


class SpecClient:
    """A client built from the service's OpenAPI document, as a generator builds one: each
    operation's path, method and body type, and how to send credentials, come from the
    document alone (its ``securitySchemes`` and each operation's ``security``)."""

    def __init__(self, http: Any, spec: dict[str, Any]) -> None:
        self.http = http
        self.schemes = spec["components"]["securitySchemes"]
        self.operations = {
            op["operationId"]: (method, path, op)
            for path, item in spec["paths"].items()
            for method, op in item.items()
        }

    def _credentials(self, op: dict[str, Any], secrets: dict[str, str]) -> dict[str, str]:
        for requirement in op.get("security", []):  # alternatives: the first one we can meet
            if set(requirement) <= set(secrets):
                headers = {}
                for name in requirement:
                    scheme = self.schemes[name]
                    if scheme["type"] == "apiKey":
                        assert scheme["in"] == "header"
                        headers[scheme["name"]] = secrets[name]
                    else:
                        assert (scheme["type"], scheme["scheme"].lower()) == ("http", "bearer")
                        headers["Authorization"] = f"Bearer {secrets[name]}"
                return headers
        return {}

    def call(self, operation_id: str, body: Any = None, **secrets: str) -> Any:
        method, path, op = self.operations[operation_id]
        kwargs: dict[str, Any] = {"headers": self._credentials(op, secrets)}
        if body is not None:
            assert "application/json" in op["requestBody"]["content"]
            kwargs["json"] = body
        return self.http.request(method.upper(), path, **kwargs)


def test_a_client_generated_from_openapi_sends_the_key_either_way(client):
    spec = client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes == {
        "ApiKeyHeader": {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "One of NEWSFUSE_API_KEYS in the X-API-Key header",
        },
        "Bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "One of NEWSFUSE_API_KEYS as `Authorization: Bearer <key>`",
        },
    }
    # The key is a scheme, no longer a pair of header parameters.
    summarize = spec["paths"]["/v1/summarize"]["post"]
    headers = {p["name"].lower() for p in summarize.get("parameters", []) if p["in"] == "header"}
    assert headers.isdisjoint({"authorization", "x-api-key"}), headers
    assert spec["paths"]["/healthz"]["get"].get("security") is None
    assert spec["paths"]["/v1/info"]["get"].get("security") is None

    example = spec["components"]["schemas"]["SummarizeRequest"]["examples"][0]
    api = SpecClient(client, spec)
    for scheme in schemes:
        response = api.call("summarize_v1_summarize_post", example, **{scheme: KEY})
        assert response.status_code == 200, (scheme, response.text)
        assert response.json()["articles"][0]["id"] == "reuters-1"
        assert api.call("models_info_v1_models_get", **{scheme: KEY}).status_code == 200
        assert api.call("models_info_v1_models_get", **{scheme: "wrong"}).status_code == 403
    assert api.call("summarize_v1_summarize_post", example).status_code == 401


def test_generated_client_over_real_http():
    from tests.service_helpers import live_server

    app = create_app(settings(api_keys=KEY), backend())
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        api = SpecClient(http, http.get("/openapi.json").json())
        assert api.call("example_v1_example_get", Bearer=KEY).status_code == 200
        assert api.call("example_v1_example_get").status_code == 401


# ---------------------------------------------------------------- articles[].metadata


def _summarize(client, body):
    return client.post("/v1/summarize", json=body, headers={"X-API-Key": KEY})


def test_metadata_comes_back_untouched_per_article(client):
    metadata = {
        "author": "Zoë Ng",
        "section": "politics/local",
        "cms": {"id": 48213, "tags": ["budget", "council"], "embargo": None, "score": 0.5},
    }
    articles = [{**ARTICLES[0], "metadata": metadata}, ARTICLES[1]]
    response = _summarize(client, {"articles": articles})
    assert response.status_code == 200, response.text
    echoed = {a["id"]: a for a in response.json()["articles"]}
    assert echoed["a1"]["metadata"] == metadata
    assert list(echoed["a1"]["metadata"]) == list(metadata)  # key order too
    assert "metadata" not in echoed["a2"]


def _sized(n: int) -> dict:
    """An object exactly ``n`` bytes long as compact JSON (``{"k":"..."}`` is 8 + len)."""
    return {"k": "x" * (n - 8)}


def test_metadata_at_its_size_limit(client):
    at = [{**ARTICLES[0], "metadata": _sized(4096)}, ARTICLES[1]]
    assert _summarize(client, {"articles": at}).status_code == 200
    over = [ARTICLES[0], {**ARTICLES[1], "metadata": _sized(4097)}]
    response = _summarize(client, {"articles": over})
    assert response.status_code == 413, response.text
    assert response.json()["error"]["param"] == "articles[1].metadata"
    assert "4097 bytes" in response.json()["error"]["message"]
    # Bytes, not characters: 2000 two-byte letters are 4000 bytes.
    wide = [{**ARTICLES[0], "metadata": {"k": "é" * 2045}}, ARTICLES[1]]
    assert _summarize(client, {"articles": wide}).status_code == 413


@pytest.mark.parametrize("metadata", [["a"], "author", 5])
def test_metadata_must_be_an_object(client, metadata):
    articles = [{**ARTICLES[0], "metadata": metadata}, ARTICLES[1]]
    response = _summarize(client, {"articles": articles})
    assert response.status_code == 422
    assert response.json()["error"]["param"] == "articles[0].metadata"


def test_unknown_article_fields_are_still_refused(client):
    articles = [{**ARTICLES[0], "author": "Zoë Ng"}, ARTICLES[1]]
    response = _summarize(client, {"articles": articles})
    assert response.status_code == 422
    assert response.json()["error"]["param"] == "articles[0].author"


# ---------------------------------------------------------------- options.offsets

# Flags and emoji are past U+FFFF: one code point each in Python, two UTF-16 units in JavaScript.
ASTRAL = [
    {
        "id": "a1",
        "text": "📰 The city council approved the 2024 budget on Monday 🇺🇸 by seven votes to two. "
        "The budget raises spending on schools by 4 percent 🏫. Critics said the plan ignores "
        "roads.",
    },
    {
        "id": "a2",
        "text": "🤝 On Monday the council passed the budget, seven votes to two. Mayor Lin 😀 "
        "welcomed the vote and said schools would get more money. Road repairs were left out.",
    },
]


def _js_slice(text: str, start: int, end: int) -> str:
    """JavaScript's ``text.slice(start, end)``: UTF-16 code units."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def _spans(doc):
    return [c for s in doc["sentences"] for c in s["citations"]] + doc["selection"]


def test_offsets_in_code_points_and_in_utf16_units_cut_the_same_text(client):
    texts = {a["id"]: a["text"] for a in ASTRAL}
    body = {"articles": ASTRAL, "options": {"mode": "extractive", "max_words": 60}}
    by_codepoint = _summarize(client, body).json()  # the default
    by_unit = _summarize(client, {**body, "options": {**body["options"], "offsets": "utf16"}})
    by_unit = by_unit.json()
    assert by_codepoint["summary"] == by_unit["summary"]
    cp, u16 = _spans(by_codepoint), _spans(by_unit)
    assert cp and len(cp) == len(u16)
    shifted = 0
    for a, b in zip(cp, u16, strict=True):
        text = texts[a["article_id"]]
        piece = text[a["start"] : a["end"]]
        assert piece.strip() and piece == _js_slice(text, b["start"], b["end"])
        shifted += (b["start"], b["end"]) != (a["start"], a["end"])
    assert shifted  # the emoji moved some offsets: both units were really exercised


def test_offsets_option_is_checked(client):
    body = {"articles": ARTICLES, "options": {"offsets": "bytes"}}
    response = _summarize(client, body)
    assert response.status_code == 422
    assert response.json()["error"]["param"] == "options.offsets"


# ---------------------------------------------------------------- the Python example


def test_the_python_example_in_the_docs_runs_against_a_live_server():
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.service_helpers import live_server

    page = (ROOT / "docs" / "api.md").read_text()
    section = page.split("## From Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    app = create_app(settings(api_keys=KEY), backend())
    with live_server(app) as url:
        run = subprocess.run(
            [sys.executable, "-c", code],
            env={"NEWSFUSE_URL": url, "NEWSFUSE_API_KEY": KEY, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    # The summary, then each citation as the source text it points at, then the version.
    assert lines[0] and lines[-1] == f"written by newsfuse {version('newsfuse')}"
    cited = [line.strip().split(": ", 1) for line in lines[1:-1]]
    assert cited and all(who in {"wire-1", "paper-2"} and what for who, what in cited)


def test_without_keys_the_document_asks_for_none():
    with TestClient(create_app(settings(), backend())) as client:
        spec = client.get("/openapi.json").json()
    assert "securitySchemes" not in spec.get("components", {})
    assert all("security" not in op for item in spec["paths"].values() for op in item.values())
