"""Alembic's environment: run by ``service.stories.db.migrate`` with an open connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from service.stories.db import Base

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Replicas starting together: one migrates, the others wait for it (released at commit).
    connection.execute(text("SELECT pg_advisory_xact_lock(7246313)"))
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
