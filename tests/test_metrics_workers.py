"""Metrics a Prometheus server can use as they are: summed across `--workers`, with each
worker's process series, and the dashboard and alert rules in deploy/ naming only series the
service exports."""

from __future__ import annotations

import json
import re

import httpx
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.app import create_app
from tests.conftest import ROOT
from tests.service_helpers import (
    ARTICLES,
    backend,
    free_port,
    serve_app_process,
    settings,
    stop_process,
    wait_ready,
)

DEPLOY = ROOT / "deploy"
SERIES = re.compile(r"\b((?:newsfuse|process)_[a-z0-9_]+)\b")


def _samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    return [
        (s.name, s.labels, s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]


def _value(text: str, name: str, **labels: str) -> float:
    found = [v for n, ls, v in _samples(text) if n == name and ls == labels]
    assert len(found) == 1, (name, labels, found)
    return found[0]


def test_under_two_workers_every_scrape_reports_both_workers_total():
    port = free_port()
    proc = serve_app_process("tests.service_helpers:slow_app", port, workers=2)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, timeout_s=90)
        n = 40
        for _ in range(n):  # a connection each, so the kernel spreads them over the workers
            with httpx.Client(timeout=30) as client:
                assert client.get(f"{url}/healthz").status_code == 200
        scrapes = []
        for _ in range(12):
            with httpx.Client(timeout=30) as client:
                scrapes.append(client.get(f"{url}/metrics").text)
    finally:
        stop_process(proc, timeout=60)
    for text in scrapes:
        assert _value(text, "newsfuse_requests_total", endpoint="/healthz", status="200") == n
        assert _value(text, "newsfuse_ready") == 1
        pids = {ls["pid"] for name, ls, _ in _samples(text) if name == "process_cpu_seconds_total"}
        assert len(pids) == 2, pids  # each worker's process series, by pid


def _exported() -> set[str]:
    """Every sample name one process exports once it has served a summary, with what the fake
    pipeline lacks as the real one has it: a refusal, grouped fusion's merges, an embedding
    cache."""
    with TestClient(create_app(settings(), backend())) as client:
        client.post("/v1/summarize", json={"articles": ARTICLES, "options": {"max_words": 40}})
        metrics = client.app.state.metrics
        metrics.rejected.labels("max_connections")
        metrics.fusion_merges.labels("kept")
        stats = dict.fromkeys(("entries", "max_entries", "hits", "misses", "evictions"), 1)
        metrics.watch_embed_cache(lambda: stats)
        text = client.get("/metrics").text
    return {name for name, _, _ in _samples(text)}


def _named_in_dashboard() -> set[str]:
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert exprs
    return {name for expr in exprs for name in SERIES.findall(expr)}


def _named_in_alerts() -> set[str]:
    rules = yaml.safe_load((DEPLOY / "prometheus-alerts.yml").read_text())
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert alerts and all({"alert", "expr", "labels", "annotations"} <= set(r) for r in alerts)
    return {name for r in alerts for name in SERIES.findall(str(r["expr"]))}


def test_the_dashboard_and_the_alerts_name_only_series_the_service_exports():
    exported = _exported()
    for where, named in (("dashboard", _named_in_dashboard()), ("alerts", _named_in_alerts())):
        assert named, where
        assert named - exported == set(), f"{where} names series nobody exports"
