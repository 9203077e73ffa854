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

With Ray installed (``pip install newsfuse[ray]``) bundles fan out over the cluster to
``--replicas`` actors, each owning one Pipeline (models loaded once). The job starts only once
the actors have loaded their models (none could: ``WorkersFailed``); an actor that dies is
restarted and its bundles re-sent, and one that dies more often than it may restart is dropped
(its bundles in flight get a 503 record; none left: ``WorkersLost``). Without Ray (or with
``--no-ray``) the same code runs in this process, with the same output.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models import InputError, LimitError, ModelError, Pipeline, summary_to_dict, validate
from models.pipeline import new_article_id

from .errors import param_from_loc
from .schemas import SummarizeRequest
from .settings import Settings

logger = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], Pipeline]
Job = tuple[str, Any]  # (bundle id, (articles, options))


class BatchError(Exception):
    """The job cannot run (unreadable or duplicate input, corrupt output, a bad argument)."""


class WorkersFailed(BatchError):
    """No worker could start (the models could not be loaded): nothing was summarised."""


class WorkersLost(BatchError):
    """Every worker died for good during the job: the bundles not yet written were not done."""


# Records with this status or more failed on our side (engine, worker): a re-run retries them.
RETRY_STATUS = 500


def error_record(bundle_id: str, status: int, type_: str, message: str, param: str | None):
    return {
        "id": bundle_id,
        "error": {"type": type_, "message": message, "param": param, "status": status},
    }


def _input_error(bundle_id: str, exc: InputError) -> dict[str, Any]:
    status = 413 if isinstance(exc, LimitError) else 422
    return error_record(bundle_id, status, exc.kind, exc.message, exc.param)


# --------------------------------------------------------------------------- files


def _done_id(line: bytes, n: int, out_path: Path) -> tuple[str, bool]:
    """An output line → (its id, whether it counts as done: not a failure on our side)."""
    try:
        record = json.loads(line)
        error = record.get("error")
        status = error["status"] if error is not None else None
        return record["id"], not (isinstance(status, int) and status >= RETRY_STATUS)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BatchError(f"{out_path}: line {n} is not an output record") from None


def completed_ids(out_path: Path) -> set[str]:
    """Ids done in OUT. A trailing line cut short by a kill, and the records to retry (status
    500 or more), are first taken out of the file: it is written anew beside it and renamed
    over it (a kill leaves the old file or the new one, whole), so the re-run appends each of
    those ids once."""
    done: set[str] = set()
    if not out_path.exists():
        return done
    partial = retry = 0
    with out_path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.endswith(b"\n"):  # only the last line can lack its newline
                partial = 1
            elif line.strip():
                bundle_id, is_done = _done_id(line, n, out_path)
                if is_done:
                    done.add(bundle_id)
                else:
                    retry += 1
    if partial:
        logger.warning("dropping a partial last line of %s", out_path.name)
    if retry:
        logger.info("retrying %d bundles that failed (status >= %d)", retry, RETRY_STATUS)
    if partial or retry:
        _rewrite_output(out_path)
    return done


def _rewrite_output(out_path: Path) -> None:
    """OUT without its partial last line and its records to retry, replaced atomically."""
    tmp = out_path.with_name(f".{out_path.name}.resume")
    with out_path.open("rb") as src, tmp.open("wb") as dst:
        for n, line in enumerate(src, start=1):
            if line.endswith(b"\n") and line.strip() and _done_id(line, n, out_path)[1]:
                dst.write(line)
        dst.flush()
        os.fsync(dst.fileno())
    shutil.copymode(out_path, tmp)
    os.replace(tmp, out_path)


def _line_id(line: bytes, n: int) -> tuple[str, dict[str, Any] | None]:
    """The bundle's id (``line:N`` when it has none usable) and the parsed object."""
    try:
        doc = json.loads(line)
    except ValueError:
        return f"line:{n}", None
    if not isinstance(doc, dict):
        return f"line:{n}", None
    bundle_id = doc.get("id")
    if isinstance(bundle_id, str) and bundle_id.strip():
        return bundle_id, doc
    return f"line:{n}", doc


