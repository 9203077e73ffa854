"""Which generation engine runs the fuser, and how each is loaded.

- ``llamacpp``: the packaged Q4_K_M GGUF as is, batched greedy decoding; CPU only here.
- ``ctranslate2``: int8 weights converted once by ``newsfuse models prepare``; batched
  generation on CPU or CUDA; also runs local encoder-decoder directories (BART, T5, PEGASUS).
- ``transformers``: the float32 (CPU) / float16 (CUDA) reference path, prompt-lookup decoding.
- ``auto`` (the default): llamacpp on CPU for a packaged fuser when it is installed, ctranslate2
  otherwise (CUDA, local directories). README "Choosing the engine" has the measurements.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .. import provision
from ..errors import ModelError
from .base import Generator

ENGINES = ("llamacpp", "ctranslate2", "transformers")
# How many concurrent requests each engine fuses together by default, by measurement on 2 CPU
# cores (README "Engines"): llama.cpp's decoding is compute-bound there, so a batch of 4 adds
# 6% throughput but makes every request wait for the slowest (mean latency +52%): one at a
# time. CTranslate2's int8 GEMMs gain 65% throughput from a batch of 4 (a GPU was not
# measured). transformers has no batched path.
ENGINE_BATCH = {"llamacpp": 1, "ctranslate2": 4, "transformers": 1}


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
) -> Generator:
    """Load the fuser ``spec`` (packaged name or local directory) on ``engine``; never converts.

    ``max_batch`` (None: the engine's default) is set on the generator as ``max_batch``: the
    most requests the service hands it at once (the transformers engine takes one at a time)."""
    engine = resolve_engine(engine, spec, device)
    batch = max_batch or ENGINE_BATCH[engine]
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

    return TransformersGenerator(path, device=device, max_input_tokens=max_input_tokens, name=name)
