"""The story desk the app opens in its lifespan: the database (migrated), the store and the
worker that recomputes summaries."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from ..settings import Settings
from .db import make_engine, migrate
from .rendered import LatestVersions, RenderedSummaries
from .store import StoryLimits, StoryStore
from .worker import StoryWorker, Submit, WorkerPolicy

logger = logging.getLogger(__name__)

# How long a read trusts the latest finished version it found (LatestVersions): what another
# replica finishes or deletes is seen this much later at most; this process's own at once.
READ_TTL_S = 1.0


@dataclass
class StoryDesk:
    engine: Engine
    store: StoryStore
    worker: StoryWorker | None
    # Response bodies of finished summaries (256 documents of a few kB to tens of kB).
    rendered: RenderedSummaries = field(default_factory=lambda: RenderedSummaries(256))
    latest: LatestVersions = field(default_factory=lambda: LatestVersions(READ_TTL_S))

    def close(self, timeout: float) -> None:
        if self.worker is not None:
            self.worker.stop(timeout)
        self.engine.dispose()


def open_desk(settings: Settings, submit: Submit | None) -> StoryDesk:
    """Migrate the database and open the store; with ``submit``, start the worker (blocking:
    the lifespan calls it in a thread)."""
    url = settings.database()
    engine = make_engine(url)
    migrate(url, engine)
    store = StoryStore(
        engine,
        StoryLimits(
            max_articles=settings.story_max_articles,
            max_words=settings.story_max_words,
            retention_s=settings.story_retention_days * 86_400,
        ),
    )
    latest = LatestVersions(READ_TTL_S)
    worker = None
    if submit is not None:
        worker = StoryWorker(
            store,
            submit,
            WorkerPolicy(
                lease_s=settings.story_lease_s,
                poll_s=settings.story_poll_s,
                timeout_s=settings.request_timeout_s,
                max_attempts=settings.story_max_attempts,
            ),
            settings.pipeline_config(),
            finished=latest.finished,
        )
        worker.start()
    logger.info("story store open", extra={"database": engine.url.render_as_string()})
    return StoryDesk(engine, store, worker, latest=latest)
