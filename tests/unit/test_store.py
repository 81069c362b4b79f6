"""Autosaved drafts come back by their code, survive restarts and locks, and are never silently lost."""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet
from worksheets.store import (
    HISTORY_KEEP,
    SAVE_FAILED,
    DraftStore,
    SaveResult,
    StoreUnavailable,
    default_url,
    is_valid_code,
)

PG_URL = os.environ.get("WORKBOOK_TEST_PG_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    if not PG_URL:
        pytest.skip("WORKBOOK_TEST_PG_URL 未设置（用 scripts/start-postgres.sh 启动测试库）")
    return PG_URL


@pytest.fixture
def store(url):
    store = DraftStore(url)
    yield store
    store.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'drafts.sqlite3'}"


def big_sheet(customer: str = "国网某省电力公司") -> VisitSheet:
    """200 people with Chinese, emoji and line breaks: the heaviest sheet a student could autosave."""
    people = [
        Person(
            id=f"p{i:04d}",
            name=f"联系人{i}号🙂",
            title="设备部主任 🚀",
            line=list(Line)[i % len(Line)],
            level=list(Level)[i % len(Level)],
            roles=[Role.COACH, Role.INFLUENCER] if i % 7 == 0 else [],
            relation=list(Relation)[i % len(Relation)],
            introduced_by=f"p{i - 1:04d}" if i else None,
            pain="停电抢修慢😫\n希望“配网自动化”早日落地",
        )
        for i in range(200)
    ]
    return VisitSheet(student="小王", customer=customer, project="配网自动化终端采购 🔌", people=people)


def progress(n: int = 0) -> dict:
    return {
        "sections_read": ["opening", "bant"][: n + 1],
        "quiz_answers": {"bant-1": n % 4},
        "selftest_best": None,
        "selftest_rounds": n,
    }


def test_round_trip_keeps_200_people_chinese_and_emoji(store):
    sheet = big_sheet()
    created = store.create(sheet, progress(1))
    loaded = store.load(created.code)
    assert loaded is not None
    assert (loaded.code, loaded.sheet, loaded.progress, loaded.version) == (
        created.code,
        sheet,
        progress(1),
        1,
    )
    assert loaded.sheet.people[199].name == "联系人199号🙂"
    assert abs((datetime.now(UTC) - loaded.updated_at).total_seconds()) < 60


@pytest.mark.parametrize(
    "code",
    [
        "",
        "short",
        "a" * 65,
        "../../etc/passwd-xxxxxxx",
        "' OR 1=1 --aaaaaaaaaaaa",
        "中文草稿编号中文草稿编号中文草稿编号",
        "abcdefghijklmnop\n",
    ],
)
def test_malformed_code_returns_none_without_touching_the_database(store, code):
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert store.load(code) is None
        assert store.history(code) == []
        assert statements == []
        assert store.load(secrets.token_urlsafe(16)) is None
        assert statements != []  # the counter does see queries
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def test_unknown_code_returns_none(store):
    store.create(big_sheet(), progress())
    assert store.load(secrets.token_urlsafe(16)) is None


def test_codes_are_unguessable(store):
    codes = [store.create(VisitSheet(), {}).code for _ in range(200)]
    assert len(set(codes)) == len(codes)
    assert all(is_valid_code(c) and len(c) >= 22 for c in codes)  # 16 random bytes, base64url
    assert len({c[:4] for c in codes}) > 150  # no shared prefix or counter


def test_save_increments_version_and_keeps_no_history_without_conflict(store):
    draft = store.create(big_sheet(), progress())
    version = draft.version
    for n in range(3):
        result = store.save(draft.code, big_sheet(f"客户{n}"), progress(n), base_version=version)
        assert result == SaveResult(version=version + 1, conflict=False)
        version = result.version
    loaded = store.load(draft.code)
    assert (loaded.version, loaded.sheet.customer, loaded.progress) == (4, "客户2", progress(2))
    assert store.history(draft.code) == []


def test_stale_base_version_reports_conflict_and_keeps_the_overwritten_version(store):
    draft = store.create(big_sheet("原始"), progress())
    laptop = store.save(draft.code, big_sheet("笔记本上改的"), progress(1), base_version=draft.version)
    phone = store.save(draft.code, big_sheet("手机上改的"), progress(0), base_version=draft.version)
    assert laptop == SaveResult(version=2, conflict=False)
    assert phone == SaveResult(version=3, conflict=True)
    assert store.load(draft.code).sheet.customer == "手机上改的"  # later save wins
    [kept] = store.history(draft.code)
    assert (kept.version, kept.sheet.customer, kept.progress) == (2, "笔记本上改的", progress(1))


def test_replacing_the_whole_sheet_keeps_the_previous_version(store):
    draft = store.create(VisitSheet(customer="学员自己填的"), {})
    result = store.save(draft.code, VisitSheet(customer="示例"), {}, base_version=draft.version, keep_previous=True)
    assert result == SaveResult(version=2, conflict=False)
    [kept] = store.history(draft.code)
    assert (kept.version, kept.sheet.customer) == (1, "学员自己填的")


