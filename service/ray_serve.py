"""newsfuse on Ray Serve: the same FastAPI app as the ingress, the pipeline as a deployment.

Each pipeline replica owns one ``Pipeline``: its models are loaded and warmed once, in the
replica's constructor, and it runs one batch at a time, batching what arrives together as the
local inference thread does. The ingress is the app of ``service/app.py`` (validation, limits,
keys, errors, metrics, the response document); only what runs behind its queue differs: a
dispatcher that sends each accepted request to a replica (Serve picks the less loaded of two)
and, if that replica dies with the request on it, sends it again to a live one (a summary is a
pure function of its input, so a retry is safe) up to ``NEWSFUSE_RAY_REQUEST_RETRIES`` times
within the request's deadline; past that the client gets 503 with ``Retry-After``.

Serve autoscales the replicas between ``NEWSFUSE_RAY_MIN_REPLICAS`` and ``..._MAX_REPLICAS`` on
the requests queued or running per replica (``..._TARGET_ONGOING_REQUESTS``). Ray is an optional
extra (``pip install newsfuse[ray]``): nothing imports this module unless asked for Ray.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from concurrent.futures import Future
from typing import Any

import ray
from ray import serve
from ray.exceptions import RayActorError
from ray.serve.exceptions import BackPressureError
from ray.serve.handle import DeploymentHandle

from models import Pipeline

from .app import PipelineFactory, batch_policy, create_app, generates, load_pipeline
from .logs import configure_logging
from .metrics import Metrics
from .settings import Settings
from .worker import FatalWorkerError, Overloaded, WorkerDead, _settle

logger = logging.getLogger(__name__)

APP_NAME = "newsfuse"
EXIT_STARTUP_FAILED = 3
EXIT_APP_FAILED = 70  # as `newsfuse serve` when its inference worker fails: restart me
EXIT_INTERRUPTED = 130
# How long the application may stay unhealthy (replicas failing, being replaced) before
# `newsfuse serve --ray` gives up and exits for a restart.
UNHEALTHY_GRACE_S = 120.0


class ReplicaUnavailable(WorkerDead):
    """The request's replica died and no live replica took it within the retries."""


class PipelineFailed(RuntimeError):
    """An engine failure on a replica; carries the exception's type only (its message could
    quote the input, and Ray logs what a replica raises)."""


def ray_init_options(settings: Settings) -> dict[str, Any]:
    """``ray.init`` arguments: join ``NEWSFUSE_RAY_ADDRESS`` (or ``RAY_ADDRESS``), else start a
    local instance of our own without the dashboard (``"local"``: never a cluster that
    ``ray start`` left on this machine, which a plain ``ray.init()`` would join)."""
    address = settings.ray_address or os.environ.get("RAY_ADDRESS")
    if address:
        return {"address": address}
    return {"address": "local", "include_dashboard": False}


def replica_gpus(settings: Settings) -> float:
    """GPU share of one replica: the setting, else half a device when the cluster has GPUs."""
    if settings.ray_replica_gpus is not None:
        return settings.ray_replica_gpus
    has_gpu = ray.is_initialized() and ray.cluster_resources().get("GPU", 0) > 0
    return 0.5 if has_gpu else 0.0


# --------------------------------------------------------------------------- pipeline replica


