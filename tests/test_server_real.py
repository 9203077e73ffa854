"""`newsfuse serve` as a real process: real models, real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, SEEDS
from tests.service_helpers import free_port

pytestmark = pytest.mark.real


def _serve(port: int, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "NEWSFUSE_DEVICE": "cpu", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_server_summarizes_the_seed_bundle_over_http():
    port = free_port()
    proc = _serve(port)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server not ready within 300 s"
            time.sleep(0.5)
        articles = [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]
        response = httpx.post(
            f"{url}/v1/summarize",
            json={"articles": articles, "options": {"max_words": 100}},
            timeout=600,
        )
        assert response.status_code == 200, response.text
        doc = response.json()
        assert doc["model"]["engine"] == "llamacpp"  # the default on CPU
        assert 80 <= len(doc["summary"].split()) <= 100
        texts = {a["id"]: a["text"] for a in articles}
        for sentence in doc["sentences"]:
            assert sentence["citations"]
            for c in sentence["citations"]:
                cited = texts[c["article_id"]][c["start"] : c["end"]]
                assert cited and cited == cited.strip()
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
        assert 'newsfuse_requests_total{endpoint="/v1/summarize",status="200"} 1.0' in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=120)
    # Graceful shutdown, then uvicorn re-raises the signal it caught.
    assert code in (0, -signal.SIGTERM)


def test_server_exits_non_zero_when_models_cannot_load(tmp_path):
    proc = _serve(free_port(), NEWSFUSE_FUSER=str(tmp_path / "no-such-model"))
    code = proc.wait(timeout=300)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert code == 3, stderr[-2000:]
    assert "model load failed" in stderr
