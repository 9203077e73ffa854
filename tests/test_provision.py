from __future__ import annotations

import hashlib
import sys
import textwrap
from pathlib import Path

import pytest

from models import ModelError, provision
from models.provision import (
    PackagedGGUF,
    assemble_gguf,
    prepare_fuser,
    resolve_fuser,
    verify_prepared,
)


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    """Three importable 'part packages' holding byte chunks, like the PyPI model parts."""
    chunks = [b"GGUF" + bytes(range(256)) * 40, b"middle-part" * 1000, b"tail"]
    root = tmp_path / "site"
    for i, data in enumerate(chunks, start=1):
        pkg = root / f"nf_fake_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        (pkg / "__init__.py").write_text(
            textwrap.dedent(
                f"""
                import os
                def get_part_path():
                    return os.path.join(os.path.dirname(__file__), "data", "part{i:02d}.bin")
                """
            )
        )
    monkeypatch.syspath_prepend(str(root))
    for i in range(1, 4):
        sys.modules.pop(f"nf_fake_part{i}", None)
    spec = PackagedGGUF(
        name="fake-model",
        description="three fake parts",
        distribution="nf-fake-part{i}",
        modules=tuple(f"nf_fake_part{i}" for i in range(1, 4)),
        part_sha256=tuple(hashlib.sha256(c).hexdigest() for c in chunks),
        sha256=hashlib.sha256(b"".join(chunks)).hexdigest(),
    )
    return spec, root, b"".join(chunks)


def test_parts_are_assembled_in_order_and_verified(fake_parts, tmp_path):
    spec, _, whole = fake_parts
    out = assemble_gguf(spec, tmp_path / "model.gguf")
    assert out.read_bytes() == whole


def test_corrupt_part_is_named(fake_parts, tmp_path):
    spec, root, _ = fake_parts
    part = root / "nf_fake_part2" / "data" / "part02.bin"
    part.write_bytes(b"X" + part.read_bytes()[1:])
    with pytest.raises(ModelError) as err:
        assemble_gguf(spec, tmp_path / "model.gguf")
    assert err.value.component == "nf-fake-part2"
    assert "part 2" in err.value.message


def test_missing_part_is_named(fake_parts, tmp_path):
    spec, _, _ = fake_parts
    spec = PackagedGGUF(**{**spec.__dict__, "modules": (*spec.modules[:2], "nf_not_installed")})
    with pytest.raises(ModelError) as err:
        assemble_gguf(spec, tmp_path / "model.gguf")
    assert err.value.component == "nf-fake-part3"
    assert "pip install nf-fake-part3" in err.value.message


def test_prepare_is_atomic_idempotent_and_rebuilds_corruption(fake_parts, tmp_path, monkeypatch):
    spec, _, whole = fake_parts
    monkeypatch.setitem(provision.FUSERS, spec.name, spec)
    conversions = []

    def fake_convert(gguf: Path, out: Path) -> None:
        conversions.append(gguf.read_bytes() == whole)
        out.mkdir()
        (out / "config.json").write_text("{}")
        (out / "model.safetensors").write_bytes(b"weights" * 100)

    monkeypatch.setattr(provision, "_convert_gguf", fake_convert)
    model_dir = tmp_path / "models"
    target = prepare_fuser(spec.name, model_dir)
    assert conversions == [True]
    assert target == model_dir / spec.name
    manifest = verify_prepared(target)
    assert manifest["source_sha256"] == spec.sha256
    assert not list(model_dir.glob(".prepare-*")), "temporary directory left behind"
    # Second call: nothing converted again.
    assert prepare_fuser(spec.name, model_dir) == target
    assert conversions == [True]
    # A corrupted output is caught by verification and rebuilt by prepare.
    (target / "model.safetensors").write_bytes(b"weightz" * 100)
    with pytest.raises(ModelError) as err:
        verify_prepared(target)
    assert "model.safetensors" in err.value.component
    prepare_fuser(spec.name, model_dir)
    assert conversions == [True, True]
    verify_prepared(target)
    # resolve_fuser maps the name to the verified directory.
    assert resolve_fuser(spec.name, model_dir) == target


def test_truncated_file_is_caught_without_hashing(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "a.bin").write_bytes(b"123456")
    provision._write_manifest(d, {"name": "m"})
    (d / "a.bin").write_bytes(b"123")
    with pytest.raises(ModelError):
        verify_prepared(d, full=False)


def test_resolve_fuser_errors_are_clear(tmp_path):
    with pytest.raises(ModelError) as err:
        resolve_fuser(provision.DEFAULT_FUSER, tmp_path / "empty")
    assert "newsfuse models prepare" in err.value.message
    with pytest.raises(ModelError) as err:
        resolve_fuser(str(tmp_path / "nowhere"), tmp_path)
    assert "config.json" in err.value.message
    local = tmp_path / "my-bart"
    local.mkdir()
    (local / "config.json").write_text("{}")
    assert resolve_fuser(str(local), tmp_path) == local


def test_packaged_embedder_is_found_and_verified():
    path = provision.embedder_path(verify=True)
    assert (path / "config.json").is_file() and (path / "model.safetensors").is_file()


def test_prepare_gguf_keeps_the_verified_gguf_with_tokenizer_files(
    fake_parts, tmp_path, monkeypatch
):
    spec, root, whole = fake_parts
    monkeypatch.setitem(provision.FUSERS, spec.name, spec)

    def fake_convert(gguf: Path, out: Path) -> None:
        out.mkdir()
        (out / "config.json").write_text('{"model_type": "qwen2"}')
        (out / "tokenizer.json").write_text("{}")
        (out / "model.safetensors").write_bytes(b"weights")

    monkeypatch.setattr(provision, "_convert_gguf", fake_convert)
    model_dir = tmp_path / "models"
    with pytest.raises(ModelError) as err:  # the tokenizer comes from the prepared directory
        provision.prepare_gguf(spec.name, model_dir)
    assert "newsfuse models prepare" in err.value.message
    prepare_fuser(spec.name, model_dir)
    target = provision.prepare_gguf(spec.name, model_dir)
    assert (target / provision.GGUF_FILE).read_bytes() == whole
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [provision.GGUF_FILE, provision.HF_CONFIG, "tokenizer.json", provision.MANIFEST]
    )
    assert resolve_fuser(spec.name, model_dir, engine="llamacpp") == target
    # A corrupt part is caught when the GGUF is (re)built.
    (target / provision.GGUF_FILE).write_bytes(b"x")
    part = root / "nf_fake_part1" / "data" / "part01.bin"
    part.write_bytes(b"Y" + part.read_bytes()[1:])
    with pytest.raises(ModelError) as err:
        provision.prepare_gguf(spec.name, model_dir)
    assert err.value.component == "nf-fake-part1"
