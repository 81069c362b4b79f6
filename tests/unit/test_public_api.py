"""The public API the trainer tools and tests rely on (issue: worksheets.VisitSheet, to_csv, from_csv…)."""

import pytest

import worksheets
from worksheets import errors


def test_example_round_trips_through_the_public_csv_api():
    sheet = worksheets.example_sheet()
    assert worksheets.from_csv(worksheets.to_csv(sheet)) == sheet  # the file's format: test_csv_io


def test_bad_input_raises_the_public_error_in_chinese():
    with pytest.raises(worksheets.SheetImportError) as caught:
        worksheets.from_csv(b"")
    assert str(caught.value) == errors.EMPTY


def test_visit_sheet_is_strict():
    with pytest.raises(ValueError, match="unknown_field"):
        worksheets.VisitSheet(customer="x", unknown_field=1)


def test_progress_of_two_tabs_is_merged_not_dropped():
    from course.progress import Progress, merge

    ours = Progress(sections_read=["s01-first-visit-goal"], quiz_answers={"s01-q1": 1}, selftest_best=60)
    theirs = Progress(sections_read=["s02-what-to-dig"], quiz_answers={"s01-q1": 0, "s02-q1": 2}, selftest_best=80)
    merged = merge(ours, theirs)
    assert merged.sections_read == ["s01-first-visit-goal", "s02-what-to-dig"]
    assert merged.quiz_answers == {"s01-q1": 1, "s02-q1": 2}
    assert merged.selftest_best == 80
