"""Shared by the format, migration and golden-file tests: the v1 golden files, their expected content,
the v1 database schema as released, and throwaway PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
GOLDEN = sorted((p for p in FORMATS.iterdir() if re.fullmatch(r"v\d+", p.name)), key=lambda p: int(p.name[1:]))
V1 = FORMATS / "v1"


def _person_today(person: dict) -> dict:
    """Version 2's meaning of a v1 person: 考拉 (never the trainer's type) reads as 未知; 结识途径 is new (未知)."""
    if person.get("personality") == "Personality.KOALA":
        person["personality"] = "Personality.UNKNOWN"
    person.setdefault("met_via", "MetVia.UNKNOWN")
    return person


def in_todays_model(value: object) -> object:
    """Golden expectations as today's model reads them: the changes of each release since, applied as data,
    so the committed expected.json files stay untouched."""
    if isinstance(value, dict):
        value = {k: in_todays_model(v) for k, v in value.items()}
        return _person_today(value) if "personality" in value and "line" in value else value
    if isinstance(value, list):
        return [in_todays_model(v) for v in value]
    return value


def expected_of(folder: Path) -> dict:
    return in_todays_model(json.loads((folder / "expected.json").read_text(encoding="utf-8")))


EXPECTED = expected_of(V1)


PG_URL = os.environ.get("WORKBOOK_TEST_PG_URL")
NO_PG = "WORKBOOK_TEST_PG_URL 未设置（用 scripts/start-postgres.sh 启动测试库）"


def canonical(value: object) -> object:
    """The form of expected.json: choices by enum MEMBER NAME ("Line.TECH"), dates as ISO text.

    Same rule as make_v1.py's, applied to today's objects; member names survive a new code or label."""
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if hasattr(value, "model_dump"):
        return canonical(value.model_dump())
    return value


def expected_sheet(name: str) -> dict:
    return EXPECTED["sheets"][name]


def copy_v1_db(tmp_path: Path, folder: Path = V1) -> str:
    """A copy of a golden database (never the committed file itself: opening it upgrades it)."""
    target = tmp_path / "drafts.sqlite3"
    shutil.copyfile(folder / "drafts.sqlite3", target)
    return f"sqlite:///{target}"


# The tables exactly as the release before migrations created them (worksheets/store.py at commit 0ae1658).
v1_metadata = sa.MetaData()
v1_drafts = sa.Table(
    "drafts",
    v1_metadata,
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("sheet_json", sa.Text, nullable=False),
    sa.Column("progress_json", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
v1_history = sa.Table(
    "draft_history",
    v1_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("sheet_json", sa.Text, nullable=False),
    sa.Column("progress_json", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)


def v1_rows() -> dict[str, list[dict]]:
    """Every row of the v1 SQLite golden database, by table."""
    with sqlite3.connect(f"file:{V1 / 'drafts.sqlite3'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        rows = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t}")] for t in ("drafts", "draft_history")}
    for table in rows.values():
        for row in table:
            for key in ("updated_at", "saved_at"):
                if key in row:
                    row[key] = dt.datetime.fromisoformat(row[key]).replace(tzinfo=dt.UTC)
    return rows


def make_v1_database(url: str) -> None:
    """A database as the v1 app left it: v1 tables (no alembic_version) holding the v1 golden rows."""
    engine = sa.create_engine(url)
    v1_metadata.create_all(engine)
    rows = v1_rows()
    with engine.begin() as conn:
        conn.execute(sa.insert(v1_drafts), rows["drafts"])
        # without ids, so that PostgreSQL's id sequence stays ahead as it was in the real v1 database
        conn.execute(sa.insert(v1_history), [{k: v for k, v in r.items() if k != "id"} for r in rows["draft_history"]])
    engine.dispose()


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """An empty PostgreSQL database of its own next to WORKBOOK_TEST_PG_URL's, dropped afterwards."""
    if not PG_URL:
        pytest.skip(NO_PG)
    name = f"workbook_migr_{secrets.token_hex(4)}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
