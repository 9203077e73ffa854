"""Micro-batching: the worker groups what arrives together; the pipeline fuses it in one call."""

from __future__ import annotations

import threading
import time
from concurrent.futures import CancelledError

import pytest
from fastapi.testclient import TestClient

from models import Article, InputError, Pipeline, PipelineConfig, SummaryOptions
from service.app import create_app
from service.backend import local
from service.runner import BatchPolicy, PipelineBroken
from service.worker import InferenceWorker, WorkerDead
from tests.fakes import BatchingEchoFuser, HashingEncoder
from tests.service_helpers import ARTICLES, settings


class Recorder:
    """A runner that records its batches; the first run blocks until released."""

    def __init__(self, max_batch: int = 1, window_s: float = 0.0, batchable=None) -> None:
        self.batches: list[list[object]] = []
        self.release = threading.Event()
        self.policy = BatchPolicy(max_batch, window_s, hang_s=0)  # no watchdog
        self.batchable = batchable or (lambda payload: True)

    def run(self, payloads: list[object]) -> list[object]:
        if not self.batches:
            self.release.wait(5)
        self.batches.append(payloads)
        return [ValueError(p) if p == "bad" else f"done {p}" for p in payloads]

    def overdue(self) -> bool:
        return False


def test_jobs_waiting_together_run_as_one_batch_and_fail_alone():
    run = Recorder(max_batch=3)
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        first = worker.submit("first")
        time.sleep(0.1)  # the worker is now busy with "first"
        rest = [worker.submit(p) for p in ("a", "bad", "b", "c")]
        assert worker.depth == 5
        run.release.set()
        assert first.result(5) == "done first"
        assert rest[0].result(5) == "done a"
        with pytest.raises(ValueError):
            rest[1].result(5)
        assert [f.result(5) for f in (rest[2], rest[3])] == ["done b", "done c"]
        assert [len(b) for b in run.batches] == [1, 3, 1]  # max_batch caps a batch
    finally:
        worker.stop()


def test_the_window_gathers_jobs_that_arrive_just_after():
    run = Recorder(max_batch=4, window_s=0.3)
    run.release.set()
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        futures = [worker.submit("x")]
        time.sleep(0.05)
        futures.append(worker.submit("y"))
        assert [f.result(5) for f in futures] == ["done x", "done y"]
        assert [len(b) for b in run.batches] == [2]
    finally:
        worker.stop()


def test_a_job_that_does_not_generate_runs_alone_without_the_window():
    # A batchable job would wait 5 s for company.
    run = Recorder(max_batch=4, window_s=5.0, batchable=lambda p: not str(p).startswith("ext"))
    run.release.set()
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        started = time.monotonic()
        assert worker.submit("ext-alone").result(5) == "done ext-alone"
        assert time.monotonic() - started < 2.0
        assert run.batches == [["ext-alone"]]
    finally:
        worker.stop()


def test_a_job_that_cannot_join_the_batch_being_gathered_runs_before_it():
    run = Recorder(max_batch=4, batchable=lambda p: not str(p).startswith("ext"))
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        first = worker.submit("first")
        time.sleep(0.1)  # the worker is busy with "first"; these queue up behind it
        queued = [worker.submit(p) for p in ("a", "ext", "b")]
        assert worker.depth == 4
        run.release.set()
        assert [f.result(5) for f in (first, *queued)] == [
            "done first",
            "done a",
            "done ext",
            "done b",
        ]
        # "ext" arrived while "a" was gathering company: it ran first, "a" right after.
        assert run.batches == [["first"], ["ext"], ["a"], ["b"]]
    finally:
        worker.stop()


def test_stopping_fails_the_jobs_held_back_for_a_job_that_runs_alone():
    # The first batch blocks until released.
    run = Recorder(max_batch=4, window_s=0.5, batchable=lambda p: not str(p).startswith("ext"))
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    a = worker.submit("a")
    ext = worker.submit("ext")  # arrives in "a"'s window: runs first, "a" is held for after
    time.sleep(0.2)
    assert worker.depth == 2
    worker.stop(timeout=0.1)
    with pytest.raises(WorkerDead):
        a.result(5)
    run.release.set()
    assert ext.result(5) == "done ext"  # the running job finishes
    assert run.batches == [["ext"]]


def test_a_predicate_that_raises_fails_only_its_caller():
    def batchable(payload: object) -> bool:
        if payload == "odd":
            raise TypeError("not a job")
        return True

    run = Recorder(max_batch=4, batchable=batchable)
    run.release.set()
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        with pytest.raises(TypeError):
            worker.submit("odd")
        assert worker.alive and worker.submit("x").result(5) == "done x"
    finally:
        worker.stop()


