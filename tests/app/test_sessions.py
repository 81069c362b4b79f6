"""Sessions: two students never see each other's data; two tabs on one draft are told of each other."""

from apptest_helpers import by_label, go, new_app

from app_state import OVERWROTE


def _fill(app, customer: str) -> None:
    go(app, "views/sheet.py")
    by_label(app.text_input, "客户名称").input(customer).run()


def test_two_students_never_see_each_others_sheet():
    alice, bob = new_app(), new_app()
    _fill(alice, "甲公司")
    _fill(bob, "乙公司")
    go(alice, "views/sheet.py")
    assert by_label(alice.text_input, "客户名称").value == "甲公司"
    assert alice.query_params["sheet"] != bob.query_params["sheet"]


def test_two_tabs_on_one_draft_later_save_wins_and_the_tab_is_told():
    laptop = new_app()
    _fill(laptop, "笔记本上填的")
    phone = new_app(sheet=laptop.query_params["sheet"])
    _fill(laptop, "笔记本上又改的")
    _fill(phone, "手机上改的")
    assert [w.value for w in phone.warning] == [OVERWROTE]  # saved here, not "loaded theirs" (ADOPTED)
    fresh = new_app(sheet=laptop.query_params["sheet"])
    go(fresh, "views/sheet.py")
    assert by_label(fresh.text_input, "客户名称").value == "手机上改的"
    # the overwritten 笔记本上又改的 is kept, and says so: test_history (a version overwritten from another tab)


def test_reading_a_lesson_in_one_tab_never_erases_the_sheet_edited_in_another():
    editor = new_app()
    _fill(editor, "客户一")
    reader = new_app(sheet=editor.query_params["sheet"])
    go(editor, "views/sheet.py")
    by_label(editor.text_input, "项目名称").input("项目甲").run()
    go(reader, "lesson-01")
    by_label(reader.button, "我已读完本节").click().run()
    by_label(editor.text_input, "客户名称").input("客户二").run()
    fresh = new_app(sheet=editor.query_params["sheet"])
    go(fresh, "views/sheet.py")
    assert by_label(fresh.text_input, "项目名称").value == "项目甲"
    assert by_label(fresh.text_input, "客户名称").value == "客户二"
    assert "已读 1/11 节" in fresh.get("progress")[0].proto.text


def test_a_value_the_browser_carries_into_a_fresh_server_session_is_saved():
    """An instance died mid-edit: the browser reconnects to another one, whose first rerun carries the value just
    typed; Streamlit runs no on_change for a widget that new session never drew, so the sheet must adopt it."""
    first = new_app()
    _fill(first, "转移前的客户")
    code = first.query_params["sheet"]
    key = by_label(first.text_input, "项目名称").key
    moved = new_app(sheet=code)
    moved.session_state[key] = "转移后继续填写"  # what the reconnecting browser sends with its rerun
    go(moved, "views/sheet.py")
    later = new_app(sheet=code)
    go(later, "views/sheet.py")
    assert by_label(later.text_input, "项目名称").value == "转移后继续填写"
    assert by_label(later.text_input, "客户名称").value == "转移前的客户"
