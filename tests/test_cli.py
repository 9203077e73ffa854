"""The `newsfuse` command line, run as a real subprocess (real models, extractive mode for
speed; the abstractive run is the README's run command and the real-model tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from models import warnings as W
from models.bundle import articles_from_json, load_paths
from models.commands import format_text
from models.errors import InputError
from models.types import ModelInfo, Summary
from tests.conftest import ROOT, SEEDS


def _run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


@pytest.mark.real
def test_cli_json_extractive_on_the_seed_directory():
    proc = _run("summarize", "--json", "--mode", "extractive", "--max-words", "80", str(SEEDS))
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    texts = {p.stem: p.read_text() for p in SEEDS.glob("*.txt")}
    assert doc["model"]["engine"] == "extractive"
    assert len(doc["summary"].split()) <= 80
    for sentence in doc["sentences"]:
        for c in sentence["citations"]:
            assert texts[c["article_id"]][c["start"] : c["end"]] == sentence["text"]


@pytest.mark.real
def test_cli_reads_a_bundle_json_from_stdin():
    bundle = {
        "articles": [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))],
        "options": {"mode": "extractive", "max_words": 60},
    }
    proc = _run("summarize", "-", stdin=json.dumps(bundle).encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Sources:" in proc.stdout.decode()


def test_cli_invalid_utf8_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"valid start \xff\xfe binary")
    proc = _run("summarize", "--mode", "extractive", str(bad))
    assert proc.returncode == 2
    assert "bad.txt" in proc.stderr.decode() and "UTF-8" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_cli_missing_path_is_a_clear_error(tmp_path):
    proc = _run("summarize", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and "no such file" in proc.stderr.decode()


def test_cli_lists_models():
    proc = _run("models", "list")
    assert proc.returncode == 0 and "(default)" in proc.stdout.decode()


def test_bundle_json_ids_are_generated_and_types_checked():
    articles, options = articles_from_json(
        {"articles": [{"text": "One."}, {"id": "x", "text": "Two."}], "options": {"max_words": 50}}
    )
    assert [a.id for a in articles] == ["a1", "x"] and options == {"max_words": 50}
    for doc, param in [
        ({"articles": "nope"}, "articles"),
        ({"articles": [{"text": 3}]}, "articles[0].text"),
        ({"articles": [{"id": "a"}]}, "articles[0].text"),
        ({"articles": [{"text": "x", "title": ["t"]}]}, "articles[0].title"),
        ({"articles": [], "options": {"colour": "red"}}, "options.colour"),
    ]:
        with pytest.raises(InputError) as err:
            articles_from_json(doc)
        assert err.value.param == param


def test_text_files_and_directories_load_with_stem_ids(tmp_path):
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.txt").write_text("First.")
    articles, _ = load_paths([str(tmp_path)])
    assert [(a.id, a.text) for a in articles] == [("a", "First."), ("b", "Second.")]


def test_example_bundle_json_matches_the_seed_files():
    articles, options = load_paths([str(ROOT / "examples" / "seed-bundle.json")])
    seeds, _ = load_paths([str(SEEDS)])
    assert [(a.id, a.text) for a in articles] == [(a.id, a.text) for a in seeds]
    assert options["max_words"] == 120


@pytest.mark.real
def test_cli_focus_and_seen_options(tmp_path):
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    args = ("summarize", "--json", "--mode", "extractive", "--max-words", "60", str(SEEDS))
    proc = _run(*args, "--seen", ",".join(ids[:3]), "--focus", "military communication")
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert doc["followup"]["seen"] == ids[:3]
    assert doc["followup"]["focus"] == "military communication"
    cited = {c["article_id"] for s in doc["sentences"] for c in s["citations"]}
    assert cited and cited <= set(ids[3:])
    previous = tmp_path / "previous.txt"
    previous.write_text(doc["summary"])
    again = _run(*args, "--previous-summary", str(previous))
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(again.stdout)["followup"]["previous_summary"] is True


@pytest.mark.real
def test_cli_rejects_bad_options_before_loading_any_model(tmp_path):
    """Bad input is named before any model loads: with an empty model directory the answer
    is still the offending field (exit 2), where good options meet the missing fuser (exit 3)."""
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    args = ("summarize", "--json", "--mode", "abstractive", "--max-words", "60", str(SEEDS))
    previous = tmp_path / "previous.txt"
    previous.write_text("Blinken met Xi in Beijing.")
    empty = {"NEWSFUSE_MODEL_DIR": str(tmp_path / "no-models")}
    both = _run(*args, "--seen", ids[0], "--previous-summary", str(previous), env=empty)
    assert both.returncode == 2
    assert "options.previous_summary" in both.stderr.decode()
    missing = _run(*args, "--seen", "nope", env=empty)
    assert missing.returncode == 2 and "options.seen[0]" in missing.stderr.decode()
    # the same command with good options needs the fuser, and says so
    loads = _run(*args, "--seen", ids[0], env=empty)
    assert loads.returncode == 3 and "not prepared" in loads.stderr.decode()


def test_bundle_json_options_for_followups_reach_the_summary_options():
    from models.commands import summary_options

    doc = {
        "articles": [{"id": "a", "text": "One."}],
        "options": {"seen": ["a"], "focus": "rates"},
    }
    _, options = articles_from_json(doc)
    parsed = summary_options(options)
    assert parsed.seen == ("a",) and parsed.focus == "rates"


def test_text_output_gives_each_warning_its_code_and_the_mode_answered():
    summary = Summary(
        summary="",
        sentences=(),
        selection=(),
        articles=(),
        model=ModelInfo("e", "none", "extractive", "cpu"),
        timings_ms={"total": 1200.0},
        warnings=(W.no_fuser(),),
        mode="extractive",
    )
    text = format_text(summary)
    assert "  - no fuser loaded: extractive summary returned [no_fuser]" in text.splitlines()
    assert text.endswith("(extractive, extractive on cpu, 1.2 s)")
