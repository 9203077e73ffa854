"""The encoder-decoder path with tiny randomly initialised T5 and BART models.

The models and their tokenizer are built here from configs and saved locally, then loaded by the
real fuser code (from_pretrained on a directory, generate with our length controls): no hub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models import ModelError
from models.generation.base import GenerationRequest
from models.generation.transformers import TransformersGenerator
from models.sentences import segment_article
from models.types import Article, Selected
from tests.conftest import SEEDS
from tests.tiny_models import build

# Builds and runs tiny T5 and BART models (seconds each).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["t5", "bart"])
def tiny_model(request, tmp_path_factory) -> tuple[str, Path]:
    return request.param, build(request.param, tmp_path_factory.mktemp(request.param))


def _request(max_words: int = 30) -> GenerationRequest:
    article = Article(id="a", text=(SEEDS / "002_6126ffc03fdb83c0.txt").read_text())
    sentences = [s for s in segment_article(article) if not s.is_heading][3:8]
    return GenerationRequest(tuple(Selected(s, 0.5) for s in sentences), {}, max_words)


def test_tiny_encoder_decoder_loads_and_generates(tiny_model):
    kind, path = tiny_model
    fuser = TransformersGenerator(path, device="cpu", max_input_tokens=256)
    assert fuser.is_encoder_decoder
    assert fuser.prefix == ("summarize: " if kind == "t5" else "")
    result = fuser.generate([_request()])[0]
    assert result.generated_tokens > 0 and result.raw_text
    assert 0 < result.prompt_tokens <= fuser.max_input_tokens
    assert len(result.text.split()) <= 30
    # Greedy decoding: same input, same output.
    again = fuser.generate([_request()])[0]
    assert again.raw_text == result.raw_text


def test_tiny_model_respects_the_length_controls(tiny_model):
    _, path = tiny_model
    fuser = TransformersGenerator(path, device="cpu", max_input_tokens=256)
    result = fuser.generate([_request(max_words=20)])[0]
    # Random weights ramble; the stop criterion still ends generation near the budget.
    assert len(result.raw_text.split()) <= 20 + 10


def test_tiny_encoder_decoder_converts_once_and_runs_on_ctranslate2(tiny_model, tmp_path):
    """The CTranslate2 path for a mounted encoder-decoder directory: `models prepare` converts
    it (int8) into the cache once, the fuser loads the conversion and generates within length."""
    from models import provision
    from models.generation.registry import load_generator

    kind, path = tiny_model
    cache = tmp_path / "cache"
    with pytest.raises(ModelError) as err:
        load_generator(
            str(path), "ctranslate2", cache, device="cpu", threads=1, max_input_tokens=256
        )
    assert "newsfuse models prepare --fuser" in err.value.message
    target = provision.prepare(str(path), "ctranslate2", cache)
    assert (target / "model.bin").is_file() and (target / provision.HF_CONFIG).is_file()
    assert provision.verify_prepared(target)["quantization"] == "int8"
    stamp = (target / "model.bin").stat().st_mtime_ns
    assert provision.prepare(str(path), "ctranslate2", cache) == target  # cached: not reconverted
    assert (target / "model.bin").stat().st_mtime_ns == stamp
    fuser = load_generator(str(path), "auto", cache, device="cpu", threads=1, max_input_tokens=256)
    assert fuser.engine == "ctranslate2" and fuser.is_encoder_decoder
    assert fuser.prefix == ("summarize: " if kind == "t5" else "")
    result = fuser.generate([_request(max_words=20)])[0]
    assert result.generated_tokens > 0 and 0 < result.prompt_tokens <= fuser.max_input_tokens
    assert len(result.text.split()) <= 20
    assert len(result.raw_text.split()) <= 20 + 10  # stopped by the length policy
    batch = fuser.generate([_request(max_words=20), _request(max_words=20)])
    assert batch[0].raw_text == batch[1].raw_text == fuser.generate([_request(20)])[0].raw_text
