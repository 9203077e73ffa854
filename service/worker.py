"""One inference thread behind a bounded queue, batching what arrives together.

Generation already uses every core, so one thread runs the pipeline and requests wait in a
bounded queue. A full queue refuses at once (the caller answers 429); a request past its
deadline stops waiting (504) and, if it has not started, never runs. If the thread dies, every
waiting request fails at once and readiness turns false: nothing hangs.

Micro-batching: when the thread picks up a job it waits up to ``batch_window_s`` for more (up
to ``max_batch`` in all) and hands them to ``run_batch`` together, so an engine with batched
generation turns concurrent requests into throughput instead of a longer queue.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
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
    """``run_batch(payloads) -> results`` runs on the worker thread; a result that is an
    exception fails only its own request. ``run_batch`` raising fails the whole batch (and
    stops the worker for FatalWorkerError or MemoryError)."""

    def __init__(
        self,
        queue_size: int,
        run_batch: Callable[[list[Any]], list[Any]],
        max_batch: int = 1,
        batch_window_s: float = 0.0,
        name: str = "newsfuse-inference",
    ) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._run_batch = run_batch
        self.max_batch = max(1, max_batch)
        self.batch_window_s = batch_window_s
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
        """Requests waiting plus those running."""
        return self._queue.qsize() + self._running

    def start(self) -> None:
        self._alive = True
        self._thread.start()

    def submit(self, payload: Any) -> Future[Any]:
        """Queue one job; raises Overloaded at once when full, WorkerDead when stopped."""
        if not self.alive:
            raise WorkerDead("inference worker is not running")
        future: Future[Any] = Future()
        try:
            self._queue.put_nowait((future, payload))
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

    def _take_batch(self, first: Any) -> tuple[list[Any], bool]:
        """``first`` plus whatever else arrives within the window, up to ``max_batch``.
        Returns the started (not cancelled) jobs and whether a stop was seen."""
        items = [first]
        deadline = time.monotonic() + self.batch_window_s
        stop = False
        while len(items) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                item = (
                    self._queue.get(timeout=remaining)
                    if remaining > 0
                    else (self._queue.get_nowait())
                )
            except queue.Empty:
                break
            if item is _STOP:
                stop = True
                break
            items.append(item)
        # A caller that gave up before its job started is skipped: the job never runs.
        return [it for it in items if it[0].set_running_or_notify_cancel()], stop

    def _run(self) -> None:
        cause: BaseException | None = None
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                batch, stop = self._take_batch(item)
                if batch:
                    with self._lock:
                        self._running = len(batch)
                    try:
                        results = self._run_batch([payload for _, payload in batch])
                        for (future, _), result in zip(batch, results, strict=True):
                            if isinstance(result, BaseException):
                                future.set_exception(result)
                            else:
                                future.set_result(result)
                    except (FatalWorkerError, MemoryError) as exc:
                        for future, _ in batch:
                            future.set_exception(exc)
                        cause = exc
                        return
                    except Exception as exc:  # one bad batch must not stop the worker
                        for future, _ in batch:
                            future.set_exception(exc)
                    finally:
                        with self._lock:
                            self._running = 0
                if stop:
                    return
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
