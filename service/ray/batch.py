"""``newsfuse batch`` on Ray: bundles fanned out to actors, each a ``BundleWorker`` owning one
pipeline.

The job starts only once the actors have loaded their models (none could: ``WorkersFailed``);
an actor that dies is restarted (models reloaded) and its bundles re-sent, and one that dies
more often than it may restart is dropped: its bundles in flight get a 503 record, which a
re-run retries (none left: ``WorkersLost``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError

from ..batch_io import error_record
from ..batch_worker import Bundle, BundleWorker, WorkersFailed, WorkersLost, Write, chunks
from ..runner import PipelineFactory
from ..settings import Settings
from .cluster import ray_init_options, replica_gpus

logger = logging.getLogger(__name__)


def run_on_ray(
    jobs: Iterator[Any],
    settings: Settings,
    write: Write,
    replicas: int,
    factory: PipelineFactory | None = None,
) -> None:
    """Join (or start) Ray for the job, run it on ``replicas`` actors, leave Ray as found."""
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(**ray_init_options(settings))
    try:
        run_ray(jobs, settings, write, replicas, factory)
    finally:
        if started_here:
            ray.shutdown()


def _started(actors: list[Any]) -> dict[int, int]:
    """The actors whose models loaded (an actor answers once its constructor is done), by
    index, with the batch size each loaded."""
    refs = [actor.batch_size.remote() for actor in actors]
    live: dict[int, int] = {}
    failure = None
    for index, ref in enumerate(refs):
        try:
            live[index] = ray.get(ref)
        except RayError as exc:  # the actor died in its constructor
            failure = exc
    if failure is not None:
        # Ray's message ends with the constructor's exception (WorkersFailed: which model, why).
        cause = str(failure).strip().splitlines()[-1].split("WorkersFailed: ")[-1]
        if not live:
            raise WorkersFailed(f"no batch worker could start: {cause}")
        logger.warning(
            "%d of %d batch workers could not start: %s",
            len(actors) - len(live),
            len(actors),
            cause,
        )
    return live


class ActorPool:
    """Live actors by index, with the chunks in flight on each; results are written as they
    arrive. An actor dead beyond its restarts is dropped: it would fail every chunk at once."""

    def __init__(self, actors: list[Any], live: list[int], write: Write) -> None:
        self.actors = actors
        self.write = write
        self.load = dict.fromkeys(live, 0)  # live actor index → chunks in flight on it
        self.in_flight: dict[Any, tuple[int, list[Bundle]]] = {}

    def submit(self, chunk: list[Bundle]) -> None:
        """Send ``chunk`` to the least loaded actor, once one has fewer than two in flight;
        all dead: the chunk is not sent."""
        while self.in_flight and len(self.in_flight) >= 2 * len(self.load):
            self.collect()
        if not self.load:
            return
        index = min(self.load, key=self.load.__getitem__)
        self.load[index] += 1
        self.in_flight[self.actors[index].run.remote(chunk)] = (index, chunk)

    def collect(self) -> None:
        ready, _ = ray.wait(list(self.in_flight), num_returns=1)
        for ref in ready:
            index, chunk = self.in_flight.pop(ref)
            try:
                records = ray.get(ref)
                self.load[index] -= 1
            except RayActorError:
                # Dead beyond its restarts: dropped; these bundles get a 503 record, which a
                # re-run retries.
                if self.load.pop(index, None) is not None:
                    logger.error("a batch worker died for good: %d left", len(self.load))
                records = [
                    error_record(bid, 503, "unavailable", "the worker running it died", None)
                    for bid, _ in chunk
                ]
            for record in records:
                self.write(record)


def run_ray(
    jobs: Iterator[Any],
    settings: Settings,
    write: Write,
    replicas: int,
    factory: PipelineFactory | None = None,
) -> None:
    """Fan chunks out to ``replicas`` actors, two chunks in flight per actor."""
    actor_cls = ray.remote(
        num_cpus=settings.ray_replica_cpus,
        num_gpus=replica_gpus(settings),
        # A killed actor is restarted (models reloaded) and its calls re-sent, twice at most.
        max_restarts=settings.ray_request_retries,
        max_task_retries=settings.ray_request_retries,
    )(BundleWorker)
    # Any, as ActorPool takes them: Ray types a new actor as "a handle or the class itself".
    actors: list[Any] = [actor_cls.remote(settings.for_replica(), factory) for _ in range(replicas)]
    try:
        sizes = _started(actors)
        pool = ActorPool(actors, list(sizes), write)
        batch_size = next(iter(sizes.values()))  # every actor loaded the same engine
        for chunk in chunks(jobs, lambda: batch_size):
            if isinstance(chunk[0], dict):
                write(chunk[0])
                continue
            pool.submit(chunk)
            if not pool.load:
                break
        while pool.in_flight:
            pool.collect()
        if not pool.load:
            raise WorkersLost(
                "every batch worker died; run the job again: it does the bundles not in OUT "
                "and retries those that failed"
            )
    finally:
        for actor in actors:
            ray.kill(actor)
