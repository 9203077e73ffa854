"""The model directory: where prepared models live, their manifests, and how one is built.

Every prepared directory holds a manifest with the SHA-256 and size of each file, written when
the directory is built. Loading checks sizes against it (cheap: a truncated or missing file
fails the start); ``newsfuse models verify`` and ``newsfuse models prepare`` re-hash.
A directory is built under a file lock in a scratch folder beside it and renamed into place,
so an interrupted build leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ModelError
from .catalog import FUSERS

logger = logging.getLogger(__name__)

MANIFEST = "newsfuse-manifest.json"
FORMAT_VERSION = 1
_CHUNK = 8 << 20


def default_model_dir(cache_home: str | Path | None = None) -> Path:
    """``<cache_home>/newsfuse``, ``~/.cache/newsfuse`` without one. Reads no environment: the
    service's ``Settings`` passes ``$XDG_CACHE_HOME`` (and ``$NEWSFUSE_MODEL_DIR`` wins over
    both), so every entry point (``make run``, ``make test``, ``newsfuse`` by hand) agrees."""
    return Path(cache_home or Path.home() / ".cache") / "newsfuse"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(directory: Path, info: dict[str, object]) -> None:
    """Hash every file of ``directory`` into its manifest, with ``info``'s fields."""
    files = {
        p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size}
        for p in sorted(directory.iterdir())
        if p.is_file() and p.name != MANIFEST
    }
    manifest = {"format": FORMAT_VERSION, **info, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def verify_prepared(directory: Path, full: bool = True) -> dict[str, object]:
    """Check a prepared directory against its manifest: sizes always, hashes when ``full``.

    Raises ModelError naming the first file that is missing or differs.
    """
    manifest_path = directory / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(
            str(directory), "no valid manifest: run `newsfuse models prepare`"
        ) from exc
    for name, meta in manifest["files"].items():
        path = directory / name
        if not path.is_file() or path.stat().st_size != meta["bytes"]:
            raise ModelError(str(path), f"missing or truncated: run {_rebuild(manifest)}")
        if full and sha256_file(path) != meta["sha256"]:
            raise ModelError(str(path), f"SHA-256 mismatch: corrupt; run {_rebuild(manifest)}")
    return dict(manifest)


def _rebuild(manifest: dict[str, object]) -> str:
    """The prepare command that rebuilds the directory this manifest describes."""
    engine = manifest.get("engine", "transformers")
    name = manifest.get("name")
    fuser = name if name in FUSERS else manifest.get("source")
    return f"`newsfuse models prepare --fuser {fuser} --engine {engine}`"


def prepared_dirs(model_dir: Path) -> list[Path]:
    """Every prepared directory under ``model_dir`` (packaged fusers and converted local
    models), by path."""
    return sorted(p.parent for p in model_dir.glob(f"**/{MANIFEST}") if ".prepare-" not in str(p))


@contextlib.contextmanager
def _lock(model_dir: Path) -> Iterator[None]:
    model_dir.mkdir(parents=True, exist_ok=True)
    with (model_dir / ".prepare.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def prepare_once(
    model_dir: Path,
    target: Path,
    source: tuple[str, str],
    build: Callable[[Path, Path], dict[str, object]],
) -> Path:
    """Build ``target`` once, verified and atomically: the shared shape of every prepare step.

    ``source`` is the manifest (key, value) that names what the directory was built from: an
    intact directory (every file re-hashed) with the same source is returned as is, a corrupt
    or outdated one rebuilt. ``build(tmp, out)`` writes the files into ``out`` (inside the
    scratch directory ``tmp``) and returns the manifest's other fields.
    """
    key, value = source
    with _lock(model_dir):
        if target.exists():
            try:
                if verify_prepared(target, full=True).get(key) == value:
                    logger.info("already prepared: %s", target)
                    return target
            except ModelError as exc:
                logger.warning("rebuilding %s: %s", target, exc)
            shutil.rmtree(target)
        started = time.perf_counter()
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".prepare-") as tmp:
            out = Path(tmp) / "out"
            info = build(Path(tmp), out)
            write_manifest(out, {**info, key: value})
            os.replace(out, target)
        logger.info("prepared %s in %.1fs", target, time.perf_counter() - started)
    return target
