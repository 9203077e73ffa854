"""The HTTP API through the app's lifespan, with deterministic fake models."""

from __future__ import annotations

import json
import logging
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from models import ModelError
from service.app import create_app
from service.backend import local
from tests.checks import groups_in
from tests.fakes import MergeFuser
from tests.service_helpers import (
    ARTICLES,
    CrashingFuser,
    SlowFuser,
    backend,
    live_server,
    settings,
)


@pytest.fixture
def client():
    with TestClient(create_app(settings(), backend())) as c:
        yield c


def _post(client, body, **headers):
    return client.post("/v1/summarize", json=body, headers=headers)


def _error(response, status, param=None):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"type", "message", "param"}
    if param is not None:
        assert error["param"] == param, error
    return error


# ---------------------------------------------------------------- endpoints


def test_summarize_returns_cited_summary(client):
    response = _post(client, {"articles": ARTICLES, "options": {"max_words": 40}})
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["summary"] and len(doc["summary"].split()) <= 40
    texts = {a["id"]: a["text"] for a in ARTICLES}
    for sentence in doc["sentences"]:
        for c in sentence["citations"]:
            assert texts[c["article_id"]][c["start"] : c["end"]]
    assert doc["model"]["engine"] == "fake"
    assert {"segment", "embed", "select", "fuse", "total"} <= set(doc["timings_ms"])
    assert response.headers["x-request-id"]


def test_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "req-123"})
    assert response.headers["x-request-id"] == "req-123"
    bad = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert bad.headers["x-request-id"] != "bad id with spaces"


def test_missing_ids_are_generated_unique(client):
    articles = [{"text": a["text"]} for a in ARTICLES]
    doc = _post(client, {"articles": articles, "options": {"max_words": 40}}).json()
    ids = [a["id"] for a in doc["articles"]]
    assert len(set(ids)) == 2 and all(ids)


def test_health_ready_models_metrics_docs(client):
    assert client.get("/healthz").json() == {"status": "ok", "worker_alive": True}
    assert client.get("/readyz").json()["ready"] is True
    models = client.get("/v1/models").json()
    assert models["model"]["fuser"] == "echo-fuser"
    assert models["limits"]["max_articles"] == 50
    assert models["limits"]["max_candidates"] == 2000
    doc = _post(client, {"articles": ARTICLES, "options": {"max_words": 40}}).json()
    metrics = client.get("/metrics").text
    assert 'newsfuse_requests_total{endpoint="/v1/summarize",status="200"} 1.0' in metrics
    # The mode answered and each warning's code, as the response states them.
    assert f'newsfuse_summaries_total{{mode="{doc["mode"]}"}} 1.0' in metrics
    for code in {w["code"] for w in doc["warnings"]}:
        n = sum(w["code"] == code for w in doc["warnings"])
        assert f'newsfuse_warnings_total{{code="{code}"}} {float(n)}' in metrics
    assert 'newsfuse_stage_seconds_count{stage="fuse"}' in metrics
    assert "newsfuse_queue_depth" in metrics and "newsfuse_generated_tokens_total" in metrics
    schema = client.get("/openapi.json").json()
    body = schema["components"]["schemas"]["SummarizeRequest"]
    assert body["examples"][0]["articles"][0]["id"] == "reuters-1"
    assert client.get("/docs").status_code == 200


def test_unknown_route_uses_the_envelope(client):
    _error(client.get("/nope"), 404)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"articles": []}, "articles"),
        ({"articles": [{"id": "a", "text": 5}]}, "articles[0].text"),
        ({"articles": [{"id": "a"}]}, "articles[0].text"),
        ({"articles": [{"id": "a", "text": "x", "colour": "red"}]}, "articles[0].colour"),
        ({"articles": "nope"}, "articles"),
        ({"articles": ARTICLES, "options": {"max_words": 5}}, "options.max_words"),
        ({"articles": ARTICLES, "options": {"max_words": "many"}}, "options.max_words"),
        ({"articles": ARTICLES, "options": {"mode": "poem"}}, "options.mode"),
        ({"articles": ARTICLES, "options": {"diversity": 3}}, "options.diversity"),
        ({"articles": [ARTICLES[0], ARTICLES[0]]}, "articles[1].id"),
        ({"articles": [{"id": "a", "text": "   "}]}, "articles[0].text"),
        ({"articles": [{"id": "a", "text": "bin\u0000ary"}]}, "articles[0].text"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, body, param):
    _error(_post(client, body), 422, param)


