"""Alembic's environment: run by DraftStore on its own connection, or by `alembic` on WORKBOOK_DB_URL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context


def _run(connection: sa.Connection) -> None:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if context.is_offline_mode():
    raise SystemExit("离线生成 SQL 未启用：请直接对数据库执行 alembic upgrade head")
elif connection is not None:  # DraftStore: inside its write transaction, after the lock
    _run(connection)
else:  # the alembic command line (alembic.ini at the repository root)
    from worksheets.store import default_url

    engine = sa.create_engine(default_url())
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
