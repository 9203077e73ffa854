from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models import ModelError, PipelineConfig, provision
from models.generation.registry import ENGINES
from models.provision import (
    PackagedEmbedder,
    PackagedGGUF,
    assemble_gguf,
    convert,
    prepare,
    resolve_fuser,
    store,
    verify_prepared,
)
from service.cli import main as cli_main
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


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
    monkeypatch.setitem(provision.FUSERS, spec.name, spec)
    return spec, root, b"".join(chunks)


@pytest.fixture
def conversions(fake_parts, monkeypatch):
    """The GGUF → float32 conversion and the metadata read faked (no transformers); records
    which ran, on the assembled bytes."""
    _, _, whole = fake_parts
    calls: list[str] = []

    def fake_convert(gguf: Path, out: Path) -> None:
        assert gguf.read_bytes() == whole
        calls.append("float32")
        out.mkdir()
        (out / "config.json").write_text('{"model_type": "qwen2"}')
        (out / "generation_config.json").write_text('{"eos_token_id": 2}')
        (out / "tokenizer.json").write_text("{}")
        (out / "model.safetensors").write_bytes(b"weights" * 100)

    def fake_metadata(gguf: Path, out: Path) -> None:
        assert gguf.read_bytes() == whole
        calls.append("metadata")
        (out / provision.HF_CONFIG).write_text('{"model_type": "qwen2"}')
        (out / "generation_config.json").write_text('{"eos_token_id": 2}')
        (out / "tokenizer.json").write_text("{}")

    monkeypatch.setattr(convert, "to_float32", fake_convert)
    monkeypatch.setattr(convert, "gguf_metadata", fake_metadata)
    return calls


@pytest.fixture
def fake_ct2(monkeypatch):
    """CTranslate2's converter faked: writes model.bin and copies the files it is told to."""
    import ctranslate2.converters

    sources: list[Path] = []

    class FakeConverter:
        def __init__(self, source: str, copy_files: list[str], low_cpu_mem_usage: bool) -> None:
            self.source, self.copy_files = Path(source), copy_files

        def convert(self, out: str, quantization: str) -> None:
            sources.append(self.source)
            Path(out).mkdir()
            (Path(out) / "model.bin").write_bytes(b"int8" * 10)
            for name in self.copy_files:
                shutil.copyfile(self.source / name, Path(out) / name)

    monkeypatch.setattr(ctranslate2.converters, "TransformersConverter", FakeConverter)
    return sources


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


def test_every_engine_has_one_target():
    assert set(provision.TARGETS) == set(ENGINES)


def test_prepare_is_atomic_idempotent_and_rebuilds_corruption(fake_parts, conversions, tmp_path):
    spec, _, _ = fake_parts
    model_dir = tmp_path / "models"
    target = prepare(spec.name, "transformers", model_dir)
    assert conversions == ["float32"]
    assert target == model_dir / spec.name
    manifest = verify_prepared(target)
    assert manifest["source_sha256"] == spec.sha256
    assert not list(model_dir.glob(".prepare-*")), "temporary directory left behind"
    # Second call: nothing converted again.
    assert prepare(spec.name, "transformers", model_dir) == target
    assert conversions == ["float32"]
    # A corrupted output (same size) is caught by hashing and rebuilt by prepare.
    (target / "model.safetensors").write_bytes(b"weightz" * 100)
    with pytest.raises(ModelError) as err:
        verify_prepared(target)
    assert "model.safetensors" in err.value.component
    prepare(spec.name, "transformers", model_dir)
    assert conversions == ["float32", "float32"]
    verify_prepared(target)
    assert resolve_fuser(spec.name, model_dir) == target


