"""Over NEWSFUSE_MAX_CONNECTIONS, a real server process answers in the documented shape: many
more concurrent connections than the limit, each on its own socket, against `newsfuse serve`'s
uvicorn options with a fake, slow pipeline."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.service_helpers import ARTICLES, free_port, serve_app_process, stop_process, wait_ready

LIMIT = 3
CLIENTS = 16


def test_past_the_connection_limit_every_refusal_is_a_json_503_with_retry_after():
    port = free_port()
    proc = serve_app_process(
        "tests.service_helpers:slow_app",
        port,
        NEWSFUSE_MAX_CONNECTIONS=str(LIMIT),
        NEWSFUSE_QUEUE_SIZE="64",  # the queue never fills: only the connection limit refuses
        NEWSFUSE_TEST_DELAY_S="0.3",
        NEWSFUSE_RETRY_AFTER_S="7",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, timeout_s=60)
        body = {"articles": ARTICLES, "options": {"max_words": 40, "mode": "abstractive"}}

        def post(_: int) -> httpx.Response:
            with httpx.Client(timeout=60) as client:  # a connection of its own
                return client.post(f"{url}/v1/summarize", json=body)

        with ThreadPoolExecutor(CLIENTS) as pool:
            responses = list(pool.map(post, range(CLIENTS)))
        # The probes answer while the server is saturated... and after it.
        assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
    finally:
        stop_process(proc, timeout=30)
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) == {200, 503}, statuses
    refused = [r for r in responses if r.status_code == 503]
    for r in refused:
        assert r.headers["content-type"] == "application/json", r.text
        assert r.headers["retry-after"] == "7"
        assert r.json() == {
            "error": {
                "type": "overloaded",
                "message": f"the server is at its limit of {LIMIT} requests in progress",
                "param": None,
            }
        }
    counted = re.search(
        r'^newsfuse_rejected_total\{reason="max_connections"\} (\S+)$', metrics, re.M
    )
    assert counted and float(counted.group(1)) == len(refused), metrics
