"""Helpers for the service tests: settings, fake pipelines, and a real uvicorn server on
127.0.0.1 in a background thread (loopback only; it stops when the test ends)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx

from models import ModelError, Pipeline
from models.generation.base import GenerationRequest, GenerationResult
from service.backend import BackendFactory, local
from service.settings import Settings
from tests.fakes import EchoFuser, HashingEncoder

ARTICLES = [
    {
        "id": "a1",
        "title": "Council passes budget",
        "text": "The city council approved the 2024 budget on Monday by seven votes to two. "
        "The budget raises spending on schools by 4 percent. Critics said the plan ignores roads.",
    },
    {
        "id": "a2",
        "text": "On Monday the council passed the budget, seven votes to two. Mayor Lin welcomed "
        "the vote and said schools would get more money. Road repairs were left out again.",
    },
]


# The apps tests build keep their story database here, never in the user's data directory.
DATA_DIR = tempfile.mkdtemp(prefix="newsfuse-tests-")


def settings(**overrides: Any) -> Settings:
    # One fuser call per summary (one-shot fusion), so the fakes below fail or stall a whole
    # request: these tests are about the service's queue and faults; grouped fusion's own
    # calls, and an engine failing inside them, are tested in tests/test_fusion.py.
    base: dict[str, Any] = {
        "exit_on_worker_failure": False,
        "log_format": "text",
        "fusion": "oneshot",
        "data_dir": DATA_DIR,
    }
    return Settings(**{**base, **overrides})


class SlowFuser(EchoFuser):
    """Takes ``delay`` seconds per summary (the warm-up included unless ``skip_first``)."""

    def __init__(self, delay: float, skip_first: bool = True) -> None:
        super().__init__()
        self.delay = delay
        self.calls = 0
        self.skip_first = skip_first

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        self.calls += 1
        if not (self.skip_first and self.calls == 1):
            time.sleep(self.delay)
        return super().fuse(request)


class JournalFuser(SlowFuser):
    """A SlowFuser that appends ``pid start|end time`` lines to a file, so a test can see
    which process (a Ray replica) ran each summary and when (the warm-up is not recorded)."""

    def __init__(self, path: str, delay: float) -> None:
        super().__init__(delay)
        self.path = path

    def _note(self, event: str) -> None:
        import os

        with open(self.path, "a") as fh:
            fh.write(f"{os.getpid()} {event} {time.time():.3f}\n")

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        if self.calls == 0:  # the warm-up
            return super().fuse(request)
        self._note("start")
        result = super().fuse(request)
        self._note("end")
        return result


def read_journal(path: Any) -> dict[int, list[tuple[str, float]]]:
    """JournalFuser's file → events per process id."""
    events: dict[int, list[tuple[str, float]]] = {}
    with contextlib.suppress(FileNotFoundError), open(path) as fh:
        for line in fh:
            pid, event, at = line.split()
            events.setdefault(int(pid), []).append((event, float(at)))
    return events


class CrashingFuser(EchoFuser):
    """Works for the warm-up, then fails fatally (as a corrupt model would)."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.calls = 0
        self.delay = delay

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        self.calls += 1
        if self.calls > 1:
            time.sleep(self.delay)
            raise ModelError("fuser", "model weights unreadable")
        return super().fuse(request)


class FailingFuser(EchoFuser):
    """Fails every summary whose sources mention ``word`` (an engine failure), with a message
    that quotes those sources, as engines' errors may: it must never reach a log or a reply."""

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        text = " ".join(s.sentence.text for s in request.selected)
        if self.word in text:
            raise RuntimeError(f"engine failed on: {text}")
        return super().fuse(request)


class DyingFuser(SlowFuser):
    """Kills its own process at its first summary after the warm-up (as a segfault or the OOM
    killer would); the others take ``delay`` seconds. With ``once`` (a path), only the first
    process to get there dies."""

    def __init__(self, delay: float = 0.0, once: str | None = None) -> None:
        super().__init__(delay)
        self.once = once

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        if self.calls >= 1 and self._claim():
            os._exit(1)
        return super().fuse(request)

    def _claim(self) -> bool:
        if self.once is None:
            return True
        try:
            os.close(os.open(self.once, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return False
        return True


def unloadable(s: Settings) -> Pipeline:
    """A pipeline factory whose model cannot be loaded (as on a node without the models)."""
    raise ModelError("fuser", f"not prepared in {s.model_dir} (test)")


def factory(fuser: EchoFuser | None = None):
    """A pipeline factory: the fake encoder and ``fuser`` (an EchoFuser by default)."""

    def build(s: Settings) -> Pipeline:
        return Pipeline(HashingEncoder(), fuser or EchoFuser(), s.pipeline_config())

    return build


def backend(fuser: EchoFuser | None = None) -> BackendFactory:
    """The app's local backend on ``factory(fuser)``."""
    return local(factory(fuser))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any, start_s: float = 30) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a thread (as `newsfuse serve` does: the app
    knows its server); yield its base URL once it started (within ``start_s``: the lifespan
    loads the models)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    app.state.server = server
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_s
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def serve_process(port: int, stderr: Any = subprocess.PIPE, **env: str) -> subprocess.Popen[bytes]:
    """`newsfuse serve` as a real process on 127.0.0.1 (real models), from the repository root,
    with a story database of its own (never the user's data directory, nor one another process
    of the suite migrates at the same time)."""
    from tests.conftest import ROOT

    data_dir = tempfile.mkdtemp(prefix="newsfuse-serve-", dir=DATA_DIR)
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "NEWSFUSE_DEVICE": "cpu", "NEWSFUSE_DATA_DIR": data_dir, **env},
        stdout=stderr if stderr is not subprocess.PIPE else subprocess.DEVNULL,
        stderr=stderr,
    )


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    """Until ``/readyz`` answers 200; fails if the process exits or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server not ready within {timeout_s:g} s")
        time.sleep(0.5)


def stop_process(proc: subprocess.Popen[Any], timeout: float) -> int | None:
    """SIGTERM, then up to ``timeout`` seconds for it to end; past that SIGKILL, so nothing is
    ever left running. Returns its exit status (negative: the signal that ended it)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def slow_app() -> Any:
    """An app factory for a server process (``python -m uvicorn --factory``): settings from the
    environment, the fake encoder and a fuser that takes NEWSFUSE_TEST_DELAY_S per summary."""
    from service.app import create_app

    delay = float(os.environ.get("NEWSFUSE_TEST_DELAY_S", "0"))
    return create_app(settings(), backend(SlowFuser(delay)))


def serve_app_process(
    factory: str, port: int, workers: int = 1, **env: str
) -> subprocess.Popen[bytes]:
    """``factory`` (module:function) served as `newsfuse serve` serves it (its uvicorn options;
    with ``workers`` > 1 its multi-process path) in a process of its own on 127.0.0.1, fake
    models and all."""
    from tests.conftest import ROOT

    code = (
        "import sys, uvicorn; from service.cli import serve_workers, uvicorn_options; "
        "from service.settings import Settings; "
        f"s = Settings(port={port}, workers={workers}); "
        f"serve_workers({factory!r}, s) if s.workers > 1 else "
        f"uvicorn.run({factory!r}, factory=True, **uvicorn_options(s))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "NEWSFUSE_LOG_FORMAT": "text", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
