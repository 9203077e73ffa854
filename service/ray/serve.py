"""newsfuse on Ray Serve: the FastAPI app as the ingress, the pipeline as an autoscaled
deployment of replicas, from one ``Settings``.

Serve autoscales the replicas (service/ray/replica.py) between ``NEWSFUSE_RAY_MIN_REPLICAS``
and ``..._MAX_REPLICAS`` on the requests queued or running per replica
(``..._TARGET_ONGOING_REQUESTS``); the ingress (service/ray/ingress.py) is the app of
service/app.py on a backend that sends each job to a replica.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

import ray
from ray import serve

from models import ExitCode

from ..runner import PipelineFactory
from ..settings import Settings
from .cluster import ray_init_options, replica_gpus
from .ingress import Ingress
from .replica import PipelineReplica

logger = logging.getLogger(__name__)

APP_NAME = "newsfuse"
# How long the application may stay unhealthy (replicas failing, being replaced) before
# `newsfuse serve --ray` gives up and exits for a restart.
UNHEALTHY_GRACE_S = 120.0


def build_app(settings: Settings, pipeline_factory: PipelineFactory | None = None) -> Any:
    """The Serve application: ingress → pipeline replicas (autoscaled), from one Settings."""
    # serve.deployment(**options)(cls): the decorator form Ray's annotations describe.
    pipeline = serve.deployment(
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
    )(PipelineReplica).bind(settings, pipeline_factory)
    ingress = serve.deployment(
        name="Ingress",
        num_replicas=1,
        ray_actor_options={"num_cpus": 0},
        max_ongoing_requests=settings.max_connections,
    )(Ingress)
    return ingress.bind(pipeline, settings)


def app_builder(args: dict[str, str]) -> Any:
    """For ``serve run service.ray.serve:app_builder`` (settings from ``NEWSFUSE_*``; any
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
            return ExitCode.MODEL_ERROR
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        logger.info("serving on Ray", extra={"host": settings.host, "port": settings.port})
        return _watch(stop, check_s)
    except KeyboardInterrupt:
        logger.warning("interrupted before the service started")
        return ExitCode.INTERRUPTED
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
            return ExitCode.WORKER_FAILED
        status = app.status if app is not None else "missing"
        if status in ("RUNNING", "DEPLOYING"):
            unhealthy_since = None
            continue
        now = time.monotonic()
        unhealthy_since = unhealthy_since or now
        if status == "UNHEALTHY" and now - unhealthy_since < UNHEALTHY_GRACE_S:
            continue
        logger.error("the application is not running: stopping", extra={"status": str(status)})
        return ExitCode.WORKER_FAILED
    return ExitCode.OK