def test_llamacpp_prepare_builds_the_gguf_only(fake_parts, conversions, tmp_path):
    """The default engine's preparation: the verified GGUF with the tokenizer and config read
    from it; no float32 conversion is made or kept."""
    spec, root, whole = fake_parts
    model_dir = tmp_path / "models"
    target = prepare(spec.name, "llamacpp", model_dir)
    assert conversions == ["metadata"]
    assert sorted(p.name for p in model_dir.iterdir() if not p.name.startswith(".")) == [
        f"{spec.name}.gguf"
    ]
    assert (target / provision.GGUF_FILE).read_bytes() == whole
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [
            provision.GGUF_FILE,
            provision.HF_CONFIG,
            "generation_config.json",
            "tokenizer.json",
            provision.MANIFEST,
        ]
    )
    assert resolve_fuser(spec.name, model_dir, engine="llamacpp") == target
    with pytest.raises(ModelError) as err:  # the other engines were not prepared
        resolve_fuser(spec.name, model_dir, engine="transformers")
    assert "--engine transformers" in err.value.message
    # A corrupt part is caught when the GGUF is (re)built.
    (target / provision.GGUF_FILE).write_bytes(b"x")
    part = root / "nf_fake_part1" / "data" / "part01.bin"
    part.write_bytes(b"Y" + part.read_bytes()[1:])
    with pytest.raises(ModelError) as err:
        prepare(spec.name, "llamacpp", model_dir)
    assert err.value.component == "nf-fake-part1"


def test_llamacpp_copies_the_tokenizer_of_a_prepared_float32_directory(
    fake_parts, conversions, tmp_path
):
    spec, _, _ = fake_parts
    hf = prepare(spec.name, "transformers", tmp_path)
    target = prepare(spec.name, "llamacpp", tmp_path)
    assert conversions == ["float32"]  # the GGUF's metadata was not read again
    assert (target / provision.HF_CONFIG).read_bytes() == (hf / "config.json").read_bytes()
    assert (target / "tokenizer.json").read_bytes() == (hf / "tokenizer.json").read_bytes()
    # A float32 directory whose tokenizer differs from its manifest is not copied from.
    shutil.rmtree(target)
    (hf / "tokenizer.json").write_text("[]")
    prepare(spec.name, "llamacpp", tmp_path)
    assert conversions == ["float32", "metadata"]


@pytest.mark.real
def test_gguf_metadata_is_what_the_float32_conversion_writes(tmp_path):
    """`make run` reads the tokenizer and config from the GGUF; `make test` copies them from
    the float32 directory: byte for byte the same files."""
    model_dir = Settings().model_dir
    hf = provision.TARGETS["transformers"].directory(provision.DEFAULT_FUSER, model_dir)
    gguf = provision.gguf_dir(provision.DEFAULT_FUSER, model_dir)
    if not (hf / provision.MANIFEST).is_file() or not (gguf / provision.MANIFEST).is_file():
        pytest.skip("needs `newsfuse models prepare --engine all`")
    convert.gguf_metadata(gguf / provision.GGUF_FILE, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*convert.tokenizer_files(hf), provision.HF_CONFIG])
    for name in written:
        source = hf / ("config.json" if name == provision.HF_CONFIG else name)
        assert (tmp_path / name).read_bytes() == source.read_bytes(), name


def test_ctranslate2_prepare_keeps_no_float32_and_reuses_a_prepared_one(
    fake_parts, conversions, fake_ct2, tmp_path
):
    spec, _, _ = fake_parts
    alone, both = tmp_path / "alone", tmp_path / "both"
    target = prepare(spec.name, "ctranslate2", alone)
    assert conversions == ["float32"]  # its conversion source, made in scratch
    assert [p.name for p in alone.iterdir() if not p.name.startswith(".")] == [target.name]
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["model.bin", provision.HF_CONFIG, "generation_config.json", "tokenizer.json"]
        + [provision.MANIFEST]
    )
    assert verify_prepared(target)["source"] == spec.sha256
    # With the transformers target prepared, its float32 directory is the source.
    hf = prepare(spec.name, "transformers", both)
    prepare(spec.name, "ctranslate2", both)
    assert conversions == ["float32", "float32"]
    assert fake_ct2[-1] == hf


