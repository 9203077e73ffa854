"""One settings path: Settings (the one reader of the environment) → PipelineConfig, which
checks the allowed values its fields declare (models/checks.py)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from models import ConfigError, Limits, ModelError, PipelineConfig, SummaryOptions
from service.cli import main as cli_main
from service.settings import Settings
from tests.conftest import ROOT

# A value outside what each checked field accepts, chosen by hand from the documented ranges
# (docs/configuration.md), not read from the declarations.
REFUSED = {
    "engine": "vllm",
    "threads": 0,
    "fuser_input_tokens": 0,
    "source_words_factor": 0.0,
    "max_batch": 65,
    "max_candidates": 9,
    "candidates_per_article": -1,
    "embed_cache_size": 10_000_001,
    "embed_precision": "int4",
    "fusion": "rewrite",
    "merger": "graph",
    "multilingual": "never",
}
ACCEPTED = {"threads": 1, "max_batch": 64, "max_candidates": 10, "embed_cache_size": 0}


@pytest.mark.parametrize(("name", "value"), sorted(REFUSED.items()))
def test_config_and_settings_refuse_the_same_values(name, value):
    with pytest.raises(ConfigError) as err:
        PipelineConfig(**{name: value})
    assert err.value.field == name and repr(value) in err.value.message
    with pytest.raises(ValidationError) as invalid:
        Settings(**{name: value})
    assert invalid.value.errors()[0]["loc"][0] == name


def test_every_checked_field_is_exercised():
    checked = {f.name for f in dataclasses.fields(PipelineConfig) if "check" in f.metadata}
    assert checked == set(REFUSED)


def test_the_bounds_themselves_are_accepted():
    config = Settings(**ACCEPTED).pipeline_config()
    assert [getattr(config, name) for name in ACCEPTED] == list(ACCEPTED.values())


def test_a_bad_limit_names_its_field():
    with pytest.raises(ConfigError, match="max_articles: must be at least 1"):
        Limits(max_articles=0)


def test_a_config_error_is_reported_as_a_model_that_cannot_load():
    # Every entry point that reports ModelError (exit 3, a start that fails) reports it too.
    with pytest.raises(ModelError, match="merger: must be 'lm', 'wordgraph' or 'both'"):
        PipelineConfig(merger="graph")


def test_settings_build_the_config_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSFUSE_MERGER", "both")
    monkeypatch.setenv("NEWSFUSE_MAX_BATCH", "8")
    monkeypatch.setenv("NEWSFUSE_TORCH_STATIC_CACHE", "1")
    monkeypatch.setenv("NEWSFUSE_TORCH_COMPILE", "0")
    monkeypatch.setenv("NEWSFUSE_MODEL_DIR", str(tmp_path))
    config = Settings(max_batch=4).pipeline_config()  # the caller's value wins
    assert (config.merger, config.max_batch, config.model_dir) == ("both", 4, tmp_path)
    assert config.torch_options() == {"static_cache": True, "compile": False, "cudnn_sdpa": False}


def test_the_model_directory_follows_xdg_in_settings_only(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSFUSE_MODEL_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().pipeline_config().model_dir == tmp_path / "newsfuse"
    assert PipelineConfig().model_dir == Path.home() / ".cache" / "newsfuse"


def test_options_checks_word_their_errors_as_the_api_always_has():
    check = {f.name: f.metadata["check"] for f in dataclasses.fields(SummaryOptions) if f.metadata}
    assert check["mode"].problem("summary") == "must be 'abstractive' or 'extractive'"
    assert check["diversity"].problem(1.5) == "must be between 0 and 1"
    assert check["diversity"].problem(math.nan) == "must be between 0 and 1"
    assert check["diversity"].problem(0.0) is None
    assert check["focus"].problem("x" * 301) == "301 characters; the limit is 300"


def test_a_bad_setting_exits_2_naming_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("NEWSFUSE_MERGER", "graph")
    assert cli_main(["models", "list"]) == 2
    assert "NEWSFUSE_MERGER" in capsys.readouterr().err


def test_nothing_in_models_reads_or_writes_the_environment():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "models").rglob("*.py"))
        if "os.environ" in path.read_text() or "getenv" in path.read_text()
    ]
    assert offenders == []
