"""The story store: every read and write of the story tables, each one transaction (the
pending rows' own steps are :mod:`.queue`'s).

Nothing here knows HTTP or the pipeline: the routes and ``StoryWorker`` call these methods
(blocking: from a thread). A story belongs to its owner (a hash of the API key that created
it); another owner, like a story that expired or never was, gets ``StoryNotFound``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from models import Article, LimitError
from models.text import count_words
from models.types import Mode
from models.vectors import EmbeddedVectors, StoredVectors

from .db import PendingWork, SentenceVectors, Story, StoryArticle, StorySummary, Version
from .queue import Claim, WorkQueue, rowcount, utcnow
from .vectors import save, stored


class StoryNotFound(LookupError):
    """No such story for this owner (or it expired)."""


class StoryLimits(NamedTuple):
    max_articles: int
    max_words: int
    retention_s: float


@dataclass(frozen=True)
class StoryJob:
    """What a recompute summarises: the story's articles up to a version, and its options."""

    articles: list[Article]
    seen: tuple[str, ...]
    mode: Mode
    max_words: int
    focus: str | None
    # The articles' sentence vectors kept by earlier recomputes.
    vectors: StoredVectors | None = None


def owner_of(key: str | None) -> str:
    """The owner a key makes (authentication off: everyone is the same owner)."""
    return hashlib.sha256((key or "").encode()).hexdigest()


