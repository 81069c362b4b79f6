"""The visit sheet survives a browser refresh, a server restart and page switches (autosave + ?sheet=)."""

from urllib.parse import parse_qs, urlparse

from conftest import Server, open_page, wait_ready
from playwright.sync_api import Page, expect

FILLED = {"客户名称": "国网某省电力公司", "项目名称": "配网自动化终端改造", "学员姓名": "张三"}


def _fill(page: Page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")  # text inputs commit on blur
    wait_ready(page)


def _expect_filled(page: Page) -> None:
    for label, value in FILLED.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value, timeout=30_000)


def _draft_code(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["sheet"][0]


def test_draft_survives_refresh_restart_and_page_switch(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/sheet")
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("", timeout=30_000)
    for label, value in FILLED.items():
        _fill(page, label, value)
    page.get_by_label("客户愿意见我的原因").fill("想了解兄弟省公司终端掉线的解决办法")
    page.get_by_label("客户愿意见我的原因").press("Tab")
    wait_ready(page)
    code = _draft_code(page)
    link = page.url

    page.reload()
    wait_ready(page)
    _expect_filled(page)
    assert _draft_code(page) == code

    server.restart()
    open_page(page, link)
    _expect_filled(page)
    expect(page.get_by_label("客户愿意见我的原因")).to_have_value("想了解兄弟省公司终端掉线的解决办法")

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
