"""The story tables (SQLAlchemy 2), the engine for ``NEWSFUSE_DATABASE_URL`` and migrations.

The schema is created and changed by Alembic only (``migrations/``): ``migrate`` brings any
database, an empty one included, to the latest revision. SQLite is the embedded default; its
connections get WAL (readers never wait on the writer), foreign keys and ``BEGIN IMMEDIATE`` for
writing transactions, so two appends serialise instead of failing on a lock upgrade.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MIGRATIONS = Path(__file__).parent / "migrations"
# The execution option that makes a SQLite transaction take the write lock when it begins.
WRITE = {"newsfuse_write": True}


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(), dict[str, Any]: JSON}


class Story(Base):
    __tablename__ = "story"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # SHA-256 of the API key that created it (of "" when authentication is off).
    owner: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(2000))
    focus: Mapped[str | None] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(16))
    max_words: Mapped[int] = mapped_column(Integer)
    # The latest version accepted (appends make versions; summaries finish them later).
    version: Mapped[int] = mapped_column(Integer, default=0)
    words: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class StoryArticle(Base):
    __tablename__ = "article"

    story_id: Mapped[str] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Order of arrival within the story (the bundle's order when summarised).
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(4000))
    source: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[str | None] = mapped_column(String(64))
    words: Mapped[int] = mapped_column(Integer)
    added_in: Mapped[int] = mapped_column(Integer)


class SentenceVectors(Base):
    """An article's sentence vectors under one embedder identity (name, weights, precision:
    ``models.stages.embed.vector_identity``): ``count`` rows of ``dimension`` float32 in
    ``vectors``, the row ``i`` being the vector of the sentence whose text key
    (``models.vectors.text_key``, 16 bytes) is ``keys[16 i : 16 (i + 1)]``. A recompute takes
    them instead of embedding the article's sentences again."""

    __tablename__ = "article_vectors"
    __table_args__ = (
        ForeignKeyConstraint(
            ["story_id", "article_id"],
            ["article.story_id", "article.article_id"],
            ondelete="CASCADE",
        ),
    )

    story_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    embedder: Mapped[str] = mapped_column(String(300), primary_key=True)
    dimension: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    keys: Mapped[bytes] = mapped_column(LargeBinary)
    vectors: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class Version(Base):
    __tablename__ = "version"

    story_id: Mapped[str] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    articles: Mapped[int] = mapped_column(Integer)  # articles this version added
    created_at: Mapped[datetime]


class StorySummary(Base):
    """A summary document: the whole story at ``version`` (``since`` 0), or the update of what
    the articles after version ``since`` add (computed on request, kept)."""

    __tablename__ = "summary"

    story_id: Mapped[str] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    since: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    document: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class PendingWork(Base):
    """A recompute of ``story_id`` at ``target_version``: ``pending`` until a worker takes it
    (``running``, under a lease it renews while it works), then ``done`` or ``failed``. A row
    whose lease ran out (its worker died) is taken again."""

    __tablename__ = "pending_work"
    __table_args__ = (Index("ix_pending_work_state", "state", "lease_until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    target_version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'stories.db'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and immediate write transactions
    (``Connection.execution_options(**WRITE)``)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    database = engine.url.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        # Transactions are begun by the "begin" hook below, not by the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get("newsfuse_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


# The PostgreSQL advisory lock that migrations take (any constant; this one spells "nfmigr").
MIGRATION_LOCK = 0x6E666D696772


def migrate(url: str, engine: Engine | None = None) -> None:
    """Bring the database at ``url`` to the latest schema (an empty one included). Processes
    that start together (`serve --workers N`, replicas sharing one database) take turns: the
    migration's transaction takes SQLite's write lock when it begins, or a PostgreSQL advisory
    lock, so the first migrates and the others find nothing to do."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    own = engine is None
    engine = engine or make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execution_options(**WRITE)
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    finally:
        if own:
            engine.dispose()
