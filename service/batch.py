"""``newsfuse batch IN.jsonl OUT.jsonl``: summarise an archive of bundles, resumably.

Each input line is one bundle: the body of ``POST /v1/summarize`` plus a unique ``"id"``. Each
output line is ``{"id", "response": <the API's document>}`` or, for a bundle that is invalid or
whose summary failed, ``{"id", "error": {"type", "message", "param", "status"}}`` (the API's
error, with the HTTP status it would have had): one bad bundle never stops the job.

Lines are written whole and flushed one by one as bundles finish (so not in input order). A
re-run skips every id already done in OUT, after cutting off a trailing partial line that a
killed job may have left and taking out the records of bundles that failed on our side (status
500 or more: the engine failed, the worker died), which it retries: an interrupted job resumes
with no duplicate and no missing line.

Bundles go to the pipeline in chunks of the loaded engine's batch size (``NEWSFUSE_MAX_BATCH``
overrides it). With Ray installed (``pip install newsfuse[ray]``) bundles fan out over the
cluster to ``--replicas`` actors, each owning one pipeline (models loaded once; see
service/ray/batch.py). Without Ray (or with ``--no-ray``) the same code runs in this process,
with the same output.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from models import Job, ModelError

from .batch_io import (
    BatchError,
    completed_ids,
    error_record,
    pending_jobs,
    result_record,
    scan_ids,
)
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


def run_local(
    jobs: Iterator[Any], settings: Settings, write: Write, factory: PipelineFactory | None = None
) -> None:
    worker: BundleWorker | None = None

    def size() -> int:
        nonlocal worker
        worker = worker or BundleWorker(settings, factory)
        return worker.batch_size()

    for chunk in chunks(jobs, size):
        if isinstance(chunk[0], dict):
            write(chunk[0])
            continue
        assert worker is not None  # size() loaded it
        for record in worker.run(chunk):
            write(record)


def _ray_installed() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        logger.warning("ray is not installed: running in this process")
        return False
    return True


def run_batch(
    in_path: Path,
    out_path: Path,
    settings: Settings,
    *,
    use_ray: bool | None = None,
    replicas: int | None = None,
    pipeline_factory: PipelineFactory | None = None,
    progress: bool = True,
) -> dict[str, int]:
    """Summarise every bundle of ``in_path`` not yet in ``out_path``; returns counts.

    ``use_ray``: None = on Ray when it is installed, True = on Ray (an error without it),
    False = in this process.
    """
    from tqdm import tqdm

    if replicas is not None and replicas < 1:
        raise BatchError(f"--replicas must be at least 1 (got {replicas})")
    ids = scan_ids(in_path)
    done = completed_ids(out_path)
    todo = sum(1 for i in ids if i not in done)
    counts = {"bundles": len(ids), "skipped": len(ids) - todo, "written": 0, "errors": 0}
    if use_ray is None:
        use_ray = _ray_installed()
    bar = tqdm(total=todo, unit="bundle", disable=not progress, file=sys.stderr)
    with out_path.open("a", encoding="utf-8") as out:

        def write(record: dict[str, Any]) -> None:
            # One write of one whole line, flushed: a kill leaves at most a partial last line.
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            counts["written"] += 1
            counts["errors"] += "error" in record
            bar.update(1)

        jobs = pending_jobs(in_path, done, settings)
        try:
            if use_ray and todo:
                from .ray.batch import run_on_ray

                actors = settings.ray_max_replicas if replicas is None else replicas
                run_on_ray(jobs, settings, write, actors, pipeline_factory)
            else:
                run_local(jobs, settings, write, pipeline_factory)
        finally:
            bar.close()
            os.fsync(out.fileno())
    return counts
