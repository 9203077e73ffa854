"""Smoke-test a built newsfuse image with a Docker engine (run by .ci/image-test).

Checks, each printed as it passes: the image's size (a limit for the CPU image) and what is fat
in it; no compiler, build input or pip cache in the final stage; the container, run as
compose.yaml runs it (read-only root, tmpfs /tmp, no capabilities) with a published port, is
ready and healthy (ready time printed); it runs as a non-root user; the seed bundle is
summarised (extractive and abstractive) with every sentence citing a real span; SIGTERM
(`docker stop`) during a summary lets it finish or fail cleanly and the container exits 0
within the grace period (a container of its own that merges with the generator, so that the
request is still running when the signal comes); a container with no network at all and
`--memory` at the README's documented minimum serves the seed bundle without being
OOM-killed. Peak memory (the container's cgroup) is printed for both.

``--variant cuda`` (the CUDA image, checked on a machine with no GPU): the size (a limit too) and
the clean final stage as above; torch is the pinned CUDA build; the image's engine default is
the transformers engine, whose float32 directory is there, made from the pinned GGUF, and
re-hashed in the container (``newsfuse models verify``); the container then serves the seed
bundle on the CPU with that engine (ready, healthy, non-root, every sentence cited). No drain
or memory-minimum run: those figures are the CPU image's.

Reuses .ci/run_image.py's HTTP checks (the no-Docker mirror runs the same ones).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_image import check_cited, summarize, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = "8000"
PASSED: list[str] = []

# Run inside the no-network container: POST the seed bundle (inlined: the image's copy of it
# is not this test's input), print the response.
IN_CONTAINER_CLIENT = """
import json, sys, urllib.error, urllib.request
req = urllib.request.Request("http://127.0.0.1:8000/v1/summarize", data=BUNDLE.encode(),
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=600) as r:
        status, body = r.status, r.read()
except urllib.error.HTTPError as e:
    status, body = e.code, e.read()
