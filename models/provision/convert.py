"""Conversions of a packaged GGUF and of Hugging Face directories, for the build targets.

- ``to_float32``: the GGUF dequantised into a float32 safetensors directory (transformers).
- ``gguf_metadata``: the same directory's tokenizer files and configs, read from the GGUF
  without its weights (llama.cpp), or ``copy_metadata`` from a prepared float32 directory.
- ``stage_for_ct2``: a directory as CTranslate2's converter should see it.
"""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .store import MANIFEST, sha256_file

# The source model's Hugging Face config, kept beside a converted model (CTranslate2 writes its
# own config.json).
HF_CONFIG = "hf_config.json"
CT2_QUANTIZATION = "int8"
GGUF_FILE = "model.gguf"
# Config attributes CTranslate2's converters read that transformers 5 no longer writes, with
# the value the older configs had.
_CT2_CONFIG_DEFAULTS = {"bart": {"normalize_before": False}}


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

    # The signature of the function it stands in for, names included.
    def load(
        gguf_checkpoint_path: str,
        return_tensors: bool = False,
        model_to_load: Any = None,
        torch_dtype: Any = None,
    ) -> Any:
        path = gguf_checkpoint_path
        if return_tensors or model_to_load is not None or torch_dtype is not None:
            return original(path, return_tensors, model_to_load, torch_dtype)
        if str(path) not in read:
            read[str(path)] = original(path, return_tensors=False)
        return copy.deepcopy(read[str(path)])

    gguf_utils.load_gguf_checkpoint = load
    try:
        yield
    finally:
        gguf_utils.load_gguf_checkpoint = original


def to_float32(gguf_path: Path, out_dir: Path) -> None:
    """Dequantise the GGUF into a float32 safetensors directory transformers loads directly."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with _gguf_metadata_read_once():
        tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
        # Any: transformers sets hf_quantizer on the model it loads, which its class does not
        # declare (mypy would take it for a submodule).
        model: Any = AutoModelForCausalLM.from_pretrained(
            gguf_path.parent, gguf_file=gguf_path.name, dtype=torch.float32
        )
    # The weights are now plain float tensors; forget the GGUF origin so they can be saved.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)


def gguf_metadata(gguf_path: Path, out_dir: Path) -> None:
    """Write into ``out_dir`` the tokenizer files, config (as ``HF_CONFIG``) and generation
    config that ``to_float32`` writes, byte for byte, read from the GGUF's metadata without
    dequantising its weights."""
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


def tokenizer_files(hf_dir: Path) -> list[str]:
    """Every file of a Hugging Face directory except weights, config and our manifest."""
    return _tokenizer_names(f.name for f in hf_dir.iterdir() if f.is_file())


def copy_metadata(hf_dir: Path, source_sha256: str, out_dir: Path) -> bool:
    """Copy what ``gguf_metadata`` writes from a prepared float32 directory of the same GGUF
    (``to_float32`` wrote the same bytes), each file re-hashed against its manifest: a
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


def stage_for_ct2(source: Path, staged: Path) -> Path:
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
