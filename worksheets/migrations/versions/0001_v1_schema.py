"""The schema released before migrations existed (format version 1): drafts and their kept versions.

Revision ID: 0001
Revises:
Frozen: never edit; a database made by that release is stamped at this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("sheet_json", sa.Text, nullable=False),
        sa.Column("progress_json", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "draft_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sheet_json", sa.Text, nullable=False),
        sa.Column("progress_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_draft_history_code", "draft_history", ["code"])


def downgrade() -> None:
    op.drop_table("draft_history")
    op.drop_table("drafts")
