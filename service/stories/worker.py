"""The story worker: a thread that takes pending recomputes from the database and runs them
through the app's backend (the same queue and models as ``/v1/summarize``).

A recompute holds no transaction while the pipeline runs: the worker claims the row under a
lease, renews the lease while it waits, then writes the version's summary and marks the row
done in one transaction. A worker killed in the middle leaves the row ``running`` under a
lease that runs out; the next worker (this process restarted, or another replica) takes it
again, so the story stays at its last good version until the work is done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import Any, NamedTuple

from models import (
    InputError,
    Job,
    PipelineConfig,
    Summary,
    SummaryOptions,
    summary_to_dict,
    validate,
)

from ..worker import Overloaded, WorkerDead
from .queue import Claim
from .store import StoryJob, StoryStore

logger = logging.getLogger(__name__)

Submit = Callable[[Job], "Future[Any]"]


class _Stopping(Exception):
    """The worker is stopping while a recompute runs."""


class WorkerPolicy(NamedTuple):
    lease_s: float  # a claim not renewed for this long is taken again
    poll_s: float  # how often an idle worker looks for work
    timeout_s: float  # one recompute's deadline
    max_attempts: int  # a row that failed this often is marked failed
    purge_s: float = 300.0  # how often expired stories are deleted


def job_of(story: StoryJob, config: PipelineConfig) -> Job:
    """The pipeline job for a story's articles (``seen``: an update since a version), checked
    against ``config``'s limits (raises InputError)."""
    options = SummaryOptions(
        mode=story.mode,
        max_words=story.max_words,
        focus=story.focus,
        seen=story.seen,
    )
    # The sentence vectors kept by earlier recomputes: only new sentences are embedded.
    return replace(validate(story.articles, options, config), vectors=story.vectors)


def keep_vectors(store: StoryStore, story_id: str, summary: Summary) -> None:
    """Keep the sentence vectors a run embedded (an optimisation: a failure is logged, and
    the next recompute embeds those sentences again)."""
    if summary.vectors is None:
        return
    try:
        store.save_vectors(story_id, summary.vectors)
    except Exception as exc:
        logger.warning(
            "story vectors not kept", extra={"story": story_id, "error": type(exc).__name__}
        )


class StoryWorker:
    def __init__(
        self,
        store: StoryStore,
        submit: Submit,
        policy: WorkerPolicy,
        config: PipelineConfig,
        finished: Callable[[str, int], None] | None = None,
    ) -> None:
        self.store = store
        # Told each (story, version) this worker finishes (the reads' LatestVersions).
        self.finished = finished
        self.config = config
        self.submit = submit
        self.policy = policy
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsfuse-stories", daemon=True)
        self._purged = 0.0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """New work was appended: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.step()
            except Exception:  # the database went away for a moment: try again later
                logger.exception("story worker step failed")
                worked = False
            if not worked:
                self._wake.wait(self.policy.poll_s)
                self._wake.clear()

    def step(self) -> bool:
        """Take and run one pending recompute; False when there was none."""
        now = time.monotonic()
        if now - self._purged > self.policy.purge_s:
            self._purged = now
            purged = self.store.purge_expired()
            if purged:
                logger.info("expired stories deleted", extra={"stories": purged})
        claim = self.store.claim(self.policy.lease_s)
        if claim is None:
            return False
        self.run(claim)
        return True

    def run(self, claim: Claim) -> None:
        extra = {"story": claim.story_id, "version": claim.target_version}
        if claim.attempts > self.policy.max_attempts:
            logger.error("story recompute failed too often", extra=extra)
            self.store.complete(claim, None, failed=True)
            return
        story = self.store.job(claim)
        if story is None:  # deleted meanwhile (its rows went with it)
            return
        started = time.perf_counter()
        try:
            job = job_of(story, self.config)
        except InputError as exc:  # the stored articles cannot be summarised: no retry helps
            logger.error("story recompute refused", extra={**extra, "param": exc.param})
            self.store.complete(claim, None, failed=True)
            return
        try:
            future = self.submit(job)
        except (Overloaded, WorkerDead):
            # The queue is full or the inference worker is gone: the row waits, uncounted.
            self.store.release(claim)
            self._stop.wait(self.policy.poll_s)
            return
        try:
            summary = self._wait(claim, future)
        except InputError as exc:  # the stored articles cannot be summarised: no retry helps
            logger.error("story recompute refused", extra={**extra, "param": exc.param})
            self.store.complete(claim, None, failed=True)
            return
        except _Stopping:
            self.store.release(claim)  # shutting down: the next worker takes it at once
            return
        except Exception as exc:
            # An engine failure, a deadline, a lost lease: the lease runs out and the row is
            # taken again (up to max_attempts).
            logger.error("story recompute failed", extra={**extra, "error": type(exc).__name__})
            return
        keep_vectors(self.store, claim.story_id, summary)
        if self.store.complete(claim, summary_to_dict(summary)):
            if self.finished is not None:
                self.finished(claim.story_id, claim.target_version)
            embedded = summary.vectors
            logger.info(
                "story summarised",
                extra={
                    **extra,
                    "articles": len(story.articles),
                    "embedded": embedded.embedded if embedded else None,
                    "reused": embedded.reused if embedded else None,
                    "seconds": round(time.perf_counter() - started, 2),
                },
            )

    def _wait(self, claim: Claim, future: Future[Any]) -> Any:
        """The summary, renewing the lease meanwhile; gives up at the deadline, at a stop, or
        when the row is no longer this claim's (deleted, or taken after a stall)."""
        deadline = time.monotonic() + self.policy.timeout_s
        while True:
            try:
                return future.result(timeout=max(0.05, self.policy.lease_s / 3))
            except FutureTimeout:
                pass
            if self._stop.is_set():
                future.cancel()
                raise _Stopping
            if time.monotonic() > deadline:
                future.cancel()
                raise TimeoutError("story recompute did not finish")
            if not self.store.renew(claim, self.policy.lease_s):
                future.cancel()
                raise LookupError("the claim was lost")