def scan_ids(in_path: Path) -> list[str]:
    """Every bundle id of IN, in order; duplicate ids make the job refuse to start."""
    ids: list[str] = []
    first_line: dict[str, int] = {}
    with in_path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            bundle_id, _ = _line_id(line, n)
            if bundle_id in first_line:
                raise BatchError(
                    f"{in_path}: line {n}: id {bundle_id!r} repeats line {first_line[bundle_id]}"
                )
            first_line[bundle_id] = n
            ids.append(bundle_id)
    return ids


def parse_bundle(line: bytes, n: int, settings: Settings) -> tuple[str, Any]:
    """One input line → (id, (articles, options)) or (id, error record): the API's schema
    and limits, checked before any model work."""
    bundle_id, doc = _line_id(line, n)
    if doc is None:
        return bundle_id, error_record(
            bundle_id, 400, "invalid_json", "the line is not a JSON object", "body"
        )
    if bundle_id.startswith("line:"):
        return bundle_id, error_record(
            bundle_id, 422, "invalid_input", "a non-empty string id is required", "id"
        )
    body = {k: v for k, v in doc.items() if k != "id"}
    try:
        request = SummarizeRequest.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        return bundle_id, error_record(
            bundle_id, 422, "invalid_input", first["msg"], param_from_loc(first["loc"])
        )
    articles = request.to_articles(lambda i: new_article_id())
    options = request.options.to_options()
    try:
        validate(articles, options, settings.pipeline_config())
    except InputError as exc:
        return bundle_id, _input_error(bundle_id, exc)
    return bundle_id, (articles, options)


def pending_jobs(in_path: Path, skip: set[str], settings: Settings) -> Iterator[Any]:
    """Input bundles not in ``skip``: a job ``(id, payload)`` or a ready error record."""
    with in_path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or _line_id(line, n)[0] in skip:
                continue
            bundle_id, parsed = parse_bundle(line, n, settings)
            yield parsed if isinstance(parsed, dict) else (bundle_id, parsed)


# --------------------------------------------------------------------------- workers


class BundleWorker:
    """Owns one Pipeline; turns jobs into output records. Runs in this process or as a Ray
    actor (one per replica)."""

    def __init__(self, settings: Settings, pipeline_factory: PipelineFactory | None = None):
        from .app import load_pipeline

        try:
            self.pipeline = (pipeline_factory or load_pipeline)(settings)
            self.pipeline.warmup()
        except ModelError as exc:
            # Which model and why (no article text at start-up), as an error Ray can carry
            # back from an actor (ModelError itself does not unpickle).
            raise WorkersFailed(f"the models could not be loaded: {exc}") from None

    def run(self, jobs: list[Job]) -> list[dict[str, Any]]:
        """Summarise ``jobs`` in one batch; if the batch fails, each alone, so a failure is
        the failing bundle's error record only."""
        try:
            results = self.pipeline.summarize_many([payload for _, payload in jobs])
        except Exception as exc:
            if len(jobs) == 1:
                return [self._failed(jobs[0][0], exc)]
            return [record for job in jobs for record in self.run([job])]
        return [
            _input_error(bundle_id, result)
            if isinstance(result, InputError)
            else {"id": bundle_id, "response": summary_to_dict(result)}
            for (bundle_id, _), result in zip(jobs, results, strict=True)
        ]

    @staticmethod
    def _failed(bundle_id: str, exc: Exception) -> dict[str, Any]:
        # The exception's message could quote the input: only its type is recorded.
        logger.error("summary failed", extra={"bundle": bundle_id, "error": type(exc).__name__})
        return error_record(bundle_id, 500, "internal_error", "the summary failed", None)

    def pid(self) -> int:
        return os.getpid()


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """Jobs grouped ``size`` at a time; an error record goes out alone, at once."""
    chunk: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _engine_batch(settings: Settings) -> int:
    from models.generation.registry import ENGINE_BATCH

    return settings.max_batch or ENGINE_BATCH.get(settings.engine, 1)


