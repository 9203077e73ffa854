"""What the HTTP app runs summaries on: one local inference thread, or Ray Serve replicas.

The app (service/app.py) knows a ``Backend`` only: it opens it in the lifespan (models loaded
and warm), submits validated jobs, and reads its liveness and depth. ``LocalBackend`` owns a
``PipelineRunner`` behind an ``InferenceWorker``; ``RemoteBackend`` (service/ray/ingress.py)
sends each job to a replica that owns its own runner.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from models import Job, ModelInfo, Summary

from .metrics import Metrics
from .runner import PipelineFactory, PipelineRunner
from .settings import Settings
from .worker import InferenceWorker

DeathCallback = Callable[[BaseException | None], None]


class Backend(Protocol):
    on_death: DeathCallback | None  # called (from any thread) when the backend dies

    def open(self) -> None:
        """Load and warm the models (blocking: the lifespan calls it in a thread); a
        ``ModelError`` says which model and why."""

    def start(self) -> None:
        """Accept jobs (called on the event loop)."""

    def stop(self, timeout: float) -> None:
        """Let running jobs finish, fail queued ones, accept no more (blocking)."""

    def submit(self, job: Job) -> Future[Summary]:
        """Queue one validated job (on the event loop); raises ``Overloaded`` at once when
        full, ``NotRunning`` when stopped."""
        ...

    @property
    def alive(self) -> bool: ...

    @property
    def depth(self) -> int:
        """Jobs waiting or running."""
        ...

    @property
    def model_info(self) -> ModelInfo:
        """The models serving requests (once open)."""
        ...

    @property
    def embed_cache_stats(self) -> Callable[[], dict[str, int]] | None:
        """The embedding cache's counters, where this process has one."""
        ...


BackendFactory = Callable[[Settings, Metrics], Backend]


class LocalBackend:
    """One inference thread in this process owning one pipeline, batching what arrives
    together."""

    def __init__(self, settings: Settings, factory: PipelineFactory | None = None) -> None:
        self.settings = settings
        self.factory = factory
        self.on_death: DeathCallback | None = None
        self.runner: PipelineRunner | None = None
        self.worker: InferenceWorker | None = None

    def open(self) -> None:
        self.runner = PipelineRunner.load(self.settings, self.factory)
        self.worker = InferenceWorker(self.runner, self.settings.queue_size)

    def start(self) -> None:
        assert self.worker is not None, "open() first"
        self.worker.on_death = self.on_death
        self.worker.start()

    def stop(self, timeout: float) -> None:
        if self.worker is not None:
            self.worker.stop(timeout)

    def submit(self, job: Job) -> Future[Any]:
        assert self.worker is not None, "open() first"
        return self.worker.submit(job)

    @property
    def alive(self) -> bool:
        return self.worker is not None and self.worker.alive

    @property
    def depth(self) -> int:
        return self.worker.depth if self.worker is not None else 0

    @property
    def model_info(self) -> ModelInfo:
        assert self.runner is not None, "open() first"
        return self.runner.model_info

    @property
    def embed_cache_stats(self) -> Callable[[], dict[str, int]] | None:
        return self.runner.embed_cache_stats if self.runner is not None else None


def local(factory: PipelineFactory | None = None) -> BackendFactory:
    """A backend factory for ``create_app``: the local inference thread, its pipeline built by
    ``factory`` (default: the models of the settings)."""

    def build(settings: Settings, metrics: Metrics) -> Backend:
        return LocalBackend(settings, factory)

    return build
