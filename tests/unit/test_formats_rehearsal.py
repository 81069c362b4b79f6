"""A change rehearsal: the next release rewords a label and adds a field, in a patched copy of the model, and
everything saved or exported before still opens, with the new field at its default.

It does what the README's development section tells a developer to do, in the same places:
  1. worksheets/codes.py  LABELS gets the new wording, OLD_LABELS keeps the old one;
  2. worksheets/model.py  VisitSheet gets the new field with a default;
  3. worksheets/formats.py FORMAT_VERSION + 1 and one small step for it;
  4. worksheets/fields.py  the new field's row in the files' layout.
"""

from __future__ import annotations

import json
import sys

import pytest
from formats_helpers import EXPECTED, V1, canonical, copy_v1_db, expected_sheet
from pydantic import create_model

from worksheets import codes, fields, formats, from_csv, from_xlsx, load_sheet_file, to_csv, to_xlsx
from worksheets.example import example_sheet
from worksheets.model import Line, ShortText, VisitSheet
from worksheets.store import DraftStore

NEW_FIELD, NEW_LABEL, OLD_TECH = "budget_owner", "技术线", "技术"
VERSIONED_READER = "since" in fields.FieldSpec.__dataclass_fields__  # rows new in a version (helper H1's readers)
NewSheet = create_model("VisitSheet", __base__=VisitSheet, budget_owner=(ShortText, ""))


def _add_budget_owner(data: dict) -> dict:
    """The step a developer adds for the new format: nothing to convert, the new field gets its default."""
    data.setdefault(NEW_FIELD, "")
    return data


def apply_next_release(monkeypatch: pytest.MonkeyPatch) -> int:
    """Apply the four edits of the next release to the running code; returns the new format version."""
    monkeypatch.setitem(codes.LABELS[Line], Line.TECH, NEW_LABEL)
    monkeypatch.setitem(codes.OLD_LABELS, Line, {**codes.OLD_LABELS.get(Line, {}), Line.TECH: (OLD_TECH,)})
    for name, module in list(sys.modules.items()):
        if name.startswith("worksheets") and getattr(module, "VisitSheet", None) is VisitSheet:
            monkeypatch.setattr(module, "VisitSheet", NewSheet)
    new_version = formats.FORMAT_VERSION + 1
    monkeypatch.setattr(formats, "FORMAT_VERSION", new_version)
    monkeypatch.setitem(formats.STEPS, new_version - 1, _add_budget_owner)
    # the row is new in this version: files of older versions lack it and read as the default (FieldSpec.since,
    # from the new file readers; before them, every row was required)
    since = {"since": new_version} if VERSIONED_READER else {}
    spec = fields.FieldSpec("BANT", "预算归口部门", NEW_FIELD, **since)
    monkeypatch.setattr(fields, "BEFORE_CHAIN", (*fields.BEFORE_CHAIN, spec))
    monkeypatch.setitem(fields.FIELDS, (spec.part, spec.label), spec)
    return new_version


@pytest.fixture
def next_release(monkeypatch) -> int:
    return apply_next_release(monkeypatch)


def without_new_field(sheet: VisitSheet) -> dict:
    found = canonical(sheet)
    assert found.pop(NEW_FIELD) == ""  # the new field, at its default
    return found


def test_the_rehearsal_really_changes_the_model(next_release):
    assert Line.TECH.label == NEW_LABEL and Line.from_text(OLD_TECH) is Line.TECH
    assert NEW_FIELD in NewSheet.model_fields and NEW_FIELD not in VisitSheet.model_fields
    assert NEW_LABEL in to_csv(NewSheet(people=example_sheet().people)).decode("utf-8-sig")


def test_v1_database_drafts_open_with_the_new_field_at_its_default(next_release, tmp_path):
    store = DraftStore(copy_v1_db(tmp_path))
    for want in EXPECTED["db"]["drafts"]:
        draft = store.load(want["code"])
        assert isinstance(draft.sheet, NewSheet)
        assert without_new_field(draft.sheet) == want["sheet"]
        assert [without_new_field(h.sheet) for h in store.history(want["code"])] == [
            h["sheet"] for h in want["history"]
        ]
    store.dispose()


def test_a_draft_saved_before_the_change_opens_with_all_its_content(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    before = DraftStore(url)
    saved = before.create(example_sheet(), {"sections_read": ["s01-first-visit-goal"]})
    before.dispose()
    want = canonical(example_sheet())
    apply_next_release(monkeypatch)  # the upgrade happens after the save
    after = DraftStore(url)
    draft = after.load(saved.code)
    assert without_new_field(draft.sheet) == want
    assert draft.progress == {"sections_read": ["s01-first-visit-goal"]}
    assert draft.sheet.people[0].line.label == NEW_LABEL
    after.dispose()


@pytest.mark.skipif(not VERSIONED_READER, reason="needs the file readers that know FieldSpec.since (branch h1-files)")
@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_v1_files_import_with_the_new_field_at_its_default(next_release, name):
    """Needs the reader that gives a row missing from an older file its default (helper H1's, branch h1-files)."""
    data = (V1 / name).read_bytes()
    want = expected_sheet(EXPECTED["files"][name])
    assert without_new_field(load_sheet_file(name, data)) == want
    assert without_new_field((from_csv if name.endswith(".csv") else from_xlsx)(data)) == want


def test_the_new_release_round_trips_its_own_field(next_release, tmp_path):
    sheet = NewSheet.model_validate({**example_sheet().model_dump(), NEW_FIELD: "财务科"})
    assert from_csv(to_csv(sheet)).budget_owner == from_xlsx(to_xlsx(sheet)).budget_owner == "财务科"
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    code = store.create(sheet, {}).code
    assert store.load(code).sheet == sheet
    store.dispose()


def test_the_v1_draft_json_upgrades_through_every_step(next_release):
    data = json.loads((V1 / "draft_hospital.sheet_json.txt").read_text(encoding="utf-8"))
    upgraded = formats.upgrade_sheet_data(data, 1)
    assert upgraded[NEW_FIELD] == ""
    assert without_new_field(NewSheet.model_validate_json(json.dumps(upgraded))) == expected_sheet("hospital")
