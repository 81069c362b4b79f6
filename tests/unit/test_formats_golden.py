"""The v1 golden files (tests/fixtures/formats/v1, written once by the release before format versions) read on
today's code, value by value. Later format versions add their own folder; these files are never edited."""

from __future__ import annotations

import hashlib
import json

import pytest
from formats_helpers import EXPECTED, V1, canonical, copy_v1_db, expected_sheet

from course.selftest_io import result_from_csv
from worksheets import from_csv, from_xlsx, load_sheet_file
from worksheets.store import DraftStore, KeptReason

SHEET_FILES = sorted(EXPECTED["files"])

# The golden files' bytes as committed: a test cannot quietly pass on a regenerated or edited file.
SHA256 = {
    "draft_hospital.progress_json.txt": "deec4de1370c9164d7b282f662e0758b9b2d41e53e8e9e0e84a553efd1f7282f",
    "draft_hospital.sheet_json.txt": "2e6119b2d2f471ce00e2bb372892ef8080b2690dfea514cad7f02a4cb8ea365f",
    "drafts.sqlite3": "f29af4c9ac0a49a1e7141f90a30db956e327e3e4632fd4a3f8039b47776274a9",
    "example.csv": "613af1ea968e1000ef5aa3d5f397ee523702318383a54c4718fc497eaf1d33d6",
    "example.xlsx": "46cf26276e6e6b12a94aff5095ec775268fa9a529b31bab8a4b5a31e95643699",
    "expected.json": "4220aa626eb285be3733456294e89e1068604b7cb8e3d5ded1c908af86cd414a",
    "hospital.csv": "68e9809fdaba233ac0e8124409fbd513af7cd37efe680eff20ae97a00a5f6ff4",
    "hospital.xlsx": "7e5ac418495ba7fe2fadc3adfcef3c33d330d3bae942855bfea5a4cbc30ddfe8",
    "selftest_result.csv": "7b2a9896cda0cb5dc9d68b563e8c3457de69ba1452f41f58e55ffee99596e10b",
}


def test_the_golden_files_are_the_ones_written_at_v1():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in V1.iterdir() if p.is_file()}
    assert found == SHA256


def test_the_expected_content_uses_many_choice_values():
    """The golden sheets are worth keeping only if they exercise the choices: most kinds, most values."""
    text = json.dumps(EXPECTED["sheets"], ensure_ascii=False)
    kinds = {"Line": 6, "Level": 3, "Role": 6, "Relation": 5, "Personality": 5, "Source": 3, "ControlPoint": 5}
    for kind, count in kinds.items():
        assert len({part.split('"')[0] for part in text.split(f'"{kind}.')[1:]}) == count, kind


@pytest.mark.parametrize("name", SHEET_FILES)
def test_a_v1_sheet_file_imports_with_all_content(name):
    data = (V1 / name).read_bytes()
    want = expected_sheet(EXPECTED["files"][name])
    assert canonical(load_sheet_file(name, data)) == want
    read = from_csv if name.endswith(".csv") else from_xlsx
    assert canonical(read(data)) == want


def test_the_v1_self_test_result_imports():
    result = result_from_csv((V1 / "selftest_result.csv").read_bytes())
    assert result.model_dump(mode="json") == EXPECTED["selftest_result"]


def test_a_v1_draft_json_loads_through_the_store(tmp_path):
    """Exactly the text the v1 store wrote into drafts.sheet_json / progress_json, read as a v1 row."""
    from test_formats import put_row  # one way of writing a raw row

    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    code = put_row(store, (V1 / "draft_hospital.sheet_json.txt").read_text(encoding="utf-8"), 1)
    assert canonical(store.load(code).sheet) == expected_sheet(EXPECTED["draft_json"]["sheet"])
    assert json.loads((V1 / "draft_hospital.progress_json.txt").read_text("utf-8")) == EXPECTED["draft_json"]["progress"]
    store.dispose()


def test_the_v1_database_loads_every_draft_and_kept_version(tmp_path):
    store = DraftStore(copy_v1_db(tmp_path))
    for want in EXPECTED["db"]["drafts"]:
        draft = store.load(want["code"])
        assert (draft.version, draft.progress, canonical(draft.sheet)) == (
            want["version"],
            want["progress"],
            want["sheet"],
        )
        history = [(h.version, h.progress, canonical(h.sheet), h.reason) for h in store.history(want["code"])]
        assert history == [(h["version"], h["progress"], h["sheet"], KeptReason.UNKNOWN) for h in want["history"]]
    store.dispose()
