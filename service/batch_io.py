"""The batch job's files: input bundles parsed as the API parses a request, output records
written and read back for a resume.

Each output line is ``{"id", "response": <the API's document>}`` or ``{"id", "error": {"type",
"message", "param", "status"}}``: the API's error, with the HTTP status it would have had.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models import InputError, PipelineConfig, Summary, summary_to_dict

from .errors import api_error, param_from_loc
from .schemas import SummarizeRequest
from .settings import Settings

logger = logging.getLogger(__name__)

# Records with this status or more failed on our side (engine, worker): a re-run retries them.
RETRY_STATUS = 500


class BatchError(Exception):
    """The job cannot run (unreadable or duplicate input, corrupt output, a bad argument)."""


def error_record(
    bundle_id: str, status: int, type_: str, message: str, param: str | None
) -> dict[str, Any]:
    return {
        "id": bundle_id,
        "error": {"type": type_, "message": message, "param": param, "status": status},
    }


def failure_record(bundle_id: str, exc: BaseException) -> dict[str, Any]:
    """The record of a bundle that failed, with the status the API would have answered."""
    error = api_error(exc)
    return error_record(bundle_id, error.status, error.type, error.message, error.param)


def result_record(bundle_id: str, result: Summary | InputError) -> dict[str, Any]:
    """The record of one job's result: its document, or the error naming the field."""
    if isinstance(result, InputError):
        return failure_record(bundle_id, result)
    return {"id": bundle_id, "response": summary_to_dict(result)}


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


def parse_bundle(line: bytes, n: int, config: PipelineConfig) -> tuple[str, Any]:
    """One input line → (id, Job) or (id, error record): the API's schema
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
    try:
        return bundle_id, request.to_job(config)
    except InputError as exc:
        return bundle_id, failure_record(bundle_id, exc)


def pending_jobs(in_path: Path, skip: set[str], settings: Settings) -> Iterator[Any]:
    """Input bundles not in ``skip``: a job ``(id, payload)`` or a ready error record."""
    config = settings.pipeline_config()
    with in_path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or _line_id(line, n)[0] in skip:
                continue
            bundle_id, parsed = parse_bundle(line, n, config)
            yield parsed if isinstance(parsed, dict) else (bundle_id, parsed)
