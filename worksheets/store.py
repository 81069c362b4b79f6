"""Autosaved drafts of a student's sheet and progress, found again only by their unguessable code."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from worksheets import formats, migrations
from worksheets.model import VisitSheet

HISTORY_KEEP = 20  # overwritten versions kept per draft
ATTEMPTS = 3  # tries per operation when the database is locked or briefly unreachable
SAVE_FAILED = "暂时无法保存草稿，请稍后重试；你填写的内容仍在页面上"
LOAD_FAILED = "暂时无法读取草稿，请稍后重试"
_CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_T = TypeVar("_T")


class KeptReason(StrEnum):
    """Why a version went to history: the change that replaced it. The value is stored; the label is shown."""

    NEW = "new"
    EXAMPLE = "example"
    IMPORT = "import"
    OTHER_WINDOW = "other_window"
    RESTORE = "restore"
    DELETE = "delete"  # a person or competitor deleted
    REPLACED = "replaced"  # any other whole-sheet replacement
    UNKNOWN = "unknown"  # kept before reasons were recorded (schema 0001)

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]

    @classmethod
    def of(cls, code: str | None) -> KeptReason:
        """A stored code; a code this release does not know reads as UNKNOWN rather than failing the page."""
        try:
            return cls(code)
        except ValueError:
            return cls.UNKNOWN


_REASON_LABELS = {
    KeptReason.NEW: "新建空白表之前",
    KeptReason.EXAMPLE: "载入示例之前",
    KeptReason.IMPORT: "导入文件之前",
    KeptReason.OTHER_WINDOW: "被另一窗口或设备覆盖",
    KeptReason.RESTORE: "恢复历史版本之前",
    KeptReason.DELETE: "删除内容之前",
    KeptReason.REPLACED: "较大改动之前",
    KeptReason.UNKNOWN: "较早保留的版本",
}

# The tables as the newest migration (worksheets/migrations/versions) leaves them; queries are built from these.
metadata = sa.MetaData()
drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("sheet_json", sa.Text, nullable=False),
    sa.Column("progress_json", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("format_version", sa.Integer, nullable=False, server_default=sa.text("1")),
)
draft_history = sa.Table(
    "draft_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("sheet_json", sa.Text, nullable=False),
    sa.Column("progress_json", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("format_version", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("reason", sa.String(20), nullable=False, server_default=sa.text("'unknown'")),
)


def default_url() -> str:
    """WORKBOOK_DB_URL, else a SQLite file under WORKBOOK_DATA_DIR (default <repo>/data)."""
    if url := os.environ.get("WORKBOOK_DB_URL"):
        return url
    data_dir = Path(os.environ.get("WORKBOOK_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
    return f"sqlite:///{data_dir / 'drafts.sqlite3'}"


DEFAULT_URL = default_url()


class StoreUnavailable(RuntimeError):
    """The database stayed locked or unreachable; the page keeps the student's input and says so."""


@dataclass(frozen=True)
class Draft:
    code: str
    sheet: VisitSheet
    progress: dict
    version: int
    updated_at: datetime  # for a kept version: when it was replaced and kept
    reason: KeptReason | None = None  # kept versions only: what replaced it


@dataclass(frozen=True)
class SaveResult:
    version: int
    conflict: bool  # another tab or device saved since base_version; its version went to history


def is_valid_code(code: str) -> bool:
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _payload(sheet: VisitSheet, progress: dict) -> dict[str, str | int]:
    return {
        "sheet_json": sheet.model_dump_json(),
        "progress_json": json.dumps(progress, ensure_ascii=False),
        "format_version": formats.FORMAT_VERSION,
    }


def _sheet(sheet_json: str, format_version: int) -> VisitSheet:
    """A stored sheet of any released format, migrated step by step; a newer format raises FormatTooNew."""
    if format_version == formats.FORMAT_VERSION:
        return VisitSheet.model_validate_json(sheet_json)
    data = formats.upgrade_sheet_data(json.loads(sheet_json), format_version)
    return VisitSheet.model_validate_json(json.dumps(data, ensure_ascii=False))  # JSON mode: codes and dates


