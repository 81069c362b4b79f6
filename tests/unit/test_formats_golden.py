"""The golden files of every format version (tests/fixtures/formats/v<N>, each written once by make_v<N>.py with
the release of that version) read on today's code, value by value. A new format version adds its own folder
and its files' hashes below; no golden file is ever edited."""

from __future__ import annotations

import hashlib
import json

import pytest
from formats_helpers import GOLDEN, V1, canonical, copy_v1_db, expected_of

from course.selftest_io import result_from_csv
from worksheets import from_csv, from_xlsx, load_sheet_file
from worksheets.store import DraftStore, KeptReason

FOLDERS = [pytest.param(folder, id=folder.name) for folder in GOLDEN]
SHEET_FILES = [
    pytest.param(folder, name, id=f"{folder.name}/{name}")
    for folder in GOLDEN
    for name in sorted(expected_of(folder)["files"])
]

# The golden files' bytes as committed: a test cannot quietly pass on a regenerated or edited file.
SHA256 = {
    "v1": {
        "draft_hospital.progress_json.txt": "deec4de1370c9164d7b282f662e0758b9b2d41e53e8e9e0e84a553efd1f7282f",
        "draft_hospital.sheet_json.txt": "2e6119b2d2f471ce00e2bb372892ef8080b2690dfea514cad7f02a4cb8ea365f",
        "drafts.sqlite3": "f29af4c9ac0a49a1e7141f90a30db956e327e3e4632fd4a3f8039b47776274a9",
        "example.csv": "613af1ea968e1000ef5aa3d5f397ee523702318383a54c4718fc497eaf1d33d6",
        "example.xlsx": "46cf26276e6e6b12a94aff5095ec775268fa9a529b31bab8a4b5a31e95643699",
        "expected.json": "4220aa626eb285be3733456294e89e1068604b7cb8e3d5ded1c908af86cd414a",
        "hospital.csv": "68e9809fdaba233ac0e8124409fbd513af7cd37efe680eff20ae97a00a5f6ff4",
        "hospital.xlsx": "7e5ac418495ba7fe2fadc3adfcef3c33d330d3bae942855bfea5a4cbc30ddfe8",
        "selftest_result.csv": "7b2a9896cda0cb5dc9d68b563e8c3457de69ba1452f41f58e55ffee99596e10b",
    },
    "v2": {
        "draft_hospital.progress_json.txt": "deec4de1370c9164d7b282f662e0758b9b2d41e53e8e9e0e84a553efd1f7282f",
        "draft_hospital.sheet_json.txt": "9dd414f7741d13304f14c13ae48efa9df400ee57bba7187606ad7deaad9e28e0",
        "drafts.sqlite3": "bbdd170cc394a8dcadf0ac2cfbc126c76eab921071d4e8353f070cb3c4682c93",
        "example.csv": "ecc09cc196d3fc9abdba547c7296ff841efd5e1865cd20ef8e419ff475dc7ac6",
        "example.xlsx": "37a13024ca570e28b2769d7225c4a685d8903f9e2ccc23e980e3eae1897d09b2",
        "expected.json": "9c587f46db23772b713f612fd9cb589cccd8eb4a57d4ee65aa24ab45f7dace15",
        "hospital.csv": "6baa1f9ecb9c8eb6d7bff7518607e0d5cc019bc642d069db97cda4567c9fe706",
        "hospital.xlsx": "4036463a772f4925ef603f2779f987df842561845c8c6efa47baedbecb5f1b51",
        "selftest_result.csv": "f2e71593dbc81519c09d3eec9091f0ef0ab5a435b909b32b5472451b38627ef2",
    },
}


def test_every_golden_folder_has_its_hashes_and_v1_is_there():
    assert [f.name for f in GOLDEN][:1] == ["v1"]
    assert sorted(SHA256) == sorted(f.name for f in GOLDEN)


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_golden_files_are_the_ones_written_at_their_version(folder):
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    assert found == SHA256[folder.name]


def test_the_v1_expected_content_uses_many_choice_values():
    """The golden sheets are worth keeping only if they exercise the choices: most kinds, most values."""
    text = json.dumps(json.loads((V1 / "expected.json").read_text(encoding="utf-8"))["sheets"], ensure_ascii=False)
    kinds = {"Line": 6, "Level": 3, "Role": 6, "Relation": 5, "Personality": 5, "Source": 3, "ControlPoint": 5}
    for kind, count in kinds.items():
        assert len({part.split('"')[0] for part in text.split(f'"{kind}.')[1:]}) == count, kind


@pytest.mark.parametrize(("folder", "name"), SHEET_FILES)
def test_a_golden_sheet_file_imports_with_all_content(folder, name):
    expected = expected_of(folder)
    data = (folder / name).read_bytes()
    want = expected["sheets"][expected["files"][name]]
    assert canonical(load_sheet_file(name, data)) == want
    read = from_csv if name.endswith(".csv") else from_xlsx
    assert canonical(read(data)) == want


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_golden_self_test_result_imports(folder):
    result = result_from_csv((folder / "selftest_result.csv").read_bytes())
    assert result.model_dump(mode="json") == expected_of(folder)["selftest_result"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_golden_draft_json_loads_through_the_store(folder, tmp_path):
    """Exactly the text that version's store wrote into drafts.sheet_json / progress_json, read as its row."""
    from test_formats import put_row  # one way of writing a raw row

    expected = expected_of(folder)
    draft_json = expected["draft_json"]
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    sheet_json = (folder / f"draft_{draft_json['sheet']}.sheet_json.txt").read_text(encoding="utf-8")
    code = put_row(store, sheet_json, expected["format_version"])
    assert canonical(store.load(code).sheet) == expected["sheets"][draft_json["sheet"]]
    progress = (folder / f"draft_{draft_json['sheet']}.progress_json.txt").read_text("utf-8")
    assert json.loads(progress) == draft_json["progress"]
    store.dispose()


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_golden_database_loads_every_draft_and_kept_version(folder, tmp_path):
    store = DraftStore(copy_v1_db(tmp_path, folder))
    for want in expected_of(folder)["db"]["drafts"]:
        draft = store.load(want["code"])
        assert (draft.version, draft.progress, canonical(draft.sheet)) == (
            want["version"],
            want["progress"],
            want["sheet"],
        )
        history = [(h.version, h.progress, canonical(h.sheet), h.reason) for h in store.history(want["code"])]
        kept = [
            (h["version"], h["progress"], h["sheet"], KeptReason(h.get("reason", "unknown"))) for h in want["history"]
        ]
        assert history == kept  # v1 kept no reason: its versions read as "unknown"
    store.dispose()


def test_the_v2_self_test_result_still_verifies_with_the_secret_that_signed_it(monkeypatch):
    """make_v2.py signed with WORKBOOK_SECRET=golden-v2: the signature rule must not change between releases."""
    from course.selftest_io import read_result
    from worksheets import signing

    data = (V1.parent / "v2" / "selftest_result.csv").read_bytes()
    for secret, verified in (("golden-v2", True), ("another-server", False)):
        monkeypatch.setenv("WORKBOOK_SECRET", secret)
        signing._secret.cache_clear()
        assert read_result(data).verified is verified
    signing._secret.cache_clear()
