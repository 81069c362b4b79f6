"""editing.removed: what a deletion took away, so the history can say it."""

from worksheets.editing import remove_competitor, remove_person, removed, update_item
from worksheets.example import example_sheet


def test_removed_names_the_people_and_competitors_a_deletion_took_away():
    before = example_sheet()
    gone = before.people[2]
    after = remove_competitor(remove_person(before, gone.id), 0)
    after = update_item(after, "people", after.people[0].id, "name", "改了名的人", "姓名")  # renamed: not gone
    assert removed(before, after) == [f"人员“{gone.name}”", f"友商“{before.competitors[0].name}”"]
    assert removed(after, after) == []
