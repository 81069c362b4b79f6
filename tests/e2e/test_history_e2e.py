"""History in the browser: each kept version says when (in the browser's own time zone) and what replaced it."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import open_page, screenshot, wait_ready
from helpers import commit_text, settle
from playwright.sync_api import Browser, expect

ZONE = "America/New_York"  # far from the server's UTC and from the default Asia/Shanghai


def _confirm(page, opener: str, confirm: str) -> None:
    page.get_by_role("button", name=opener).click()
    page.get_by_role("button", name=confirm).click()
    wait_ready(page)


@pytest.mark.parametrize("width", [1366, 390])
def test_history_shows_local_time_and_kind_and_restores(browser: Browser, app_url: str, width: int) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id=ZONE, accept_downloads=True
    )
    page = context.new_page()
    open_page(page, f"{app_url}/sheet")
    commit_text(page, "客户名称", "某市第一人民医院")
    # Let the edit's run start before the page is left by its URL: Streamlit 1.67 sends the change from a web
    # worker, and a navigation in the same few milliseconds can unload the page before it goes out.
    settle(page)
    page.goto(page.url.replace("/sheet", "/files"))  # the draft code stays in the query string
    wait_ready(page)
    _confirm(page, "载入示例（国网案例）", "确定载入示例")
    _confirm(page, "新建空白表", "确定新建")

    now = datetime.now(UTC).astimezone(ZoneInfo(ZONE))
    clocks = "|".join(f"{(now + timedelta(minutes=d)):%H:%M}" for d in (-2, -1, 0, 1))
    newest = page.get_by_text(re.compile(rf"今天 ({clocks}) · 新建空白表之前"))
    expect(newest).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(rf"今天 ({clocks}) · 载入示例之前"))).to_be_visible()
    expect(page.get_by_text("国网某省电力公司 · 8 人")).to_be_visible()
    expect(page.get_by_text(re.compile(r"版本 \d+"))).to_have_count(0)
    page.keyboard.press("Escape")  # close the confirmation popover before the picture
    screenshot(page, f"files-history-{width}")

    page.get_by_role("button", name="恢复此版本").nth(1).click()  # the sheet before the example
    wait_ready(page)
    expect(page.get_by_text(re.compile(rf"今天 ({clocks}) · 恢复历史版本之前"))).to_be_visible(timeout=30_000)
    page.goto(page.url.replace("/files", "/sheet"))
    wait_ready(page)
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("某市第一人民医院", timeout=30_000)
    context.close()
