"""Full-page screenshots of every screen at desktop and phone width, the example sheet loaded."""

import pytest
from conftest import DESKTOP, PHONE, open_page, screenshot, wait_ready
from playwright.sync_api import Page, expect

from course.loader import load_course
from worksheets.chain_demo import chain_steps
from worksheets.example import example_sheet

LESSONS = [f"lesson-{s.order:02d}" for s in load_course().sections]
STEPS = ["① 基本信息", "② BANT", "③ 决策链", "④ 竞争情况", "⑤ 状态与判断", "⑥ 留钩子与控制点"]
PLAIN = ["overview", *LESSONS, "files", "selftest", "rollup"]


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots(page: Page, app_url: str, size: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    open_page(page, f"{app_url}/files")
    page.get_by_role("button", name="载入示例（国网案例）").click()
    page.get_by_role("button", name="确定载入示例").click()
    wait_ready(page)
    code = page.url.split("sheet=", 1)[1]

    for name in PLAIN:
        open_page(page, f"{app_url}/{'' if name == 'overview' else name}?sheet={code}")
        expect(page.locator("h1").first).to_be_visible(timeout=30_000)
        screenshot(page, f"{size}-{name}")

    open_page(page, f"{app_url}/sheet?sheet={code}")
    expect(page.get_by_label("客户名称", exact=True)).to_have_value(example_sheet().customer, timeout=30_000)
    steps = page.get_by_role("radiogroup", name="填写步骤")
    for n, step in enumerate(STEPS, start=1):
        steps.get_by_role("radio", name=step).click()
        expect(steps.get_by_role("radio", name=step)).to_be_checked()
        wait_ready(page)
        if step == "③ 决策链":
            expect(page.get_by_role("img", name="决策链图")).to_be_visible(timeout=30_000)
        screenshot(page, f"{size}-sheet-{n}")

    open_page(page, f"{app_url}/chain?sheet={code}")
    expect(page.get_by_role("img", name="决策链图")).to_be_visible(timeout=30_000)
    screenshot(page, f"{size}-chain")

    open_page(page, f"{app_url}/demo?sheet={code}")
    expect(page.get_by_role("img", name="决策链图")).to_be_visible(timeout=30_000)
    screenshot(page, f"{size}-demo-1")
    last = len(chain_steps(example_sheet()))
    for _ in range(last - 1):
        page.get_by_role("button", name="下一步 →").click()
        wait_ready(page)
    expect(page.get_by_text(f"第 {last}/{last} 步")).to_be_visible(timeout=30_000)
    screenshot(page, f"{size}-demo-{last}")
    page.get_by_role("tab", name="自测课堂模式").click()
    page.get_by_role("button", name="揭晓答案").click()
    expect(page.get_by_text("答案：")).to_be_visible(timeout=30_000)
    screenshot(page, f"{size}-demo-class")
