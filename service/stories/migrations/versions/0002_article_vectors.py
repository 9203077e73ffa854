"""Each article's sentence vectors (article_vectors), so a recompute embeds only new articles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_vectors",
        sa.Column("story_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("embedder", sa.String(300), nullable=False),
        sa.Column("dimension", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("keys", sa.LargeBinary, nullable=False),
        sa.Column("vectors", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "article_id", "embedder"),
        sa.ForeignKeyConstraint(
            ["story_id", "article_id"],
            ["article.story_id", "article.article_id"],
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("article_vectors")
