"""`newsfuse serve` as a real process: real models, real HTTP on 127.0.0.1."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS
from tests.service_helpers import free_port
from tests.service_helpers import serve_process as _serve

pytestmark = pytest.mark.real


SECRET = "QUOKKA-EMBARGO-5521"


def _metric(text: str, series: str) -> float:
    """The value of one Prometheus series in an exposition text."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{series} not in /metrics")


def test_server_summarizes_the_seed_bundle_over_http(tmp_path):
    port = free_port()
    log_path = tmp_path / "server.log"
    log = log_path.open("wb")
    # DEBUG logs, every library's included, go to a file that is searched for the embargoed
    # title, URL and text afterwards.
    proc = _serve(port, stderr=log, NEWSFUSE_LOG_LEVEL="DEBUG")
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, log_path.read_text()[-2000:]
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server not ready within 300 s"
            time.sleep(0.5)
        articles = [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]
        articles[0]["title"] = f"Exclusive {SECRET}"
        articles[0]["url"] = f"https://news.example/{SECRET.lower()}"
        articles[1]["text"] += f"\nThe envoy {SECRET} declined to comment on the talks."
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
        misses = _metric(metrics, 'newsfuse_embed_cache_lookups_total{result="miss"}')
        # The same bundle again: every sentence's vector comes from the cache.
        again = httpx.post(
            f"{url}/v1/summarize",
            json={"articles": articles, "options": {"max_words": 100, "mode": "extractive"}},
            timeout=600,
        )
        assert again.status_code == 200, again.text
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
        assert _metric(metrics, 'newsfuse_embed_cache_lookups_total{result="miss"}') == misses
        assert _metric(metrics, 'newsfuse_embed_cache_lookups_total{result="hit"}') >= 100
        assert _metric(metrics, "newsfuse_embed_cache_entries") == misses > 100
        bad = httpx.post(f"{url}/v1/summarize", json={"articles": [{"text": f"<p>{SECRET}</p>"}]})
        assert bad.status_code == 422
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=120)
        log.close()
    # Graceful shutdown, then uvicorn re-raises the signal it caught.
    assert code in (0, -signal.SIGTERM)
    logs = log_path.read_text(errors="replace")
    assert '"summarize accepted"' in logs  # the logs were captured
    assert SECRET not in logs and SECRET.lower() not in logs


def test_server_exits_non_zero_when_models_cannot_load(tmp_path):
    proc = _serve(free_port(), NEWSFUSE_FUSER=str(tmp_path / "no-such-model"))
    code = proc.wait(timeout=300)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert code == 3, stderr[-2000:]
    assert "model load failed" in stderr


def _prepared_gguf_copy(tmp_path: Path) -> Path:
    """A copy of the prepared default fuser's llama.cpp directory in its own model dir."""
    from models.provision import DEFAULT_FUSER, GGUF_FILE, gguf_dir
    from service.settings import Settings

    copy = gguf_dir(DEFAULT_FUSER, tmp_path)
    shutil.copytree(gguf_dir(DEFAULT_FUSER, Settings().model_dir), copy)
    return copy / GGUF_FILE


def test_model_truncated_on_disk_is_caught_at_start_not_mid_request(tmp_path):
    weights = _prepared_gguf_copy(tmp_path)
    with weights.open("r+b") as fh:  # one byte short
        fh.truncate(weights.stat().st_size - 1)
    proc = _serve(free_port(), NEWSFUSE_MODEL_DIR=str(tmp_path), NEWSFUSE_ENGINE="llamacpp")
    code = proc.wait(timeout=300)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert code == 3, stderr[-2000:]
    assert "model load failed" in stderr
    assert f"{weights.name}: missing or truncated" in stderr  # names the file


def test_a_changed_byte_is_caught_by_models_verify(tmp_path, capsys):
    """A start checks sizes only (the files were hashed when prepared); `newsfuse models
    verify` re-hashes and names the file."""
    from service.cli import main

    weights = _prepared_gguf_copy(tmp_path)
    with weights.open("r+b") as fh:  # one flipped byte deep inside the weights, same size
        fh.seek(weights.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    assert main(["models", "verify", "--model-dir", str(tmp_path)]) == 3
    assert f"{weights}: SHA-256 mismatch" in capsys.readouterr().err
