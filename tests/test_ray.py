"""newsfuse on a local Ray cluster (loopback only, started and stopped by this module): Serve
replicas behind the one HTTP app, a replica killed under load, the batch job interrupted and
resumed, and the real pipeline end to end.

Needs the ``ray`` extra (``make test`` installs it). Without it these tests are skipped with a
message saying so, except where ``NEWSFUSE_REQUIRE_RAY=1`` (set by .ci/run) or ``CI`` is set:
there a missing extra is a failure.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from models import summary_to_dict
from service.app import create_app
from service.batch import WorkersFailed, WorkersLost, run_batch
from service.settings import Settings
from tests.conftest import ROOT, SEEDS
from tests.service_helpers import (
    ARTICLES,
    DyingFuser,
    FailingFuser,
    JournalFuser,
    SlowFuser,
    backend,
    factory,
    free_port,
    read_journal,
    settings,
    stop_process,
    unloadable,
)

try:
    import ray
    from ray import serve

    from service.ray.serve import APP_NAME, app_builder, build_app
except ImportError:
    if os.environ.get("NEWSFUSE_REQUIRE_RAY") == "1" or os.environ.get("CI"):
        raise
    pytest.skip(
        "SKIPPED: Ray tests need the ray extra (pip install -e '.[ray]'; make test installs it)",
        allow_module_level=True,
    )

# A local Ray cluster: seconds to start, more per test.
pytestmark = pytest.mark.slow

BODY = {"articles": ARTICLES, "options": {"max_words": 40}}


@pytest.fixture(scope="module")
def cluster():
    """A one-node Ray cluster on 127.0.0.1 with Serve's HTTP proxy on a free loopback port;
    everything it started is stopped at the end, whatever the tests did."""
    temp = tempfile.mkdtemp(prefix="nfray", dir="/tmp")  # short: Ray's socket paths are capped
    env = {"RAY_USAGE_STATS_ENABLED": "0", "PYTHONPATH": str(ROOT)}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the raylet and its workers inherit these
    try:
        context = ray.init(
            num_cpus=4,  # logical: 2 replicas and 2 batch actors may coexist on 2 cores
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            _temp_dir=temp,
            log_to_driver=False,
            runtime_env={"env_vars": env},
        )
        port = free_port()
        serve.start(http_options={"host": "127.0.0.1", "port": port})
        yield {
            "url": f"http://127.0.0.1:{port}",
            "port": port,
            "address": context.address_info["gcs_address"],
            "logs": context.address_info["session_dir"] + "/logs",
        }
    finally:
        try:
            serve.shutdown()
        finally:
            ray.shutdown()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def deploy(cluster):
    """Deploy the newsfuse app with the given settings and pipeline factory; removed after."""

    def run(s: Settings, pipeline_factory=None) -> str:
        serve.run(build_app(s, pipeline_factory), name=APP_NAME, route_prefix="/")
        return cluster["url"]

    yield run
    serve.delete(APP_NAME)


def post_until_done(url: str, body: dict, attempts: int = 10) -> tuple[httpx.Response, int]:
    """POST, retrying a 503 after its Retry-After (as a client should); returns the final
    response and how many 503s it saw (each must carry Retry-After)."""
    unavailable = 0
    for _ in range(attempts):
        response = httpx.post(f"{url}/v1/summarize", json=body, timeout=120)
        if response.status_code != 503:
            return response, unavailable
        assert response.headers.get("Retry-After")
        unavailable += 1
        time.sleep(min(float(response.headers["Retry-After"]), 2.0))
    return response, unavailable


def comparable(doc: dict) -> dict:
    """The document less its timings and the identity the HTTP API adds to the model block
    (``version``, ``models``: what /v1/info states), which a bare pipeline does not write."""
    model = {k: v for k, v in doc["model"].items() if k not in ("version", "models")}
    return {**{k: v for k, v in doc.items() if k != "timings_ms"}, "model": model}


def strip_salience(doc: dict) -> dict:
    """``doc`` with its selection's salience scores left out."""
    selection = [{k: v for k, v in s.items() if k != "salience"} for s in doc["selection"]]
    return {**doc, "selection": selection}