class PipelineReplica:
    """One Serve replica owning one Pipeline, loaded and warmed in the constructor (a replica
    that cannot load fails its start, and Serve reports the deployment unhealthy)."""

    def __init__(self, settings: Settings, pipeline_factory: PipelineFactory | None = None):
        configure_logging(settings.log_format, settings.log_level)
        settings = settings.for_replica()
        started = time.perf_counter()
        self.pipeline: Pipeline = (pipeline_factory or load_pipeline)(settings)
        self.pipeline.warmup()
        logger.info("replica ready", extra={"seconds": round(time.perf_counter() - started, 2)})
        policy = batch_policy(self.pipeline, settings)
        self._batch.set_max_batch_size(policy.max_batch)
        self._batch.set_batch_wait_timeout_s(policy.window_s)
        self._hang_s = policy.hang_s
        self._batch_started: float | None = None
        self._fatal: str | None = None
        # One pipeline run at a time, as in the local worker. Jobs wait their turn on the event
        # loop, where a cancelled request (past its deadline) stops waiting and never runs; the
        # thread lock covers a run whose request was cancelled after it started.
        self._turn = asyncio.Lock()
        self._running = threading.Lock()

    async def summarize(self, articles: list[Any], options: Any) -> Any:
        """One bundle → ``Summary``, or the ``InputError`` naming the field (as a value)."""
        job = (articles, options)
        if generates(job):
            return await self._batch(job)
        # Nothing to batch without generation: no batch window to wait through.
        return (await self._exclusive([job]))[0]

    @serve.batch(max_batch_size=1, batch_wait_timeout_s=0.0)
    async def _batch(self, jobs: list[Any]) -> list[Any]:
        return await self._exclusive(jobs)

    async def _exclusive(self, jobs: list[Any]) -> list[Any]:
        async with self._turn:
            return await asyncio.to_thread(self._run, jobs)

    def _run(self, jobs: list[Any]) -> list[Any]:
        with self._running:
            if self._fatal:  # until Serve replaces this replica, nothing more runs on it
                raise PipelineFailed(self._fatal)
            self._batch_started = time.monotonic()
            try:
                return self.pipeline.summarize_many(jobs)
            except (FatalWorkerError, MemoryError) as exc:
                # The health check fails from now on: Serve replaces this replica.
                self._fatal = type(exc).__name__
                logger.error("replica failed fatally", extra={"error": self._fatal})
                raise PipelineFailed(self._fatal) from None
            except Exception as exc:  # an engine failure fails its batch; the replica goes on
                logger.error("summary failed", extra={"error": type(exc).__name__})
                raise PipelineFailed(type(exc).__name__) from None
            finally:
                self._batch_started = None

    def model_info(self) -> Any:
        return self.pipeline.model_info

    def pid(self) -> int:
        """The replica's process id (benchmarks read its memory; tests kill it)."""
        return os.getpid()

    def check_health(self) -> None:
        """Called by Serve periodically; raising makes Serve replace the replica."""
        if self._fatal:
            raise RuntimeError(f"pipeline failed fatally ({self._fatal})")
        started = self._batch_started
        if started is not None and time.monotonic() - started > self._hang_s:
            raise RuntimeError(f"a batch ran longer than {self._hang_s:g} s")


# --------------------------------------------------------------------------- ingress


class RemotePipeline:
    """What the ingress needs of the pipeline: its config (every limit is checked before a
    request leaves the ingress) and, once a replica answered, the models it serves."""

    fuser = None  # batching happens on the replicas

    def __init__(self, handle: DeploymentHandle, settings: Settings) -> None:
        self.handle = handle
        self.config = settings.pipeline_config()
        self._model_info: Any = None

    def warmup(self) -> None:
        """Wait until a replica has its models loaded (called in a thread by the lifespan)."""
        self._model_info = self.handle.model_info.remote().result()

    @property
    def model_info(self) -> Any:
        return self._model_info


class ReplicaDispatcher:
    """The ingress's inference queue on Serve: at most ``queue_size`` × max replicas requests
    in flight (then 429), each sent to a replica and re-sent if its replica dies."""

    def __init__(self, handle: DeploymentHandle, settings: Settings, metrics: Metrics) -> None:
        self.handle = handle
        self.limit = settings.queue_size * settings.ray_max_replicas
        self.retries = settings.ray_request_retries
        self.metrics = metrics
        self.on_death: Any = None
        self._alive = False
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def alive(self) -> bool:
        return self._alive

    @property
    def depth(self) -> int:
        return len(self._tasks)

    def start(self) -> None:
        self._alive = True

    def stop(self, timeout: float = 30.0) -> None:
        self._alive = False

    def submit(self, payload: Any) -> Future[Any]:
        """Called on the event loop by the route; the Future settles when a replica answers."""
        if not self._alive:
            raise WorkerDead("the ingress is shutting down")
        if len(self._tasks) >= self.limit:
            raise Overloaded("inference queue is full")
        loop = asyncio.get_running_loop()
        future: Future[Any] = Future()
        task = loop.create_task(self._send(payload, future))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # The route gave up (deadline): cancel the call, which Serve passes on to the replica.
        future.add_done_callback(
            lambda f: loop.call_soon_threadsafe(task.cancel) if f.cancelled() else None
        )
        return future

    async def _send(self, payload: Any, future: Future[Any]) -> None:
        articles, options = payload
        attempt = 0
        while True:
            try:
                result = await self.handle.summarize.remote(articles, options)
            except RayActorError:
                # The replica died (killed, out of memory, node lost) with the request on it.
                if attempt >= self.retries:
                    _settle(future, ReplicaUnavailable("no live replica took the request"))
                    return
                attempt += 1
                self.metrics.replica_retries.inc()
                logger.warning("replica died: request re-sent", extra={"attempt": attempt})
                await asyncio.sleep(min(0.5 * attempt, 2.0))
                continue
            except BackPressureError:
                _settle(future, Overloaded("every replica's queue is full"))
                return
            except Exception as exc:
                _settle(future, exc)
                return
            _settle(future, result)
            return


def _dispatcher_factory(handle: DeploymentHandle):
    def make(pipeline: Any, settings: Settings, metrics: Metrics) -> ReplicaDispatcher:
        return ReplicaDispatcher(handle, settings, metrics)

    return make


