"""Stored sheets of every format version read on today's code; a newer version is refused in Chinese."""

from __future__ import annotations

import copy
import json
import secrets
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from formats_helpers import V1, canonical, expected_sheet

from worksheets import formats
from worksheets.example import example_sheet
from worksheets.formats import FORMAT_VERSION, FormatTooNew, check_readable, upgrade_sheet_data
from worksheets.model import Line, Role, Source, VisitSheet
from worksheets.store import DraftStore, drafts

V1_SHEET = json.loads((V1 / "draft_hospital.sheet_json.txt").read_text(encoding="utf-8"))


def test_v1_labels_become_codes_everywhere():
    upgraded = upgrade_sheet_data(V1_SHEET, 1)
    assert upgraded["people"][0]["line"] == Line.TECH.value == "tech"
    assert upgraded["people"][0]["roles"] == [Role.COACH.value, Role.USER.value]
    assert upgraded["budget"]["source"] == Source.COACH.value
    assert upgraded["need"]["source"] is None
    assert canonical(VisitSheet.model_validate_json(json.dumps(upgraded))) == expected_sheet("hospital")


def test_upgrade_leaves_its_input_alone_and_is_a_no_op_at_the_current_version():
    before = copy.deepcopy(V1_SHEET)
    upgrade_sheet_data(V1_SHEET, 1)
    assert before == V1_SHEET
    current = json.loads(example_sheet().model_dump_json())
    assert upgrade_sheet_data(current, FORMAT_VERSION) == current


def test_every_released_version_has_a_step_up_to_the_current_one():
    assert sorted(formats.STEPS) == list(range(1, FORMAT_VERSION))


def test_an_unknown_label_is_left_for_validation_to_report():
    data = copy.deepcopy(V1_SHEET)
    data["people"][0]["line"] = "外星部门"
    upgraded = upgrade_sheet_data(data, 1)
    assert upgraded["people"][0]["line"] == "外星部门"
    with pytest.raises(ValueError, match="line"):
        VisitSheet.model_validate_json(json.dumps(upgraded))


@pytest.mark.parametrize("version", [FORMAT_VERSION + 1, 99])
def test_a_newer_format_is_refused_in_chinese(version):
    with pytest.raises(FormatTooNew) as err:
        upgrade_sheet_data(V1_SHEET, version)
    assert str(err.value) == (
        f"这份草稿由更新版本的练习册保存（格式版本 {version}），"
        f"当前程序只能读到格式版本 {FORMAT_VERSION}：请老师更新练习册后再打开。"
    )
    with pytest.raises(FormatTooNew, match=r"^这份文件由更新版本"):
        check_readable(version, "文件")


@pytest.mark.parametrize("version", [0, -1, "2", None, True])
def test_a_malformed_version_is_refused(version):
    with pytest.raises(ValueError, match=r"格式版本.*无法识别") as err:
        check_readable(version)
    assert not isinstance(err.value, FormatTooNew)


@pytest.fixture
def store(tmp_path):
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    yield store
    store.dispose()


def put_row(store: DraftStore, sheet_json: str, format_version: int) -> str:
    code = secrets.token_urlsafe(16)
    row = {"code": code, "sheet_json": sheet_json, "progress_json": "{}", "version": 1, "updated_at": datetime.now(UTC)}
    with store._writer.begin() as conn:
        conn.execute(sa.insert(drafts).values(**row, format_version=format_version))
    return code


def test_the_store_writes_the_current_format_and_reads_a_format_1_row(store):
    created = store.create(example_sheet(), {})
    with store._engine.connect() as conn:
        assert conn.execute(sa.select(drafts.c.format_version)).scalar_one() == FORMAT_VERSION
    old = put_row(store, (V1 / "draft_hospital.sheet_json.txt").read_text(encoding="utf-8"), 1)
    assert canonical(store.load(old).sheet) == expected_sheet("hospital")
    assert store.load(created.code).sheet == example_sheet()


def test_the_store_refuses_a_draft_from_a_newer_release_and_keeps_it(store):
    code = put_row(store, example_sheet().model_dump_json(), FORMAT_VERSION + 1)
    with pytest.raises(FormatTooNew, match="更新版本的练习册"):
        store.load(code)
    with store._engine.connect() as conn:
        assert conn.execute(sa.select(drafts.c.format_version)).scalar_one() == FORMAT_VERSION + 1


def test_history_leaves_out_a_version_kept_by_a_newer_release(store):
    draft = store.create(VisitSheet(customer="旧"), {})
    store.save(draft.code, VisitSheet(customer="新"), {}, base_version=1, keep_previous=True)
    with store._writer.begin() as conn:
        conn.execute(sa.update(drafts).values(format_version=FORMAT_VERSION + 1))  # a newer release saved it
    store.save(draft.code, VisitSheet(customer="回滚后"), {}, base_version=2, keep_previous=True)
    assert [h.sheet.customer for h in store.history(draft.code)] == ["旧"]
