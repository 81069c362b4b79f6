"""The visit sheet survives a browser refresh, a server restart and page switches (autosave + ?sheet=)."""

import re
from urllib.parse import parse_qs, urlparse

from conftest import Server, open_page, wait_ready
from helpers import commit_text
from playwright.sync_api import Page, expect

from course.loader import load_course
from worksheets.completeness import completeness
from worksheets.model import VisitSheet

LESSON_5 = load_course().sections[4].title
WHY = "想了解兄弟省公司终端掉线的解决办法"
FILLED = {"客户名称": "国网某省电力公司", "项目名称": "配网自动化终端改造", "学员姓名": "张三"}


def _expect_filled(page: Page) -> None:
    for label, value in FILLED.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value, timeout=30_000)


def _draft_code(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["sheet"][0]


def _deep_link_shows_our_frame(page: Page, url: str, code: str, heading: str) -> None:
    """A bookmarked link: right page, our frame and titles (never file names), same draft."""
    open_page(page, url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("课程进度：已读")).to_be_visible()
    assert _draft_code(page) == code
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"草稿码：{code}")).to_be_visible()
    nav = sidebar.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name=f"5. {LESSON_5}", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="拜访信息表", exact=True)).to_be_visible()
    expect(nav).not_to_contain_text(re.compile(r"lesson[ _]\d|views|overview|trainer", re.IGNORECASE))


def test_draft_survives_refresh_restart_and_page_switch(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/sheet")
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("", timeout=30_000)
    for label, value in FILLED.items():
        commit_text(page, label, value)
    page.get_by_label("客户愿意见我的原因").fill(WHY)
    page.get_by_label("客户愿意见我的原因").press("Tab")
    saved = VisitSheet(
        customer=FILLED["客户名称"], project=FILLED["项目名称"], student=FILLED["学员姓名"], why_meet=WHY
    )
    expect(page.get_by_text(f"完成度 {completeness(saved).percent}%")).to_be_visible()  # every edit is in
    code = _draft_code(page)
    link = page.url

    page.reload()
    wait_ready(page)
    _expect_filled(page)
    assert _draft_code(page) == code

    server.restart()  # a freshly started server: the sheet's deep link is its very first request
    _deep_link_shows_our_frame(page, link, code, "拜访信息表")
    _expect_filled(page)
    _deep_link_shows_our_frame(page, f"{server.url}/lesson-05?sheet={code}", code, f"第 5 节 · {LESSON_5}")
    open_page(page, link)
    expect(page.get_by_label("客户愿意见我的原因")).to_have_value(WHY)

    page.get_by_role("link", name="课程总览").click()
    expect(page.get_by_role("heading", name="第 12 课 · 初次拜访如何获取信息")).to_be_visible(timeout=30_000)
    assert _draft_code(page) == code
    page.get_by_role("link", name="拜访信息表").click()
    wait_ready(page)
    _expect_filled(page)
    assert _draft_code(page) == code


def test_fresh_link_starts_blank(page: Page, server: Server) -> None:
    """Negative check: another draft code does not see this draft's values."""
    open_page(page, f"{server.url}/sheet?sheet=AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("", timeout=30_000)


def test_the_next_step_button_opens_the_next_step_at_its_top(page: Page, app_url: str):
    """On a phone the scroll position was kept: step ② opened with its first fields above the screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_url}/sheet")
    for step in ("② BANT", "③ 决策链"):
        button = page.get_by_role("button", name=f"下一步：{step} →")
        button.scroll_into_view_if_needed()
        button.click()
        expect(page.get_by_role("button", name=f"下一步：{step} →")).to_have_count(0, timeout=30_000)
        expect(page.get_by_text("填写步骤", exact=True)).to_be_in_viewport(timeout=10_000)
