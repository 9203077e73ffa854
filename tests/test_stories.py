"""The story desk (service/stories): the same suite on SQLite and on a real PostgreSQL server
(Debian's binaries, a throwaway cluster per session; never a mock)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from models import Article, Pipeline, PipelineConfig, SummaryOptions, summary_to_dict
from models.stages.embed import vector_identity
from service.app import create_app
from service.stories.db import Base, make_engine, migrate
from service.stories.store import StoryLimits, StoryStore, owner_of
from service.stories.worker import StoryWorker, WorkerPolicy
from tests.conftest import ROOT, settings_config
from tests.fakes import HashingEncoder
from tests.postgres import PostgresCluster, postgres_bin
from tests.service_helpers import backend, free_port, local, settings, stop_process

K1 = {"Authorization": "Bearer k1"}
K2 = {"X-API-Key": "k2"}


def news(i: int, topic: str = "bridge") -> dict[str, Any]:
    """A short article of its own facts (the ids say which version brought it)."""
    return {
        "id": f"a{i}",
        "title": f"Report {i}",
        "text": f"Engineers inspected the {topic} on day {i} and found {i + 2} cracked beams. "
        f"The city closed lane {i} of the {topic} while crews in district {i} repaired it. "
        f"Officials said the {topic} would reopen within {i + 3} weeks after the repairs.",
        "source": f"Source {i}",
    }


def later(i: int) -> dict[str, Any]:
    """An article with facts none of ``news`` has (what an update is about)."""
    return {
        "id": f"a{i}",
        "text": f"The mayor resigned on Friday after auditors found {i} million dollars missing. "
        f"Prosecutors opened an inquiry into payments to {i} consulting firms. "
        "The council will elect an interim mayor next month.",
    }


# --------------------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL story tests: .ci/run installs postgresql")
        pytest.skip(
            "NO POSTGRESQL: the story tests ran on SQLite only; `apt-get install postgresql` "
            "to run them on a real PostgreSQL server too"
        )
    cluster = PostgresCluster(bin_dir, free_port()).start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stories.db'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def store(database_url: str) -> Iterator[StoryStore]:
    engine = make_engine(database_url)
    migrate(database_url, engine)
    yield StoryStore(engine, StoryLimits(max_articles=50, max_words=50_000, retention_s=3600))
    engine.dispose()


def story_app(database_url: str, factory: Any = None, **overrides: Any) -> TestClient:
    s = settings(
        database_url=database_url,
        api_keys="k1,k2",
        story_poll_s=0.05,
        story_lease_s=2.0,
        **overrides,
    )
    return TestClient(create_app(s, factory or backend()))


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with story_app(database_url) as c:
        yield c


def wait_summary(client: Any, story: str, version: int, timeout: float = 30) -> dict[str, Any]:
    """The summary once ``version`` is finished."""
    deadline = time.monotonic() + timeout
    while True:
        reply = client.get(f"/v1/stories/{story}/summary", headers=K1)
        if reply.status_code == 200 and reply.json()["story"]["version"] >= version:
            return reply.json()
        assert time.monotonic() < deadline, f"version {version} not summarised: {reply.text}"
        time.sleep(0.05)


def cited(document: dict[str, Any]) -> set[str]:
    return {c["article_id"] for s in document["sentences"] for c in s["citations"]}


# --------------------------------------------------------------------------- migrations


def test_processes_starting_together_on_an_empty_database_migrate_it_once(
    database_url: str,
) -> None:
    """`serve --workers N` on a fresh data directory: every worker migrates at start. They take
    turns (SQLite: the write lock from the transaction's start; PostgreSQL: an advisory lock),
    so none fails with "database is locked" or a table created twice."""
    code = "import sys; from service.stories.db import migrate; migrate(sys.argv[1])"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    engine = make_engine(database_url)
    with engine.connect() as connection:
        versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    engine.dispose()
    assert len(versions) == 1


def test_migration_from_an_empty_database_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(database_url)
    assert inspect(engine).get_table_names() == []
    migrate(database_url, engine)
    migrate(database_url, engine)  # a second start finds nothing to do
    tables = set(inspect(engine).get_table_names())
    assert {
        "story",
        "article",
        "article_vectors",
        "version",
        "summary",
        "pending_work",
        "alembic_version",
    } <= tables
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


# --------------------------------------------------------------------------- the API


def test_append_summary_and_since(client: TestClient) -> None:
    created = client.post("/v1/stories", json={"title": "Bridge"}, headers=K1)
    assert created.status_code == 201
    story = created.json()["id"]
    assert created.json() == {"id": story, "version": 0}
    assert client.get(f"/v1/stories/{story}/summary", headers=K1).status_code == 409

    first = client.post(
        f"/v1/stories/{story}/articles", json={"articles": [news(1), news(2)]}, headers=K1
    )
    assert (first.status_code, first.json()) == (202, {"version": 1})
    doc = wait_summary(client, story, 1)
    assert doc["story"] == {"id": story, "version": 1}
    assert doc["summary"] and cited(doc) <= {"a1", "a2"}
    posted = {a["id"]: a["text"] for a in [news(1), news(2)]}
    for sentence in doc["sentences"]:
        for c in sentence["citations"]:
            assert posted[c["article_id"]][c["start"] : c["end"]].strip()

    reply = client.get(f"/v1/stories/{story}/summary", headers=K1)
    etag = reply.headers["etag"]
    again = client.get(f"/v1/stories/{story}/summary", headers={**K1, "If-None-Match": etag})
    assert again.status_code == 304

    second = client.post(
        f"/v1/stories/{story}/articles",
        json={"articles": [later(3), later(4)]},
        headers=K1,
    )
    assert second.json() == {"version": 2}
    latest = wait_summary(client, story, 2)
    assert (
        client.get(f"/v1/stories/{story}/summary", headers={**K1, "If-None-Match": etag}).headers[
            "etag"
        ]
        != etag
    )
    assert cited(latest) <= {"a1", "a2", "a3", "a4"}

    update = client.get(f"/v1/stories/{story}/summary?since=1", headers=K1)
    assert update.status_code == 200
    assert update.json()["story"] == {"id": story, "version": 2, "since": 1}
    assert update.json()["summary"] and cited(update.json()) <= {"a3", "a4"}
    # since=N is the stateless update with the articles of versions up to N seen.
    body = {
        "articles": [news(1), news(2), later(3), later(4)],
        "options": {"seen": ["a1", "a2"]},
    }
    stateless = client.post("/v1/summarize", json=body, headers=K1).json()
    assert stateless["sentences"] == update.json()["sentences"]
    nothing = client.get(f"/v1/stories/{story}/summary?since=2", headers=K1).json()
    assert (nothing["summary"], nothing["sentences"]) == ("", [])
    bad = client.get(f"/v1/stories/{story}/summary?since=-1", headers=K1)
    assert (bad.status_code, bad.json()["error"]["param"]) == (422, "query.since")

    info = client.get(f"/v1/stories/{story}", headers=K1).json()
    assert [a["id"] for a in info["articles"]] == ["a1", "a2", "a3", "a4"]
    assert [a["version"] for a in info["articles"]] == [1, 1, 2, 2]
    assert [v["version"] for v in info["versions"]] == [1, 2]
    assert info["summary_version"] == 2 and info["pending"] == []
    assert "text" not in info["articles"][0]


def test_re_append_of_known_ids_adds_no_version(client: TestClient) -> None:
    story = client.post("/v1/stories", json={}, headers=K1).json()["id"]
    url = f"/v1/stories/{story}/articles"
    assert client.post(url, json={"articles": [news(1), news(2)]}, headers=K1).json() == {
        "version": 1
    }
    assert client.post(url, json={"articles": [news(2), news(1)]}, headers=K1).json() == {
        "version": 1
    }
    assert client.post(url, json={"articles": [news(2), news(3)]}, headers=K1).json() == {
        "version": 2
    }
    info = client.get(f"/v1/stories/{story}", headers=K1).json()
    assert [a["id"] for a in info["articles"]] == ["a1", "a2", "a3"]
    assert [(v["version"], v["articles"]) for v in info["versions"]] == [(1, 2), (2, 1)]


def test_another_key_gets_404(client: TestClient) -> None:
    story = client.post("/v1/stories", json={"title": "mine"}, headers=K1).json()["id"]
    client.post(f"/v1/stories/{story}/articles", json={"articles": [news(1)]}, headers=K1)
    wait_summary(client, story, 1)
    for method, path, body in [
        ("GET", f"/v1/stories/{story}", None),
        ("GET", f"/v1/stories/{story}/summary", None),
        ("POST", f"/v1/stories/{story}/articles", {"articles": [news(5)]}),
        ("DELETE", f"/v1/stories/{story}", None),
    ]:
        reply = client.request(method, path, json=body, headers=K2)
        assert reply.status_code == 404, (method, path)
        assert reply.json()["error"]["type"] == "not_found"
    assert client.get(f"/v1/stories/{story}", headers={}).status_code == 401
    assert client.get(f"/v1/stories/{story}", headers=K1).json()["version"] == 1
    assert client.get(f"/v1/stories/{story}/summary", headers=K1).status_code == 200
    assert client.delete(f"/v1/stories/{story}", headers=K1).status_code == 204
    assert client.get(f"/v1/stories/{story}", headers=K1).status_code == 404
    # Just read and rendered: the delete still answers 404 at once, not after a while.
    assert client.get(f"/v1/stories/{story}/summary", headers=K1).status_code == 404


def test_bad_input_names_the_field(database_url: str) -> None:
    with story_app(database_url, story_max_articles=3, story_max_words=1000) as client:
        story = client.post("/v1/stories", json={}, headers=K1).json()["id"]
        url = f"/v1/stories/{story}/articles"
        no_id = {"articles": [{"text": news(1)["text"]}]}
        reply = client.post(url, json=no_id, headers=K1)
        assert (reply.status_code, reply.json()["error"]["param"]) == (422, "articles[0].id")
        reply = client.post(url, json={"articles": [news(i) for i in range(4)]}, headers=K1)
        assert (reply.status_code, reply.json()["error"]["param"]) == (413, "articles")
        long = {**news(9), "text": "Words in a long article. " * 300}
        reply = client.post(url, json={"articles": [long]}, headers=K1)
        assert reply.status_code == 413 and "words" in reply.json()["error"]["message"]
        assert client.get(f"/v1/stories/{story}", headers=K1).json()["version"] == 0
        reply = client.post("/v1/stories", json={"colour": "red"}, headers=K1)
        assert (reply.status_code, reply.json()["error"]["param"]) == (422, "colour")


def test_a_story_expires_after_its_retention(store: StoryStore) -> None:
    # Three seconds, slept out from the story's own expires_at: half a second had run out
    # between an append under a loaded `make test` and the read after it (round 17).
    store.limits = store.limits._replace(retention_s=3)
    story = store.create(owner_of("k1"), None, None, "extractive", 60)
    store.append(story, owner_of("k1"), [Article("a1", news(1)["text"])])
    info = store.info(story, owner_of("k1"))
    assert info["version"] == 1
    expires = datetime.fromisoformat(info["expires_at"])
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.2)
    with pytest.raises(LookupError):
        store.info(story, owner_of("k1"))
    assert store.purge_expired() == 1


def test_retention_is_read_through_settings_and_an_expired_story_answers_404(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NEWSFUSE_STORY_RETENTION_DAYS, read by Settings like every other setting: three seconds.
    monkeypatch.setenv("NEWSFUSE_STORY_RETENTION_DAYS", str(3 / 86_400))
    with story_app(database_url) as client:
        story = client.post("/v1/stories", json={}, headers=K1).json()["id"]
        client.post(f"/v1/stories/{story}/articles", json={"articles": [news(1)]}, headers=K1)
        info = client.get(f"/v1/stories/{story}", headers=K1).json()
        created = datetime.fromisoformat(info["created_at"])
        expires = datetime.fromisoformat(info["expires_at"])
        assert 2 < (expires - created).total_seconds() < 60
        time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.2)
        for method, path, body in [
            ("GET", f"/v1/stories/{story}", None),
            ("GET", f"/v1/stories/{story}/summary", None),
            ("POST", f"/v1/stories/{story}/articles", {"articles": [news(2)]}),
        ]:
            reply = client.request(method, path, json=body, headers=K1)
            assert reply.status_code == 404, (method, path)
        # The worker's purge deletes it; a new story is unaffected.
        store = client.app.state.stories.store
        assert store.purge_expired() == 1
        assert client.post("/v1/stories", json={}, headers=K1).status_code == 201


# --------------------------------------------------------------------------- concurrency


def test_concurrent_appends_all_land_and_versions_only_grow(store: StoryStore) -> None:
    owner = owner_of("k1")
    story = store.create(owner, None, None, "extractive", 60)
    versions: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def append(i: int) -> None:
        try:
            start.wait()
            versions.append(store.append(story, owner, [Article(f"a{i}", news(i)["text"])]))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(versions) == list(range(1, 9))
    info = store.info(story, owner)
    assert sorted(a["id"] for a in info["articles"]) == [f"a{i}" for i in range(8)]
    assert info["version"] == 8
    # One recompute waits, aimed at the newest version.
    assert [(p["version"], p["state"]) for p in info["pending"]] == [(8, "pending")]


def test_a_claim_is_taken_once_and_again_only_after_its_lease(store: StoryStore) -> None:
    owner = owner_of("k1")
    story = store.create(owner, None, None, "extractive", 60)
    store.append(story, owner, [Article("a1", news(1)["text"])])
    claim = store.claim(lease_s=0.5)
    assert claim is not None and claim.target_version == 1
    assert store.claim(lease_s=0.5) is None
    # An append while it runs waits as new work; the running row stays as it is.
    store.append(story, owner, [Article("a2", news(2)["text"])])
    nxt = store.claim(lease_s=5)
    assert nxt is not None and nxt.target_version == 2
    time.sleep(0.6)  # the first worker died: its lease runs out
    retaken = store.claim(lease_s=5)
    assert retaken is not None and retaken.id == claim.id and retaken.attempts == 2
    assert not store.complete(claim, {"summary": "stale"})  # the dead worker's token is void
    assert store.complete(retaken, {"summary": "v1"})
    assert store.complete(nxt, {"summary": "v2"})
    assert store.latest(story, owner) == (2, {"summary": "v2"})


def test_two_concurrent_appends_over_http(database_url: str) -> None:
    with story_app(database_url) as client:
        story = client.post("/v1/stories", json={}, headers=K1).json()["id"]
        replies: list[int] = []

        def post(i: int) -> None:
            body = {"articles": [news(i), news(i + 10)]}
            replies.append(
                client.post(f"/v1/stories/{story}/articles", json=body, headers=K1).json()[
                    "version"
                ]
            )

        threads = [threading.Thread(target=post, args=(i,)) for i in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(replies) == [1, 2]
        doc = wait_summary(client, story, 2)
        assert cited(doc) <= {"a1", "a2", "a11", "a12"}
        info = client.get(f"/v1/stories/{story}", headers=K1).json()
        assert len(info["articles"]) == 4 and info["pending"] == []


# --------------------------------------------------------------------------- crash


def _server(port: int, url: str, stall_after: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.story_server", str(port), url, str(stall_after)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _until(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
            if value:
                return value
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_kill_9_during_a_recompute_then_restart(database_url: str) -> None:
    """A real server killed with SIGKILL in the middle of a recompute: the story stays at its
    last good version with nothing lost, and the restarted server finishes the work."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The warm-up and version 1's summary go through; version 2's hangs.
    proc = _server(port, database_url, stall_after=2)
    try:
        _until(lambda: httpx.get(f"{base}/readyz").status_code == 200, 120, "not ready")
        story = httpx.post(f"{base}/v1/stories", json={}, headers=K1).json()["id"]
        httpx.post(f"{base}/v1/stories/{story}/articles", json={"articles": [news(1)]}, headers=K1)
        _until(
            lambda: httpx.get(f"{base}/v1/stories/{story}/summary", headers=K1).status_code == 200,
            30,
            "version 1 not summarised",
        )
        httpx.post(
            f"{base}/v1/stories/{story}/articles",
            json={"articles": [news(2), news(3)]},
            headers=K1,
        )

        def running() -> bool:
            info = httpx.get(f"{base}/v1/stories/{story}", headers=K1).json()
            return [p["state"] for p in info["pending"]] == ["running"]

        _until(running, 30, "the recompute did not start")
        proc.kill()
        proc.wait(10)
    finally:
        stop_process(proc, 5)

    # The database as the killed server left it.
    engine = make_engine(database_url)
    left = StoryStore(engine, StoryLimits(50, 50_000, 3600))
    assert left.latest(story, owner_of("k1"))[0] == 1
    info = left.info(story, owner_of("k1"))
    assert [a["id"] for a in info["articles"]] == ["a1", "a2", "a3"]
    assert info["pending"] == [{"version": 2, "state": "running", "attempts": 1}]
    engine.dispose()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _server(port, database_url, stall_after=0)
    try:
        _until(lambda: httpx.get(f"{base}/readyz").status_code == 200, 120, "not ready")
        doc = _until(
            lambda: (
                (r := httpx.get(f"{base}/v1/stories/{story}/summary", headers=K1)).status_code
                == 200
                and r.json()["story"]["version"] == 2
                and r.json()
            ),
            30,
            "the restarted server did not finish version 2",
        )
        assert cited(doc) <= {"a1", "a2", "a3"}
        info = httpx.get(f"{base}/v1/stories/{story}", headers=K1).json()
        assert info["pending"] == [] and info["summary_version"] == 2
    finally:
        stop_process(proc, 10)


# --------------------------------------------------------------------------- stored vectors


class SpyEncoder:
    """An embedder (the real one, or a fake for the logic tests) that records every text it is
    given, under the identity it is told."""

    def __init__(self, inner: Any, identity: str | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.identity = identity or vector_identity(inner)
        self.texts: list[str] = []

    def encode(self, texts: Any) -> Any:
        self.texts.extend(texts)
        return self.inner.encode(texts)


def direct_worker(store: StoryStore, pipeline: Pipeline) -> StoryWorker:
    """A story worker whose recomputes run ``pipeline`` on the calling thread (``step``)."""

    def submit(job: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(pipeline.summarize_many([job])[0])
        return future

    policy = WorkerPolicy(lease_s=60, poll_s=0.05, timeout_s=600, max_attempts=3)
    return StoryWorker(store, submit, policy, pipeline.config)


def own(i: int) -> str:
    """Article ``i``'s texts an embedder may see: its title (a headline, for the lead) and
    its sentences."""
    return f"{news(i)['title']} {news(i)['text']}"


def test_vectors_of_another_embedder_identity_are_not_reused(store: StoryStore) -> None:
    owner = owner_of("k1")
    spy = SpyEncoder(HashingEncoder(), identity="hashing@1")
    worker = direct_worker(store, Pipeline(spy, None, PipelineConfig()))
    story = store.create(owner, None, None, "extractive", 60)
    store.append(story, owner, [Article(**news(1)), Article(**news(2))])
    assert worker.step()
    assert spy.texts and all(t in own(1) + own(2) for t in spy.texts)
    spy.texts.clear()
    store.append(story, owner, [Article(**news(3))])
    assert worker.step()
    assert spy.texts and all(t in own(3) for t in spy.texts)
    # A new model (or precision): the kept vectors are not its own; everything is embedded
    # again, and kept under the new identity in their place.
    spy.identity = "hashing@2"
    spy.texts.clear()
    store.append(story, owner, [Article(**news(4))])
    assert worker.step()
    again = {i for i in (1, 2, 3) if any(t in own(i) for t in spy.texts)}
    assert again == {1, 2, 3}
    spy.texts.clear()
    store.append(story, owner, [Article(**news(5))])
    assert worker.step()
    assert spy.texts and all(t in own(5) for t in spy.texts)
    # Deleting the story deletes its vectors with it (no row left to block the delete).
    store.delete(story, owner)


@pytest.fixture(scope="module")
def real_embedder() -> Any:
    """The packaged embedder alone, without the in-memory cache (so that only the database's
    vectors save an embedding), in float32: a bfloat16 model's vector of a sentence depends on
    the batch it was embedded in (by up to 2e-3; float32's by 1e-7), so there a stored vector
    moves the selection's salience in its fourth decimal, as the in-memory cache does."""
    config = settings_config(device="cpu", embed_precision="float32")
    encoder = Pipeline.load(config, with_generator=False).encoder
    return getattr(encoder, "encoder", encoder)


@pytest.mark.real
def test_an_update_embeds_only_the_new_articles(
    store: StoryStore, real_embedder: Any, seed_articles: list[Article]
) -> None:
    owner = owner_of("k1")
    spy = SpyEncoder(real_embedder)
    worker = direct_worker(store, Pipeline(spy, None, PipelineConfig()))
    old, new = seed_articles[:3], seed_articles[3:]
    story = store.create(owner, None, None, "extractive", 80)
    store.append(story, owner, old)
    assert worker.step()
    assert spy.texts and all(any(t in a.text for a in old) for t in spy.texts)
    spy.texts.clear()
    store.append(story, owner, new)
    assert worker.step()
    version, kept = store.latest(story, owner)
    assert version == 2 and kept is not None

    # The same bundle summarised whole, without stored vectors: what it embeds of the new
    # articles is exactly what the update embedded, and its summary is the same.
    whole_spy = SpyEncoder(real_embedder)
    whole = Pipeline(whole_spy, None, PipelineConfig()).summarize(
        [*old, *new], SummaryOptions(mode="extractive", max_words=80)
    )
    of_new = [t for t in whole_spy.texts if any(t in a.text for a in new)]
    assert spy.texts and sorted(spy.texts) == sorted(of_new)
    assert len(spy.texts) < len(whole_spy.texts)
    assert not [t for t in spy.texts if any(t in a.text for a in old)]
    document = summary_to_dict(whole)
    assert {k: v for k, v in kept.items() if k != "timings_ms"} == {
        k: v for k, v in document.items() if k != "timings_ms"
    }
    assert kept["summary"] and cited(kept) & {a.id for a in new}


# --------------------------------------------------------------------------- real models


@pytest.mark.real
def test_a_story_through_the_real_models(tmp_path: Any, real_pipeline: Any, seed_articles) -> None:
    url = f"sqlite:///{tmp_path / 'stories.db'}"
    posted = [
        {"id": a.id, "text": a.text, "title": a.title, "source": a.source} for a in seed_articles
    ]
    texts = {a["id"]: a["text"] for a in posted}
    with story_app(url, local(lambda s: real_pipeline), request_timeout_s=600) as client:
        story = client.post("/v1/stories", json={"options": {"max_words": 60}}, headers=K1).json()[
            "id"
        ]
        url = f"/v1/stories/{story}/articles"
        assert client.post(url, json={"articles": posted[:3]}, headers=K1).json()["version"] == 1
        doc = wait_summary(client, story, 1, timeout=600)
        assert doc["model"]["fuser"] != "echo-fuser"
        assert doc["summary"] and cited(doc) <= {a["id"] for a in posted[:3]}
        assert client.post(url, json={"articles": posted[3:]}, headers=K1).json()["version"] == 2
        update = client.get(f"/v1/stories/{story}/summary?since=1", headers=K1).json()
        assert update["story"]["since"] == 1
        assert cited(update) <= {a["id"] for a in posted[3:]}
        for d in (doc, update):
            for sentence in d["sentences"]:
                for c in sentence["citations"]:
                    assert texts[c["article_id"]][c["start"] : c["end"]].strip()
