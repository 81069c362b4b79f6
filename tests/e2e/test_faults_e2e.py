"""Faults a real class meets: the server dies mid-edit, the network drops, two tabs, a locked database."""

import sqlite3
import threading
import time

from conftest import Server, open_page, wait_ready
from helpers import commit_text, draft_code
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def test_server_killed_mid_edit_keeps_every_committed_change(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/sheet")
    commit_text(page, "客户名称", "故障演练电力公司")
    commit_text(page, "项目名称", "终端改造")
    page.get_by_label("学员姓名", exact=True).fill("还没提交的字")  # typed, never committed
    link = page.url
    server.kill()
    server.start()
    open_page(page, link)
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("故障演练电力公司", timeout=30_000)
    expect(page.get_by_label("项目名称", exact=True)).to_have_value("终端改造")
    expect(page.get_by_label("学员姓名", exact=True)).to_have_value("")


def test_connection_lost_longer_than_the_session_ttl(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/sheet")
    commit_text(page, "客户名称", "断网重连公司")
    code = draft_code(page)
    page.context.set_offline(True)
    time.sleep(4)  # the test server keeps a disconnected session for 2 s; this is the fault, not a wait
    page.context.set_offline(False)
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("断网重连公司", timeout=30_000)
    assert draft_code(page) == code
    commit_text(page, "项目名称", "重连后继续填")
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("项目名称", exact=True)).to_have_value("重连后继续填", timeout=30_000)


def test_two_tabs_on_one_draft_are_told_and_nothing_is_lost(browser: Browser, server: Server) -> None:
    first = browser.new_page()
    open_page(first, f"{server.url}/sheet")
    commit_text(first, "客户名称", "第一个标签页")
    second = browser.new_page()
    open_page(second, first.url)
    commit_text(first, "项目名称", "第一个标签页又改了")
    commit_text(second, "项目名称", "第二个标签页改的")
    expect(second.get_by_text("另一个窗口或设备上改过")).to_be_visible(timeout=30_000)
    second.get_by_role("link", name="草稿与导入导出").click()
    wait_ready(second)
    expect(second.get_by_text("历史版本").first).to_be_visible()
    expect(second.get_by_role("button", name="恢复此版本").first).to_be_visible()
    first.close()
    second.close()


def test_a_briefly_locked_database_does_not_lose_the_edit(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/sheet")
    commit_text(page, "客户名称", "锁库前")
    db = sqlite3.connect(server.data_dir / "drafts.sqlite3", timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(1.5, lambda: db.execute("COMMIT"))
    release.start()
    commit_text(page, "客户名称", "锁库期间改的")
    release.join()
    db.close()
    wait_ready(page)  # the save waited for the lock; let it finish before reloading (a reload would race it)
    expect(page.get_by_text("暂时无法保存草稿")).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("锁库期间改的", timeout=30_000)


def _shown_within(locator, timeout_ms: int) -> bool:
    try:
        locator.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return False
    return True


def test_text_typed_then_left_by_a_sidebar_link_is_saved(page: Page, server: Server) -> None:
    """The student types and clicks another page without leaving the field first."""
    open_page(page, f"{server.url}/sheet")
    box = page.get_by_label("客户名称", exact=True)
    box.click()
    box.press_sequentially("没按回车就切页", delay=20)
    link = page.get_by_role("link", name="决策链图")
    link.click()
    heading = page.get_by_role("heading", name="决策链图")
    if not _shown_within(heading, 10_000):
        # Known Streamlit 1.67 behaviour, expected here by name: a page click that lands while the field's own
        # commit rerun runs is dropped. The student is still on the sheet, the text is kept; a second click works.
        wait_ready(page)
        expect(page.get_by_role("heading", name="拜访信息表", exact=True)).to_be_visible()
        expect(box).to_have_value("没按回车就切页")
        link.click()
        expect(heading).to_be_visible(timeout=30_000)
    wait_ready(page)
    other = page.context.new_page()
    open_page(other, f"{server.url}/sheet?sheet={draft_code(page)}")
    expect(other.get_by_label("客户名称", exact=True)).to_have_value("没按回车就切页", timeout=30_000)
    other.close()