def test_start_checks_sizes_without_hashing(fake_parts, conversions, tmp_path, monkeypatch):
    spec, _, _ = fake_parts
    target = prepare(spec.name, "llamacpp", tmp_path)
    gguf = target / provision.GGUF_FILE
    data = gguf.read_bytes()
    gguf.write_bytes(bytes([data[0] ^ 0xFF]) + data[1:])  # same size, one byte changed

    def no_hashing(path: Path) -> str:
        raise AssertionError(f"hashed {path} at start")

    monkeypatch.setattr(store, "sha256_file", no_hashing)
    assert resolve_fuser(spec.name, tmp_path, verify=False, engine="llamacpp") == target
    gguf.write_bytes(data[:-1])  # truncated: caught at start
    with pytest.raises(ModelError) as err:
        resolve_fuser(spec.name, tmp_path, verify=False, engine="llamacpp")
    assert err.value.component == str(gguf)
    assert "missing or truncated" in err.value.message
    assert f"--fuser {spec.name} --engine llamacpp" in err.value.message


def test_verify_rehashes_and_names_the_corrupt_file(
    fake_parts, conversions, tmp_path, monkeypatch, capsys
):
    spec, _, _ = fake_parts
    target = prepare(spec.name, "llamacpp", tmp_path)
    # The start's default (NEWSFUSE_VERIFY unset) checks sizes; NEWSFUSE_VERIFY=1 hashes.
    monkeypatch.delenv("NEWSFUSE_VERIFY", raising=False)
    assert Settings().pipeline_config().verify is False
    monkeypatch.setenv("NEWSFUSE_VERIFY", "1")
    assert Settings().pipeline_config().verify is True
    assert cli_main(["models", "verify", "--model-dir", str(tmp_path)]) == 0
    assert f"ok: {target}" in capsys.readouterr().out
    gguf = target / provision.GGUF_FILE
    data = gguf.read_bytes()
    gguf.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    resolve_fuser(spec.name, tmp_path, verify=False, engine="llamacpp")  # sizes still match
    with pytest.raises(ModelError):
        resolve_fuser(spec.name, tmp_path, verify=True, engine="llamacpp")
    assert cli_main(["models", "verify", "--model-dir", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert f"{gguf}: SHA-256 mismatch" in err


def test_verify_without_prepared_models_fails(tmp_path, capsys):
    assert cli_main(["models", "verify", "--model-dir", str(tmp_path / "empty")]) == 3
    assert "no prepared models" in capsys.readouterr().err


@pytest.fixture
def fake_embedder(tmp_path, monkeypatch):
    pkg = tmp_path / "emb" / "nf_fake_embedder"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    weights = b"vectors" * 50
    (pkg / "w.bin").write_bytes(weights)
    monkeypatch.syspath_prepend(str(tmp_path / "emb"))
    sys.modules.pop("nf_fake_embedder", None)
    spec = PackagedEmbedder(
        name="fake-embedder",
        module="nf_fake_embedder",
        distribution="nf-fake-embedder",
        weights="w.bin",
        sha256=hashlib.sha256(weights).hexdigest(),
        bytes=len(weights),
        folder="",
    )
    return spec, pkg / "w.bin"


def test_embedder_is_hashed_at_prepare_and_size_checked_at_start(fake_embedder, tmp_path):
    spec, weights = fake_embedder
    assert provision.embedder_path(verify=True, spec=spec) == weights.parent
    data = weights.read_bytes()
    weights.write_bytes(b"V" + data[1:])  # same size
    assert provision.embedder_path(verify=False, spec=spec) == weights.parent
    with pytest.raises(ModelError) as err:
        provision.embedder_path(verify=True, spec=spec)
    assert "SHA-256 mismatch" in err.value.message and str(weights) in err.value.message
    weights.write_bytes(data[:-1])
    with pytest.raises(ModelError) as err:
        provision.embedder_path(verify=False, spec=spec)
    assert "wrong size" in err.value.message


def test_packaged_embedders_are_recorded_at_prepare(tmp_path, capsys):
    line = f"{provision.EMBEDDER.name} (embedder, {provision.EMBEDDER.distribution}): "
    assert cli_main(["models", "list", "--model-dir", str(tmp_path)]) == 0
    assert line + "not hashed yet" in capsys.readouterr().out
    record = json.loads(provision.prepare_embedders(tmp_path).read_text())
    assert cli_main(["models", "list", "--model-dir", str(tmp_path)]) == 0
    assert line + "hashed at prepare" in capsys.readouterr().out
    assert record[provision.EMBEDDER.name]["sha256"] == provision.EMBEDDER.sha256
    path = provision.embedder_path(verify=False)
    assert (path / "config.json").is_file() and (path / "model.safetensors").is_file()


def test_prepare_picks_the_engine_serve_loads(monkeypatch):
    from models.commands import prepare_engines as _prepare_engines

    monkeypatch.setattr("models.generation.registry.llamacpp_installed", lambda: True)
    cpu = PipelineConfig(device="cpu")
    packaged = provision.DEFAULT_FUSER
    assert _prepare_engines(None, cpu, packaged) == ["llamacpp"]
    assert _prepare_engines(["all"], cpu, packaged) == [
        "transformers",
        "ctranslate2",
        "llamacpp",
    ]
    assert _prepare_engines(["llamacpp", "ctranslate2"], cpu, packaged) == [
        "ctranslate2",
        "llamacpp",
    ]
    assert _prepare_engines(None, cpu, "/models/my-bart") == ["ctranslate2"]
    assert _prepare_engines(["all"], cpu, "/models/my-bart") == ["transformers", "ctranslate2"]


def test_resolve_fuser_errors_are_clear(tmp_path):
    with pytest.raises(ModelError) as err:
        resolve_fuser(provision.DEFAULT_FUSER, tmp_path / "empty")
    assert "newsfuse models prepare --engine transformers" in err.value.message
    with pytest.raises(ModelError) as err:
        resolve_fuser(str(tmp_path / "nowhere"), tmp_path)
    assert "config.json" in err.value.message
    local = tmp_path / "my-bart"
    local.mkdir()
    (local / "config.json").write_text("{}")
    assert resolve_fuser(str(local), tmp_path) == local


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_newsfuse_by_hand_finds_the_models_make_run_prepared(tmp_path, monkeypatch):
    """`make run` prepares and serves with the model directory `newsfuse serve` uses when a
    user runs it by hand in the activated virtual environment (no NEWSFUSE_MODEL_DIR)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for done in (".installed", ".installed-llama"):  # newer than pyproject.toml: make
        (venv / "bin" / done).touch()  # installs nothing
    calls = tmp_path / "calls.jsonl"
    fake = venv / "bin" / "newsfuse"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from service.settings import Settings\n"
        f"with open({str(calls)!r}, 'a') as fh:\n"
        "    fh.write(json.dumps([sys.argv[1:], str(Settings().model_dir)]) + '\\n')\n"
    )
    fake.chmod(0o755)
    home = tmp_path / "home"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NEWSFUSE_MODEL_DIR", "XDG_CACHE_HOME", "MAKEFLAGS", "MAKELEVEL"}
    }
    env["HOME"] = str(home)
    subprocess.run(
        ["make", "-s", "-C", str(ROOT), "run", f"VENV={venv}"], env=env, check=True, timeout=60
    )
    made = [json.loads(line) for line in calls.read_text().splitlines()]
    assert [argv for argv, _ in made] == [["models", "prepare"], ["serve"]]
    # By hand: the same user, nothing set; where the pipeline `newsfuse serve` loads looks.
    monkeypatch.delenv("NEWSFUSE_MODEL_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    by_hand = Settings().pipeline_config().model_dir
    assert {model_dir for _, model_dir in made} == {str(by_hand)}


def test_the_image_prepares_where_it_serves_from():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "make image-models VENV=/opt/venv NEWSFUSE_MODEL_DIR=/models" in dockerfile
    assert "COPY --from=builder /models /models" in dockerfile
    assert "NEWSFUSE_MODEL_DIR=/models \\" in dockerfile  # the runtime stage's ENV
