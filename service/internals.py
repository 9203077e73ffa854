"""The one module of ``service/`` that reaches past the top-level ``models`` API.

Everything else in ``service/`` imports ``from models import ...`` only. What the service needs
of the pipeline's parts (the generator's batch size, the packaged generators, a fresh article
id, the pipeline's commands for the command line) is read here, so a change in ``models/``'s
layout is a change in this file alone.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from models import ModelError, Pipeline, commands
from models.config import DEFAULT_ENGINE
from models.device import resolve_device
from models.generation.ctranslate2 import compute_type_for
from models.generation.registry import resolve_engine
from models.pipeline import new_article_id
from models.provision import (
    DEFAULT_FUSER,
    FUSERS,
    MANIFEST,
    MULTILINGUAL_EMBEDDER,
    installed_embedders,
    resolve_fuser,
)

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_FUSER",
    "commands",
    "distribution_version",
    "engine_and_device",
    "generates_in_batches",
    "generator_batch",
    "model_identities",
    "new_article_id",
    "packaged_generators",
    "weights_dtype",
]


def generator_batch(pipeline: Pipeline) -> int:
    """The most requests the pipeline's generator takes in one generation (1 without one)."""
    return pipeline.generator.max_batch if pipeline.generator is not None else 1


def generates_in_batches(pipeline: Pipeline) -> bool:
    """Whether the generator has batched generation (else it takes one request at a time)."""
    return generator_batch(pipeline) > 1


def packaged_generators() -> list[str]:
    """The names of the packaged generators, as ``/v1/models`` lists them."""
    return sorted(FUSERS)


def distribution_version(name: str) -> str | None:
    """An installed distribution's version (None when it is not installed)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _pinned(name: str) -> str:
    return f"{name}=={distribution_version(name) or 'not-installed'}"


def engine_and_device(engine: str, fuser: str, device: str) -> tuple[str, str]:
    """The engine and device a start with these settings loads (``auto`` resolved), without
    loading anything."""
    resolved = resolve_device(device)
    return resolve_engine(engine, fuser, resolved), resolved


def weights_dtype(engine: str, device: str) -> str | None:
    """The weights' number format as the engine runs them (None for no generator)."""
    if engine == "llamacpp":
        return "Q4_K_M"  # every packaged GGUF is (models/provision/catalog.py)
    if engine == "ctranslate2":
        return compute_type_for(device)
    if engine == "transformers":
        from models.generation.transformers import dtype_for

        return str(dtype_for(device)).removeprefix("torch.")
    return None


def model_identities(
    fuser: str, engine: str, model_dir: Path, multilingual: bool
) -> list[dict[str, Any]]:
    """Each model a start with these settings loads: its role, name, PyPI distributions and
    pinned SHA-256 (the hashes `newsfuse models verify` checks), and under ``files`` what its
    prepared directory's manifest records for the engine (None where not prepared). Reads the
    catalog and at most one manifest: no file is hashed."""
    out: list[dict[str, Any]] = []
    for spec in installed_embedders():
        if spec is MULTILINGUAL_EMBEDDER and not multilingual:
            continue
        out.append(
            {
                "role": "multilingual_embedder" if spec is MULTILINGUAL_EMBEDDER else "embedder",
                "name": spec.name,
                "packages": [_pinned(spec.distribution)],
                "sha256": spec.sha256,
                "files": {spec.weights: spec.sha256},
            }
        )
    packaged = FUSERS.get(fuser)
    out.append(
        {
            "role": "fuser",
            "name": packaged.name if packaged else Path(fuser).name,
            "packages": (
                [_pinned(packaged.pip_name(i)) for i in range(len(packaged.modules))]
                if packaged
                else []
            ),
            "sha256": packaged.sha256 if packaged else None,
            "files": _prepared_files(fuser, engine, model_dir),
        }
    )
    return out


def _prepared_files(fuser: str, engine: str, model_dir: Path) -> dict[str, str] | None:
    """File → SHA-256 from the manifest of the directory ``engine`` loads for ``fuser``."""
    try:
        directory = resolve_fuser(fuser, model_dir, verify=False, engine=engine)
        manifest = json.loads((directory / MANIFEST).read_text())
    except (ModelError, OSError, ValueError):
        return None
    return {name: meta["sha256"] for name, meta in manifest.get("files", {}).items()}
