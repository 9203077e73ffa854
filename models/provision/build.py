"""What each engine loads, and how it is built: one table of targets, one per engine.

- ``llamacpp``: ``<name>.gguf/``, the verified GGUF assembled from the part packages, with the
  tokenizer files and config read from its metadata (no conversion; copied from the
  transformers target instead when that is prepared: the same bytes).
- ``ctranslate2``: ``<name>.ct2-int8/`` (a local directory: ``local/<dir>-<key>.ct2-int8/``),
  int8 weights with the tokenizer files and source config, converted from a float32 directory
  (the transformers target when that is prepared, else one made in scratch and dropped) or
  from the local directory.
- ``transformers``: ``<name>/``, the GGUF dequantised to float32 safetensors (2.4 GB); a local
  directory is used as is.

``Target.prepare`` builds only what its engine loads (idempotent, re-hashed, atomic: see
``store.prepare_once``); ``Target.resolve`` maps a fuser setting to that directory, checked
against its manifest (sizes, or hashes when asked), and never builds, so a request never pays
for it. A fuser setting is a packaged name (``catalog.FUSERS``) or a local Hugging Face
directory with ``config.json`` (BART, PEGASUS, T5, or a decoder-only instruct model).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..errors import ModelError
from . import convert
from .catalog import FUSERS
from .convert import CT2_QUANTIZATION, GGUF_FILE, HF_CONFIG
from .sources import assemble_gguf
from .store import default_model_dir, prepare_once, verify_prepared


def _packaged_names() -> str:
    return ", ".join(sorted(FUSERS))


def _check_local(spec: str) -> Path:
    """A fuser setting that is not a packaged name → its local directory, or a clear error."""
    path = Path(spec).expanduser()
    if not (path / "config.json").is_file():
        raise ModelError(
            spec,
            "neither a packaged fuser name "
            f"({_packaged_names()}) nor a local model directory with config.json",
        )
    return path


class Target:
    """What one engine loads for a fuser setting: where it lives, how it is built, how it is
    found at start."""

    engine: str

    def directory(self, spec: str, model_dir: Path) -> Path:
        raise NotImplementedError

    def prepare(self, spec: str, model_dir: Path) -> Path:
        """Build this engine's directory for ``spec`` once (nothing another engine needs)."""
        raise NotImplementedError

    def resolve(self, spec: str, model_dir: Path, verify: bool) -> Path:
        """The prepared directory, its files' sizes (and hashes when ``verify``) checked
        against its manifest; a clear error naming the prepare command when absent."""
        if spec not in FUSERS:
            _check_local(spec)
        target = self.directory(spec, model_dir)
        if not target.exists():
            hint = "" if spec in FUSERS else f" --fuser {spec}"
            raise ModelError(
                spec,
                f"not prepared for {self.engine} in {target.parent}: "
                f"run `newsfuse models prepare{hint} --engine {self.engine}`",
            )
        verify_prepared(target, full=verify)
        return target


class TransformersTarget(Target):
    """The float32 safetensors directory (packaged), or the local directory as is."""

    engine = "transformers"

    def directory(self, spec: str, model_dir: Path) -> Path:
        return model_dir / spec if spec in FUSERS else Path(spec).expanduser()

    def prepare(self, spec: str, model_dir: Path) -> Path:
        if spec not in FUSERS:
            return _check_local(spec)
        gguf = FUSERS[spec]

        def build(tmp: Path, out: Path) -> dict[str, object]:
            whole = assemble_gguf(gguf, tmp / GGUF_FILE)
            convert.to_float32(whole, out)
            whole.unlink()
            return {"name": spec, "description": gguf.description}

        target = self.directory(spec, model_dir)
        return prepare_once(model_dir, target, ("source_sha256", gguf.sha256), build)

    def resolve(self, spec: str, model_dir: Path, verify: bool) -> Path:
        if spec not in FUSERS:
            return _check_local(spec)
        return super().resolve(spec, model_dir, verify)

    def intact(self, spec: str, model_dir: Path) -> Path | None:
        """The prepared float32 directory of a packaged fuser when it is there and intact
        (re-hashed), else None."""
        target = self.directory(spec, model_dir)
        if not target.exists():
            return None
        try:
            manifest = verify_prepared(target, full=True)
        except ModelError:
            return None
        return target if manifest.get("source_sha256") == FUSERS[spec].sha256 else None