def test_a_cancelled_job_never_runs():
    run = Recorder(max_batch=4)
    worker = InferenceWorker(run, queue_size=10)
    worker.start()
    try:
        worker.submit("first")
        time.sleep(0.1)
        gone = worker.submit("gone")
        kept = worker.submit("kept")
        assert gone.cancel()
        run.release.set()
        assert kept.result(5) == "done kept"
        with pytest.raises(CancelledError):
            gone.result(0)
        assert ["gone" in b for b in run.batches] == [False, False]
    finally:
        worker.stop()


def test_a_fatal_error_fails_the_batch_and_stops_the_worker():
    class Broken(Recorder):
        def run(self, payloads: list[object]) -> list[object]:
            raise PipelineBroken("ModelError")

    worker = InferenceWorker(Broken(max_batch=4), queue_size=10)
    worker.start()
    future = worker.submit("x")
    with pytest.raises(PipelineBroken):
        future.result(5)
    worker._thread.join(5)
    assert not worker.alive
    with pytest.raises(WorkerDead):
        worker.submit("y")


def _articles(texts):
    from models import Article

    return [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]


def test_summarize_many_fuses_in_one_call_and_isolates_bad_input():
    fuser = BatchingEchoFuser()
    pipeline = Pipeline(HashingEncoder(), fuser, PipelineConfig(fusion="oneshot"))
    good = _articles([a["text"] for a in ARTICLES])
    options = SummaryOptions(max_words=30)
    junk = [Article(id="j", text="Leave a Reply\nYour email address will not be published.")]
    bundles = [
        (good, options),
        (junk, options),  # nothing but boilerplate: fails its own job only
        (good, SummaryOptions(max_words=25)),
        (good, SummaryOptions(mode="extractive", max_words=30)),
    ]
    results = pipeline.summarize_many([pipeline.check(*bundle) for bundle in bundles])
    assert fuser.batches == [2]  # the two abstractive bundles, together
    assert isinstance(results[1], InputError) and results[1].param == "articles"
    for i in (0, 2):
        assert results[i].model.engine == "fake"
        assert results[i].usage["batch_size"] == 2
        assert results[i].n_words <= (30, None, 25)[i]
    assert results[3].model.engine == "extractive"
    # One bundle alone is a batch of one, and its usage says no batch was shared.
    single = pipeline.summarize(good, options)
    assert fuser.batches == [2, 1] and "batch_size" not in single.usage


def _post_concurrently(fuser: BatchingEchoFuser, n: int, **overrides: object) -> list[int]:
    def build(s):
        return Pipeline(HashingEncoder(), fuser, s.pipeline_config())

    app = create_app(settings(batch_window_ms=300, **overrides), local(build))
    body = {"articles": ARTICLES, "options": {"max_words": 40}}
    results: list[int] = []
    with TestClient(app) as client:
        threads = [
            threading.Thread(
                target=lambda: results.append(client.post("/v1/summarize", json=body).status_code)
            )
            for _ in range(n)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    return results


def test_the_service_batches_concurrent_requests():
    fuser = BatchingEchoFuser()
    assert _post_concurrently(fuser, 3, max_batch=4) == [200, 200, 200]
    assert max(fuser.batches) >= 2, fuser.batches  # the warm-up runs alone


def test_without_a_setting_the_engines_own_batch_size_rules():
    fuser = BatchingEchoFuser()
    fuser.max_batch = 1  # as llama.cpp on CPU: one request at a time
    assert _post_concurrently(fuser, 3) == [200, 200, 200]
    assert fuser.batches == [1, 1, 1, 1], fuser.batches  # every request alone
    assert len(fuser.requests) == 4  # the warm-up and three requests


def test_an_extractive_request_does_not_wait_out_the_batch_window():
    fuser = BatchingEchoFuser()
    app = create_app(
        settings(batch_window_ms=3000, max_batch=4),
        local(lambda s: Pipeline(HashingEncoder(), fuser, s.pipeline_config())),
    )
    body = {"articles": ARTICLES, "options": {"mode": "extractive", "max_words": 40}}
    with TestClient(app) as client:
        started = time.monotonic()
        response = client.post("/v1/summarize", json=body)
        assert response.status_code == 200, response.text
        assert response.json()["model"]["engine"] == "extractive"
        assert time.monotonic() - started < 1.5  # an abstractive one waits out the 3 s window
