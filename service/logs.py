"""Logging set up once at the entry point: JSON lines (or text) with the request id.

Nothing here ever formats article text: log calls pass ids, sizes, counts and timings only.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import traceback

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        doc.update(
            {k: v for k, v in record.__dict__.items() if k not in _RESERVED and k != "request_id"}
        )
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type and where it was raised; never its message, which could
            # quote input.
            doc["error"] = record.exc_info[0].__name__
            doc["trace"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(doc, default=str)


def configure_logging(fmt: str = "json", level: str = "INFO") -> None:
    """Install one stderr handler on the root logger (called by `newsfuse serve` only)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
