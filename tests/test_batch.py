"""`newsfuse batch` in this process (no Ray): records, errors, resume. The same job on a Ray
cluster, interrupted and resumed, is in tests/test_ray.py."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from pydantic import ValidationError

from models import Article, SummaryOptions, summary_to_dict
from service import cli
from service.batch import run_batch
from service.batch_io import BatchError, completed_ids, error_record
from tests.conftest import ROOT, SEEDS
from tests.fakes import BatchingEchoFuser
from tests.service_helpers import ARTICLES, FailingFuser, factory, settings, unloadable


def bundle(bundle_id: str, **options: object) -> dict[str, object]:
    return {"id": bundle_id, "articles": ARTICLES, "options": {"max_words": 40, **options}}


def write_jsonl(path, lines) -> None:
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines))


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_records_keyed_by_id_with_the_apis_document_or_error(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(
        src,
        [
            bundle("ok-1"),
            bundle("ok-2", mode="extractive"),
            {"id": "html", "articles": [{"text": "<p>markup</p>"}]},
            {"id": "range", "articles": ARTICLES, "options": {"max_words": 5}},
            {"id": "extra", "articles": ARTICLES, "colour": "red"},
            {"id": "big", "articles": [{"text": "Word. " * 30}] * 51},
            "this is not json",
            {"articles": ARTICLES},
            "",
        ],
    )
    counts = run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    assert counts == {"bundles": 8, "skipped": 0, "written": 8, "errors": 6}
    records = {r["id"]: r for r in read_jsonl(out)}
    assert len(records) == 8
    # The response is the API's document, as the pipeline writes it.
    articles = [Article(id=a["id"], text=a["text"], title=a.get("title")) for a in ARTICLES]
    pipeline = factory()(settings())  # what the job built
    expected = summary_to_dict(pipeline.summarize(articles, SummaryOptions(max_words=40)))
    got = records["ok-1"]["response"]
    assert got["summary"] == expected["summary"]
    assert got["sentences"] == expected["sentences"]
    assert set(got) == set(expected)
    assert records["ok-2"]["response"]["sentences"][0]["method"] == "extracted"
    errors = {i: r["error"] for i, r in records.items() if "error" in r}
    assert (errors["html"]["status"], errors["html"]["param"]) == (422, "articles[0].text")
    assert (errors["range"]["status"], errors["range"]["param"]) == (422, "options.max_words")
    assert (errors["extra"]["status"], errors["extra"]["param"]) == (422, "colour")
    assert (errors["big"]["status"], errors["big"]["param"]) == (413, "articles")
    assert (errors["line:7"]["status"], errors["line:7"]["param"]) == (400, "body")
    assert (errors["line:8"]["status"], errors["line:8"]["param"]) == (422, "id")


def test_an_engine_failure_is_that_bundles_error_record_only(tmp_path, caplog):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    embargoed = "The zebra escaped the zoo on Monday."
    poison = {"id": "poison", "articles": [{"text": embargoed}]}
    write_jsonl(src, [bundle("a"), poison, bundle("b")])
    s = settings(max_batch=3)  # the failing bundle shares a batch with the others
    caplog.set_level(logging.DEBUG)
    counts = run_batch(src, out, s, use_ray=False, pipeline_factory=factory(FailingFuser("zebra")))
    records = {r["id"]: r for r in read_jsonl(out)}
    assert counts["errors"] == 1
    assert records["poison"]["error"] == {
        "type": "internal_error",
        "message": "the summary failed",
        "param": None,
        "status": 500,
    }
    assert "response" in records["a"] and "response" in records["b"]
    # The engine's message quoted the article: the log has its type only, nothing has the text.
    (failed,) = [r for r in caplog.records if r.getMessage() == "summary failed"]
    assert (failed.bundle, failed.error) == ("poison", "RuntimeError")
    assert not any("zebra" in repr(vars(r)) for r in caplog.records)
    assert "zebra" not in out.read_text()


def test_the_batch_job_uses_the_engines_batch_size_under_auto(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle(f"b{i}") for i in range(6)])
    fuser = BatchingEchoFuser()
    fuser.max_batch = 3  # what the loaded engine takes at once (as CTranslate2's 4)
    s = settings()
    assert (s.engine, s.max_batch) == ("auto", None)  # the defaults: nothing names a size
    counts = run_batch(src, out, s, use_ray=False, pipeline_factory=factory(fuser))
    assert counts["written"] == 6 and counts["errors"] == 0
    # Two generations of three bundles each (beside the warm-up's bundle alone).
    assert [n for n in fuser.batches if n > 1] == [3, 3]


def test_resume_skips_done_ids_and_drops_a_partial_last_line(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle(f"b{i}") for i in range(5)])
    run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    lines = out.read_text().splitlines(keepends=True)
    # As if killed while writing b3: b0..b2 whole, b3 cut mid-line, b4 never written.
    out.write_text("".join(lines[:3]) + lines[3][:25])
    assert completed_ids(out) == {"b0", "b1", "b2"}
    assert out.read_text() == "".join(lines[:3])  # the partial line is gone
    counts = run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    assert counts == {"bundles": 5, "skipped": 3, "written": 2, "errors": 0}
    ids = [r["id"] for r in read_jsonl(out)]
    assert sorted(ids) == [f"b{i}" for i in range(5)]  # no duplicate, none missing


def test_a_rerun_retries_what_failed_on_our_side_and_writes_each_id_once(tmp_path):
    """Records with status 500 or more (engine failed, worker died) are not done: a re-run
    takes them out of OUT (a new file renamed over it) and does those bundles again."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle(f"b{i}") for i in range(4)] + [{"id": "bad", "articles": []}])
    run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory(), progress=False)
    first = {r["id"]: r for r in read_jsonl(out)}
    assert first["bad"]["error"]["status"] == 422
    # As a job whose worker died under b1 and whose engine failed on b2 would have left it,
    # killed before b3 (a partial line).
    b1 = error_record("b1", 503, "unavailable", "the worker running it died", None)
    b2 = error_record("b2", 500, "internal_error", "the summary failed", None)
    write_jsonl(out, [first["b0"], b1, first["bad"], b2, '{"id": "b3", "resp'])
    out.write_text(out.read_text().removesuffix("\n"))
    assert completed_ids(out) == {"b0", "bad"}
    assert read_jsonl(out) == [first["b0"], first["bad"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]
    counts = run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    assert counts == {"bundles": 5, "skipped": 2, "written": 3, "errors": 0}
    records = read_jsonl(out)
    assert sorted(r["id"] for r in records) == ["b0", "b1", "b2", "b3", "bad"]  # each once
    assert all("response" in r for r in records if r["id"] != "bad")
    assert (
        run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())["written"] == 0
    )


