"""What a batch job runs on each worker, in this process (service/batch.py) or as a Ray actor
(service/ray/batch.py): ``BundleWorker`` turns bundles into output records, ``chunks`` groups
them by the loaded engine's batch size, and the errors of workers that could not start or died.

Both job drivers import this module and neither imports the other's, so the in-process path
never loads Ray.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

from models import Job, ModelError

from .batch_io import BatchError, error_record, result_record
from .runner import BatchFailed, PipelineFactory, PipelineRunner
from .settings import Settings

logger = logging.getLogger(__name__)

Bundle = tuple[str, Job]  # (bundle id, its checked job)
Write = Callable[[dict[str, Any]], None]


class WorkersFailed(BatchError):
    """No worker could start (the models could not be loaded): nothing was summarised."""


class WorkersLost(BatchError):
    """Every worker died for good during the job: the bundles not yet written were not done."""


class BundleWorker:
    """Owns one ``PipelineRunner``; turns bundles into output records. Runs in this process or
    as a Ray actor (one per replica)."""

    def __init__(self, settings: Settings, pipeline_factory: PipelineFactory | None = None):
        try:
            self.runner = PipelineRunner.load(settings, pipeline_factory)
        except ModelError as exc:
            # Which model and why (no article text at start-up), as an error Ray can carry
            # back from an actor.
            raise WorkersFailed(f"the models could not be loaded: {exc}") from None

    def batch_size(self) -> int:
        """Bundles per chunk: the loaded engine's batch size (or NEWSFUSE_MAX_BATCH)."""
        return self.runner.batch_size

    def run(self, bundles: list[Bundle]) -> list[dict[str, Any]]:
        """Summarise ``bundles`` in one batch; if the batch fails, each alone, so a failure is
        the failing bundle's error record only."""
        try:
            results = self.runner.run([job for _, job in bundles])
        except BatchFailed as exc:
            if len(bundles) == 1:
                return [self._failed(bundles[0][0], exc)]
            return [record for bundle in bundles for record in self.run([bundle])]
        return [
            result_record(bundle_id, result)
            for (bundle_id, _), result in zip(bundles, results, strict=True)
        ]

    @staticmethod
    def _failed(bundle_id: str, exc: BatchFailed) -> dict[str, Any]:
        # Only the exception's type is known (its message could quote the input).
        logger.error("summary failed", extra={"bundle": bundle_id, "error": exc.error})
        return error_record(bundle_id, 500, "internal_error", "the summary failed", None)

    def pid(self) -> int:
        return os.getpid()


def chunks(items: Iterator[Any], size: Callable[[], int]) -> Iterator[list[Any]]:
    """Bundles grouped ``size()`` at a time (asked once a bundle is at hand: it may load the
    models); an error record goes out alone, at once."""
    chunk: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) >= size():
            yield chunk
            chunk = []
    if chunk:
        yield chunk
