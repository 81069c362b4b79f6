"""The drafts database's schema, versioned with Alembic: every DraftStore upgrades its database when it starts.

Revisions live in versions/ (0001 = the schema released before migrations existed). A database made by that
release has the tables but no alembic_version table: it is stamped at 0001, then upgraded like any other.
Several app instances may start at once on one PostgreSQL: the upgrade runs under a transaction-scoped advisory
lock, so one instance migrates and the others wait, then find nothing left to do. On SQLite the upgrade runs in
a BEGIN IMMEDIATE transaction, which serialises instances the same way.

To change the schema: add versions/NNNN_what.py (copy the newest one; set revision and down_revision), change
the tables in worksheets/store.py to match, and add a test that upgrades the previous version's database.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent
FIRST = "0001"  # the schema of the release before migrations: drafts and draft_history
LOCK_KEY = 0x57_4F_52_4B_42_4F_4F_4B  # "WORKBOOK": pg_advisory_xact_lock key of the schema upgrade
_IN_PROCESS = threading.Lock()  # alembic's `context` is process-global: one migration at a time per process


class NewerDatabase(RuntimeError):
    """The database was upgraded by a newer release than this one: refuse rather than guess."""

    def __init__(self, revision: str):
        super().__init__(
            f"草稿数据库已被更新版本的练习册升级（结构版本 {revision}，本程序只认识到 {head()}）："
            "请部署最新版本的练习册；数据库没有被改动。"
        )


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


@cache
def known() -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory.from_config(config()).walk_revisions())


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> None:
    """Bring the database to the newest revision. Call inside a write transaction; it commits with it."""
    with _IN_PROCESS:
        _upgrade(connection)


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    tables = set(sa.inspect(connection).get_table_names())
    if "alembic_version" not in tables and "drafts" in tables:
        command.stamp(config(connection), FIRST)  # made by the release before migrations
    else:
        found = current(connection)
        if found == head():
            return
        if found is not None and found not in known():
            raise NewerDatabase(found)
    command.upgrade(config(connection), "head")
