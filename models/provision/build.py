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

import contextlib
import copy
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .catalog import FUSERS
from .sources import assemble_gguf
from .store import MANIFEST, default_model_dir, prepare_once, sha256_file, verify_prepared

# The source model's Hugging Face config, kept beside a converted model (CTranslate2 writes its
# own config.json).
HF_CONFIG = "hf_config.json"
CT2_QUANTIZATION = "int8"
GGUF_FILE = "model.gguf"
# Config attributes CTranslate2's converters read that transformers 5 no longer writes, with
# the value the older configs had.
_CT2_CONFIG_DEFAULTS = {"bart": {"normalize_before": False}}


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


@contextlib.contextmanager
def _gguf_metadata_read_once() -> Iterator[None]:
    """Within this block transformers reads a GGUF's metadata once.

    For an architecture its fast reader does not cover (Qwen2 among them) transformers parses
    the whole metadata, the 150k-token vocabulary included, in a Python loop: about 20 s on 2
    cores, once for the tokenizer and once more for the config. The second read gets a copy of
    the first's result; a read with tensors is left alone.
    """
    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    original = gguf_utils.load_gguf_checkpoint
    read: dict[str, Any] = {}

    def load(path: str, return_tensors: bool = False, **kwargs: Any) -> Any:
        if return_tensors or kwargs:
            return original(path, return_tensors=return_tensors, **kwargs)
        if str(path) not in read:
            read[str(path)] = original(path, return_tensors=False)
        return copy.deepcopy(read[str(path)])

    gguf_utils.load_gguf_checkpoint = load
    try:
        yield
    finally:
        gguf_utils.load_gguf_checkpoint = original


def _convert_gguf(gguf_path: Path, out_dir: Path) -> None:
    """Dequantise the GGUF into a float32 safetensors directory transformers loads directly."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with _gguf_metadata_read_once():
        tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
        model = AutoModelForCausalLM.from_pretrained(
            gguf_path.parent, gguf_file=gguf_path.name, dtype=torch.float32
        )
    # The weights are now plain float tensors; forget the GGUF origin so they can be saved.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)


def _gguf_metadata(gguf_path: Path, out_dir: Path) -> None:
    """Write beside the GGUF the tokenizer files, ``HF_CONFIG`` and generation config that
    ``_convert_gguf`` writes (byte for byte), read from the GGUF's metadata without its
    weights."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    with _gguf_metadata_read_once():
        tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
        config = AutoConfig.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
    # The model skeleton on the meta device: the config and generation config it would save.
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.config.architectures = [type(model).__name__]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config.save_pretrained(out_dir)
    model.generation_config.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "config.json").rename(out_dir / HF_CONFIG)


def _tokenizer_names(names: Iterable[str]) -> list[str]:
    """The files of a Hugging Face directory other than weights, config and our manifest."""
    skip = {"config.json", MANIFEST}
    weights = (".safetensors", ".bin", ".pt", ".gguf", ".h5", ".msgpack")
    return sorted(n for n in names if n not in skip and not n.endswith(weights))


def _tokenizer_files(hf_dir: Path) -> list[str]:
    """Every file of a Hugging Face directory except weights, config and our manifest."""
    return _tokenizer_names(f.name for f in hf_dir.iterdir() if f.is_file())


def _copy_metadata(hf_dir: Path, source_sha256: str, out_dir: Path) -> bool:
    """Copy what ``_gguf_metadata`` writes from a prepared float32 directory of the same GGUF
    (``_convert_gguf`` wrote the same bytes), each file re-hashed against its manifest: a
    second instead of reading the GGUF's metadata again. False when there is none intact."""
    try:
        manifest = json.loads((hf_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    files = manifest.get("files", {})
    names = [*_tokenizer_names(files), "config.json"]
    if manifest.get("source_sha256") != source_sha256 or "config.json" not in files:
        return False
    for name in names:
        path = hf_dir / name
        if not path.is_file() or sha256_file(path) != files[name]["sha256"]:
            return False
    for name in names:
        shutil.copyfile(hf_dir / name, out_dir / (HF_CONFIG if name == "config.json" else name))
    return True


def _stage_for_ct2(source: Path, staged: Path) -> Path:
    """``source`` as the converter should see it: the same files (symlinked), with a config
    completed from ``_CT2_CONFIG_DEFAULTS``. The user's directory is never modified."""
    config = json.loads((source / "config.json").read_text())
    missing = {
        k: v
        for k, v in _CT2_CONFIG_DEFAULTS.get(config.get("model_type", ""), {}).items()
        if k not in config
    }
    if not missing:
        return source
    staged.mkdir()
    for f in source.iterdir():
        if f.name != "config.json":
            (staged / f.name).symlink_to(f.resolve())
    (staged / "config.json").write_text(json.dumps({**config, **missing}, indent=2))
    return staged


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
            _convert_gguf(whole, out)
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
                _convert_gguf(whole, source)
                whole.unlink()
            staged = _stage_for_ct2(source, tmp / "source")
            converter = ctranslate2.converters.TransformersConverter(
                str(staged), copy_files=_tokenizer_files(source), low_cpu_mem_usage=True
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
            if not _copy_metadata(TRANSFORMERS.directory(spec, model_dir), gguf.sha256, out):
                _gguf_metadata(whole, out)
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