def test_history_keeps_the_newest_overwritten_versions(store):
    draft = store.create(VisitSheet(customer="v1"), {})
    for n in range(HISTORY_KEEP + 5):
        store.save(draft.code, VisitSheet(customer=f"v{n + 2}"), {}, base_version=0)  # always stale
    history = store.history(draft.code, limit=100)
    assert [h.version for h in history] == list(range(HISTORY_KEEP + 5, 5, -1))
    assert [h.sheet.customer for h in history[:2]] == [f"v{HISTORY_KEEP + 5}", f"v{HISTORY_KEEP + 4}"]
    assert len(store.history(draft.code, limit=3)) == 3


def test_save_to_a_vanished_draft_stores_it_again(store):
    code = secrets.token_urlsafe(16)
    assert store.save(code, big_sheet(), progress(), base_version=7) == SaveResult(version=1, conflict=False)
    assert store.load(code).sheet == big_sheet()


def test_save_rejects_malformed_code(store):
    with pytest.raises(ValueError, match=r"^草稿编号“short”格式不正确$"):
        store.save("short", VisitSheet(), {}, base_version=1)


@pytest.mark.parametrize("instances", [1, 2], ids=["one-app-instance", "two-app-instances"])
def test_two_devices_saving_at_once_lose_nothing(store, url, instances):
    stores = [store, store if instances == 1 else DraftStore(url)]
    draft = store.create(VisitSheet(customer="created"), {})
    saved = {1: "created"}  # version -> customer written at that version
    conflicts: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    lock = threading.Lock()

    def device(name: str, store: DraftStore) -> None:
        try:
            start.wait()
            base = draft.version
            for n in range(10):
                customer = f"{name}-{n}"
                result = store.save(draft.code, VisitSheet(customer=customer), {"n": n}, base_version=base)
                with lock:
                    saved[result.version] = customer
                    if result.conflict:
                        conflicts.append(result.version - 1)
                base = result.version
        except BaseException as err:
            errors.append(err)

    devices = zip(("laptop", "phone"), stores, strict=True)
    threads = [threading.Thread(target=device, args=device_and_store) for device_and_store in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    final = store.load(draft.code)
    assert final.version == 21
    assert sorted(saved) == list(range(1, 22))
    assert final.sheet.customer == saved[21]
    history = store.history(draft.code, limit=100)
    assert sorted(h.version for h in history) == sorted(conflicts)
    assert all(h.sheet.customer == saved[h.version] for h in history)
    if instances == 2:
        stores[1].dispose()


def test_restart_brings_the_draft_back(url):
    first = DraftStore(url)
    draft = first.create(big_sheet(), progress(1))
    first.save(draft.code, big_sheet("重启前"), progress(1), base_version=1)
    first.dispose()
    second = DraftStore(url)
    try:
        loaded = second.load(draft.code)
        assert (loaded.version, loaded.sheet, loaded.progress) == (2, big_sheet("重启前"), progress(1))
    finally:
        second.dispose()


def hold_write_lock(sqlite_url: str, locked: threading.Event, release: threading.Event) -> None:
    """Another process's writer: takes the database's write lock until told to let go."""
    raw = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)
    raw.execute("BEGIN EXCLUSIVE")
    locked.set()
    release.wait(timeout=30)
    raw.execute("ROLLBACK")
    raw.close()


def test_save_waits_for_a_brief_lock_and_succeeds(sqlite_url):
    store = DraftStore(sqlite_url)
    draft = store.create(big_sheet("锁之前"), progress())
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(sqlite_url, locked, release))
    holder.start()
    locked.wait(5)
    threading.Timer(1.0, release.set).start()
    try:
        assert store.load(draft.code).sheet.customer == "锁之前"  # readers are not blocked (WAL)
        started = time.monotonic()
        result = store.save(draft.code, big_sheet("锁之后"), progress(1), base_version=1)
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert result == SaveResult(version=2, conflict=False)
    assert waited > 0.5
    assert store.load(draft.code).sheet.customer == "锁之后"
    store.dispose()


def test_save_gives_up_with_a_chinese_message_when_locked_too_long(sqlite_url):
    store = DraftStore(sqlite_url, busy_timeout=0.2)
    draft = store.create(big_sheet("锁之前"), progress())
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(sqlite_url, locked, release))
    holder.start()
    locked.wait(5)
    try:
        with pytest.raises(StoreUnavailable, match=r"^暂时无法保存草稿，请稍后重试；你填写的内容仍在页面上$"):
            store.save(draft.code, big_sheet("锁之后"), progress(1), base_version=1)
    finally:
        release.set()
        holder.join()
    loaded = store.load(draft.code)
    assert (loaded.version, loaded.sheet.customer) == (1, "锁之前")
    assert str(StoreUnavailable(SAVE_FAILED)) == "暂时无法保存草稿，请稍后重试；你填写的内容仍在页面上"
    store.dispose()


def test_nobody_can_list_drafts():
    public = {name for name in dir(DraftStore) if not name.startswith("_")}
    assert public == {"create", "load", "save", "history", "dispose"}


def test_default_url_follows_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "新目录"))
    assert default_url() == f"sqlite:///{tmp_path / '新目录' / 'drafts.sqlite3'}"
    store = DraftStore()
    draft = store.create(VisitSheet(), {})
    store.dispose()
    assert (tmp_path / "新目录" / "drafts.sqlite3").is_file()
    again = DraftStore(default_url())
    assert again.load(draft.code) is not None
    again.dispose()
    monkeypatch.setenv("WORKBOOK_DB_URL", "postgresql+psycopg://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