def _draft(row: Any, moment: datetime, reason: KeptReason | None = None) -> Draft:
    sheet = _sheet(row.sheet_json, row.format_version)
    return Draft(row.code, sheet, json.loads(row.progress_json), row.version, _aware(moment), reason)


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    """WAL so readers never wait; BEGIN IMMEDIATE for writes so read-compare-write is atomic."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


class DraftStore:
    """One per process; thread-safe because every call takes its own pooled connection."""

    def __init__(self, url: str | None = None, *, busy_timeout: float = 5.0):
        url = url or default_url()
        self._sqlite = make_url(url).get_backend_name() == "sqlite"
        if self._sqlite:
            self._engine = _sqlite_engine(url, busy_timeout)
        else:
            timeout = {"connect_timeout": max(1, round(busy_timeout))}
            self._engine = sa.create_engine(url, pool_pre_ping=True, connect_args=timeout)
        self._writer = self._engine.execution_options(write=True)
        self._write_lock = threading.Lock()
        self._retry(self._upgrade, LOAD_FAILED)

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction. SQLite has one writer at a time: this process's sessions queue on a lock that
        wakes the next one at once, instead of SQLite's busy handler, which sleeps in growing steps (up to
        100 ms) while the writer may be done; PostgreSQL locks the one draft's row (FOR UPDATE) instead."""
        with self._write_lock if self._sqlite else contextlib.nullcontext(), self._writer.begin() as conn:
            yield conn

    def _upgrade(self) -> None:
        """Schema migrations at start; one transaction, so a crash halfway leaves the old schema intact."""
        with self._write() as conn:
            migrations.upgrade(conn)

    def _retry(self, operation: Callable[[], _T], message: str) -> _T:
        """Locks are short; wait a little and try again rather than lose an autosave."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return operation()
            except (OperationalError, IntegrityError) as err:
                if attempt == ATTEMPTS:
                    raise StoreUnavailable(message) from err
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    def create(self, sheet: VisitSheet, progress: dict) -> Draft:
        code, now = secrets.token_urlsafe(16), datetime.now(UTC)
        row = {"code": code, "version": 1, "updated_at": now, **_payload(sheet, progress)}

        def write() -> None:
            with self._write() as conn:
                conn.execute(sa.insert(drafts).values(row))

        self._retry(write, SAVE_FAILED)
        return Draft(code, sheet, progress, 1, now)

    def load(self, code: str) -> Draft | None:
        if not is_valid_code(code):
            return None

        def read() -> Draft | None:
            with self._engine.connect() as conn:
                row = conn.execute(sa.select(drafts).where(drafts.c.code == code)).first()
            return None if row is None else _draft(row, row.updated_at)

        return self._retry(read, LOAD_FAILED)

    def save(
        self,
        code: str,
        sheet: VisitSheet,
        progress: dict,
        *,
        base_version: int,
        keep_previous: bool = False,
        reason: KeptReason = KeptReason.REPLACED,
    ) -> SaveResult:
        """Later save wins; the overwritten version goes to history on a conflict (reason OTHER_WINDOW) or when
        asked (keep_previous, with the kind of change that replaces it)."""
        if not is_valid_code(code):
            raise ValueError(f"草稿编号“{code}”格式不正确")
        payload = _payload(sheet, progress)

        def write() -> SaveResult:
            now = datetime.now(UTC)
            with self._write() as conn:
                query = sa.select(drafts).where(drafts.c.code == code)
                row = conn.execute(query if self._sqlite else query.with_for_update()).first()
                if row is None:
                    conn.execute(sa.insert(drafts).values(code=code, version=1, updated_at=now, **payload))
                    return SaveResult(1, conflict=False)
                conflict = row.version != base_version
                if conflict or keep_previous:
                    self._keep(conn, row, now, KeptReason.OTHER_WINDOW if conflict else reason)
                changes = {"version": row.version + 1, "updated_at": now, **payload}
                conn.execute(sa.update(drafts).where(drafts.c.code == code).values(changes))
                return SaveResult(row.version + 1, conflict)

        return self._retry(write, SAVE_FAILED)

    def _keep(self, conn: Connection, row: Any, now: datetime, reason: KeptReason) -> None:
        """Copy the version about to be overwritten into history and trim history to HISTORY_KEEP."""
        h = draft_history.c
        kept = dict(row._mapping, saved_at=now, reason=reason.value)
        del kept["updated_at"]
        conn.execute(sa.insert(draft_history).values(kept))
        newest = sa.select(h.id).where(h.code == row.code).order_by(h.version.desc(), h.id.desc()).limit(HISTORY_KEEP)
        conn.execute(sa.delete(draft_history).where(h.code == row.code, h.id.not_in(newest.scalar_subquery())))

    def history(self, code: str, limit: int = HISTORY_KEEP) -> list[Draft]:
        """Overwritten versions, newest first; a version kept by a newer release (after a rollback) is left out,
        untouched, for that release to show."""
        if not is_valid_code(code):
            return []
        h = draft_history.c
        mine = sa.and_(h.code == code, h.format_version <= formats.FORMAT_VERSION)
        query = sa.select(draft_history).where(mine).order_by(h.version.desc(), h.id.desc()).limit(limit)

        def read() -> list[Draft]:
            with self._engine.connect() as conn:
                return [_draft(row, row.saved_at, KeptReason.of(row.reason)) for row in conn.execute(query)]

        return self._retry(read, LOAD_FAILED)

    def dispose(self) -> None:
        self._engine.dispose()
