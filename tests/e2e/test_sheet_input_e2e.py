"""Issue 10 §3 and issue 11: nothing typed is silently thrown away, and a shared or mistyped link never leaks.

Too long: the first N characters are kept and the field says what was cut. Refused (an empty name): the field
keeps the saved value and says why. A made-up draft code gets a fresh server-made code and a notice.
"""

from __future__ import annotations

from helpers import SheetPage
from playwright.sync_api import Browser, Page, expect

LONG = "排班系统需求" * 834  # 5 004 characters, as when a whole document is pasted
NOT_FOUND = "没有找到草稿码为 {code} 的草稿"


def _note(sheet: SheetPage, text: str):
    return sheet.page.get_by_test_id("stAlert").filter(has_text=text)


def test_a_long_paste_keeps_the_first_characters_and_says_what_was_cut(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    sheet.paste("客户名称", LONG)
    expect(sheet.box("客户名称")).to_have_value(LONG[:80])
    expect(_note(sheet, "“客户名称”最多 80 个字，你输入或粘贴了 5004 个字")).to_contain_text("后面 4924 个字没有保存")
    sheet.paste("客户愿意见我的原因", LONG)
    expect(sheet.box("客户愿意见我的原因")).to_have_value(LONG[:500])
    expect(_note(sheet, "“客户愿意见我的原因”最多 500 个字")).to_contain_text("已保存前 500 个字")

    sheet.reload()  # what the box shows is what was saved
    expect(sheet.box("客户名称")).to_have_value(LONG[:80])
    expect(sheet.box("客户愿意见我的原因")).to_have_value(LONG[:500])


def test_typing_past_the_limit_over_existing_text_keeps_what_fits(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    start = "江州市第一人民医院" * 8  # 72 characters
    sheet.type("客户名称", start)
    box = sheet.box("客户名称")
    box.click()
    box.press("End")
    box.press_sequentially("信息科护理部排班组")  # 9 more: 81
    box.press("Tab")
    expect(box).to_have_value((start + "信息科护理部排班组")[:80])
    expect(_note(sheet, "你输入或粘贴了 81 个字")).to_contain_text("后面 1 个字没有保存")


def test_a_refused_edit_keeps_the_saved_value_and_says_why(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    sheet.open_step("③ 决策链")
    sheet.add_person()
    sheet.type("姓名或称呼", "护理部李主任")
    sheet.type("姓名或称呼", "")
    expect(_note(sheet, "“姓名”不能为空。")).to_contain_text("已恢复为保存的内容")
    expect(sheet.box("姓名或称呼")).to_have_value("护理部李主任")
    sheet.reload()
    sheet.open_step("③ 决策链")
    expect(sheet.box("姓名或称呼")).to_have_value("护理部李主任")


def test_a_shared_made_up_link_never_shows_one_students_sheet_to_another(browser: Browser, app_url: str) -> None:
    link = "Lesson12ClassLink2026"
    victim_ctx, other_ctx = browser.new_context(locale="zh-CN"), browser.new_context(locale="zh-CN")
    try:
        victim = SheetPage(victim_ctx.new_page(), app_url)
        victim.open("/sheet", code=link)
        expect(_note(victim, NOT_FOUND.format(code=link))).to_contain_text("你没有丢失任何内容")
        assert victim.code() != link
        victim.type("客户名称", "受害者的客户")
        victim_code = victim.code()

        other = SheetPage(other_ctx.new_page(), app_url)
        other.open("/sheet", code=link)
        expect(_note(other, NOT_FOUND.format(code=link))).to_be_visible()
        expect(other.box("客户名称")).to_have_value("")
        assert other.code() not in (link, victim_code)

        other.open("/sheet", code=victim_code)  # the real link, shared on purpose, still works
        expect(other.box("客户名称")).to_have_value("受害者的客户")
        expect(other.page.get_by_text("没有找到草稿码")).to_have_count(0)
    finally:
        victim_ctx.close()
        other_ctx.close()


def test_a_mistyped_link_says_so_and_what_to_do(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet", code="abc123")
    note = _note(sheet, NOT_FOUND.format(code="abc123"))
    expect(note).to_contain_text("请检查链接是否完整")
    expect(note).to_contain_text("直接在这张新表上填写")
    assert sheet.code() != "abc123"
    sheet.reload()  # the new code is the server's own: refreshing before any edit is quiet
    expect(sheet.page.get_by_text("没有找到草稿码")).to_have_count(0)


def test_the_sheet_speaks_chinese_even_in_streamlits_own_hints(page: Page, app_url: str) -> None:
    """Issue 10 §5: Chinese placeholders everywhere; Streamlit's English hints are not shown."""
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    sheet.box("客户名称").fill("江州")  # typed, not left yet: Streamlit would say "Press Enter to apply"
    expect(page.get_by_test_id("InputInstructions")).not_to_have_count(0)  # Streamlit drew its hint ...
    expect(page.get_by_test_id("InputInstructions").filter(visible=True)).to_have_count(0)  # ... hidden
    sheet.box("客户名称").press("Tab")
    sheet.open_step("③ 决策链")
    sheet.add_person()
    roles = page.get_by_role("combobox", name="在项目中的角色（可多选）")
    expect(roles).to_have_attribute("placeholder", "请选择（可多选）")
    sheet.pick_many("在项目中的角色（可多选）", [])  # open the list and close it again
    expect(page.get_by_role("combobox", name="谁引荐了他")).to_have_attribute("placeholder", "请选择")
    for english in ("Choose an option", "Choose options", "Select all", "(required)", "Press Enter"):
        expect(page.get_by_text(english).filter(visible=True)).to_have_count(0)