def test_two_replicas_serve_concurrent_requests_like_the_single_process_app(deploy, tmp_path):
    journal = tmp_path / "journal"
    s = settings(ray_min_replicas=2, ray_max_replicas=2)
    url = deploy(s, factory(JournalFuser(str(journal), delay=1.0)))
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: post_until_done(url, BODY)[0], range(4)))
    assert [r.status_code for r in responses] == [200] * 4, responses[0].text
    # Both replicas ran summaries, and at the same time.
    events = read_journal(journal)
    assert len(events) == 2, events
    spans = {
        pid: (min(t for e, t in ev if e == "start"), max(t for e, t in ev if e == "end"))
        for pid, ev in events.items()
    }
    (a0, a1), (b0, b1) = spans.values()
    assert a0 < b1 and b0 < a1, spans
    # The same document the single-process server answers (same app, same pipeline).
    with TestClient(create_app(settings(), backend())) as client:
        local = client.post("/v1/summarize", json=BODY)
    assert local.status_code == 200
    for r in responses:
        assert comparable(r.json()) == comparable(local.json())
    assert httpx.get(f"{url}/readyz").json()["ready"] is True
    assert httpx.get(f"{url}/v1/models").json()["model"]["fuser"] == "echo-fuser"
    bad = httpx.post(f"{url}/v1/summarize", json={"articles": [{"text": "<b>x</b>"}]})
    assert (bad.status_code, bad.json()["error"]["param"]) == (422, "articles[0].text")
    # Extractive requests skip the replica's batch queue (nothing to batch): same document.
    extractive = {**BODY, "options": {**BODY.get("options", {}), "mode": "extractive"}}
    remote = httpx.post(f"{url}/v1/summarize", json=extractive, timeout=60)
    assert remote.status_code == 200, remote.text
    with TestClient(create_app(settings(), backend())) as client:
        local = client.post("/v1/summarize", json=extractive)
    assert remote.json()["model"]["engine"] == "extractive"
    assert comparable(remote.json()) == comparable(local.json())


def test_a_replica_killed_mid_load_loses_no_accepted_request(deploy, tmp_path):
    """Guarantee tested: every request the ingress accepted while a replica is SIGKILLed
    (the requests running and queued on it included) ends 200 with its summary: the ingress
    re-sends it to a live replica (newsfuse_replica_retries_total counts that) or, past its
    retries, answers 503 with Retry-After and the client's retry gets it done."""
    journal = tmp_path / "journal"
    s = settings(ray_min_replicas=2, ray_max_replicas=2)
    url = deploy(s, factory(JournalFuser(str(journal), delay=1.5)))
    bodies = [
        {"articles": [{**a, "id": f"{a['id']}-{n}"} for a in ARTICLES], "options": BODY["options"]}
        for n in range(8)
    ]
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(post_until_done, url, body) for body in bodies]
        deadline = time.monotonic() + 60
        while len(read_journal(journal)) < 2:  # both replicas are summarising
            assert time.monotonic() < deadline, "the replicas never both started"
            time.sleep(0.05)
        victim = next(iter(read_journal(journal)))
        os.kill(victim, signal.SIGKILL)
        results = [f.result(timeout=180) for f in futures]
    victim_events = read_journal(journal)[victim]
    # The victim died with a summary running (a start without its end).
    assert [e for e, _ in victim_events].count("start") > [e for e, _ in victim_events].count("end")
    for body, (response, _) in zip(bodies, results, strict=True):
        assert response.status_code == 200, response.text
        cited = {c["article_id"] for s in response.json()["sentences"] for c in s["citations"]}
        assert cited <= {a["id"] for a in body["articles"]}  # its own summary, not another's
    metrics = httpx.get(f"{url}/metrics").text
    retried = [ln for ln in metrics.splitlines() if ln.startswith("newsfuse_replica_retries_total")]
    assert retried and float(retried[0].split()[-1]) >= 1, retried


