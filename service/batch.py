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
with the same output. What a worker does, either way, is service/batch_worker.py.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batch_io import BatchError, completed_ids, pending_jobs, scan_ids
from .batch_worker import BundleWorker, WorkersFailed, WorkersLost, Write, chunks
from .runner import PipelineFactory
from .settings import Settings

# The job's interface: service/cli.py takes the job's errors from here, wherever they live.
__all__ = ["BatchError", "WorkersFailed", "WorkersLost", "run_batch", "run_local"]

logger = logging.getLogger(__name__)


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
