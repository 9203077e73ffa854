"""Start the image's ENTRYPOINT/CMD outside Docker, as the Dockerfile writes it, and check it.

Run by .ci/image-steps inside a fresh network namespace (`unshare -n`: loopback only, so "serves
with no network" is tested, not assumed), after the Dockerfile's own install steps were run into
WORK/venv and WORK/models. The image's paths map to WORK (/opt/venv, /models, /app); the env,
user, working directory and command are the Dockerfile's. Prints start-to-ready time and sizes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dockerfile_runtime import parse  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def wait_ready(base: str, alive: Callable[[], bool], limit_s: float = 600) -> float:
    """Poll ``base``/readyz until 200; seconds waited. Raises if ``alive()`` turns false first."""
    started = time.perf_counter()
    while True:
        if not alive():
            raise RuntimeError("the server exited before it was ready")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        if time.perf_counter() - started > limit_s:
            raise RuntimeError(f"not ready within {limit_s:.0f} s")
        time.sleep(0.25)


def summarize(base: str, bundle: dict, mode: str | None = None) -> tuple[int, dict, float]:
    """POST ``bundle`` (its options' mode replaced by ``mode`` when given): status, body, s."""
    if mode:
        bundle = {**bundle, "options": {**bundle.get("options", {}), "mode": mode}}
    request = urllib.request.Request(
        f"{base}/v1/summarize",
        data=json.dumps(bundle).encode(),
        headers={"Content-Type": "application/json"},
    )
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as r:
            return r.status, json.loads(r.read()), time.perf_counter() - t0
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}"), time.perf_counter() - t0


def check_cited(doc: dict, bundle: dict) -> int:
    """Assert every summary sentence cites a real span of a posted article; the sentence count."""
    texts = {a["id"]: a["text"] for a in bundle["articles"]}
    assert doc["sentences"] and doc["model"]["engine"], "empty summary"
    for i, sentence in enumerate(doc["sentences"]):
        assert sentence["citations"], f"sentences[{i}] cites nothing"
        for c in sentence["citations"]:
            span = texts[c["article_id"]][c["start"] : c["end"]]
            assert span.strip(), f"sentences[{i}] cites an empty span {c}"
    return len(doc["sentences"])


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def main() -> int:
    work = Path(sys.argv[1])
    runtime = parse((ROOT / "Dockerfile").read_text())
    mapping = {
        "/opt/venv": str(work / "venv"),
        "/models": str(work / "models"),
        "/app": str(work / "app"),
    }

    def mapped(value: str) -> str:
        for image_path, here in mapping.items():
            value = value.replace(image_path, here)
        return value.replace("$PATH", "/usr/local/bin:/usr/bin:/bin")

    env = {k: mapped(v) for k, v in runtime["env"].items()}
    workdir = Path(mapped(str(runtime["workdir"])))
    # As the Dockerfile copies them: the seed texts, and the bundle from the package.
    examples = workdir / "examples"
    shutil.copytree(ROOT / "examples" / "seeds", examples / "seeds", dirs_exist_ok=True)
    shutil.copyfile(ROOT / "service" / "seed-bundle.json", examples / "seed-bundle.json")
    command = [*runtime.get("entrypoint", []), *runtime.get("cmd", [])]
    uid, _, gid = str(runtime["user"]).partition(":")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    port = env.get("NEWSFUSE_PORT", "8000")
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["setpriv", f"--reuid={uid}", f"--regid={gid or uid}", "--clear-groups", "--", *command],
        cwd=workdir,
        env={**env, "HOME": str(workdir)},
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_ready(base, lambda: proc.poll() is None)
        except RuntimeError as e:
            print(f"entry command: {e} (status {proc.poll()})")
            return 1
        ready_s = time.perf_counter() - started
        bundle = (workdir / "examples" / "seed-bundle.json").read_bytes()
        request = urllib.request.Request(
            f"{base}/v1/summarize", data=bundle, headers={"Content-Type": "application/json"}
        )
        t0 = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as r:
            doc = json.loads(r.read())
        summary_s = time.perf_counter() - t0
        assert doc["sentences"] and doc["model"]["engine"], doc
        # The editors' page and its example bundle ship in the installed package (non-editable).
        for path, expected in (("/", b"/static/app.js"), ("/static/app.js", b"v1/summarize")):
            with urllib.request.urlopen(f"{base}{path}", timeout=10) as r:
                assert expected in r.read(), path
        with urllib.request.urlopen(f"{base}/v1/example", timeout=10) as r:
            assert len(json.loads(r.read())["articles"]) == 5
        report = {
            "command": " ".join(command),
            "user": runtime["user"],
            "network": "loopback only (unshare -n)",
            "start_to_ready_s": round(ready_s, 1),
            "seed_summary_s": round(summary_s, 1),
            "sentences_all_cited": check_cited(doc, json.loads(bundle)),
            "summary_words": len(doc["summary"].split()),
            "runtime_venv_mb": du_mb(work / "venv"),
            "model_dir_mb": du_mb(work / "models"),
        }
        print(json.dumps(report, indent=2))
        return 0
    finally:
        proc.terminate()
        proc.wait(timeout=180)


if __name__ == "__main__":
    raise SystemExit(main())
