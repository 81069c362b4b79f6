"""Every draft and kept version records the format of its JSON; a kept version records why it was kept.

Revision ID: 0002
Revises: 0001
format_version: rows written before this revision hold format 1 (choices as Chinese labels); the server
default stays 1 so that an app instance of the previous release, still running during an upgrade, writes
rows that are correctly marked as format 1.
reason: a stable code (worksheets.store.KeptReason); rows kept before this revision get "unknown".
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    version = {"nullable": False, "server_default": sa.text("1")}
    op.add_column("drafts", sa.Column("format_version", sa.Integer, **version))
    op.add_column("draft_history", sa.Column("format_version", sa.Integer, **version))
    op.add_column(
        "draft_history", sa.Column("reason", sa.String(20), nullable=False, server_default=sa.text("'unknown'"))
    )


def downgrade() -> None:
    with op.batch_alter_table("draft_history") as batch:
        batch.drop_column("reason")
        batch.drop_column("format_version")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("format_version")
