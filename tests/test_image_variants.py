"""Each image variant serves with the engine whose model it carries, from pinned packages.

Read from the files `docker build` runs, with no Docker engine: the Dockerfile's runtime stage
for each VARIANT (.ci/dockerfile_runtime.py, which .ci/image-steps starts the server from) and
the commands `make -n` prints for the Makefile targets the builder stage runs. The images
themselves are built and run by `make image-test` / `make image-cuda` (.ci/image-test).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from models.generation.registry import resolve_engine
from models.provision import DEFAULT_FUSER
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / ".ci"))
from dockerfile_runtime import parse  # noqa: E402

DOCKERFILE = (ROOT / "Dockerfile").read_text()
# The device each variant's engine default is meant for.
DEVICE = {"cpu": "cpu", "cuda": "cuda"}


def make_n(target: str, variant: str) -> list[list[str]]:
    """The commands `make target` would run for ``variant`` (not run), each split into words."""
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, f"VARIANT={variant}", "VENV=/opt/venv",
         "NEWSFUSE_MODEL_DIR=/models"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = out.stdout.replace("\\\n", " ").splitlines()  # a recipe line continued with a backslash
    return [shlex.split(line) for line in lines if line.strip() and not line.startswith("#")]


def pip_installs(variant: str) -> list[list[str]]:
    """The pip installs of image-install (torch, then the project), environment prefix and all."""
    commands = make_n("image-install", variant)
    return [c for c in commands if "install" in c and any(w.endswith("/pip") for w in c)]


def constraint_files(command: list[str]) -> list[str]:
    return [command[i + 1] for i, word in enumerate(command) if word == "-c"]


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            key, _, version = line.partition("==")
            found[re.sub(r"[-_.]+", "-", key.strip().lower())] = version.strip()
    return found


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_the_default_engine_is_one_the_image_prepares(variant):
    runtime = parse(DOCKERFILE, {"VARIANT": variant})
    engine = resolve_engine(runtime["env"]["NEWSFUSE_ENGINE"], DEFAULT_FUSER, DEVICE[variant])
    prepare = next(c for c in make_n("image-models", variant) if c[1:3] == ["models", "prepare"])
    prepared = {prepare[i + 1] for i, word in enumerate(prepare) if word == "--engine"}
    assert engine in prepared, f"{variant}: serves {engine}, the image prepares {prepared}"
    # Both variants keep the runtime stage's settings (the engine stage only adds its ENV).
    assert str(runtime["user"]).split(":")[0] not in ("0", "root")
    assert runtime["cmd"] == ["serve"] and runtime["env"]["NEWSFUSE_MODEL_DIR"] == "/models"


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_llamacpp_is_compiled_only_where_its_gguf_is_shipped(variant):
    prepare = next(c for c in make_n("image-models", variant) if c[1:3] == ["models", "prepare"])
    ships_gguf = "llamacpp" in prepare
    package = pip_installs(variant)[-1][-1]  # the project itself, with its extras
    assert package.startswith(".") and ("llamacpp" in package) == ships_gguf, (variant, package)


def test_cuda_image_runs_the_engine_the_readme_recommends_on_a_gpu():
    readme = (ROOT / "README.md").read_text()
    gpu = readme[readme.index("## On a GPU") :].split("\n## ", 1)[0]
    recommended = re.search(r"NEWSFUSE_ENGINE=(\w+)", gpu)
    assert recommended, "README's 'On a GPU' names no engine"
    runtime = parse(DOCKERFILE, {"VARIANT": "cuda"})
    assert runtime["env"]["NEWSFUSE_ENGINE"] == recommended.group(1) == "transformers"


def test_image_models_verifies_every_file_before_dropping_the_parts():
    for variant in ("cpu", "cuda"):
        steps = [" ".join(c[1:3]) for c in make_n("image-models", variant)]
        prepare, verify = steps.index("models prepare"), steps.index("models verify")
        uninstall = next(
            i for i, c in enumerate(make_n("image-models", variant)) if "uninstall" in c
        )
        assert prepare < verify < uninstall, f"{variant}: {steps}"


def test_cuda_torch_is_pypis_pinned_build_and_cpu_keeps_its_index():
    torch_pin = pins("constraints.txt")["torch"]
    cuda = pip_installs("cuda")[0]
    assert f"torch=={torch_pin}" in cuda and "--index-url" not in cuda
    assert constraint_files(cuda) == ["constraints.txt", "constraints-cuda.txt"]
    # Every install of the CUDA image honours both pin files, not only the torch one.
    assert all(constraint_files(c) == constraint_files(cuda) for c in pip_installs("cuda"))
    cpu = make_n("image-install", "cpu")
    assert all("constraints-cuda.txt" not in c for c in cpu)


def test_cuda_pins_are_exact_and_do_not_contradict_the_cpu_set():
    cuda, cpu = pins("constraints-cuda.txt"), pins("constraints.txt")
    lines = [
        line
        for line in (ROOT / "constraints-cuda.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == len(cuda), "every line of constraints-cuda.txt is an == pin"
    assert not set(cuda) & set(cpu), f"pinned twice: {set(cuda) & set(cpu)}"
    # One CUDA release: torch's runtime, cuBLAS and cuDNN's CUDA 13 build, the toolkit.
    major = cuda["nvidia-cuda-runtime"].split(".")[0]
    assert cuda["cuda-toolkit"].split(".")[0] == cuda["nvidia-cublas"].split(".")[0] == major
    assert f"nvidia-cudnn-cu{major}" in cuda


def test_the_builder_stage_copies_every_pin_file_make_reads():
    copied = set()
    for line in re.findall(r"^COPY (?!--from)(.+)$", DOCKERFILE, flags=re.M):
        copied.update(line.split()[:-1])
    for variant in ("cpu", "cuda"):
        for command in pip_installs(variant):
            missing = set(constraint_files(command)) - copied
            assert not missing, f"{variant}: make reads {missing}, the Dockerfile never copies it"