class StoryStore(WorkQueue):
    """The stories, their articles, versions and summaries (the pending rows: ``WorkQueue``)."""

    def __init__(self, engine: Engine, limits: StoryLimits) -> None:
        super().__init__(engine)
        self.limits = limits

    def _story(self, session: Session, story_id: str, owner: str, lock: bool = False) -> Story:
        query = select(Story).where(
            Story.id == story_id, Story.owner == owner, Story.expires_at > utcnow()
        )
        if lock:
            query = query.with_for_update()  # PostgreSQL; SQLite's write lock is the database's
        story = session.scalars(query).one_or_none()
        if story is None:
            raise StoryNotFound(story_id)
        return story

    # ------------------------------------------------------------------ the API's calls

    def create(
        self, owner: str, title: str | None, focus: str | None, mode: str, max_words: int
    ) -> str:
        now = utcnow()
        story = Story(
            id=uuid.uuid4().hex,
            owner=owner,
            title=title,
            focus=focus,
            mode=mode,
            max_words=max_words,
            version=0,
            words=0,
            created_at=now,
            expires_at=now + timedelta(seconds=self.limits.retention_s),
        )
        with self._write() as session, session.begin():
            session.add(story)
        return story.id

    def append(self, story_id: str, owner: str, articles: Sequence[Article]) -> int:
        """Add the articles whose ids the story does not have yet, as one new version with a
        pending recompute, in one transaction; returns that version (the current one when
        every id is known: a re-append adds nothing). Raises ``LimitError`` past the story's
        limits, naming the field."""
        with self._write() as session, session.begin():
            story = self._story(session, story_id, owner, lock=True)
            ids = [a.id for a in articles]
            known = set(
                session.scalars(
                    select(StoryArticle.article_id).where(
                        StoryArticle.story_id == story_id, StoryArticle.article_id.in_(ids)
                    )
                )
            )
            new = [a for a in articles if a.id not in known]
            if not new:
                return story.version
            count = (
                session.scalar(select(func.count()).where(StoryArticle.story_id == story_id)) or 0
            )
            if count + len(new) > self.limits.max_articles:
                raise LimitError(
                    "articles",
                    f"a story holds at most {self.limits.max_articles} articles "
                    f"(it has {count}, {len(new)} new)",
                )
            words = [count_words(a.text) for a in new]
            if story.words + sum(words) > self.limits.max_words:
                raise LimitError(
                    "articles",
                    f"a story holds at most {self.limits.max_words} words "
                    f"(it has {story.words}, {sum(words)} new)",
                )
            now = utcnow()
            version = story.version + 1
            story.version = version
            story.words += sum(words)
            story.expires_at = now + timedelta(seconds=self.limits.retention_s)
            session.add(
                Version(story_id=story_id, number=version, articles=len(new), created_at=now)
            )
            session.add_all(
                StoryArticle(
                    story_id=story_id,
                    article_id=a.id,
                    position=count + i,
                    text=a.text,
                    title=a.title,
                    url=a.url,
                    source=a.source,
                    published_at=a.published_at,
                    words=n,
                    added_in=version,
                )
                for i, (a, n) in enumerate(zip(new, words, strict=True))
            )
            # One recompute waiting per story: a later append moves its target on. The state
            # is re-checked by the UPDATE itself: a worker may have just taken that row.
            moved = rowcount(
                session.execute(
                    update(PendingWork)
                    .where(PendingWork.story_id == story_id, PendingWork.state == "pending")
                    .values(target_version=version, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
            )
            if not moved:
                session.add(
                    PendingWork(
                        story_id=story_id,
                        target_version=version,
                        state="pending",
                        attempts=0,
                        created_at=now,
                        updated_at=now,
                    )
                )
            return version

    def info(self, story_id: str, owner: str) -> dict[str, Any]:
        """The story: its articles (no text), versions and pending work."""
        with self._read() as session, session.begin():
            story = self._story(session, story_id, owner)
            articles = session.scalars(
                select(StoryArticle)
                .where(StoryArticle.story_id == story_id)
                .order_by(StoryArticle.position)
            ).all()
            versions = session.scalars(
                select(Version).where(Version.story_id == story_id).order_by(Version.number)
            ).all()
            finished = set(
                session.scalars(
                    select(StorySummary.version).where(
                        StorySummary.story_id == story_id, StorySummary.since == 0
                    )
                )
            )
            pending = session.scalars(
                select(PendingWork)
                .where(PendingWork.story_id == story_id, PendingWork.state != "done")
                .order_by(PendingWork.id)
            ).all()
        return {
            "id": story.id,
            "title": story.title,
            "focus": story.focus,
            "options": {"mode": story.mode, "max_words": story.max_words},
            "version": story.version,
            "summary_version": max(finished, default=0),
            "words": story.words,
            "created_at": _iso(story.created_at),
            "expires_at": _iso(story.expires_at),
            "articles": [
                {
                    "id": a.article_id,
                    "title": a.title,
                    "url": a.url,
                    "source": a.source,
                    "published_at": a.published_at,
                    "words": a.words,
                    "version": a.added_in,
                }
                for a in articles
            ],
            "versions": [
                {
                    "version": v.number,
                    "articles": v.articles,
                    "created_at": _iso(v.created_at),
                    "summarized": v.number in finished,
                }
                for v in versions
            ],
            "pending": [
                {"version": p.target_version, "state": p.state, "attempts": p.attempts}
                for p in pending
            ],
        }

    def latest(self, story_id: str, owner: str) -> tuple[int, dict[str, Any] | None]:
        """The latest finished version and its summary document (0 and None before the first
        recompute finished)."""
        with self._read() as session, session.begin():
            self._story(session, story_id, owner)
            row = session.scalars(
                select(StorySummary)
                .where(StorySummary.story_id == story_id, StorySummary.since == 0)
                .order_by(StorySummary.version.desc())
                .limit(1)
            ).first()
        return (row.version, row.document) if row else (0, None)

    def latest_version(self, story_id: str, owner: str) -> int:
        """The latest finished version (0 before the first recompute finished): one small
        query, what a read needs before it can answer from a rendered copy or with 304."""
        now = utcnow()
        finished = (
            select(func.max(StorySummary.version))
            .where(StorySummary.story_id == Story.id, StorySummary.since == 0)
            .scalar_subquery()
        )
        with self._read() as session, session.begin():
            row = session.execute(
                select(Story.id, finished).where(
                    Story.id == story_id, Story.owner == owner, Story.expires_at > now
                )
            ).first()
        if row is None:
            raise StoryNotFound(story_id)
        return int(row[1] or 0)

    def document(self, story_id: str, version: int) -> dict[str, Any]:
        """The summary document of a finished version (``latest_version`` checked the owner)."""
        with self._read() as session, session.begin():
            document = session.scalar(
                select(StorySummary.document).where(
                    StorySummary.story_id == story_id,
                    StorySummary.version == version,
                    StorySummary.since == 0,
                )
            )
        if document is None:  # deleted since
            raise StoryNotFound(story_id)
        return dict(document)

    def update(
        self, story_id: str, owner: str, version: int, since: int
    ) -> dict[str, Any] | StoryJob:
        """The update of ``version`` since version ``since``: the kept document, else the job
        that computes it (``save_update`` keeps its result)."""
        with self._read() as session, session.begin():
            self._story(session, story_id, owner)
            kept = session.scalar(
                select(StorySummary.document).where(
                    StorySummary.story_id == story_id,
                    StorySummary.version == version,
                    StorySummary.since == since,
                )
            )
            if kept is not None:
                return kept
            return self._job(session, story_id, version, since)

    def save_update(self, story_id: str, version: int, since: int, doc: dict[str, Any]) -> None:
        with self._write() as session, session.begin():
            exists = session.get(StorySummary, (story_id, version, since))
            if exists is None and session.get(Story, story_id) is not None:
                session.add(
                    StorySummary(
                        story_id=story_id,
                        version=version,
                        since=since,
                        document=doc,
                        created_at=utcnow(),
                    )
                )

    def delete(self, story_id: str, owner: str) -> None:
        with self._write() as session, session.begin():
            self._story(session, story_id, owner, lock=True)
            _delete_story(session, story_id)

    # ------------------------------------------------------------------ the worker's calls

    def job(self, claim: Claim) -> StoryJob | None:
        """The recompute ``claim`` asks for (None: the story was deleted meanwhile)."""
        with self._read() as session, session.begin():
            if session.get(Story, claim.story_id) is None:
                return None
            return self._job(session, claim.story_id, claim.target_version, 0)

    def _job(self, session: Session, story_id: str, version: int, since: int) -> StoryJob:
        story = session.get(Story, story_id)
        assert story is not None
        rows = session.scalars(
            select(StoryArticle)
            .where(StoryArticle.story_id == story_id, StoryArticle.added_in <= version)
            .order_by(StoryArticle.position)
        ).all()
        articles = [
            Article(
                id=r.article_id,
                text=r.text,
                title=r.title,
                url=r.url,
                source=r.source,
                published_at=r.published_at,
            )
            for r in rows
        ]
        seen = tuple(r.article_id for r in rows if r.added_in <= since)
        vectors = stored(
            session.scalars(select(SentenceVectors).where(SentenceVectors.story_id == story_id))
        )
        return StoryJob(articles, seen, _mode(story.mode), story.max_words, story.focus, vectors)

    def save_vectors(self, story_id: str, embedded: EmbeddedVectors) -> int:
        """Keep what a run embedded, by article (``vectors.save``); returns the articles
        written."""
        if not embedded.by_article:
            return 0
        with self._write() as session, session.begin():
            return save(session, story_id, embedded, utcnow())

    def purge_expired(self) -> int:
        """Delete the stories past their retention; returns how many."""
        with self._write() as session, session.begin():
            ids = list(session.scalars(select(Story.id).where(Story.expires_at <= utcnow())))
            for story_id in ids:
                _delete_story(session, story_id)
        return len(ids)


def _delete_story(session: Session, story_id: str) -> None:
    # Children first: no reliance on ON DELETE CASCADE being enforced.
    for table in (PendingWork, StorySummary, SentenceVectors, StoryArticle, Version):
        session.execute(delete(table).where(table.story_id == story_id))
    session.execute(delete(Story).where(Story.id == story_id))


def _iso(when: datetime) -> str:
    return when.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _mode(stored: str) -> Mode:
    """A story's mode as stored (checked when the story was created)."""
    if stored == "abstractive":
        return "abstractive"
    if stored == "extractive":
        return "extractive"
    raise ValueError(f"a story's stored mode is {stored!r}")
