"""The example's decision chain in the browser: drawn, recoloured on a relation change, downloadable."""

import re

from conftest import open_page, wait_ready
from helpers import go_to
from playwright.sync_api import Locator, Page, expect

from worksheets.chain_style import RELATION_STYLE
from worksheets.model import Relation


def load_example(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/files")
    page.get_by_role("button", name="载入示例（国网案例）").click()
    page.get_by_role("button", name="确定载入示例").click()
    wait_ready(page)


def _node_shape(page: Page, name: str) -> Locator:
    """The outline of a person's box in the graph drawn on the page (the server's SVG)."""
    node = (
        page.locator(".chain-graph")
        .locator("g.node")
        .filter(has=page.locator("text", has_text=re.compile(rf"^{name}$")))
    )
    return node.locator("path, polygon").first


def test_chain_draws_recolours_and_downloads(page: Page, app_url: str) -> None:
    load_example(page, app_url)
    go_to(page, "决策链图")
    chart = page.locator(".chain-graph")
    expect(page.get_by_role("img", name="决策链图")).to_be_visible(timeout=30_000)
    expect(chart).to_contain_text("决策链图：国网某省电力公司")
    for name in ("毕工", "招采中心某工", "采购组长", "技术副总"):
        expect(chart.locator("text", has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    general, key = RELATION_STYLE[Relation.GENERAL], RELATION_STYLE[Relation.KEY]
    expect(_node_shape(page, "毕工")).to_have_attribute("stroke", general["color"])

    go_to(page, "拜访信息表")
    page.get_by_role("radiogroup", name="填写步骤").get_by_role("radio", name="③ 决策链").click()
    relation = page.get_by_role("combobox", name="关系", exact=True)
    expect(relation).to_have_value(Relation.GENERAL.label, timeout=30_000)  # 毕工 is selected first
    for _ in range(3):  # the list can close again as the step's run finishes redrawing (helpers._open_list)
        wait_ready(page)
        relation.focus()
        relation.press("ArrowDown")  # a first mouse click only focuses the box (see report)
        try:
            expect(relation).to_have_attribute("aria-expanded", "true", timeout=2_000)
            break
        except AssertionError:
            continue
    page.get_by_role("option", name=Relation.KEY.label, exact=True).click()
    expect(_node_shape(page, "毕工")).to_have_attribute("stroke", key["color"], timeout=30_000)
    expect(_node_shape(page, "毕工")).to_have_attribute("fill", key["fillcolor"])

    go_to(page, "决策链图")
    expect(_node_shape(page, "毕工")).to_have_attribute("stroke", key["color"], timeout=30_000)
    with page.expect_download() as svg:
        page.get_by_role("button", name="下载 SVG").click()
    assert svg.value.suggested_filename.endswith(".svg")
    svg_text = svg.value.path().read_text(encoding="utf-8")
    assert "<svg" in svg_text
    assert "毕工" in svg_text and "招采中心某工" in svg_text
    assert key["color"] in svg_text
    with page.expect_download() as png:
        page.get_by_role("button", name="下载 PNG").click()
    assert png.value.suggested_filename.endswith(".png")
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_sheet_has_no_graph(page: Page, app_url: str) -> None:
    """Negative check: a new draft shows the hint, not an empty picture or download buttons."""
    open_page(page, f"{app_url}/chain")
    expect(page.get_by_text("决策链图会在你添加第一个人后出现。")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("img", name="决策链图")).to_have_count(0)
    expect(page.get_by_role("button", name="下载 SVG")).to_have_count(0)