def run_local(
    jobs: Iterator[Any], settings: Settings, write: Callable[[dict[str, Any]], None], factory=None
) -> None:
    worker: BundleWorker | None = None
    for chunk in _chunks(jobs, _engine_batch(settings)):
        if isinstance(chunk[0], dict):
            write(chunk[0])
            continue
        worker = worker or BundleWorker(settings, factory)
        for record in worker.run(chunk):
            write(record)


def _started(actors: list[Any]) -> list[int]:
    """Indices of the actors whose models loaded (an actor answers once its constructor is
    done)."""
    import ray
    from ray.exceptions import RayError

    refs = [actor.pid.remote() for actor in actors]
    live: list[int] = []
    failure = None
    for index, ref in enumerate(refs):
        try:
            ray.get(ref)
            live.append(index)
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


def run_ray(
    jobs: Iterator[Any],
    settings: Settings,
    write: Callable[[dict[str, Any]], None],
    replicas: int,
    factory: PipelineFactory | None = None,
) -> None:
    """Fan chunks out to ``replicas`` actors, two chunks in flight per actor; results are
    written as they arrive. An actor that died more often than it may restart is dropped."""
    import ray
    from ray.exceptions import RayActorError

    from .ray_serve import replica_gpus

    actor_cls = ray.remote(
        num_cpus=settings.ray_replica_cpus,
        num_gpus=replica_gpus(settings),
        # A killed actor is restarted (models reloaded) and its calls re-sent, twice at most.
        max_restarts=settings.ray_request_retries,
        max_task_retries=settings.ray_request_retries,
    )(BundleWorker)
    actors = [actor_cls.remote(settings.for_replica(), factory) for _ in range(replicas)]
    in_flight: dict[Any, tuple[int, list[Job]]] = {}
    # Live actors by index → chunks in flight on each.
    load: dict[int, int] = {}

    def submit(chunk: list[Job]) -> None:
        index = min(load, key=load.__getitem__)
        load[index] += 1
        in_flight[actors[index].run.remote(chunk)] = (index, chunk)

    def collect() -> None:
        ready, _ = ray.wait(list(in_flight), num_returns=1)
        for ref in ready:
            index, chunk = in_flight.pop(ref)
            try:
                records = ray.get(ref)
                load[index] -= 1
            except RayActorError:
                # Dead beyond its restarts: it would fail every chunk at once, so it is
                # dropped; these bundles get a 503 record, which a re-run retries.
                if load.pop(index, None) is not None:
                    logger.error("a batch worker died for good: %d left", len(load))
                records = [
                    error_record(bid, 503, "unavailable", "the worker running it died", None)
                    for bid, _ in chunk
                ]
            for record in records:
                write(record)

    try:
        load.update(dict.fromkeys(_started(actors), 0))
        for chunk in _chunks(jobs, _engine_batch(settings)):
            if isinstance(chunk[0], dict):
                write(chunk[0])
                continue
            while in_flight and len(in_flight) >= 2 * len(load):
                collect()
            if not load:
                break
            submit(chunk)
        while in_flight:
            collect()
        if not load:
            raise WorkersLost(
                "every batch worker died; run the job again: it does the bundles not in OUT "
                "and retries those that failed"
            )
    finally:
        for actor in actors:
            ray.kill(actor)


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
        try:
            import ray  # noqa: F401

            use_ray = True
        except ImportError:
            logger.warning("ray is not installed: running in this process")
            use_ray = False
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
                import ray

                from .ray_serve import ray_init_options

                started_here = not ray.is_initialized()
                if started_here:
                    ray.init(**ray_init_options(settings))
                try:
                    run_ray(
                        jobs,
                        settings,
                        write,
                        settings.ray_max_replicas if replicas is None else replicas,
                        pipeline_factory,
                    )
                finally:
                    if started_here:
                        ray.shutdown()
            else:
                run_local(jobs, settings, write, pipeline_factory)
        finally:
            bar.close()
            os.fsync(out.fileno())
    return counts
