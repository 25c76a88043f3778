"""items keep their story terms (lead words and anchors), worked out once at ingest for clustering

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Null until an item is annotated again: clustering then works the terms out from the item's text.
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("story_words", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("story_anchors", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("story_anchors")
        batch_op.drop_column("story_words")