def test_malformed_json_is_400(client):
    response = client.post(
        "/v1/summarize", content=b'{"articles": [', headers={"Content-Type": "application/json"}
    )
    assert _error(response, 400)["type"] == "invalid_json"


def test_wrong_content_type_is_415(client):
    response = client.post(
        "/v1/summarize",
        content=json.dumps({"articles": ARTICLES}),
        headers={"Content-Type": "text/plain"},
    )
    _error(response, 415)


def _text(n: int) -> str:
    """Exactly ``n`` characters of real sentences."""
    base = "The council approved the budget on Monday after a long debate. "
    return (base * (n // len(base) + 1))[:n]


def test_limits_at_the_boundary():
    s = settings(
        max_articles=2, max_chars_per_article=300, max_total_chars=500, max_body_bytes=4000
    )
    with TestClient(create_app(s, backend())) as client:
        two = {"articles": [{"id": "a", "text": _text(250)}, {"id": "b", "text": _text(250)}]}
        assert _post(client, two).status_code == 200  # at the article and total limits
        three = {"articles": [{"id": str(i), "text": _text(100)} for i in range(3)]}
        _error(_post(client, three), 413, "articles")
        assert _post(client, {"articles": [{"id": "a", "text": _text(300)}]}).status_code == 200
        _error(
            _post(client, {"articles": [{"id": "a", "text": _text(301)}]}), 413, "articles[0].text"
        )
        total = {"articles": [{"id": "a", "text": _text(250)}, {"id": "b", "text": _text(251)}]}
        _error(_post(client, total), 413, "articles")
        big = {"articles": [{"id": "a", "text": _text(5000)}]}
        assert _error(_post(client, big), 413, "body")["type"] == "limit_exceeded"

        def chunks():
            payload = json.dumps(big).encode()
            for i in range(0, len(payload), 1000):
                yield payload[i : i + 1000]

        streamed = client.post(
            "/v1/summarize", content=chunks(), headers={"Content-Type": "application/json"}
        )
        _error(streamed, 413, "body")


# ---------------------------------------------------------------- auth


def test_api_keys_when_configured():
    with TestClient(create_app(settings(api_keys="k1,k2"), backend())) as client:
        body = {"articles": ARTICLES, "options": {"max_words": 40}}
        missing = _post(client, body)
        _error(missing, 401)
        assert missing.headers["www-authenticate"] == "Bearer"
        _error(_post(client, body, Authorization="Bearer wrong"), 403)
        assert _post(client, body, Authorization="Bearer k2").status_code == 200
        assert _post(client, body, **{"X-API-Key": "k1"}).status_code == 200
        _error(client.get("/v1/models"), 401)
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_a_request_without_a_valid_key_is_refused_before_its_body_is_read():
    body = json.dumps({"articles": ARTICLES, "options": {"max_words": 40}}).encode()

    async def call(app, headers: dict[str, str]) -> tuple[int, int]:
        """POST the body through the ASGI interface, counting the reads of it."""
        reads = 0

        async def receive() -> dict:
            nonlocal reads
            reads += 1
            return {"type": "http.request", "body": body, "more_body": False}

        statuses: list[int] = []

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        raw = {"content-type": "application/json", "content-length": str(len(body)), **headers}
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/summarize",
            "raw_path": b"/v1/summarize",
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        await app(scope, receive, send)
        return statuses[0], reads

    app = create_app(settings(api_keys="k1"), backend())
    with TestClient(app) as client:
        assert client.portal.call(call, app, {}) == (401, 0)
        assert client.portal.call(call, app, {"X-API-Key": "guess"}) == (403, 0)
        assert client.portal.call(call, app, {"Authorization": "Bearer guess"}) == (403, 0)
        # With the key, the same request is read and answered.
        assert client.portal.call(call, app, {"X-API-Key": "k1"}) == (200, 1)


def test_api_keys_are_never_logged(caplog):
    key, wrong = "sk-live-4f1c9e2b7a", "sk-guess-0d3e8b5c1f"
    with (
        caplog.at_level(logging.DEBUG),
        TestClient(create_app(settings(api_keys=key), backend())) as client,
    ):
        body = {"articles": ARTICLES, "options": {"max_words": 40}}
        assert _post(client, body, Authorization=f"Bearer {key}").status_code == 200
        _error(_post(client, body, **{"X-API-Key": wrong}), 403)
        assert _post(client, {"articles": []}, **{"X-API-Key": key}).status_code == 422
    assert "request" in caplog.text  # the access log ran
    assert key not in caplog.text and wrong not in caplog.text


def test_api_key_check_compares_every_key_in_constant_time(monkeypatch):
    import hmac

    import service.auth as auth_module

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth_module.hmac, "compare_digest", spy)
    with TestClient(create_app(settings(api_keys="k1,k2,k3"), backend())) as client:
        assert client.get("/v1/models", headers={"X-API-Key": "k1"}).status_code == 200
    # A match on the first key still compares the others: timing does not tell which matched.
    assert [b for _, b in compared] == [b"k1", b"k2", b"k3"]


def test_auth_is_off_by_default(client):
    assert client.get("/v1/models").status_code == 200


def test_cors_is_off_unless_configured(client):
    preflight = {
        "Origin": "https://newsroom.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    response = client.options("/v1/summarize", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    simple = client.get("/healthz", headers={"Origin": "https://newsroom.example"})
    assert "access-control-allow-origin" not in simple.headers
    s = settings(cors_origins="https://newsroom.example")
    with TestClient(create_app(s, backend())) as allowed:
        ok = allowed.options("/v1/summarize", headers=preflight)
        assert ok.headers["access-control-allow-origin"] == "https://newsroom.example"
        other = allowed.options(
            "/v1/summarize", headers={**preflight, "Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers


# ---------------------------------------------------------------- failures


def test_model_load_failure_fails_startup():
    def broken(_):
        raise ModelError("qwen", "SHA-256 mismatch")

    with pytest.raises(ModelError), TestClient(create_app(settings(), local(broken))):
        pass


def test_deadline_gives_504_and_the_service_goes_on():
    fuser = SlowFuser(delay=1.5)
    with TestClient(create_app(settings(request_timeout_s=0.3), backend(fuser))) as client:
        started = time.perf_counter()
        response = _post(client, {"articles": ARTICLES, "options": {"max_words": 40}})
        assert _error(response, 504)["type"] == "timeout"
        assert time.perf_counter() - started < 1.4
        assert client.get("/readyz").status_code == 200


def test_worker_failure_flips_readiness_and_fails_waiting_requests():
    fuser = CrashingFuser(delay=0.5)
    app = create_app(settings(queue_size=4), backend(fuser))
    with TestClient(app, raise_server_exceptions=False) as client:
        body = {"articles": ARTICLES, "options": {"max_words": 40}}
        with ThreadPoolExecutor(3) as pool:
            futures = [pool.submit(_post, client, body) for _ in range(3)]
            responses = [f.result(timeout=30) for f in futures]
        statuses = sorted(r.status_code for r in responses)
        assert statuses[0] >= 500 and all(s in (500, 503) for s in statuses), statuses
        assert 500 in statuses  # the request that hit the failure
        for r in responses:
            assert "model weights" not in r.text  # no internals leak
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").json()["worker_alive"] is False
        after = _post(client, body)
        assert _error(after, 503)["type"] == "unavailable"
        assert after.headers["retry-after"] == "5"


def test_no_article_text_in_logs(caplog):
    secret = "ZEBRA-EMBARGOED-7781"
    body = {
        "articles": [
            {
                "id": "a1",
                "title": f"Title {secret}",
                "url": f"https://x.test/{secret}",
                "text": ARTICLES[0]["text"] + f" {secret} said the mayor.",
            },
            ARTICLES[1],
        ],
        "options": {"max_words": 40},
    }
    with caplog.at_level(logging.DEBUG), TestClient(create_app(settings(), backend())) as client:
        assert _post(client, body).status_code == 200
        _post(client, {"articles": [{"id": "a", "text": secret, "colour": secret}]})
    assert "summarize accepted" in caplog.text
    assert secret not in caplog.text


# ---------------------------------------------------------------- real HTTP, concurrency


def test_overload_gives_429_with_retry_after_over_real_http():
    fuser = SlowFuser(delay=1.0)
    app = create_app(settings(queue_size=1, retry_after_s=7), backend(fuser))
    body = {"articles": ARTICLES, "options": {"max_words": 40}}
    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(http.post, "/v1/summarize", json=body) for _ in range(4)]
            responses = [f.result(timeout=30) for f in futures]
        codes = sorted(r.status_code for r in responses)
        assert 200 in codes and 429 in codes, codes
        rejected = next(r for r in responses if r.status_code == 429)
        assert rejected.headers["retry-after"] == "7"
        assert rejected.json()["error"]["type"] == "overloaded"


def test_parallel_clients_get_answers_and_health_stays_fast():
    fuser = SlowFuser(delay=0.5)
    app = create_app(settings(queue_size=2), backend(fuser))
    body = {"articles": ARTICLES, "options": {"max_words": 40}}
    with (
        live_server(app) as url,
        httpx.Client(base_url=url, timeout=60) as http,
        ThreadPoolExecutor(10) as pool,
    ):
        futures = [pool.submit(http.post, "/v1/summarize", json=body) for _ in range(20)]
        time.sleep(0.3)  # past the connection storm of the burst, into the inference
        health_ms, busy = [], 0
        for _ in range(10):
            started = time.perf_counter()
            assert http.get("/healthz").status_code == 200
            health_ms.append((time.perf_counter() - started) * 1000)
            busy += app.state.backend.depth > 0
            time.sleep(0.05)
        assert busy >= 5  # the probes really ran beside inference
        codes = [f.result(timeout=60).status_code for f in futures]
        # Recovered: ready with an empty queue once the burst is answered.
        ready = http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["queue_depth"] == 0
    assert set(codes) <= {200, 429, 503}, codes
    assert codes.count(200) >= 2
    # Never behind an inference (each takes 0.5 s, one after another for seconds: a probe
    # that waited for them would wait every time); typically a few ms, with slack for a loaded
    # CI machine where ten client threads share two cores with the server. One probe in ten
    # may hit a scheduling stall (seen at 0.76 and 0.95 s in 2 of about 10 full runs).
    assert statistics.median(health_ms) < 50 and sorted(health_ms)[-2] < 400, health_ms


def test_worker_failure_shuts_the_server_down_for_a_restart():
    app = create_app(settings(exit_on_worker_failure=True), backend(CrashingFuser()))
    body = {"articles": ARTICLES, "options": {"max_words": 40}}
    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        assert http.post("/v1/summarize", json=body).status_code == 500
        server = app.state.server
        deadline = time.monotonic() + 30
        while not server.should_exit and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.should_exit
        assert app.state.worker_failed  # `newsfuse serve` then exits with status 70


def test_grouped_fusion_counts_reach_the_response_and_metrics():
    with TestClient(create_app(settings(fusion="grouped"), backend(MergeFuser()))) as c:
        body = _post(c, {"articles": ARTICLES, "options": {"max_words": 40}}).json()
        metrics = c.get("/metrics").text
    fusion = body["fusion"]
    assert fusion["groups"] == groups_in(body) and fusion["merges_tried"] >= 1
    assert {s["method"] for s in body["sentences"]} <= {
        "fused",
        "fallback",
        "verbatim",
        "compressed",
    }
    kept = fusion["merges_tried"] - fusion["merges_failed"]
    assert f'newsfuse_fusion_merges_total{{outcome="kept"}} {float(kept)}' in metrics
    for method in {s["method"] for s in body["sentences"]}:
        assert f'newsfuse_fusion_sentences_total{{method="{method}"}}' in metrics


# ---------------------------------------------------------------- follow-ups


@pytest.mark.parametrize(
    ("options", "param"),
    [
        ({"focus": ""}, "options.focus"),
        ({"focus": "  \n "}, "options.focus"),
        ({"focus": "x" * 301}, "options.focus"),
        ({"focus": 7}, "options.focus"),
        ({"seen": ["a9"]}, "options.seen[0]"),
        ({"seen": "a1"}, "options.seen"),
        ({"seen": [1]}, "options.seen[0]"),
        ({"seen": ["a1", "a2"]}, "options.seen"),
        ({"seen": ["a1"], "previous_summary": "The budget passed."}, "options.previous_summary"),
        ({"previous_summary": ""}, "options.previous_summary"),
        ({"previous_summary": "x" * 10_001}, "options.previous_summary"),
    ],
)
def test_bad_followup_options_are_422_naming_the_field(client, options, param):
    error = _error(_post(client, {"articles": ARTICLES, "options": options}), 422, param)
    if options.get("seen") == ["a9"]:
        assert "a9" in error["message"]


def test_followup_options_are_echoed_with_their_counts(client):
    options = {"max_words": 40, "mode": "extractive", "seen": ["a1"], "focus": "school budget"}
    response = _post(client, {"articles": ARTICLES, "options": options})
    assert response.status_code == 200, response.text
    doc = response.json()
    followup = doc["followup"]
    assert followup["focus"] == "school budget" and followup["seen"] == ["a1"]
    assert followup["kept"] <= followup["candidates"]
    assert all(c["article_id"] == "a2" for s in doc["sentences"] for c in s["citations"])
    assert "followup" not in _post(client, {"articles": ARTICLES}).json()
