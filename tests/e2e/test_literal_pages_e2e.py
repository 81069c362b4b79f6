"""Hostile typed text shows literally on every page that shows it, and no page fetches anything remote (issue 11).

The sheet is full of what Markdown, Streamlit's text plugins, DOT or HTML would interpret: bare URLs, `www.`,
e-mail addresses, `:material/…:` and `:streamlit:` icons, image and link syntax, entities, arrows, emoji joiners.
Each page is opened in Chromium; the text must appear as typed (the invisible word joiners of ui.text.literal
removed), no link or image may come from it, and no request may leave 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import open_page, wait_ready
from playwright.sync_api import Page, Request, Route, expect

from ui.text import as_typed
from worksheets.chain_style import NAME_LIMIT, plain
from worksheets.files import to_csv
from worksheets.model import Competitor, Level, Line, Person, Relation, VisitSheet
from worksheets.store import DraftStore

EVIL = "evil.example"
# Met seniors nobody introduced: each one's name is also quoted in a gap warning (Markdown) under the graph.
NAMES = [
    f"https://{EVIL}/a.png",
    f"www.{EVIL}",
    f"boss@{EVIL}",
    ":material/home: 首页",
    ":streamlit: 老总",
    f"![x](https://{EVIL}/x.png)",
    f"[点我](https://{EVIL})",
    "&#x202E;abc &amp; a -> b",
    "**粗体** $x^2$ :red[红]",
    "👨\u200d👩\u200d👧 一家",
]
CUSTOMER = f"客户 www.{EVIL} :material/home: ops@{EVIL}"
BAD_FILE = f"www.{EVIL} :streamlit: 作业.csv"


def hostile_sheet() -> VisitSheet:
    people = [
        Person(id=f"h{i:03d}", name=name, title=f"https://{EVIL}/t", line=list(Line)[i % 6], level=Level.SENIOR,
               relation=Relation.SENIOR, pain=f"见 www.{EVIL} 或 :material/warning:")
        for i, name in enumerate(NAMES)
    ]  # fmt: skip
    return VisitSheet(
        customer=CUSTOMER,
        project=f"项目 https://{EVIL}/p",
        people=people,
        competitors=[Competitor(name=f"友商 www.{EVIL}")],
    )


@pytest.fixture
def hostile_code(server) -> str:
    store = DraftStore(f"sqlite:///{server.data_dir / 'drafts.sqlite3'}")
    try:
        return store.create(hostile_sheet(), {}).code
    finally:
        store.dispose()


@pytest.fixture
def remote_requests(page: Page) -> list[str]:
    """Every request for a host other than 127.0.0.1 is recorded and refused (so nothing can leak)."""
    seen: list[str] = []

    def guard(route: Route, request: Request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            seen.append(request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("request", lambda r: None if urlparse(r.url).hostname in {"127.0.0.1", None} else seen.append(r.url))
    return seen


def assert_literal(page: Page, *typed: str) -> None:
    """On the whole page (popovers included): each text shown as typed; no link, image or icon made of it."""
    expect(page.get_by_test_id("stMain")).to_be_visible()
    main = page.locator("body")
    text = as_typed(main.inner_text())
    for t in typed:
        assert " ".join(t.split()) in " ".join(text.split()), f"{t!r} not shown as typed"
    # Nothing typed became a link, an image or an icon.
    assert main.locator(f"a[href*='{EVIL}'], img[src*='{EVIL}'], [src*='{EVIL}'], [href*='{EVIL}']").count() == 0
    assert main.locator("img[alt='Streamlit logo']").count() == 0
    assert "\u202e" not in text


def test_sheet_chain_and_demo_show_hostile_text_literally(page: Page, app_url: str, hostile_code: str,
                                                          remote_requests: list[str]) -> None:  # fmt: skip
    open_page(page, f"{app_url}/sheet?sheet={hostile_code}")
    page.get_by_role("radiogroup", name="填写步骤").get_by_role("radio", name="③ 决策链").click()
    wait_ready(page)
    page.get_by_role("button", name="删除此人").click()  # the question quotes the name in Markdown
    wait_ready(page)
    expect(page.get_by_text("确定删除", exact=False)).to_be_visible()
    assert_literal(page, f"确定删除“{NAMES[0]}”吗", *(f"高层“{n}”没有记录引荐人" for n in NAMES))
    for name in NAMES:  # the picture is SVG text: no Markdown, no joiners
        expect(page.locator(".chain-graph")).to_contain_text(plain(name, NAME_LIMIT))

    open_page(page, f"{app_url}/chain?sheet={hostile_code}")
    assert_literal(page, *(f"高层“{n}”没有记录引荐人" for n in NAMES))
    page.get_by_text("按层级列出图中的人").click()
    assert_literal(page, *(f"{n}（https://{EVIL}/t）" for n in NAMES))

    open_page(page, f"{app_url}/demo?sheet={hostile_code}")
    page.get_by_text("我的拜访信息表").click()
    wait_ready(page)
    for _ in range(4):
        page.get_by_role("button", name="下一步 →").click()
        wait_ready(page)
    expect(page.get_by_text("第 5/5 步：高层")).to_be_visible()
    for name in NAMES:  # the picture is SVG text: no Markdown, no joiners
        expect(page.locator(".chain-graph")).to_contain_text(plain(name, NAME_LIMIT))
    assert_literal(page)
    assert remote_requests == []


def test_files_rollup_and_selftest_show_hostile_text_literally(page: Page, app_url: str, hostile_code: str,
                                                               remote_requests: list[str]) -> None:  # fmt: skip
    open_page(page, f"{app_url}/files?sheet={hostile_code}")
    page.get_by_role("button", name="载入示例（国网案例）").click()
    page.get_by_role("button", name="确定载入示例").click()
    wait_ready(page)
    expect(page.get_by_role("button", name="恢复此版本").first).to_be_visible(timeout=30_000)
    assert_literal(page, CUSTOMER)  # the kept version in the history list

    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files({"name": "作业.csv", "mimeType": "text/csv", "buffer": to_csv(hostile_sheet())})
    expect(page.get_by_text("已读取：", exact=False)).to_be_visible(timeout=30_000)
    assert_literal(page, f"已读取：{CUSTOMER}，{len(NAMES)} 位决策链人员。")

    open_page(page, f"{app_url}/rollup")
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(
        [{"name": BAD_FILE, "mimeType": "text/csv", "buffer": "这不是,拜访信息表\r\n".encode()}]
    )
    expect(page.get_by_test_id("stAlertContentError").first).to_be_visible(timeout=30_000)
    assert_literal(page, f"{BAD_FILE}：")

    open_page(page, f"{app_url}/selftest")
    assert_literal(page)
    assert remote_requests == []
