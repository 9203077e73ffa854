"""One inference thread behind a bounded queue, batching what arrives together.

Generation already uses every core, so one thread runs the pipeline and requests wait in a
bounded queue. A full queue refuses at once (the caller answers 429); a request past its
deadline stops waiting (504) and, if it has not started, never runs. If the thread dies, every
waiting request fails at once and readiness turns false: nothing hangs.

A watchdog covers an engine that never returns: a batch the runner finds overdue fails its
requests and every queued one, and the worker counts as dead (a Python thread cannot be
killed, so the process must be restarted: the service exits for its orchestrator).

Micro-batching: when the thread picks up a job it waits up to the runner's batch window for
more (up to its ``max_batch`` in all) and runs them together, so an engine with batched
generation turns concurrent requests into throughput instead of a longer queue. Only jobs that
the runner's ``batchable`` accepts (those that generate) are batched: any other job never waits
for the window and runs alone. One that arrives while a batch is being gathered runs before it
(the gathered jobs have not started; they run right after), so it waits at most for the batch
already running, never for a companion's generation.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from typing import Any, Protocol

from .runner import BatchPolicy, PipelineBroken

logger = logging.getLogger(__name__)


class Overloaded(Exception):
    """The queue is full."""


class WorkerDead(Exception):
    """The inference thread has stopped; no request can be served."""


class NotRunning(WorkerDead):
    """A job was submitted to a worker that is not running (stopped, or not started)."""


class WorkerHung(Exception):
    """A batch ran past the hang limit: the engine is stuck and the thread cannot be freed."""


_STOP = object()


class Runner(Protocol):
    """What the worker needs of its runner (service.runner.PipelineRunner)."""

    policy: BatchPolicy

    def batchable(self, job: Any) -> bool: ...

    def run(self, jobs: list[Any]) -> list[Any]: ...

    def overdue(self) -> bool: ...


class InferenceWorker:
    """``runner.run(jobs) -> results`` runs on the worker thread; a result that is an exception
    fails only its own request. ``run`` raising fails the whole batch, and stops the worker
    for ``PipelineBroken``."""

    def __init__(self, runner: Runner, queue_size: int, name: str = "newsfuse-inference") -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self.runner = runner
        # Jobs gathered for a batch when a job that may not join it arrived: that job runs
        # first, these right after it.
        self._held: list[Any] = []
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.max_batch = max(1, runner.policy.max_batch)
        self.batch_window_s = runner.policy.window_s
        self._alive = False
        self._running = 0
        self._batch: list[Any] = []
        self._lock = threading.Lock()
        self._watchdog = threading.Thread(target=self._watch, name=name + "-watchdog", daemon=True)
        self._stopped = threading.Event()
        self.on_death: Callable[[BaseException | None], None] | None = None
        self.death_cause: BaseException | None = None

    @property
    def alive(self) -> bool:
        return self._alive and self._thread.is_alive()

    @property
    def depth(self) -> int:
        """Requests waiting plus those running."""
        return self._queue.qsize() + len(self._held) + self._running

    def start(self) -> None:
        self._alive = True
        self._thread.start()
        if self.runner.policy.hang_s:
            self._watchdog.start()

    def _watch(self) -> None:
        hang_s = self.runner.policy.hang_s
        while not self._stopped.wait(min(1.0, hang_s / 10)):
            with self._lock:
                batch = list(self._batch)
            if not batch or not self.runner.overdue():
                continue
            cause = WorkerHung(f"a batch ran longer than {hang_s:g} s")
            for future, *_ in batch:
                with contextlib.suppress(InvalidStateError):
                    future.set_exception(cause)
            self._die(cause)
            return

    def submit(self, payload: Any) -> Future[Any]:
        """Queue one job; raises Overloaded at once when full, WorkerDead when stopped."""
        if not self.alive:
            raise NotRunning("inference worker is not running")
        future: Future[Any] = Future()
        batchable = self.runner.batchable(payload)  # here: a predicate that raises fails its caller
        try:
            self._queue.put_nowait((future, payload, batchable))
        except queue.Full:
            raise Overloaded("inference queue is full") from None
        return future

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the running job, fail the queued ones, stop the thread."""
        self._alive = False
        self._stopped.set()
        self._fail_pending(WorkerDead("server is shutting down"))
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_STOP)
        self._thread.join(timeout)

    def _fail_pending(self, exc: BaseException) -> None:
        with self._lock:
            held, self._held = self._held, []
        for future, *_ in held:
            if future.set_running_or_notify_cancel():
                future.set_exception(exc)
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
        while len(items) < self.max_batch and first[2]:
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
            if not item[2]:
                with self._lock:
                    self._held = items
                items = [item]
                break
            items.append(item)
        return _started(items), stop

    def _run(self) -> None:
        cause: BaseException | None = None
        try:
            while True:
                with self._lock:
                    held, self._held = self._held, []
                if held:
                    batch, stop = _started(held), False
                else:
                    item = self._queue.get()
                    if item is _STOP:
                        return
                    batch, stop = self._take_batch(item)
                if batch:
                    with self._lock:
                        self._running = len(batch)
                        self._batch = batch
                    try:
                        results = self.runner.run([payload for _, payload, _ in batch])
                        for (future, *_), result in zip(batch, results, strict=True):
                            settle(future, result)
                    except PipelineBroken as exc:
                        for future, *_ in batch:
                            settle(future, exc)
                        cause = exc
                        return
                    except Exception as exc:  # one bad batch must not stop the worker
                        for future, *_ in batch:
                            settle(future, exc)
                    finally:
                        with self._lock:
                            self._running = 0
                            self._batch = []
                if stop or not self._alive:
                    return
        except BaseException as exc:  # pragma: no cover - interpreter-level failure
            cause = exc
            raise
        finally:
            self._die(cause)

    def _die(self, cause: BaseException | None) -> None:
        """Mark the worker dead (once), fail what waits, tell the owner."""
        with self._lock:
            was_alive = self._alive
            self._alive = False
            if was_alive:
                self.death_cause = cause
        self._stopped.set()
        self._fail_pending(WorkerDead("inference worker stopped"))
        if was_alive:
            logger.error("inference worker stopped: %s", type(cause).__name__ if cause else "?")
            if self.on_death:
                self.on_death(cause)


def _started(items: list[Any]) -> list[Any]:
    """The jobs whose callers still wait, now marked running; a caller that gave up before its
    job started is skipped: the job never runs."""
    return [item for item in items if item[0].set_running_or_notify_cancel()]


def settle(future: Future[Any], result: Any) -> None:
    """Give ``future`` its result (or exception); one the watchdog already failed stays so."""
    with contextlib.suppress(InvalidStateError):
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)
