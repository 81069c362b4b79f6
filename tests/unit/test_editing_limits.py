"""Text longer than a field allows is cut to the limit and the cut is counted (issue 10 §3)."""

from worksheets.editing import clip, clipped_message, field_limit, field_value, item_limit, item_value, set_field
from worksheets.example import example_sheet
from worksheets.model import VisitSheet


def test_limits_come_from_the_model():
    assert field_limit(("customer",)) == 80
    assert field_limit(("why_meet",)) == 500
    assert field_limit(("budget", "answer")) == 500
    assert item_limit("people", "name") == 40
    assert item_limit("competitors", "note") == 500
    assert item_limit("control_points", "evidence") == 500


def test_a_long_paste_keeps_the_first_characters_and_fits_the_model():
    clipped = clip("医" * 5000, 80)
    assert (clipped.kept, clipped.cut) == ("医" * 80, 4920)
    assert set_field(VisitSheet(), ("customer",), clipped.kept, "客户名称").customer == "医" * 80


def test_text_that_fits_is_not_cut():
    assert clip("短", 80).cut == 0


def test_the_message_names_the_field_the_limit_and_what_was_cut():
    text = clipped_message("客户愿意见我的原因", clip("x" * 5000, 500))
    assert text.startswith("“客户愿意见我的原因”最多 500 个字，你输入或粘贴了 5000 个字")
    assert "已保存前 500 个字，后面 4500 个字没有保存" in text


def test_saved_values_are_read_back_for_a_refused_edit():
    sheet = example_sheet()
    assert field_value(sheet, ("budget", "answer")) == sheet.budget.answer
    assert item_value(sheet, "people", sheet.people[1].id, "name") == sheet.people[1].name
    assert item_value(sheet, "control_points", 0, "met") == sheet.control_points[0].met
