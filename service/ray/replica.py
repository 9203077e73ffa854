"""One Ray Serve replica: a ``PipelineRunner`` behind Serve's batching.

The models are loaded and warmed in the constructor (a replica that cannot load fails its
start, and Serve reports the deployment unhealthy). It runs one batch at a time, batching what
arrives together as the local inference thread does; an extractive job skips the batch window.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Any, Protocol, cast

from ray import serve

from models import Job

from ..logs import configure_logging
from ..runner import BatchFailed, PipelineBroken, PipelineFactory, PipelineRunner
from ..settings import Settings

logger = logging.getLogger(__name__)


class _BatchSettings(Protocol):
    """The setters Ray puts on a ``@serve.batch`` method (its annotations leave them out)."""

    def set_max_batch_size(self, new_max_batch_size: int) -> None: ...

    def set_batch_wait_timeout_s(self, new_batch_wait_timeout_s: float) -> None: ...


class PipelineReplica:
    """One Serve replica owning one pipeline (through its runner)."""

    def __init__(self, settings: Settings, pipeline_factory: PipelineFactory | None = None):
        configure_logging(settings.log_format, settings.log_level)
        started = time.perf_counter()
        self.runner = PipelineRunner.load(settings.for_replica(), pipeline_factory)
        logger.info("replica ready", extra={"seconds": round(time.perf_counter() - started, 2)})
        batching = cast(_BatchSettings, self._batch)
        batching.set_max_batch_size(self.runner.policy.max_batch)
        batching.set_batch_wait_timeout_s(self.runner.policy.window_s)
        self._fatal: str | None = None
        # One pipeline run at a time. Jobs wait their turn on the event loop, where a cancelled
        # request (past its deadline) stops waiting and never runs; the thread lock covers a
        # run whose request was cancelled after it started.
        self._turn = asyncio.Lock()
        self._running = threading.Lock()

    async def summarize(self, job: Job) -> Any:
        """One checked bundle → ``Summary``, or the ``InputError`` naming the field (as a
        value)."""
        if self.runner.batchable(job):
            return await self._batch(job)
        # Nothing to batch without generation: no batch window to wait through.
        return (await self._exclusive([job]))[0]

    @serve.batch(max_batch_size=1, batch_wait_timeout_s=0.0)
    async def _batch(self, jobs: list[Job]) -> list[Any]:
        return await self._exclusive(jobs)

    async def _exclusive(self, jobs: list[Job]) -> list[Any]:
        async with self._turn:
            return await asyncio.to_thread(self._run, jobs)

    def _run(self, jobs: list[Job]) -> list[Any]:
        with self._running:
            if self._fatal:  # until Serve replaces this replica, nothing more runs on it
                raise PipelineBroken(self._fatal)
            try:
                return self.runner.run(jobs)
            except PipelineBroken as exc:
                # The health check fails from now on: Serve replaces this replica.
                self._fatal = exc.error
                logger.error("replica failed fatally", extra={"error": exc.error})
                raise
            except BatchFailed as exc:  # an engine failure fails its batch; the replica goes on
                logger.error("summary failed", extra={"error": exc.error})
                raise

    def model_info(self) -> Any:
        return self.runner.model_info

    def pid(self) -> int:
        """The replica's process id (benchmarks read its memory; tests kill it)."""
        return os.getpid()

    def check_health(self) -> None:
        """Called by Serve periodically; raising makes Serve replace the replica."""
        if self._fatal:
            raise RuntimeError(f"pipeline failed fatally ({self._fatal})")
        if self.runner.overdue():
            raise RuntimeError(f"a batch ran longer than {self.runner.policy.hang_s:g} s")