def test_batch_job_on_ray_resumes_after_a_kill_without_duplicates_or_gaps(cluster, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        json.dumps(
            {"id": f"b{i:02d}", "articles": [{**a, "id": f"{a['id']}-{i}"} for a in ARTICLES]}
        )
        for i in range(24)
    ]
    lines[5] = json.dumps({"id": "b05", "articles": [{"text": "<p>markup</p>"}]})
    src.write_text("\n".join(lines) + "\n")
    driver = (
        "import sys, ray\n"
        "from pathlib import Path\n"
        "from service.batch import run_batch\n"
        "from tests.service_helpers import SlowFuser, factory, settings\n"
        "ray.init(address=sys.argv[1])\n"
        "run_batch(Path(sys.argv[2]), Path(sys.argv[3]), settings(), use_ray=True, replicas=2,\n"
        "          pipeline_factory=factory(SlowFuser(0.4)), progress=False)\n"
    )
    job = subprocess.Popen(
        [sys.executable, "-c", driver, cluster["address"], str(src), str(out)], cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 120
        while not out.exists() or out.read_text().count("\n") < 8:
            assert job.poll() is None, "the job ended before it could be interrupted"
            assert time.monotonic() < deadline, "the job wrote too little"
            time.sleep(0.05)
        job.send_signal(signal.SIGKILL)
    finally:
        job.kill()
        job.wait(30)
    interrupted = out.read_text().count("\n")
    assert 8 <= interrupted < 24
    counts = run_batch(
        src, out, settings(), use_ray=True, replicas=2, pipeline_factory=factory(SlowFuser(0.1))
    )
    assert counts["skipped"] == interrupted and counts["written"] == 24 - interrupted
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [r["id"] for r in records]
    assert sorted(ids) == [f"b{i:02d}" for i in range(24)]  # each once: no duplicate, no gap
    by_id = {r["id"]: r for r in records}
    assert by_id["b05"]["error"]["param"] == "articles[0].text"
    # The same records as the job in this process writes.
    local = tmp_path / "local.jsonl"
    run_batch(src, local, settings(), use_ray=False, pipeline_factory=factory(), progress=False)
    for r in (json.loads(line) for line in local.read_text().splitlines()):
        if "response" in r:
            assert comparable(by_id[r["id"]]["response"]) == comparable(r["response"])
        else:
            assert by_id[r["id"]] == r


def batch_input(path, n: int) -> None:
    path.write_text(
        "".join(
            json.dumps(
                {"id": f"b{i:02d}", "articles": [{**a, "id": f"{a['id']}-{i}"} for a in ARTICLES]}
            )
            + "\n"
            for i in range(n)
        )
    )


def test_batch_on_ray_does_not_start_when_no_actor_can_load_its_models(cluster, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    batch_input(src, 6)
    with pytest.raises(WorkersFailed, match=r"no batch worker could start: .*not prepared in"):
        run_batch(src, out, settings(), use_ray=True, replicas=2, pipeline_factory=unloadable)
    assert not out.exists() or out.read_text() == ""  # nothing marked failed: a re-run does all


def test_batch_on_ray_drops_an_actor_dead_for_good_and_a_rerun_retries_its_bundles(
    cluster, tmp_path
):
    """One of two actors dies at its first bundle and may not restart: only the chunks that
    were on it get a 503 record (it is not sent more); the other actor does the rest."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    batch_input(src, 12)
    dies_once = factory(DyingFuser(delay=0.3, once=str(tmp_path / "died")))
    s = settings(ray_request_retries=0)
    counts = run_batch(
        src, out, s, use_ray=True, replicas=2, pipeline_factory=dies_once, progress=False
    )
    records = [json.loads(line) for line in out.read_text().splitlines()]
    failed = [r["id"] for r in records if "error" in r]
    assert (tmp_path / "died").exists()
    assert 1 <= len(failed) <= 2 and counts["errors"] == len(failed), failed
    assert all(r["error"]["status"] == 503 for r in records if "error" in r)
    assert len(records) == 12
    again = run_batch(src, out, s, use_ray=True, replicas=2, pipeline_factory=factory())
    assert again["written"] == len(failed) and again["errors"] == 0
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(ids) == [f"b{i:02d}" for i in range(12)]  # each once
    assert all("response" in json.loads(line) for line in out.read_text().splitlines())


def test_batch_on_ray_with_every_actor_dead_stops_with_an_error(cluster, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    batch_input(src, 12)
    s = settings(ray_request_retries=0)
    with pytest.raises(WorkersLost, match="every batch worker died"):
        run_batch(src, out, s, use_ray=True, replicas=2, pipeline_factory=factory(DyingFuser()))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert 2 <= len(records) <= 4  # the chunks that were in flight, not the whole archive
    assert {r["error"]["status"] for r in records} == {503}
    run_batch(src, out, s, use_ray=True, replicas=2, pipeline_factory=factory(), progress=False)
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(ids) == [f"b{i:02d}" for i in range(12)]


def test_app_builder_refuses_settings_it_does_not_know():
    with pytest.raises(ValueError, match="unknown newsfuse setting.*: ray_max_replica, workerz"):
        app_builder({"ray_max_replica": "3", "workerz": "2", "queue_size": "4"})


def hello(request) -> str:
    return "hello"


def serve_ray(cluster: dict, log: Path, check_s: float) -> subprocess.Popen[bytes]:
    """`newsfuse serve --ray --ray-address` (the fake pipeline) joining the test cluster, its
    log to ``log``; returns once it serves (it logs so after its signal handlers are in)."""
    driver = (
        "import sys\n"
        "from service.logs import configure_logging\n"
        "from service.ray.serve import run\n"
        "from tests.service_helpers import factory, settings\n"
        "configure_logging('text', 'INFO')\n"
        "s = settings(ray_address=sys.argv[1], port=int(sys.argv[2]), ray_max_replicas=1)\n"
        f"sys.exit(run(s, factory(), check_s={check_s}))\n"
    )
    cmd = [sys.executable, "-c", driver, cluster["address"], str(cluster["port"])]
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stderr=fh)
    deadline = time.monotonic() + 120
    while "serving on Ray" not in log.read_text():
        assert proc.poll() is None, f"serve --ray exited with {proc.returncode}"
        assert time.monotonic() < deadline, "serve --ray never served"
        time.sleep(0.5)
    return proc


def test_serve_ray_on_a_shared_cluster_removes_only_its_app_and_exits_if_it_dies(cluster, tmp_path):
    """On SIGTERM, `serve --ray --ray-address` deletes its own application, not Serve (other
    applications on the cluster go on); when its application goes away it exits 70."""
    serve.run(
        serve.deployment(hello, ray_actor_options={"num_cpus": 0}).bind(),
        name="other",
        route_prefix="/other",
    )
    log = tmp_path / "serve.log"
    proc = serve_ray(cluster, log, check_s=1.0)
    try:
        assert serve.status().applications[APP_NAME].status == "RUNNING"
        assert stop_process(proc, timeout=60) == 0
        apps = serve.status().applications
        assert APP_NAME not in apps and apps["other"].status == "RUNNING"
        assert httpx.get(f"{cluster['url']}/other").text == "hello"

        proc = serve_ray(cluster, log, check_s=1.0)
        serve.delete(APP_NAME)  # the application dies under it
        assert proc.wait(timeout=60) == 70
        assert "the application is not running: stopping" in log.read_text()
    finally:
        stop_process(proc, timeout=30)
        serve.delete("other")
        serve.delete(APP_NAME)


def log_hits(logs: Path, needle: bytes) -> dict[str, int]:
    """Occurrences of ``needle`` in each file of Ray's log directory that has it."""
    hits = {str(p): p.read_bytes().count(needle) for p in logs.rglob("*") if p.is_file()}
    return {name: n for name, n in hits.items() if n}


def wait_logged(logs: Path, needle: bytes, more_than: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while (n := sum(log_hits(logs, needle).values())) <= more_than:
        assert time.monotonic() < deadline, f"{needle!r} never reached Ray's log directory"
        time.sleep(0.5)
    return n


def test_an_engine_error_quoting_the_article_reaches_no_reply_and_no_log(
    cluster, deploy, tmp_path, caplog
):
    """The embargo rule on Ray: an engine error whose message quotes the article (on a Serve
    replica, then in a batch actor) is in no reply, no record, no log of this process and no
    file of Ray's log directory for the session."""
    secret = "Zeppelin Seventeen lands at dawn behind the old mill."
    body = {"articles": [{"id": "e1", "text": secret}], "options": {"max_words": 20}}
    logs = Path(cluster["logs"])
    before = sum(log_hits(logs, b"summary failed").values())
    caplog.set_level(logging.DEBUG)
    url = deploy(settings(ray_max_replicas=1), factory(FailingFuser("Zeppelin")))
    response = httpx.post(f"{url}/v1/summarize", json=body, timeout=60)
    assert response.status_code == 500 and "Zeppelin" not in response.text
    # The failure was logged there (by its type): the right directory, and written to.
    served = wait_logged(logs, b"summary failed", before)
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "e1", **body}) + "\n")
    leaky = factory(FailingFuser("Zeppelin"))
    counts = run_batch(src, out, settings(), use_ray=True, replicas=1, pipeline_factory=leaky)
    assert counts["errors"] == 1 and "Zeppelin" not in out.read_text()
    wait_logged(logs, b"summary failed", served)  # the batch actor's line
    assert not any("Zeppelin" in repr(vars(r)) for r in caplog.records)
    assert log_hits(logs, b"Zeppelin") == {}


