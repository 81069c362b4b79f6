"""The visit sheet page: fill, autosave, move between pages and steps, nothing lost."""

from apptest_helpers import by_label, go, new_app
from streamlit.testing.v1 import AppTest

from worksheets.codes import Source
from worksheets.store import DraftStore, KeptReason


def _fill_customer(at: AppTest, value: str) -> None:
    go(at, "views/sheet.py")
    by_label(at.text_input, "客户名称").input(value).run()


def test_filled_field_survives_page_switches(at):
    _fill_customer(at, "国网某省电力公司")
    go(at, "lesson-04")
    go(at, "views/sheet.py")
    assert by_label(at.text_input, "客户名称").value == "国网某省电力公司"


def test_every_change_is_autosaved_under_the_url_code(at, draft_db):
    _fill_customer(at, "某省电网公司")
    code = at.query_params["sheet"]
    draft = DraftStore(draft_db).load(code)
    assert draft is not None and draft.sheet.customer == "某省电网公司"


def test_the_draft_link_restores_the_sheet_in_a_new_session(at):
    _fill_customer(at, "某省电网公司")
    fresh = new_app(sheet=at.query_params["sheet"])
    go(fresh, "views/sheet.py")
    assert by_label(fresh.text_input, "客户名称").value == "某省电网公司"


def test_too_long_text_keeps_what_fits_and_says_what_was_cut(at, draft_db):
    _fill_customer(at, "原来的客户")
    by_label(at.text_input, "客户名称").input("长" * 75 + "尾巴还有六个").run()
    assert by_label(at.text_input, "客户名称").value == "长" * 75 + "尾巴还有六"
    assert "“客户名称”最多 80 个字，你输入或粘贴了 81 个字" in at.warning[0].value
    assert "后面 1 个字没有保存" in at.warning[0].value
    go(at, "views/chain.py")
    go(at, "views/sheet.py")
    assert DraftStore(draft_db).load(at.query_params["sheet"]).sheet.customer == "长" * 75 + "尾巴还有六"


def test_completeness_meter_names_what_is_missing(at):
    go(at, "views/sheet.py")
    assert "完成度 0%" in at.get("progress")[1].proto.text
    assert at.expander[0].label.startswith("还缺")


def test_step_switch_keeps_the_step_after_leaving_the_page(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("② BANT").run()
    go(at, "views/overview.py")
    go(at, "views/sheet.py")
    assert any(t.label == "预算（Budget）" for t in at.text_area)


def test_bant_source_is_recorded(at):
    """The chosen source (not just any) is kept across pages and in the saved draft."""
    go(at, "views/sheet.py")
    at.button_group[0].set_value("② BANT").run()
    by_label(at.selectbox, "预算（Budget）：信息来源").set_value(Source.COACH).run()
    go(at, "views/files.py")
    go(at, "views/sheet.py")
    at.button_group[0].set_value("② BANT").run()
    assert by_label(at.selectbox, "预算（Budget）：信息来源").value is Source.COACH
    later = new_app(sheet=at.query_params["sheet"])
    go(later, "views/sheet.py")
    later.button_group[0].set_value("② BANT").run()
    assert by_label(later.selectbox, "预算（Budget）：信息来源").value is Source.COACH
    assert by_label(later.selectbox, "资金与配套：信息来源").value is None


def test_add_person_and_edit_name(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    by_label(at.button, "＋ 添加人员").click().run()
    by_label(at.text_input, "姓名或称呼").input("毕工").run()
    go(at, "views/overview.py")
    go(at, "views/sheet.py")
    assert "毕工" in by_label(at.selectbox, "选择要编辑的人").format_func(
        by_label(at.selectbox, "选择要编辑的人").value
    )


def test_a_refused_edit_is_explained_and_the_box_shows_the_saved_value(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    by_label(at.button, "＋ 添加人员").click().run()
    by_label(at.text_input, "姓名或称呼").input("").run()
    assert "“姓名”不能为空。已恢复为保存的内容。" in at.error[0].value
    assert by_label(at.text_input, "姓名或称呼").value == "新联系人 1"


def _step(at: AppTest, step: str) -> None:
    go(at, "views/sheet.py")
    at.button_group[0].set_value(step).run()


def test_deleting_a_competitor_shows_the_next_one_in_its_place(at, draft_db):
    _step(at, "④ 竞争情况")
    for name in ("云排科技", "老牌 HIS 厂商"):
        by_label(at.button, "＋ 添加友商").click().run()
        n = len([t for t in at.text_input if t.label.endswith("名称") and t.label.startswith("友商")])
        by_label(at.text_input, f"友商 {n} 名称").input(name).run()
    by_label(at.button, "删除友商 1").click().run()
    assert by_label(at.text_input, "友商 1 名称").value == "老牌 HIS 厂商"
    by_label(at.text_input, "友商 1 备注").input("宣传册在信息科").run()
    sheet = DraftStore(draft_db).load(at.query_params["sheet"]).sheet
    assert [(c.name, c.note) for c in sheet.competitors] == [("老牌 HIS 厂商", "宣传册在信息科")]
    kept = DraftStore(draft_db).history(at.query_params["sheet"])
    assert [(k.reason, len(k.sheet.competitors)) for k in kept] == [(KeptReason.DELETE, 2)]  # can be restored


def test_two_people_with_one_name_are_two_different_referrers(at, draft_db):
    _step(at, "③ 决策链")
    for _ in range(3):
        by_label(at.button, "＋ 添加人员").click().run()
    picker = by_label(at.selectbox, "选择要编辑的人")
    ids = list(picker.options)
    for n in (0, 1):
        by_label(at.selectbox, "选择要编辑的人").select_index(n).run()
        by_label(at.text_input, "姓名或称呼").input("王主任").run()
    by_label(at.selectbox, "选择要编辑的人").select_index(2).run()
    referrer = by_label(at.selectbox, "谁引荐了他")
    assert referrer.options == ["无（我方直接接触）", "1. 王主任", "2. 王主任"]
    referrer.select_index(2).run()
    sheet = DraftStore(draft_db).load(at.query_params["sheet"]).sheet
    assert sheet.people[2].introduced_by == sheet.people[1].id
    assert len(ids) == 3


def test_deleting_a_person_opens_the_next_one_down(at):
    _step(at, "③ 决策链")
    for _ in range(3):
        by_label(at.button, "＋ 添加人员").click().run()
    by_label(at.selectbox, "选择要编辑的人").select_index(1).run()
    assert by_label(at.text_input, "姓名或称呼").value == "新联系人 2"
    by_label(at.button, "确认删除").click().run()
    assert by_label(at.text_input, "姓名或称呼").value == "新联系人 3"
    assert len(by_label(at.selectbox, "选择要编辑的人").options) == 2


def test_the_box_shows_the_text_as_saved_with_its_outer_spaces_trimmed(at, draft_db):
    """The sheet trims spaces around a text; the box said otherwise until the page was left (student review)."""
    _fill_customer(at, "  国网某省电力公司 😀  ")
    assert by_label(at.text_input, "客户名称").value == "国网某省电力公司 😀"
    draft = DraftStore(draft_db).load(at.query_params["sheet"])
    assert draft is not None and draft.sheet.customer == "国网某省电力公司 😀"