@pytest.mark.parametrize("replicas", ["0", "-1"])
def test_replicas_below_one_are_refused_naming_the_option(tmp_path, capsys, replicas):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle("a")])
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch", str(src), str(out), "--replicas", replicas])
    assert exited.value.code == 2
    assert f"--replicas: must be at least 1 (got {replicas})" in capsys.readouterr().err
    with pytest.raises(BatchError, match=rf"--replicas must be at least 1 \(got {replicas}\)"):
        run_batch(src, out, settings(), replicas=int(replicas), pipeline_factory=factory())
    assert not out.exists()


def test_start_failures_are_one_line_errors_with_their_exit_code(tmp_path, capsys, monkeypatch):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle("a")])
    args = ["batch", str(src), str(out), "--no-ray", "--no-progress"]
    monkeypatch.setattr("service.runner.load_pipeline", unloadable)
    assert cli.main(args) == 3
    err = capsys.readouterr().err
    assert err.startswith("newsfuse: batch: the models could not be loaded: fuser: not prepared")
    assert "Traceback" not in err

    def missing(name: str):
        def run_batch(*args, **kwargs):
            raise ImportError(f"No module named {name!r}", name=name)

        return run_batch

    # Only Ray's own absence is reported as needing Ray; an engine's library is a start failure.
    monkeypatch.setattr("service.batch.run_batch", missing("llama_cpp"))
    assert cli.main(args) == 3
    assert capsys.readouterr().err == "newsfuse: batch: cannot start: No module named 'llama_cpp'\n"
    monkeypatch.setattr("service.batch.run_batch", missing("ray"))
    assert cli.main([*args[:3], "--ray-address", "10.0.0.1:6379"]) == 2
    assert "--ray-address needs Ray" in capsys.readouterr().err


