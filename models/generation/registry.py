"""Which generation engine runs the fuser, and how each is loaded.

- ``llamacpp``: the packaged Q4_K_M GGUF as is, batched greedy decoding; CPU only here.
- ``ctranslate2``: int8 weights converted once by ``newsfuse models prepare``; batched
  generation on CPU or CUDA; also runs local encoder-decoder directories (BART, T5, PEGASUS).
- ``transformers``: float32 on CPU, bfloat16 (float16 where the GPU lacks it) on CUDA; batched
  greedy generation (``models.generation.transformers``). Its options (``torch_options``, from
  ``PipelineConfig.torch_*``: ``NEWSFUSE_TORCH_STATIC_CACHE``, ``NEWSFUSE_TORCH_COMPILE``,
  ``NEWSFUSE_TORCH_CUDNN_SDPA``) are off by default until measured: a static KV cache, with which
  transformers compiles the decoding step on CUDA, unless compile is off; cuDNN attention
  (off: it plans every new shape, which made a first request 3-4x slower on an H200).
- ``auto`` (the default): for a packaged fuser, llamacpp on CPU when it is installed and
  transformers on CUDA (the engine the CUDA image carries: PyPI's torch 2.13.0 brings CUDA 13,
  and CTranslate2's wheel loads CUDA 12's cuBLAS); ctranslate2 otherwise (local directories,
  a CPU without llama-cpp-python). README "Choosing the engine" has the measurements.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path

from .. import provision
from ..config import ENGINES as ENGINES  # declared with the config's other allowed values
from ..errors import ModelError
from .base import Generator

# How many concurrent requests each engine fuses together by default, by measurement on 2 CPU
# cores (docs "Engines"): llama.cpp's decoding is compute-bound there, so a batch of 4 adds
# 6% throughput but makes every request wait for the slowest (mean latency +52%): one at a
# time. CTranslate2's int8 GEMMs gain 65% throughput from a batch of 4 (a GPU was not
# measured). transformers float32: 4 merges in one generation ran 1.36x the tokens/s of one
# at a time, 16 of them 1.70x (benchmarks/RESULTS.md, "Batched transformers generation"); 4
# bundles (a round's merges of each together) keep a request's wait near one generation's.
ENGINE_BATCH = {"llamacpp": 1, "ctranslate2": 4, "transformers": 4}
# On a GPU one generation of many rows costs little more than one of a few: transformers takes
# up to 32 bundles at once there (their merges in one generate, ``max_rows`` at a time).
CUDA_BATCH = {"ctranslate2": 4, "transformers": 32}


def check_engine(engine: str) -> str:
    if engine != "auto" and engine not in ENGINES:
        raise ModelError(
            "engine", f"unknown engine {engine!r}; available: auto, {', '.join(ENGINES)}"
        )
    return engine


def llamacpp_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def resolve_engine(engine: str, spec: str, device: str) -> str:
    """``auto`` → the engine measured fastest for this fuser and device; others unchanged."""
    check_engine(engine)
    if engine != "auto":
        if engine == "llamacpp" and device != "cpu":
            raise ModelError("engine", f"llamacpp runs on cpu here, not {device}")
        return engine
    if device == "cpu" and spec in provision.FUSERS and llamacpp_installed():
        return "llamacpp"
    if device != "cpu" and spec in provision.FUSERS:
        return "transformers"
    return "ctranslate2"


def load_generator(
    spec: str,
    engine: str,
    model_dir: Path,
    device: str,
    threads: int,
    max_input_tokens: int,
    verify: bool = True,
    max_batch: int | None = None,
    torch_options: Mapping[str, bool] | None = None,
) -> Generator:
    """Load the fuser ``spec`` (packaged name or local directory) on ``engine``; never converts.

    ``max_batch`` (None: the engine's default) is set on the generator as ``max_batch``: the
    most requests the service hands it at once. ``torch_options`` (``static_cache``,
    ``compile``, ``cudnn_sdpa``; ``PipelineConfig.torch_options()``) go to the transformers
    engine only."""
    engine = resolve_engine(engine, spec, device)
    batch = max_batch or (ENGINE_BATCH if device == "cpu" else CUDA_BATCH)[engine]
    path = provision.resolve_fuser(spec, model_dir, verify=verify, engine=engine)
    name = Path(spec).name
    if engine == "llamacpp":
        if not llamacpp_installed():
            raise ModelError("llamacpp", "not installed: pip install llama-cpp-python")
        from .llamacpp import LlamaCppGenerator

        return LlamaCppGenerator(
            path, threads=threads, max_batch=batch, max_input_tokens=max_input_tokens, name=name
        )
    if engine == "ctranslate2":
        from .ctranslate2 import CTranslate2Generator

        return CTranslate2Generator(
            path,
            device=device,
            threads=threads,
            max_batch=batch,
            max_input_tokens=max_input_tokens,
            name=name,
        )
    from .transformers import TransformersGenerator

    return TransformersGenerator(
        path,
        device=device,
        max_input_tokens=max_input_tokens,
        name=name,
        max_batch=batch,
        **dict(torch_options or {}),
    )
