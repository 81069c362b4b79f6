"""Overview, class mode and draft links as a student and a trainer meet them (issue 10 §3, §4; issue 11)."""

from apptest_helpers import by_label, go, new_app

from app_state import not_found_notice
from course.loader import load_course
from worksheets.draft_codes import made_here, new_code
from worksheets.store import DraftStore

COURSE = load_course()


def _read(at, order: int) -> None:
    go(at, f"lesson-{order:02d}")
    by_label(at.button, "我已读完本节").click().run()


def test_overview_starts_at_section_one_for_a_new_student(at):
    assert by_label(at.button, "从第 1 节开始 →")


def test_overview_continues_at_the_first_unread_section(at):
    for order in (1, 2, 4):
        _read(at, order)
    go(at, "views/overview.py")
    third = COURSE.sections[2]
    by_label(at.button, f"继续学习第 3 节：{third.title} →").click().run()
    assert at.title[0].value == f"第 3 节 · {third.title}"


def test_overview_after_every_section_points_to_the_sheet(at):
    for section in COURSE.sections:
        _read(at, section.order)
    go(at, "views/overview.py")
    assert by_label(at.button, "去填拜访信息表 →")
    assert not [b for b in at.button if b.label.startswith("继续学习")]


def test_class_mode_stops_at_the_first_and_the_last_scenario(at):
    go(at, "views/trainer_demo.py")
    total = len(COURSE.selftest.questions)
    assert by_label(at.button, "← 上一题").disabled
    assert any(m.value == f"**情景 1/{total}**" for m in at.markdown)
    by_label(at.button, "下一题 →").click().run()
    assert any(m.value == f"**情景 2/{total}**" for m in at.markdown)
    assert not by_label(at.button, "← 上一题").disabled
    for _ in range(total):  # more clicks than scenarios: it stops at the last one
        if by_label(at.button, "下一题 →").disabled:
            break
        by_label(at.button, "下一题 →").click().run()
    assert any(m.value == f"**情景 {total}/{total}**" for m in at.markdown)
    assert by_label(at.button, "下一题 →").disabled


def _sheet_with(at, customer: str) -> str:
    go(at, "views/sheet.py")
    by_label(at.text_input, "客户名称").input(customer).run()
    return at.query_params["sheet"]


def test_a_made_up_well_formed_code_gets_a_new_server_code_and_a_notice(draft_db):
    made_up = "Lesson12ClassLink2026"
    victim = new_app(sheet=made_up)
    assert victim.query_params["sheet"] != made_up
    assert made_here(victim.query_params["sheet"])
    assert any("没有找到草稿码为 `Lesson12ClassLink2026` 的草稿" in w.value for w in victim.warning)
    code = _sheet_with(victim, "受害者的客户")
    assert DraftStore(draft_db).load(made_up) is None  # nothing was ever saved under the shared link
    attacker = new_app(sheet=made_up)
    go(attacker, "views/sheet.py")
    assert by_label(attacker.text_input, "客户名称").value == ""
    assert attacker.query_params["sheet"] not in (made_up, code)


def test_a_malformed_code_gets_the_same_notice():
    app = new_app(sheet="abc123")
    assert app.query_params["sheet"] != "abc123"
    assert any(w.value.startswith("没有找到草稿码为 `abc123` 的草稿") for w in app.warning)


def test_a_notice_quotes_the_link_literally():
    app = new_app(sheet="**bold**[x](http://e.com)")
    shown = next(w.value for w in app.warning if "没有找到草稿码" in w.value)
    assert "没有找到草稿码为 `??bold???x??http???e?com?` 的草稿" in shown  # no Markdown, no link


def test_a_server_code_refreshed_before_the_first_save_is_kept_silently():
    code = new_code()
    app = new_app(sheet=code)
    assert app.query_params["sheet"] == code
    assert not [w for w in app.warning if "没有找到草稿码" in w.value]


def test_a_saved_draft_opens_without_a_notice(at):
    code = _sheet_with(at, "我的客户")
    again = new_app(sheet=code)
    go(again, "views/sheet.py")
    assert by_label(again.text_input, "客户名称").value == "我的客户"
    assert not [w for w in again.warning if "没有找到草稿码" in w.value]


def test_the_notice_says_nothing_was_lost_and_what_to_do():
    text = not_found_notice("abc")
    assert "没有丢失任何内容" in text and "检查链接" in text and "新表" in text
