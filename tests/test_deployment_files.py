"""The deployment files agree with each other and with what the image test runs.

The image itself is built and run by .ci/image-test (CI, `make image-test`); these checks need
no Docker engine: compose.yaml's hardening is what the smoke test starts the container with,
its memory reservation is the minimum the smoke test runs at, its stop grace period covers the
server's drain, and the Dockerfile's runtime stage is non-root and needs no writable home.
"""

from __future__ import annotations

import re
import sys

import yaml

from service.settings import Settings
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / ".ci"))
from dockerfile_runtime import parse  # noqa: E402
from image_smoke import compose_run_flags  # noqa: E402


def _service() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["newsfuse"]


def test_compose_hardening_is_what_the_image_test_runs():
    flags, grace = compose_run_flags()
    assert flags[0] == "--read-only"
    assert flags[flags.index("--tmpfs") + 1].startswith("/tmp:")
    assert "--cap-drop" in flags and "--security-opt" in flags
    svc = _service()
    assert svc["restart"] == "unless-stopped"
    assert "/readyz" in " ".join(svc["healthcheck"]["test"])
    # SIGTERM lets the running summary finish: the grace period must outlast the request timeout.
    timeout = float(svc["environment"]["NEWSFUSE_REQUEST_TIMEOUT_S"])
    assert grace > timeout >= Settings().request_timeout_s


def test_compose_memory_reservation_is_the_tested_minimum():
    minimum = re.search(r"MEMORY_MIN:-(\w+)", (ROOT / ".ci" / "image-test").read_text())
    assert minimum, ".ci/image-test sets no MEMORY_MIN default"
    resources = _service()["deploy"]["resources"]
    assert resources["reservations"]["memory"] == minimum.group(1)
    gib = {"g": 1.0, "m": 1 / 1024}
    limit = resources["limits"]["memory"]
    assert float(limit[:-1]) * gib[limit[-1]] >= float(minimum.group(1)[:-1])


def test_runtime_stage_is_non_root_with_a_home_in_tmp():
    runtime = parse((ROOT / "Dockerfile").read_text())
    uid = str(runtime["user"]).split(":")[0]
    assert uid.isdigit() and uid != "0"
    assert runtime["env"]["HOME"] == "/tmp"  # compose's tmpfs: the root filesystem is read-only
    assert runtime["cmd"] == ["serve"]