@pytest.mark.real
def test_real_pipeline_on_ray_serve_answers_what_one_process_answers(deploy, real_pipeline):
    """The real models in one replica (2 CPUs: the same threads as the session's pipeline, so
    the same greedy output) through the ingress, against the same pipeline in this process."""
    articles = [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]
    body = {"articles": articles, "options": {"max_words": 60}}
    s = Settings(log_format="text", exit_on_worker_failure=False, device="cpu", ray_replica_cpus=2)
    url = deploy(s.model_copy(update={"ray_min_replicas": 1, "ray_max_replicas": 1}))
    response = httpx.post(f"{url}/v1/summarize", json=body, timeout=600)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["model"]["engine"] == "llamacpp"
    # Within the budget; at 60 words the seed has only two distinct facts short enough to fit
    # since each fact is told once (the summary says so in its short_summary warning).
    assert 0 < len(doc["summary"].split()) <= 60
    from models import Article, Pipeline, SummaryOptions
    from models.stages.embedcache import CachedEncoder, EmbeddingCache

    # The session's pipeline has embedded these sentences before, for other tests, in other
    # batches, and a vector depends on its batch: in its last bits (padding changes the
    # kernels' summation order), and at int8 (the embedder on a CPU without bfloat16, whose
    # activation scale is the batch's) by up to 0.02 in a coordinate. So the same models with
    # an empty cache, embedding the bundle as the fresh replica does.
    p = real_pipeline
    assert isinstance(p.encoder, CachedEncoder)
    fresh = Pipeline(
        CachedEncoder(p.encoder.encoder, EmbeddingCache(4096)),
        p.generator,
        p.config,
        device=p.device,
        attribution=p.attribution,
        multilingual=p.multilingual,
        detector=p.detector,
        followup=p.followup,
    )
    local = fresh.summarize(
        [Article(id=a["id"], text=a["text"]) for a in articles], SummaryOptions(max_words=60)
    )
    ray_doc, here = comparable(doc), comparable(summary_to_dict(local))
    assert strip_salience(ray_doc) == strip_salience(here)
    for a, b in zip(ray_doc["selection"], here["selection"], strict=True):
        assert a["salience"] == pytest.approx(b["salience"], abs=1e-3)
