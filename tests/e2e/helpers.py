"""What a student does on the sheet, as steps the e2e tests share (like Streamlit's own e2e app_utils).

Every step waits for the app to settle (conftest.wait_ready), so the next step acts on the page the student sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlparse

from conftest import open_page, wait_ready
from playwright.sync_api import Locator, Page, expect

PEOPLE_HEADER = "决策链人员"


def commit_text(page: Page, label: str, value: str) -> None:
    """Type into a text field and leave it: text inputs commit on blur."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")
    wait_ready(page)


def go_to(page: Page, title: str) -> None:
    """Open a page from the sidebar, as a student does, and wait for its heading."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
    wait_ready(page)


def draft_code(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["sheet"][0]


def settle(page: Page) -> None:
    """After an action: give the browser a moment to send it (the run's status arrives a little later, as in
    Streamlit's own e2e wait_for_app_run), then wait until the run has finished."""
    page.wait_for_timeout(150)
    wait_ready(page)


class SheetPage:
    """The workbook in one browser tab, driven by labels and roles only."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    # --- getting around -----------------------------------------------------------------------------------

    def open(self, path: str = "/sheet", *, code: str | None = None) -> None:
        open_page(self.page, f"{self.base_url}{path}" + (f"?sheet={code}" if code else ""))

    def go(self, title: str) -> None:
        """Click a page in the sidebar and wait for its title."""
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
        expect(self.page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
        settle(self.page)

    def open_step(self, step: str) -> None:
        self.page.get_by_role("radiogroup", name="填写步骤").get_by_role("radio", name=step).click()
        settle(self.page)

    def reload(self) -> None:
        self.page.reload()
        settle(self.page)

    def code(self) -> str:
        return parse_qs(urlparse(self.page.url).query)["sheet"][0]

    # --- filling in ------------------------------------------------------------------------------------

    def box(self, label: str) -> Locator:
        return self.page.get_by_label(label, exact=True)

    def type(self, label: str, value: str) -> None:
        """Type into a text field and leave it (fields commit on leaving them)."""
        box = self.box(label)
        box.fill(value)
        box.press("Tab")
        settle(self.page)

    def paste(self, label: str, value: str) -> None:
        """Put `value` on the clipboard, paste it over whatever the field holds (Ctrl+A, Ctrl+V), leave the field."""
        self.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=self.base_url)
        self.page.evaluate("text => navigator.clipboard.writeText(text)", value)
        box = self.box(label)
        box.click()
        box.press("ControlOrMeta+a")
        box.press("ControlOrMeta+v")
        box.press("Tab")
        settle(self.page)

    def _open_list(self, label: str) -> Locator:
        """Open a select box's list with its ▾ button, as a student clicks it.

        In Streamlit 1.67 that click sometimes only focuses the box, or the list closes again as the page
        finishes redrawing after the previous edit (seen on a busy 2-core machine); a student just clicks again.
        So: up to three clicks, each followed by a check that the list is open; never more, and the options
        chosen are checked afterwards by what the page and the exported file show, not by this step."""
        box = self.page.get_by_role("combobox", name=label, exact=True)
        widget = self.page.locator("[data-testid=stSelectbox], [data-testid=stMultiSelect]").filter(has=box)
        for _ in range(3):
            wait_ready(self.page)
            widget.get_by_role("button", name="Open").click()
            try:
                expect(box).to_have_attribute("aria-expanded", "true", timeout=2_000)
                return box
            except AssertionError:
                continue
        expect(box).to_have_attribute("aria-expanded", "true")
        return box

    def pick(self, label: str, option: str | re.Pattern[str]) -> None:
        """Choose one option of a select box."""
        self._open_list(label)
        self.page.get_by_role("option", name=option, exact=isinstance(option, str)).click()
        settle(self.page)

    def pick_many(self, label: str, options: list[str]) -> None:
        """Add options to a multiselect; the list stays open between choices and closes with Escape."""
        box = self._open_list(label)
        for option in options:
            self.page.get_by_role("option", name=option, exact=True).click()
        box.press("Escape")
        settle(self.page)

    def check(self, label: str) -> None:
        box = self.page.get_by_role("checkbox", name=label, exact=True)
        expect(box).not_to_be_checked()
        self.page.get_by_test_id("stCheckbox").filter(has=box).locator("label").click()
        expect(box).to_be_checked()
        settle(self.page)

    def date(self, label: str, day: dt.date) -> None:
        """Type a date into the field's year, month and day parts; it commits when the student clicks elsewhere."""
        self.page.get_by_role("spinbutton", name=f"year, {label}").click()
        self.page.keyboard.type(f"{day.year:04d}{day.month:02d}{day.day:02d}")
        self.page.get_by_role("heading", level=1).first.click()
        settle(self.page)

    def add_tags(self, label: str, tags: list[str]) -> None:
        """Type each tag into a multiselect that accepts new options and press Enter (a suggestion or a new one)."""
        box = self.page.get_by_role("combobox", name=label, exact=True)
        box.focus()
        for tag in tags:
            box.press_sequentially(tag)
            expect(self.page.get_by_role("option").first).to_contain_text(tag)
            box.press("Enter")
        box.press("Escape")
        settle(self.page)

    # --- the people editor ------------------------------------------------------------------------------

    def add_person(self) -> None:
        count = self._people_count()
        self.page.get_by_role("button", name="＋ 添加人员").click()
        expect(self.page.get_by_role("heading", name=f"决策链人员（{count + 1} 人）")).to_be_visible()
        settle(self.page)

    def _people_count(self) -> int:
        heading = self.page.get_by_role("heading", name=re.compile(r"^决策链人员（\d+ 人）$")).inner_text()
        return int(re.search(r"\d+", heading).group())

    def choose_person(self, name: str) -> None:
        """Open a person by name in 选择要编辑的人 and check that the form now shows that person."""
        self.pick("选择要编辑的人", re.compile(rf"^(\d+\. )?{re.escape(name)} · "))
        self.expect_editing(name)

    def expect_editing(self, name: str) -> None:
        expect(self.page.get_by_role("combobox", name="选择要编辑的人")).to_have_value(
            re.compile(rf"^(\d+\. )?{re.escape(name)} · ")
        )
        self.page.wait_for_function(  # exactly one form (the previous person's is gone), showing this person
            """name => { const boxes = [...document.querySelectorAll('input[aria-label="姓名或称呼"]')];
                         return boxes.length === 1 && boxes[0].value === name; }""",
            arg=name,
        )

    # --- files -----------------------------------------------------------------------------------------

    def download(self, button: str) -> bytes:
        with self.page.expect_download() as download:
            self.page.get_by_role("button", name=button).click()
        return download.value.path().read_bytes()

    def download_csv(self) -> bytes:
        self.go("草稿与导入导出")
        return self.download("下载 CSV")


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _table_after(rows: list[list[str]], first: str, second: str) -> list[dict[str, str]]:
    """The rows under the header row that starts with `first`, `second`, up to the next blank row."""
    start = next(n for n, row in enumerate(rows) if row[:2] == [first, second])
    header, body = rows[start], []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        body.append(dict(zip(header, row, strict=False)))
    return body


def csv_people(data: bytes) -> list[dict[str, str]]:
    """The exported CSV's 决策链人员 table, one dict per person keyed by the column titles."""
    return _table_after(_csv_rows(data), "编号", "姓名")


def csv_competitors(data: bytes) -> list[dict[str, str]]:
    return _table_after(_csv_rows(data), "厂家", "发现线索")


def csv_control_points(data: bytes) -> list[dict[str, str]]:
    return _table_after(_csv_rows(data), "控制点", "是否达成")


def csv_fields(data: bytes) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(部分, 项目) → [(内容, 信息来源)] for every field row of the CSV (a repeated item, e.g. 拜访部门, is a list)."""
    fields: dict[tuple[str, str], list[tuple[str, str]]] = {}
    rows = _csv_rows(data)
    for start in [n for n, row in enumerate(rows) if row[:3] == ["部分", "项目", "内容"]]:
        for row in rows[start + 1 :]:
            if not any(row):
                break
            fields.setdefault((row[0], row[1]), []).append((row[2], row[3] if len(row) > 3 else ""))
    return fields


def xlsx_tables(data: bytes) -> dict[str, list[list[str]]]:
    """Every worksheet of the exported workbook as rows of text ('' for an empty cell)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = {}
    for ws in book.worksheets:
        out[ws.title] = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    book.close()
    return out


def rows_as_dicts(rows: list[list[str]], first: str) -> list[dict[str, str]]:
    """The rows under the header row whose first cell is `first`, as dicts (blank rows skipped)."""
    start = next(n for n, row in enumerate(rows) if row and row[0] == first)
    header = rows[start]
    return [dict(zip(header, row, strict=False)) for row in rows[start + 1 :] if any(row)]
