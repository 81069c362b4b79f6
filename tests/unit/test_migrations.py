"""The drafts database upgrades itself at start, from a v1 database (no alembic_version) or from nothing,
on SQLite and PostgreSQL, also when several app instances start at once."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from formats_helpers import EXPECTED, V1, canonical, copy_v1_db, fresh_pg_database, make_v1_database
from sqlalchemy.engine import make_url

from worksheets import migrations
from worksheets.formats import FORMAT_VERSION
from worksheets.model import VisitSheet
from worksheets.store import DraftStore, KeptReason, StoreUnavailable

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    else:
        with fresh_pg_database() as url:
            yield url


@pytest.fixture(params=BACKENDS)
def v1_url(request, tmp_path: Path) -> Iterator[str]:
    """A database made by the release before migrations: the golden SQLite file, or its rows in PostgreSQL."""
    if request.param == "sqlite":
        yield copy_v1_db(tmp_path)
    else:
        with fresh_pg_database() as url:
            make_v1_database(url)
            yield url


def revision(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = [r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]
    engine.dispose()
    return found


def columns(url: str, table: str) -> dict[str, tuple[str, bool]]:
    engine = sa.create_engine(url)
    found = {c["name"]: (str(c["type"]), c["nullable"]) for c in sa.inspect(engine).get_columns(table)}
    engine.dispose()
    return found


def test_a_v1_database_is_stamped_upgraded_and_every_draft_loads_with_all_content(v1_url):
    assert "alembic_version" not in sa.inspect(sa.create_engine(v1_url)).get_table_names()
    store = DraftStore(v1_url)
    try:
        assert revision(v1_url) == [migrations.head()]
        for want in EXPECTED["db"]["drafts"]:
            draft = store.load(want["code"])
            assert (draft.version, draft.progress, canonical(draft.sheet)) == (
                want["version"],
                want["progress"],
                want["sheet"],
            )
            history = store.history(want["code"])
            assert [(h.version, h.progress, canonical(h.sheet)) for h in history] == [
                (h["version"], h["progress"], h["sheet"]) for h in want["history"]
            ]
            assert all(h.reason is KeptReason.UNKNOWN for h in history)  # kept before reasons were recorded
    finally:
        store.dispose()


def test_old_rows_are_marked_format_1_and_new_writes_the_current_format(v1_url):
    store = DraftStore(v1_url)
    first = EXPECTED["db"]["drafts"][0]["code"]
    draft = store.load(first)
    store.save(first, draft.sheet, draft.progress, base_version=draft.version, keep_previous=True)
    created = store.create(VisitSheet(customer="升级后新建"), {})
    store.dispose()
    engine = sa.create_engine(v1_url)
    with engine.connect() as conn:
        drafts = dict(conn.execute(sa.text("SELECT code, format_version FROM drafts")).all())
        kept = conn.execute(
            sa.text("SELECT version, format_version, reason FROM draft_history WHERE code = :c"), {"c": first}
        )
        kept = sorted(kept.all())
    engine.dispose()
    second = EXPECTED["db"]["drafts"][1]["code"]
    assert (drafts[first], drafts[second], drafts[created.code]) == (FORMAT_VERSION, 1, FORMAT_VERSION)
    # version 4 went to history by the save above, verbatim, so still as format 1; 1–3 came from the v1 database
    assert kept == [(1, 1, "unknown"), (2, 1, "unknown"), (3, 1, "unknown"), (4, 1, "replaced")]


def test_an_empty_database_gets_the_newest_schema(empty_url):
    DraftStore(empty_url).dispose()
    assert revision(empty_url) == [migrations.head()]
    assert {"format_version", "reason", "saved_at"} <= set(columns(empty_url, "draft_history"))
    assert "format_version" in columns(empty_url, "drafts")


def test_revision_0001_is_the_schema_the_v1_release_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'at-0001.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), migrations.FIRST)
    engine.dispose()
    (tmp_path / "v1").mkdir()
    v1 = copy_v1_db(tmp_path / "v1")
    for table in ("drafts", "draft_history"):
        assert columns(url, table) == columns(v1, table)
    v1_indexes = sa.inspect(sa.create_engine(v1)).get_indexes("draft_history")
    assert sa.inspect(sa.create_engine(url)).get_indexes("draft_history") == v1_indexes


def test_upgrade_is_idempotent_and_downgrade_leaves_the_v1_schema(v1_url):
    for _ in range(3):
        DraftStore(v1_url).dispose()
    assert revision(v1_url) == [migrations.head()]
    engine = sa.create_engine(v1_url)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), migrations.FIRST)
    engine.dispose()
    assert "format_version" not in columns(v1_url, "drafts")
    assert "reason" not in columns(v1_url, "draft_history")
    store = DraftStore(v1_url)  # and up again
    assert store.load(EXPECTED["db"]["drafts"][1]["code"]).version == EXPECTED["db"]["drafts"][1]["version"]
    store.dispose()


START_APP = """
import sys, time
from worksheets.store import DraftStore
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
DraftStore(sys.argv[1], busy_timeout=30).dispose()
"""


@pytest.mark.parametrize("start", ["empty", "v1"])
def test_several_app_instances_starting_at_once_migrate_once(start, empty_url):
    """Four processes, as four app instances, open one database at the same moment."""
    if start == "v1" and empty_url.startswith("sqlite"):
        shutil.copyfile(V1 / "drafts.sqlite3", make_url(empty_url).database)
    elif start == "v1":
        make_v1_database(empty_url)
    at = str(time.time() + 3)  # after every process has imported the app
    root = Path(__file__).resolve().parents[2]
    apps = [
        subprocess.Popen([sys.executable, "-c", START_APP, empty_url, at], cwd=root, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    failures = [err for app in apps if (err := app.communicate(timeout=60)[1]) or app.returncode]
    assert failures == []
    assert revision(empty_url) == [migrations.head()]
    store = DraftStore(empty_url)
    if start == "v1":
        assert store.load(EXPECTED["db"]["drafts"][0]["code"]).version == EXPECTED["db"]["drafts"][0]["version"]
    store.dispose()


def test_threads_of_one_process_opening_stores_at_once_are_safe(empty_url, tmp_path):
    """Alembic's context is process-global: two stores starting in two threads must not mix their migrations."""
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    barrier, errors, stores = threading.Barrier(4), [], []

    def start_app(url: str) -> None:
        try:
            barrier.wait()
            stores.append(DraftStore(url, busy_timeout=30))
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=start_app, args=(url,)) for url in (empty_url, other, empty_url, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert revision(empty_url) == revision(other) == [migrations.head()]
    for store in stores:
        store.dispose()


def test_a_database_upgraded_by_a_newer_release_is_refused_in_chinese(empty_url):
    DraftStore(empty_url).dispose()
    engine = sa.create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(migrations.NewerDatabase, match=r"更新版本的练习册升级（结构版本 0099，本程序只认识到 0002）"):
        DraftStore(empty_url)
    assert revision(empty_url) == ["0099"]  # untouched


def test_a_failed_upgrade_leaves_the_v1_database_as_it_was(tmp_path, monkeypatch):
    url = copy_v1_db(tmp_path)
    before = {t: columns(url, t) for t in ("drafts", "draft_history")}

    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("ALTER TABLE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(command, "upgrade", broken)
    with pytest.raises(StoreUnavailable):
        DraftStore(url)
    with sqlite3.connect(make_url(url).database) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("drafts", "draft_history")]
    assert "alembic_version" not in tables  # the stamp was rolled back with the failed upgrade
    assert {t: columns(url, t) for t in before} == before
    assert counts == [2, 3]
