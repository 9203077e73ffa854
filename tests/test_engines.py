"""Engine choice and the engine-independent parts of the fast engines, with fakes."""

from __future__ import annotations

import numpy as np
import pytest

from models import ModelError, provision
from models.generation.length import LengthPolicy, LengthState
from models.generation.llamacpp import _Sequence, next_token
from models.generation.registry import check_engine, resolve_engine

PACKAGED = provision.DEFAULT_FUSER


@pytest.mark.parametrize(
    ("installed", "spec", "device", "expected"),
    [
        (True, PACKAGED, "cpu", "llamacpp"),
        (False, PACKAGED, "cpu", "ctranslate2"),  # llama-cpp-python not installed
        (True, PACKAGED, "cuda", "transformers"),  # what the CUDA image carries
        (False, PACKAGED, "cuda:1", "transformers"),
        (True, "/models/my-bart", "cuda", "ctranslate2"),
        (True, "/models/my-bart", "cpu", "ctranslate2"),  # a local directory has no GGUF
    ],
)
def test_auto_picks_the_engine_for_fuser_and_device(monkeypatch, installed, spec, device, expected):
    monkeypatch.setattr("models.generation.registry.llamacpp_installed", lambda: installed)
    assert resolve_engine("auto", spec, device) == expected


def test_an_explicit_engine_is_kept_and_checked():
    assert resolve_engine("transformers", PACKAGED, "cuda") == "transformers"
    assert resolve_engine("ctranslate2", PACKAGED, "cpu") == "ctranslate2"
    with pytest.raises(ModelError) as err:
        resolve_engine("llamacpp", PACKAGED, "cuda:0")
    assert err.value.component == "engine"
    with pytest.raises(ModelError) as err:
        check_engine("vllm")
    assert "available: auto, llamacpp, ctranslate2, transformers" in err.value.message


def test_engine_not_prepared_names_the_prepare_command(tmp_path):
    for engine in ("ctranslate2", "llamacpp"):
        with pytest.raises(ModelError) as err:
            provision.resolve_fuser(PACKAGED, tmp_path, engine=engine)
        assert f"newsfuse models prepare --engine {engine}" in err.value.message
    local = tmp_path / "my-bart"
    local.mkdir()
    (local / "config.json").write_text("{}")
    with pytest.raises(ModelError) as err:
        provision.resolve_fuser(str(local), tmp_path, engine="ctranslate2")
    assert f"--fuser {local} --engine ctranslate2" in err.value.message
    with pytest.raises(ModelError) as err:
        provision.resolve_fuser(str(local), tmp_path, engine="llamacpp")
    assert "packaged GGUF fusers only" in err.value.message


def test_local_conversion_key_changes_when_the_model_changes(tmp_path):
    local = tmp_path / "my-bart"
    local.mkdir()
    (local / "config.json").write_text("{}")
    (local / "model.safetensors").write_bytes(b"1" * 10)
    first = provision.ct2_dir(str(local), tmp_path / "cache")
    assert first == provision.ct2_dir(str(local), tmp_path / "cache")
    (local / "model.safetensors").write_bytes(b"2" * 11)
    assert provision.ct2_dir(str(local), tmp_path / "cache") != first
    assert provision.ct2_dir(PACKAGED, tmp_path) == tmp_path / f"{PACKAGED}.ct2-int8"


def _seq(out: list[int], max_words: int = 100, prompt: list[int] | None = None) -> _Sequence:
    return _Sequence(prompt=prompt or [7], policy=LengthPolicy(max_words), max_new=50, out=out)


def test_next_token_masks_end_of_text_until_the_minimum_length():
    logits = np.array([0.0, 1.0, 5.0, 2.0], dtype=np.float32)  # id 2 is end-of-text
    seq = _seq([])
    assert next_token(logits, seq, [2], 1.0, 0) == 3
    seq.state = LengthState(
        complete_words=90, total_words=90, at_boundary=True, mean_sentence_words=15
    )
    assert next_token(logits, seq, [2], 1.0, 0) == 2


def test_next_token_applies_the_repetition_penalty_like_transformers():
    # Token 1 (seen in the prompt) at 2.0 / 1.5 = 1.33 loses to token 3 at 1.5.
    logits = np.array([0.0, 2.0, -1.0, 1.5], dtype=np.float32)
    assert next_token(logits, _seq([], prompt=[1]), [], 1.5, 0) == 3
    # A negative score is multiplied, not divided: it gets worse, never better.
    logits = np.array([-3.0, -1.0, -1.2, -5.0], dtype=np.float32)
    assert next_token(logits, _seq([], prompt=[1]), [], 1.5, 0) == 2


def test_next_token_bans_only_ngrams_repeated_in_the_output():
    # Output "5 6 9 5 6": writing 9 would repeat the 3-gram "5 6 9".
    logits = np.zeros(10, dtype=np.float32)
    logits[9] = 3.0
    assert next_token(logits, _seq([5, 6, 9, 5, 6]), [], 1.0, 3) != 9
    # The same n-gram in the prompt is not a loop: copying from sources is allowed.
    assert next_token(logits, _seq([5, 6], prompt=[5, 6, 9]), [], 1.0, 3) == 9


def test_done_without_eos_stops_at_the_first_boundary_in_the_band():
    policy = LengthPolicy(100)
    assert not policy.done_without_eos(LengthState(84, 84, True, 12))
    assert not policy.done_without_eos(LengthState(86, 90, False, 12))  # mid-sentence
    assert policy.done_without_eos(LengthState(86, 86, True, 12))
    assert policy.done_without_eos(LengthState(95, 101, False, 12))  # past the budget
