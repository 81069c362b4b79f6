"""The decision chain is readable where it is used: node text in CSS px, measured in Chromium.

Issue 10 §6: with 7 people the graph's node text was ~5 CSS px on a 390 px phone and tiny beside the editor,
and 投影大字号 did not enlarge the graph. Goal: ≥ 11 px on a phone and beside the editor, large on the projector.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import DESKTOP, PHONE, open_page, screenshot, wait_ready
from playwright.sync_api import Page, expect

from worksheets.store import DraftStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from hospital import hospital_sheet

# The font size each node's text is painted at on screen: its SVG font size times the SVG's scale to the screen.
NODE_TEXT_PX = """() => [...document.querySelectorAll('[data-testid=stMain] svg g.node text')]
    .filter(t => t.textContent.trim())
    .map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a)"""


@pytest.fixture(scope="module")
def hospital_code(server) -> str:
    """A draft of the 7-person hospital case, made by the server's own store (codes come only from there)."""
    store = DraftStore(f"sqlite:///{server.data_dir / 'drafts.sqlite3'}")
    try:
        return store.create(hospital_sheet(), {}).code
    finally:
        store.dispose()


def node_text_px(page: Page) -> list[float]:
    expect(page.locator("[data-testid=stMain] svg g.node text").first).to_be_visible(timeout=30_000)
    sizes = page.evaluate(NODE_TEXT_PX)
    assert sizes, "no node text found"
    return sizes


def _sheet_step3(page: Page, app_url: str, code: str) -> None:
    open_page(page, f"{app_url}/sheet?sheet={code}")
    page.get_by_role("radiogroup", name="填写步骤").get_by_role("radio", name="③ 决策链").click()
    wait_ready(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_node_text_beside_the_editor_is_readable(page: Page, app_url: str, hospital_code: str, viewport) -> None:
    page.set_viewport_size(viewport)
    _sheet_step3(page, app_url, hospital_code)
    sizes = node_text_px(page)
    assert min(sizes) >= 11, f"smallest node text {min(sizes):.1f} CSS px"
    # Every person of the sheet is in the picture, none cut off by a scaled-down drawing.
    for person in hospital_sheet().people:
        expect(page.locator("[data-testid=stMain] svg g.node text", has_text=person.name).first).to_be_attached()
    screenshot(page, f"sheet-step3-chain-{viewport['width']}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_node_text_on_the_chain_page_is_readable(page: Page, app_url: str, hospital_code: str, viewport) -> None:
    page.set_viewport_size(viewport)
    open_page(page, f"{app_url}/chain?sheet={hospital_code}")
    sizes = node_text_px(page)
    assert min(sizes) >= 11, f"smallest node text {min(sizes):.1f} CSS px"
    # A picture wider than the phone scrolls sideways inside its box; the page itself does not get wider.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    # The legend explains the white 初步接触 box.
    expect(page.get_by_text("初步接触（白底蓝框）")).to_be_visible()
    screenshot(page, f"chain-page-{viewport['width']}")


def test_projector_type_enlarges_the_graph(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/demo")
    toggle = page.get_by_text("投影大字号")
    big = node_text_px(page)
    assert min(big) >= 18, f"projector node text {min(big):.1f} CSS px"
    # The whole chain (step 5) stays on the screen in class, never smaller than its natural size.
    for _ in range(4):
        page.get_by_role("button", name="下一步 →").click()
        wait_ready(page)
    expect(page.get_by_text("第 5/5 步：高层")).to_be_visible()
    box = page.locator(".chain-graph")
    expect(box).to_contain_text("计划部某工")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    assert min(node_text_px(page)) >= 13
    screenshot(page, "demo-projector-1366")
    toggle.click()
    expect(page.get_by_role("img", name="决策链图")).not_to_have_attribute("style", re.compile("clamp"))
    normal = node_text_px(page)
    assert min(normal) == pytest.approx(13, abs=0.5)
