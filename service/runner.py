"""One owner of a pipeline: load, warm, run a batch of jobs, sort what failed.

The HTTP inference thread (service/worker.py), each Ray Serve replica (service/ray/replica.py)
and each batch-job worker (service/batch.py) own one ``PipelineRunner`` and differ only in what
they do with its answers:

- an ``InputError`` fails its own job only: it comes back in that job's place;
- ``PipelineBroken`` (a ``ModelError`` or ``MemoryError``): the pipeline must not go on;
- ``BatchFailed`` (any other exception, an engine failure): every job of that batch fails.

Both carry the original exception's type name only: its message could quote the input, and Ray
logs what a replica raises. A batch running longer than ``hang_s`` means a stuck engine
(``overdue``); a Python thread cannot be freed, so the owner declares itself dead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from models import InputError, Job, ModelError, ModelInfo, Pipeline, Summary

from . import internals
from .settings import Settings

logger = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], Pipeline]


class BatchFailed(Exception):
    """The engine failed on a batch: every job of it fails; the runner goes on."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error  # the original exception's type name, nothing of its message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.error,))


class PipelineBroken(BatchFailed):
    """A ``ModelError`` or ``MemoryError``: the pipeline must not run again in this process."""


class BatchPolicy(NamedTuple):
    """How jobs are batched in front of one pipeline (the inference thread and each Ray Serve
    replica alike)."""

    max_batch: int  # jobs handed to one summarize_many
    window_s: float  # how long the first job waits for company
    hang_s: float  # a batch running longer means a stuck engine


def load_pipeline(settings: Settings) -> Pipeline:
    return Pipeline.load(settings.pipeline_config())


def generates(job: Job) -> bool:
    """Whether a job runs the generator: only those gain from waiting for others to batch
    with; an extractive job would only wait."""
    return job.options.mode == "abstractive"


class PipelineRunner:
    """Owns one loaded, warm ``Pipeline``; runs one batch at a time."""

    def __init__(self, pipeline: Pipeline, settings: Settings) -> None:
        self.pipeline = pipeline
        # Requests one batched generation takes: the setting, else the loaded engine's own.
        self.batch_size = settings.max_batch or internals.generator_batch(pipeline)
        # Engines without batched generation take one request at a time: a batch would only
        # make the first request wait for the others.
        batched = internals.generates_in_batches(pipeline)
        self.policy = BatchPolicy(
            max_batch=self.batch_size if batched else 1,
            window_s=settings.batch_window_ms / 1000,
            hang_s=settings.worker_hang_s or 2 * settings.request_timeout_s,
        )
        self.batchable = generates
        self._lock = threading.Lock()
        self._started: float | None = None

    @classmethod
    def load(cls, settings: Settings, factory: PipelineFactory | None = None) -> PipelineRunner:
        """Load the models and warm every stage; a ``ModelError`` says which model and why."""
        started = time.perf_counter()
        pipeline = (factory or load_pipeline)(settings)
        loaded = time.perf_counter()
        logger.info("models loaded", extra={"seconds": round(loaded - started, 2)})
        pipeline.warmup()
        logger.info("models warm", extra={"seconds": round(time.perf_counter() - loaded, 2)})
        return cls(pipeline, settings)

    @property
    def model_info(self) -> ModelInfo:
        return self.pipeline.model_info

    @property
    def embed_cache_stats(self) -> Callable[[], dict[str, int]] | None:
        cache = getattr(self.pipeline, "embed_cache", None)
        return cache.stats if cache is not None else None

    def run(self, jobs: Sequence[Job]) -> list[Summary | InputError]:
        """Summarise ``jobs`` in one batch: a ``Summary``, or the ``InputError`` naming the
        field, in each job's place. Raises ``PipelineBroken`` or ``BatchFailed``."""
        with self._lock:
            self._started = time.monotonic()
            try:
                return self.pipeline.summarize_many(jobs)
            except (ModelError, MemoryError) as exc:
                raise PipelineBroken(type(exc).__name__) from None
            except Exception as exc:
                raise BatchFailed(type(exc).__name__) from None
            finally:
                self._started = None

    def overdue(self) -> bool:
        """Whether the batch running now has run longer than the hang limit."""
        started = self._started
        return started is not None and time.monotonic() - started > self.policy.hang_s