sys.stdout.write(json.dumps({"status": status, "body": json.loads(body or b"{}")}))
"""


def docker(*args: str, check: bool = True, stdin: str | None = None) -> str:
    out = subprocess.run(["docker", *args], capture_output=True, text=True, input=stdin)
    if check and out.returncode:
        raise RuntimeError(f"docker {args[0]} failed ({out.returncode}): {out.stderr.strip()}")
    return out.stdout.strip()


def ok(name: str, detail: str = "") -> None:
    PASSED.append(name)
    print(f"image-test OK  {name}{': ' + detail if detail else ''}", flush=True)


def inspect(container: str, fmt: str) -> str:
    return docker("inspect", "-f", fmt, container)


def peak_mb(container: str) -> dict[str, int | None]:
    """Peak memory: the container's cgroup (v2 memory.peak, v1 max_usage_in_bytes; page cache
    charged to another cgroup, e.g. model files the build wrote, is not in it) and the server's
    peak RSS (VmHWM of pid 1, which counts the mapped model file however it is charged)."""
    cgroup = None
    for path in ("/sys/fs/cgroup/memory.peak", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes"):
        out = docker("exec", container, "cat", path, check=False)
        if out.isdigit():
            cgroup = round(int(out) / 2**20)
            break
    hwm = docker("exec", container, "sh", "-c", "grep ^VmHWM: /proc/1/status", check=False)
    rss = round(int(hwm.split()[1]) / 1024) if hwm else None
    return {"cgroup_mb": cgroup, "server_rss_mb": rss}


def in_image(image: str, entrypoint: str, *args: str) -> str:
    """Output of one throwaway container of ``image`` (no network) running ``entrypoint``."""
    return docker("run", "--rm", "--network", "none", "--entrypoint", entrypoint, image, *args)


def check_image(image: str, max_gb: float | None) -> None:
    size = int(docker("image", "inspect", "-f", "{{.Size}}", image))
    detail = f"{size / 1e9:.2f} GB ({size / 2**30:.2f} GiB)"
    if max_gb is not None:
        assert size <= max_gb * 1e9, f"image is {detail}, over {max_gb} GB"
        detail += f", limit {max_gb} GB"
    ok("image size", detail)
    dirs = ["/opt/venv", "/models", "/usr"] + [
        f"/opt/venv/lib/python3.11/site-packages/{p}"
        for p in ("torch", "transformers", "ctranslate2", "llama_cpp")
    ]  # du once per directory: one du counts a nested directory only once; a variant may lack one
    loop = "for d in " + " ".join(dirs) + "; do [ ! -e $d ] || du -sm $d; done"
    du = in_image(image, "sh", "-c", loop)
    print("  du -sm (MB):", ", ".join(" ".join(line.split()[::-1]) for line in du.splitlines()))
    models = in_image(image, "ls", "/models")
    print("  /models:", " ".join(models.split()))
    leftovers = in_image(
        image, "sh", "-c",
        "for x in gcc g++ cc c++ cmake; do command -v $x; done;"
        " ls -d /tmp/build-extra /src /root/.cache/pip /tmp/.cache/pip 2>/dev/null;"
        " find / -xdev -name '*.pem' -path '*build-extra*' 2>/dev/null; true",
    )  # fmt: skip
    assert not leftovers, f"build-only files in the final stage: {leftovers.split()}"
    user = docker("image", "inspect", "-f", "{{.Config.User}}", image)
    assert user and not user.startswith(("0", "root")), f"image USER is {user!r}"
    ok("final stage clean", f"no compiler, build-extra, sources or pip cache; USER {user}")
    examples = in_image(
        image, "python", "-c",
        "import json, pathlib; b = json.loads(pathlib.Path('/app/examples/seed-bundle.json')"
        ".read_text()); print(len(b['articles']), len(list(pathlib.Path('/app/examples/seeds')"
        ".glob('*.txt'))))",
    )  # fmt: skip
    assert examples.split() == ["5", "5"], f"/app/examples: {examples!r}"
    ok("example bundle", "/app/examples/seed-bundle.json and seeds/ are files, 5 articles each")


def cuda_image(image: str) -> None:
    """What the CUDA image promises that a machine with no GPU can check."""
    env = dict(
        line.split("=", 1)
        for line in docker("image", "inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}",
                           image).splitlines()
        if "=" in line
    )  # fmt: skip
    assert env.get("NEWSFUSE_ENGINE") == "transformers", (
        f"NEWSFUSE_ENGINE={env.get('NEWSFUSE_ENGINE')}"
    )
    ok("engine default", "NEWSFUSE_ENGINE=transformers (README: the engine for a GPU)")
    pins = {}
    for name in ("constraints.txt", "constraints-cuda.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                key, _, version = line.partition("==")
                pins[key.strip().lower()] = version.strip()
    torch = in_image(
        image,
        "python",
        "-c",
        "import torch; print(torch.__version__, torch.version.cuda or 'none')",
    ).split()
    # PyPI's CUDA build reports its CUDA release as a local version: 2.13.0+cu130.
    runtime = pins["nvidia-cuda-runtime"].split(".")[:2]
    version, _, local = torch[0].partition("+")
    assert version == pins["torch"], f"torch {torch[0]}, pinned {pins['torch']}"
    assert torch[1].split(".")[:2] == runtime, f"torch built for CUDA {torch[1]}, pinned {runtime}"
    assert local in ("", "cu" + "".join(runtime)), f"torch {torch[0]}: not CUDA {runtime}"
    ok("torch", f"{torch[0]} built for CUDA {torch[1]} (constraints-cuda.txt)")
    listed = in_image(image, "newsfuse", "models", "list", "--model-dir", "/models")
    default = next(line for line in listed.splitlines() if "(default)" in line)
    assert "prepared for transformers" in default, f"models list: {default!r}"
    source = in_image(image, "python", "-c",
        "import json, pathlib; from models import provision as p; n = p.DEFAULT_FUSER; print("
        "json.loads((pathlib.Path('/models') / n / p.MANIFEST).read_text())['source_sha256'], "
        "p.FUSERS[n].sha256)").split()  # fmt: skip
    assert source[0] == source[1], f"float32 directory made from {source[0]}, pinned {source[1]}"
    verified = in_image(image, "newsfuse", "models", "verify", "--model-dir", "/models")
    ok("models", f"{default.split(':')[0]}: transformers float32 directory from the pinned GGUF "
       f"({source[1][:12]}...); `models verify` in the container: "
       f"{verified.count('ok: ')} ok")  # fmt: skip


def compose_run_flags() -> tuple[list[str], int]:
    """`docker run` flags for compose.yaml's hardening, and its stop grace period (s)."""
    svc = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["newsfuse"]
    assert svc.get("read_only") is True, "compose.yaml: read_only must be true"
    assert svc.get("tmpfs"), "compose.yaml: a tmpfs for scratch"
    flags = ["--read-only"]
    for mount in svc["tmpfs"]:
        flags += ["--tmpfs", mount]
    for cap in svc.get("cap_drop", []):
        flags += ["--cap-drop", cap]
    for opt in svc.get("security_opt", []):
        flags += ["--security-opt", opt]
    grace = str(svc.get("stop_grace_period", "10s"))
    return flags, int(grace.rstrip("s"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(image: str, name: str, network: str, extra: list[str]) -> tuple[str, float]:
    """Start a container; the base URL to reach it from here ("" with no network)."""
    docker("rm", "-f", name, check=False)
    args = ["run", "-d", "--name", name, *extra]
    base = ""
    if network == "bridge":
        args += ["-p", f"127.0.0.1::{PORT}"]
    elif network == "host":  # no bridge on this engine: the server binds loopback only
        port = free_port()
        env = ["NEWSFUSE_HOST=127.0.0.1", f"NEWSFUSE_PORT={port}"]
        args += ["--network", "host", "-e", env[0], "-e", env[1]]
        base = f"http://127.0.0.1:{port}"
    else:
        args += ["--network", "none"]
    started = time.perf_counter()
    docker(*args, image)
    if network == "bridge":
        host_port = docker("port", name, f"{PORT}/tcp").splitlines()[0].rsplit(":", 1)[1]
        base = f"http://127.0.0.1:{host_port}"
    return base, started


def running(name: str) -> bool:
    return inspect(name, "{{.State.Running}}") == "true"


def wait_healthy(name: str, limit_s: float) -> float:
    t0 = time.perf_counter()
    while (state := inspect(name, "{{.State.Health.Status}}")) != "healthy":
        assert running(name), f"{name} exited: {docker('logs', '--tail', '5', name, check=False)}"
        assert state != "unhealthy", f"{name} is unhealthy"
        assert time.perf_counter() - t0 < limit_s, f"{name} not healthy within {limit_s:.0f} s"
        time.sleep(1)
    return time.perf_counter() - t0


def main_container(
    image: str, network: str, bundle: dict, engine: str | None = None
) -> dict[str, int | None]:
    flags, grace = compose_run_flags()
    name = "newsfuse-image-test"
    base, started = start(image, name, network, [*flags, "--stop-timeout", str(grace)])
    try:
        if network == "bridge":
            print(f"  published port {base} (-p 127.0.0.1::{PORT})")
        else:
            print("  !! no bridge network on this engine: host network, no published-port test")
        ready_s = time.perf_counter() - started
        ready_s += wait_ready(base, lambda: running(name), limit_s=300)
        target = "ok" if ready_s <= 30 else "OVER the 30 s target"
        ok("ready", f"{ready_s:.1f} s from `docker run` to /readyz 200 ({target}), "
           f"read-only root, {' '.join(flags[1:])}")  # fmt: skip
        healthy_s = wait_healthy(name, 60)
        ok("healthy", f"HEALTHCHECK passed {healthy_s:.0f} s after ready")
        uid = docker("exec", name, "id", "-u")
        pid1 = docker("exec", name, "sh", "-c", "grep ^Uid: /proc/1/status").split()[1:]
        assert uid != "0" and set(pid1) == {uid}, (uid, pid1)
        ok("non-root", f"server (pid 1) runs as uid {uid}")
        for mode in ("extractive", "abstractive"):
            status, doc, seconds = summarize(base, bundle, mode)
            assert status == 200, f"{mode}: HTTP {status} {doc.get('error')}"
            n = check_cited(doc, bundle)
            if engine and mode == "abstractive":
                assert doc["model"]["engine"] == engine, f"engine {doc['model']['engine']}"
            ok(f"seed summary {mode}", f"{n} sentences, all cited, {len(doc['summary'].split())} "
               f"words, {seconds:.1f} s, engine {doc['model']['engine']}")  # fmt: skip
        peak = peak_mb(name)
        print(f"  peak memory after both summaries: {peak}")
        return peak
    finally:
        docker("rm", "-f", name, check=False)


def drain_container(image: str, network: str, bundle: dict) -> None:
    """The drain needs a request still running when SIGTERM comes. The default word-graph merger
    answers the seed bundle in a fraction of a second, so this container merges with the
    generator (NEWSFUSE_MERGER=lm, several seconds a summary): the longest request a documented
    setting makes, and the one a stop is most likely to cut."""
    flags, grace = compose_run_flags()
    name = "newsfuse-image-test-drain"
    env = ["-e", "NEWSFUSE_MERGER=lm"]
    base, _ = start(image, name, network, [*flags, *env, "--stop-timeout", str(grace)])
    try:
        wait_ready(base, lambda: running(name), limit_s=300)
        drain(name, base, bundle, grace)
    finally:
        docker("rm", "-f", name, check=False)


def drain(name: str, base: str, bundle: dict, grace: int) -> None:
    """`docker stop` while a summary runs: it finishes or fails cleanly; exit 0 within grace."""
    result: dict[str, object] = {}

    def post() -> None:
        status, doc, _ = summarize(base, bundle, "abstractive")
        result.update(status=status, doc=doc, at=time.perf_counter())

    thread = threading.Thread(target=post)
    thread.start()
    time.sleep(1.5)  # an LM-merged seed summary takes several seconds: it is in flight now
    signal_at = time.perf_counter()
    docker("stop", "-t", str(grace), name)
    stop_s = time.perf_counter() - signal_at
    thread.join(60)
    assert result, "the in-flight request got no answer"
    assert result["at"] > signal_at, "the request finished before SIGTERM: nothing was drained"
    status, doc = result["status"], result["doc"]
    assert isinstance(doc, dict)
    if status == 200:
        outcome = f"finished 200, {check_cited(doc, bundle)} sentences cited"
    else:
        assert status == 503 and doc["error"]["type"], f"unclean answer {status} {doc}"
        outcome = f"clean {status} {doc['error']['type']}"
    code = inspect(name, "{{.State.ExitCode}}")
    oom = inspect(name, "{{.State.OOMKilled}}")
    assert code == "0" and oom == "false", f"exit code {code}, OOM-killed {oom}"
    assert stop_s < grace, f"stop took {stop_s:.1f} s, grace {grace} s"
    after = float(result["at"]) - signal_at  # type: ignore[arg-type]
    ok("SIGTERM drain", f"in-flight LM-merged request {outcome} {after:.1f} s after SIGTERM; "
       f"container exited 0 in {stop_s:.1f} s (grace {grace} s)")  # fmt: skip


def memory_container(image: str, memory: str, bundle: dict) -> dict[str, int | None]:
    """No network at all (models baked in) and --memory at the documented minimum."""
    name = "newsfuse-image-test-mem"
    _, started = start(image, name, "none", ["--memory", memory, "--memory-swap", memory])
    try:
        healthy_s = wait_healthy(name, 300)
        client = f"BUNDLE = {json.dumps(bundle)!r}\n{IN_CONTAINER_CLIENT}"
        reply = json.loads(docker("exec", "-i", name, "python", "-", stdin=client))
        assert reply["status"] == 200, f"HTTP {reply['status']} {reply['body'].get('error')}"
        n = check_cited(reply["body"], bundle)
        peak = peak_mb(name)
        oom = inspect(name, "{{.State.OOMKilled}}")
        assert running(name) and oom == "false", f"OOM-killed {oom}"
        ok(f"--memory {memory}, no network", f"healthy in {healthy_s:.0f} s, seed summary "
           f"{n} sentences cited, peak {peak}, not OOM-killed")  # fmt: skip
        return peak
    finally:
        docker("rm", "-f", name, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True)
    parser.add_argument("--network", choices=("bridge", "host"), default="bridge")
    parser.add_argument("--max-gb", type=float, help="fail if the image is larger (GB, 1e9)")
    parser.add_argument("--memory", required=True, help="the documented minimum, e.g. 2g")
    parser.add_argument("--variant", choices=("cpu", "cuda"), default="cpu")
    args = parser.parse_args()
    bundle = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
    check_image(args.image, args.max_gb)
    if args.variant == "cuda":
        cuda_image(args.image)
        peak = main_container(args.image, args.network, bundle, engine="transformers")
        print(json.dumps({"image": args.image, "variant": "cuda", "peak": peak}))
        print(f"image-test: {len(PASSED)} passed, 0 failed")
        return 0
    peak = main_container(args.image, args.network, bundle)
    drain_container(args.image, args.network, bundle)
    peak_min = memory_container(args.image, args.memory, bundle)
    print(json.dumps({"image": args.image, "peak": peak, "peak_at_minimum": peak_min}))
    print(f"image-test: {len(PASSED)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