def test_replica_settings_are_checked_and_threads_fit_the_reserved_cpus():
    with pytest.raises(ValidationError, match=r"ray_min_replicas \(3\) must not exceed ray_max"):
        settings(ray_min_replicas=3, ray_max_replicas=2)
    assert settings(ray_min_replicas=2, ray_max_replicas=2).ray_min_replicas == 2
    # Whole reserved CPUs, at least one (Ray Serve replicas and batch actors alike).
    threads = {
        cpus: settings(ray_replica_cpus=cpus).for_replica().threads for cpus in (0.5, 1.5, 2)
    }
    assert threads == {0.5: 1, 1.5: 1, 2: 2}
    assert settings(ray_replica_cpus=2, threads=3).for_replica().threads == 3


def test_duplicate_ids_or_a_corrupt_output_refuse_to_start(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle("same"), bundle("other"), bundle("same")])
    with pytest.raises(BatchError, match="line 3: id 'same' repeats line 1"):
        run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    assert not out.exists() or out.read_text() == ""
    write_jsonl(src, [bundle("one")])
    out.write_text('{"id": "one", "response": {}}\nnot a record\n')
    with pytest.raises(BatchError, match="line 2 is not an output record"):
        run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())


def test_without_ray_installed_the_job_runs_in_process(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [bundle("a"), bundle("b")])
    counts = run_batch(src, out, settings(), pipeline_factory=factory(), progress=False)
    assert counts["written"] == 2
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b"]


@pytest.mark.real
def test_cli_batch_with_the_real_models(tmp_path):
    """`newsfuse batch --no-ray` as a process on the seed bundle, real models (extractive for
    speed; the Ray tests run the abstractive pipeline), then again: nothing is redone."""
    articles = [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    seed = {"articles": articles, "options": {"mode": "extractive", "max_words": 60}}
    write_jsonl(src, [{"id": "seed", **seed}, {"id": "empty", "articles": [{"text": " "}]}])
    cmd = [sys.executable, "-m", "service.cli", "batch", str(src), str(out), "--no-ray"]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "2 written (1 errors)" in first.stderr
    records = {r["id"]: r for r in read_jsonl(out)}
    assert records["empty"]["error"]["param"] == "articles[0].text"
    doc = records["seed"]["response"]
    assert 40 <= len(doc["summary"].split()) <= 60
    texts = {a["id"]: a["text"] for a in articles}
    for sentence in doc["sentences"]:  # extracted: each is its cited span, exactly
        c = sentence["citations"][0]
        assert texts[c["article_id"]][c["start"] : c["end"]] == sentence["text"]
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "0 written (0 errors), 2 already in" in again.stderr
    assert out.read_text().count("\n") == 2


def test_followup_options_flow_through_bundle_json(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(
        src,
        [
            bundle("update", mode="extractive", seen=["a1"], focus="school budget"),
            bundle("unknown-seen", seen=["a7"]),
            bundle("all-seen", seen=["a1", "a2"]),
        ],
    )
    counts = run_batch(src, out, settings(), use_ray=False, pipeline_factory=factory())
    assert counts["errors"] == 2
    records = {r["id"]: r for r in read_jsonl(out)}
    doc = records["update"]["response"]
    assert doc["followup"]["seen"] == ["a1"] and doc["followup"]["focus"] == "school budget"
    assert all(c["article_id"] == "a2" for s in doc["sentences"] for c in s["citations"])
    for bundle_id, param in (("unknown-seen", "options.seen[0]"), ("all-seen", "options.seen")):
        error = records[bundle_id]["error"]
        assert (error["status"], error["param"]) == (422, param)