class CTranslate2Target(Target):
    """int8 weights converted from a Hugging Face directory, with its tokenizer and config."""

    engine = "ctranslate2"

    def directory(self, spec: str, model_dir: Path) -> Path:
        """A packaged fuser converts to ``<model_dir>/<name>.ct2-int8``; a local directory to
        ``<model_dir>/local/<dirname>-<key>.ct2-int8``, keyed by its resolved path and the
        names, sizes and modification times of its files, so a changed model is converted
        anew."""
        if spec in FUSERS:
            return model_dir / f"{spec}.ct2-{CT2_QUANTIZATION}"
        path = Path(spec).expanduser().resolve()
        digest = hashlib.sha256(str(path).encode())
        for f in sorted(path.iterdir()):
            if f.is_file():
                st = f.stat()
                digest.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        name = f"{path.name}-{digest.hexdigest()[:12]}.ct2-{CT2_QUANTIZATION}"
        return model_dir / "local" / name

    def prepare(self, spec: str, model_dir: Path) -> Path:
        """Weights quantised to int8 (CTranslate2 computes in int8 on CPU and int8/float16 on
        CUDA from the same files); tokenizer files and the source config copied beside them.
        A packaged fuser converts from its float32 directory: the transformers target's when
        that is prepared, else one made in the scratch directory and dropped after."""
        try:
            import ctranslate2.converters
        except ImportError as exc:
            raise ModelError(
                "ctranslate2", "the ctranslate2 engine is not installed: pip install ctranslate2"
            ) from exc
        if spec in FUSERS:
            source_key = FUSERS[spec].sha256
            local = None
        else:
            local = _check_local(spec)
            source_key = str(local.resolve())

        def build(tmp: Path, out: Path) -> dict[str, object]:
            source = local or TRANSFORMERS.intact(spec, model_dir)
            if source is None:
                source = tmp / "float32"
                whole = assemble_gguf(FUSERS[spec], tmp / GGUF_FILE)
                convert.to_float32(whole, source)
                whole.unlink()
            staged = convert.stage_for_ct2(source, tmp / "source")
            converter = ctranslate2.converters.TransformersConverter(
                str(staged), copy_files=convert.tokenizer_files(source), low_cpu_mem_usage=True
            )
            converter.convert(str(out), quantization=CT2_QUANTIZATION)
            shutil.copyfile(source / "config.json", out / HF_CONFIG)
            return {
                "name": Path(spec).name,
                "engine": "ctranslate2",
                "quantization": CT2_QUANTIZATION,
                "ctranslate2": ctranslate2.__version__,
            }

        target = self.directory(spec, model_dir)
        return prepare_once(model_dir, target, ("source", source_key), build)


class LlamaCppTarget(Target):
    """The packaged GGUF itself, with the tokenizer files and config read from it."""

    engine = "llamacpp"

    def directory(self, spec: str, model_dir: Path) -> Path:
        return model_dir / f"{spec}.gguf"

    def _packaged(self, spec: str) -> None:
        if spec not in FUSERS:
            _check_local(spec)  # a clear error for a wrong path first
            raise ModelError(
                spec,
                "the llamacpp engine runs the packaged GGUF fusers only "
                f"({_packaged_names()}); use ctranslate2 or transformers for a local directory",
            )

    def prepare(self, spec: str, model_dir: Path) -> Path:
        self._packaged(spec)
        gguf = FUSERS[spec]

        def build(tmp: Path, out: Path) -> dict[str, object]:
            out.mkdir()
            whole = assemble_gguf(gguf, out / GGUF_FILE)
            if not convert.copy_metadata(TRANSFORMERS.directory(spec, model_dir), gguf.sha256, out):
                convert.gguf_metadata(whole, out)
            return {"name": spec, "engine": "llamacpp"}

        target = self.directory(spec, model_dir)
        return prepare_once(model_dir, target, ("source", gguf.sha256), build)

    def resolve(self, spec: str, model_dir: Path, verify: bool) -> Path:
        self._packaged(spec)
        return super().resolve(spec, model_dir, verify)


TRANSFORMERS = TransformersTarget()
# The table. In build order: the ctranslate2 conversion reuses a prepared float32 directory.
TARGETS: dict[str, Target] = {
    t.engine: t for t in (TRANSFORMERS, CTranslate2Target(), LlamaCppTarget())
}


def _target(engine: str) -> Target:
    if engine not in TARGETS:
        raise ModelError("engine", f"unknown engine {engine!r}; available: {', '.join(TARGETS)}")
    return TARGETS[engine]


def prepare(spec: str, engine: str, model_dir: Path | None = None) -> Path:
    """Build what ``engine`` loads for the fuser ``spec`` once; return its directory.

    Example:
        >>> prepare("qwen2.5-coder-0.5b-instruct", "llamacpp")  # doctest: +SKIP
        PosixPath('/root/.cache/newsfuse/qwen2.5-coder-0.5b-instruct.gguf')
    """
    return _target(engine).prepare(spec, model_dir or default_model_dir())


def resolve_fuser(
    spec: str, model_dir: Path | None = None, verify: bool = True, engine: str = "transformers"
) -> Path:
    """Map a fuser setting to the directory ``engine`` loads, checked against its manifest
    (sizes; hashes too when ``verify``); never converts (that is ``newsfuse models prepare``'s
    job), so a request never pays for it."""
    return _target(engine).resolve(spec, model_dir or default_model_dir(), verify)


def ct2_dir(spec: str, model_dir: Path) -> Path:
    return TARGETS["ctranslate2"].directory(spec, model_dir)


def gguf_dir(spec: str, model_dir: Path) -> Path:
    return TARGETS["llamacpp"].directory(spec, model_dir)