@serve.ingress()
class Ingress:
    """The HTTP app of service/app.py, its pipeline replaced by the replicas behind a handle."""

    def __init__(self, pipeline: DeploymentHandle, settings: Settings) -> None:
        configure_logging(settings.log_format, settings.log_level)
        self._handle = pipeline
        self._settings = settings

    def __serve_build_asgi_app__(self) -> Any:
        handle = self._handle
        return create_app(
            self._settings,
            pipeline_factory=lambda s: RemotePipeline(handle, s),  # type: ignore[arg-type,return-value]
            worker_factory=_dispatcher_factory(handle),
        )


# --------------------------------------------------------------------------- application


def build_app(settings: Settings, pipeline_factory: PipelineFactory | None = None) -> Any:
    """The Serve application: ingress → pipeline replicas (autoscaled), from one Settings."""
    pipeline = serve.deployment(
        PipelineReplica,
        name="Pipeline",
        ray_actor_options={
            "num_cpus": settings.ray_replica_cpus,
            "num_gpus": replica_gpus(settings),
        },
        autoscaling_config={
            "min_replicas": settings.ray_min_replicas,
            "max_replicas": settings.ray_max_replicas,
            "target_ongoing_requests": settings.ray_target_ongoing_requests,
        },
        # One replica holds at most a queue's worth; the rest wait at the ingress.
        max_ongoing_requests=settings.queue_size,
        graceful_shutdown_timeout_s=settings.request_timeout_s,
        # A model that cannot load fails every try alike: give up soon and say so.
        max_constructor_retry_count=3,
    ).bind(settings, pipeline_factory)
    ingress = serve.deployment(
        Ingress,
        name="Ingress",
        num_replicas=1,
        ray_actor_options={"num_cpus": 0},
        max_ongoing_requests=settings.max_connections,
    )
    return ingress.bind(pipeline, settings)


def app_builder(args: dict[str, str]) -> Any:
    """For ``serve run service.ray_serve:app_builder`` (settings from ``NEWSFUSE_*``; any
    ``key=value`` arguments override them)."""
    unknown = sorted(set(args) - set(Settings.model_fields))
    if unknown:  # Settings ignores unknown names (other NEWSFUSE_* variables): refuse them here
        raise ValueError(f"unknown newsfuse setting(s): {', '.join(unknown)}")
    return build_app(Settings(**args))


def run(
    settings: Settings, pipeline_factory: PipelineFactory | None = None, check_s: float = 10.0
) -> int:
    """``newsfuse serve --ray``: join or start Ray, deploy, serve until SIGTERM/SIGINT (exit 0)
    or until the application dies or stays unhealthy (exit 70, for a restart). On the way out
    it deletes its own application from a cluster it joined (other applications there go on);
    a Ray it started itself it shuts down, Serve included."""
    options = ray_init_options(settings)
    started_ray = options["address"] == "local"
    ray.init(**options)
    try:
        # While the models load, SIGTERM interrupts like Ctrl-C: the deployment is removed.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        # An HTTP proxy on every node: a load balancer in front of them reaches any replica.
        serve.start(
            proxy_location="EveryNode",
            http_options={"host": settings.host, "port": settings.port},
        )
        try:
            serve.run(build_app(settings, pipeline_factory), name=APP_NAME, route_prefix="/")
        except RuntimeError:
            # The replica's own log (Ray's log directory) has the model error.
            logger.error("deployment failed: the service will not start")
            return EXIT_STARTUP_FAILED
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        logger.info("serving on Ray", extra={"host": settings.host, "port": settings.port})
        return _watch(stop, check_s)
    except KeyboardInterrupt:
        logger.warning("interrupted before the service started")
        return EXIT_INTERRUPTED
    finally:
        try:
            if started_ray:
                serve.shutdown()
            else:
                serve.delete(APP_NAME)
        finally:
            ray.shutdown()


def _watch(stop: threading.Event, check_s: float) -> int:
    """Until ``stop`` is set (0), or the application is gone, failed, or unhealthy for longer
    than ``UNHEALTHY_GRACE_S`` (a replica being replaced is unhealthy for a while): 70."""
    unhealthy_since: float | None = None
    while not stop.wait(check_s):
        try:
            app = serve.status().applications.get(APP_NAME)
        except Exception as exc:  # the Serve controller itself is gone
            logger.error("Serve does not answer: stopping", extra={"error": type(exc).__name__})
            return EXIT_APP_FAILED
        status = app.status if app is not None else "missing"
        if status in ("RUNNING", "DEPLOYING"):
            unhealthy_since = None
            continue
        now = time.monotonic()
        unhealthy_since = unhealthy_since or now
        if status == "UNHEALTHY" and now - unhealthy_since < UNHEALTHY_GRACE_S:
            continue
        logger.error("the application is not running: stopping", extra={"status": str(status)})
        return EXIT_APP_FAILED
    return 0
