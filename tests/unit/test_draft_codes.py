"""Draft codes are made by the server only (issue 11, draft code fixation)."""

from worksheets.draft_codes import made_here, new_code
from worksheets.store import is_valid_code


def test_a_new_code_is_ours_and_fits_the_store():
    code = new_code()
    assert made_here(code)
    assert is_valid_code(code)
    assert len(code) == 32


def test_codes_differ():
    assert len({new_code() for _ in range(200)}) == 200


def test_made_up_and_tampered_codes_are_not_ours():
    code = new_code()
    flipped = code[:-1] + ("A" if code[-1] != "A" else "B")
    for value in ["Lesson12ClassLink2026", "abc123", "", "A" * 32, flipped, code + "x", code[:-1], None, 42, "é" * 32]:
        assert not made_here(value), value
