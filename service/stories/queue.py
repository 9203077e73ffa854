"""The story desk's work queue: a recompute is a pending row that one worker takes under a
lease it renews, then finishes (writing the version's summary) or gives back, each step one
transaction. A crash leaves the row to be taken again once its lease has run out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, or_, select, update
from sqlalchemy.orm import Session

from .db import WRITE, PendingWork, StorySummary


@dataclass(frozen=True)
class Claim:
    """A pending row a worker took: it alone may finish it while ``token`` stands."""

    id: int
    token: str
    story_id: str
    target_version: int
    attempts: int


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WorkQueue:
    """The pending rows of one database: what ``StoryWorker`` calls (``StoryStore`` adds the
    stories themselves)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def _read(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _write(self) -> Session:
        return Session(self.engine.execution_options(**WRITE), expire_on_commit=False)

    def claim(self, lease_s: float) -> Claim | None:
        """Take the oldest pending row (or one whose worker's lease ran out), atomically: two
        workers never take the same row (one UPDATE; PostgreSQL skips rows another worker has
        locked, SQLite's write lock serialises the statement)."""
        now = utcnow()
        takeable = or_(
            PendingWork.state == "pending",
            (PendingWork.state == "running") & (PendingWork.lease_until < now),
        )
        oldest = select(PendingWork.id).where(takeable).order_by(PendingWork.id).limit(1)
        if self.postgres:
            oldest = oldest.with_for_update(skip_locked=True)
        token = secrets.token_hex(16)
        with self._write() as session, session.begin():
            row = session.execute(
                update(PendingWork)
                .where(PendingWork.id == oldest.scalar_subquery(), takeable)
                .values(
                    state="running",
                    claim=token,
                    attempts=PendingWork.attempts + 1,
                    lease_until=now + timedelta(seconds=lease_s),
                    updated_at=now,
                )
                .returning(
                    PendingWork.id,
                    PendingWork.story_id,
                    PendingWork.target_version,
                    PendingWork.attempts,
                )
                .execution_options(synchronize_session=False)
            ).first()
        if row is None:
            return None
        return Claim(row.id, token, row.story_id, row.target_version, row.attempts)

    def renew(self, claim: Claim, lease_s: float) -> bool:
        """Extend the lease; False when the row is no longer this claim's."""
        now = utcnow()
        with self._write() as session, session.begin():
            result = session.execute(
                update(PendingWork)
                .where(*_held(claim))
                .values(lease_until=now + timedelta(seconds=lease_s), updated_at=now)
            )
            return bool(rowcount(result))

    def complete(self, claim: Claim, document: dict[str, Any] | None, failed: bool = False) -> bool:
        """Write the version's summary and mark the row done (or failed, with no document), in
        one transaction; False (and nothing written) when the row is no longer this claim's."""
        now = utcnow()
        with self._write() as session, session.begin():
            result = session.execute(
                update(PendingWork)
                .where(*_held(claim))
                .values(state="failed" if failed else "done", lease_until=None, updated_at=now)
            )
            if not rowcount(result):
                return False
            key = (claim.story_id, claim.target_version, 0)
            if document is not None and session.get(StorySummary, key) is None:
                session.add(
                    StorySummary(
                        story_id=claim.story_id,
                        version=claim.target_version,
                        since=0,
                        document=document,
                        created_at=now,
                    )
                )
            return True

    def release(self, claim: Claim) -> None:
        """Give the row back untouched (the queue was full): another try soon, not counted."""
        with self._write() as session, session.begin():
            session.execute(
                update(PendingWork)
                .where(*_held(claim))
                .values(
                    state="pending",
                    claim=None,
                    lease_until=None,
                    attempts=PendingWork.attempts - 1,
                    updated_at=utcnow(),
                )
            )


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE matched: a DML statement's result is a CursorResult, which has them
    (``Session.execute`` is typed to return the general Result)."""
    return cast(CursorResult[Any], result).rowcount


def _held(claim: Claim) -> tuple[Any, ...]:
    """The conditions under which ``claim`` still holds its pending row: the same row, still
    running, under the same claim token (a stale worker's write matches nothing)."""
    return (
        PendingWork.id == claim.id,
        PendingWork.claim == claim.token,
        PendingWork.state == "running",
    )
