"""One inference thread behind a bounded queue.

torch generation is not re-entrant and already uses every core, so one thread runs the pipeline
and requests wait in a bounded queue. A full queue refuses at once (the caller answers 429);
a request past its deadline stops waiting (504) and, if it has not started, never runs. If the
thread dies, every waiting request fails at once and readiness turns false: nothing hangs.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

logger = logging.getLogger(__name__)


class Overloaded(Exception):
    """The queue is full."""


class WorkerDead(Exception):
    """The inference thread has stopped; no request can be served."""


class FatalWorkerError(Exception):
    """Raised by a job when the worker must not go on (e.g. the model is corrupt)."""


_STOP = object()


class InferenceWorker:
    def __init__(self, queue_size: int, name: str = "newsfuse-inference") -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._alive = False
        self._running = 0
        self._lock = threading.Lock()
        self.on_death: Callable[[BaseException | None], None] | None = None
        self.death_cause: BaseException | None = None

    @property
    def alive(self) -> bool:
        return self._alive and self._thread.is_alive()

    @property
    def depth(self) -> int:
        """Requests waiting plus the one running."""
        return self._queue.qsize() + self._running

    def start(self) -> None:
        self._alive = True
        self._thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Queue ``fn(*args)``; raises Overloaded at once when full, WorkerDead when stopped."""
        if not self.alive:
            raise WorkerDead("inference worker is not running")
        future: Future[Any] = Future()
        try:
            self._queue.put_nowait((future, fn, args))
        except queue.Full:
            raise Overloaded("inference queue is full") from None
        return future

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the running job, fail the queued ones, stop the thread."""
        self._alive = False
        self._fail_pending(WorkerDead("server is shutting down"))
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_STOP)
        self._thread.join(timeout)

    def _fail_pending(self, exc: BaseException) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                future = item[0]
                if future.set_running_or_notify_cancel():
                    future.set_exception(exc)

    def _run(self) -> None:
        cause: BaseException | None = None
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                future, fn, args = item
                if not future.set_running_or_notify_cancel():
                    continue  # the caller gave up before it started
                with self._lock:
                    self._running = 1
                try:
                    future.set_result(fn(*args))
                except (FatalWorkerError, MemoryError) as exc:
                    future.set_exception(exc)
                    cause = exc
                    return
                except Exception as exc:  # one bad request must not stop the worker
                    future.set_exception(exc)
                finally:
                    with self._lock:
                        self._running = 0
        except BaseException as exc:  # pragma: no cover - interpreter-level failure
            cause = exc
            raise
        finally:
            was_alive = self._alive
            self._alive = False
            self.death_cause = cause
            self._fail_pending(WorkerDead("inference worker stopped"))
            if was_alive:
                logger.error("inference worker stopped: %s", type(cause).__name__ if cause else "?")
                if self.on_death:
                    self.on_death(cause)
