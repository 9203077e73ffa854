"""The Ray Serve ingress: the app of service/app.py on a ``RemoteBackend``.

The ingress validates, checks keys and limits, and encodes replies as the single-process app
does; only what runs behind its queue differs. Each accepted job goes to a replica (Serve picks
the less loaded of two) and, if that replica dies with the job on it, to a live one (a summary
is a pure function of its input, so a retry is safe) up to ``NEWSFUSE_RAY_REQUEST_RETRIES``
times within the request's deadline; past that the client gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from ray import serve
from ray.exceptions import RayActorError
from ray.serve.exceptions import BackPressureError
from ray.serve.handle import DeploymentHandle

from models import Job, ModelInfo

from ..app import create_app
from ..backend import DeathCallback
from ..logs import configure_logging
from ..metrics import Metrics
from ..settings import Settings
from ..worker import NotRunning, Overloaded, WorkerDead, settle

logger = logging.getLogger(__name__)


class ReplicaUnavailable(WorkerDead):
    """The request's replica died and no live replica took it within the retries."""


class RemoteBackend:
    """The ingress's backend: at most ``queue_size`` × max replicas jobs in flight (then
    429), each sent to a replica and re-sent if its replica dies."""

    def __init__(self, handle: DeploymentHandle, settings: Settings, metrics: Metrics) -> None:
        self.handle = handle
        self.limit = settings.queue_size * settings.ray_max_replicas
        self.retries = settings.ray_request_retries
        self.metrics = metrics
        self.on_death: DeathCallback | None = None  # the replicas die, not the ingress
        self.embed_cache_stats: Callable[[], dict[str, int]] | None = None  # on the replicas
        self._model_info: ModelInfo | None = None
        self._alive = False
        self._tasks: set[asyncio.Task[None]] = set()

    def open(self) -> None:
        """Wait until a replica has its models loaded."""
        self._model_info = self.handle.model_info.remote().result()

    @property
    def model_info(self) -> ModelInfo:
        assert self._model_info is not None, "open() first"
        return self._model_info

    @property
    def alive(self) -> bool:
        return self._alive

    @property
    def depth(self) -> int:
        return len(self._tasks)

    def start(self) -> None:
        self._alive = True

    def stop(self, timeout: float) -> None:
        self._alive = False

    def submit(self, job: Job) -> Future[Any]:
        """Called on the event loop by the route; the Future settles when a replica answers."""
        if not self._alive:
            raise NotRunning("the ingress is shutting down")
        if len(self._tasks) >= self.limit:
            raise Overloaded("inference queue is full")
        loop = asyncio.get_running_loop()
        future: Future[Any] = Future()
        task = loop.create_task(self._send(job, future))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # The route gave up (deadline): cancel the call, which Serve passes on to the replica.
        future.add_done_callback(
            lambda f: loop.call_soon_threadsafe(task.cancel) if f.cancelled() else None
        )
        return future

    async def _send(self, job: Job, future: Future[Any]) -> None:
        attempt = 0
        while True:
            try:
                result = await self.handle.summarize.remote(job)
            except RayActorError:
                # The replica died (killed, out of memory, node lost) with the request on it.
                if attempt >= self.retries:
                    settle(future, ReplicaUnavailable("no live replica took the request"))
                    return
                attempt += 1
                self.metrics.replica_retries.inc()
                logger.warning("replica died: request re-sent", extra={"attempt": attempt})
                await asyncio.sleep(min(0.5 * attempt, 2.0))
                continue
            except BackPressureError:
                settle(future, Overloaded("every replica's queue is full"))
                return
            except Exception as exc:
                settle(future, exc)
                return
            settle(future, result)
            return


@serve.ingress()
class Ingress:
    """The HTTP app of service/app.py, its backend the replicas behind a handle."""

    def __init__(self, pipeline: DeploymentHandle, settings: Settings) -> None:
        configure_logging(settings.log_format, settings.log_level)
        self._handle = pipeline
        self._settings = settings

    def __serve_build_asgi_app__(self) -> Any:
        handle = self._handle

        def backend(settings: Settings, metrics: Metrics) -> RemoteBackend:
            return RemoteBackend(handle, settings, metrics)

        return create_app(self._settings, backend)
