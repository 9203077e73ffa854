"""The story desk's tables: story, article, version, summary, pending_work.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime()


def _story_key() -> sa.Column:
    return sa.Column(
        "story_id", sa.String(32), sa.ForeignKey("story.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("title", sa.String(2000)),
        sa.Column("focus", sa.String(300)),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("max_words", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
    )
    op.create_index("ix_story_owner", "story", ["owner"])
    op.create_index("ix_story_expires_at", "story", ["expires_at"])
    op.create_table(
        "article",
        _story_key(),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.String(2000)),
        sa.Column("url", sa.String(4000)),
        sa.Column("source", sa.String(500)),
        sa.Column("published_at", sa.String(64)),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("added_in", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("story_id", "article_id"),
    )
    op.create_table(
        "version",
        _story_key(),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("story_id", "number"),
    )
    op.create_table(
        "summary",
        _story_key(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("since", sa.Integer, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("story_id", "version", "since"),
    )
    op.create_table(
        "pending_work",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _story_key(),
        sa.Column("target_version", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claim", sa.String(32)),
        sa.Column("lease_until", WHEN),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_pending_work_story_id", "pending_work", ["story_id"])
    op.create_index("ix_pending_work_state", "pending_work", ["state", "lease_until"])


def downgrade() -> None:
    for table in ("pending_work", "summary", "version", "article", "story"):
        op.drop_table(table)
