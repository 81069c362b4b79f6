"""The trainer's screens: the chain told step by step, and the class's files rolled up in one table."""

import csv
import io
import random

from conftest import PHONE, Server, open_page, screenshot, wait_ready
from playwright.sync_api import Page, expect

from course.loader import load_course
from course.selftest import new_round, result_of
from course.selftest_io import result_to_csv
from worksheets import signing
from worksheets.chain_demo import chain_steps
from worksheets.example import example_sheet
from worksheets.files.csv_io import to_csv
from worksheets.rollup import rollup

EXAMPLE = example_sheet()
STUDENTS = {
    "学员甲.csv": ("学员甲", "甲市供电公司"),
    "学员乙.csv": ("学员乙", "乙市供电公司"),
    "学员丙.csv": ("学员丙", "丙市供电公司"),
}
BROKEN = ("损坏的作业.csv", "这不是,拜访信息表\r\n".encode())


def test_demo_steps_through_the_chain(page: Page, app_url: str) -> None:
    steps = chain_steps(EXAMPLE)
    names = {p.id: p.name for p in EXAMPLE.people}
    open_page(page, f"{app_url}/demo")
    chart = page.locator(".chain-graph")
    forward = page.get_by_role("button", name="下一步 →")
    hidden = [names[i] for i in names if i not in steps[0].person_ids]
    for n, step in enumerate(steps, start=1):
        expect(page.get_by_text(f"第 {n}/{len(steps)} 步：{step.title}")).to_be_visible(timeout=30_000)
        expect(page.get_by_text(step.talking_point)).to_be_visible()
        for person_id in step.person_ids:
            expect(chart.locator("text", has_text=names[person_id]).first).to_be_visible()
        if n == 1:
            expect(chart.locator("text", has_text=hidden[0])).to_have_count(0)
        if n < len(steps):
            forward.click()
            wait_ready(page)
    expect(forward).to_be_disabled()


def _files(tmp_path) -> list:
    paths = []
    for filename, (student, customer) in STUDENTS.items():
        path = tmp_path / filename
        path.write_bytes(to_csv(EXAMPLE.model_copy(update={"student": student, "customer": customer})))
        paths.append(path)
    broken = tmp_path / BROKEN[0]
    broken.write_bytes(BROKEN[1])
    return [*paths, broken]


def test_rollup_of_class_files(page: Page, app_url: str, tmp_path) -> None:
    files = _files(tmp_path)
    expected = rollup([(p.name, p.read_bytes()) for p in files])
    assert len(expected.failures) == 1
    open_page(page, f"{app_url}/rollup")
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(files)
    expect(page.get_by_text("成功读取 3 份，失败 1 份。")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(f"{BROKEN[0]}：{expected.failures[0].reason}")
    grid = page.get_by_test_id("stDataFrame").locator("table[role=grid]")  # the grid's accessible copy
    expect(grid).to_have_attribute("aria-rowcount", str(1 + len(STUDENTS)))
    expect(grid.locator("td[aria-colindex='1']")).to_have_text([s for s, _ in STUDENTS.values()])
    expect(grid).not_to_contain_text(BROKEN[0])

    with page.expect_download() as download:
        page.get_by_role("button", name="下载汇总 CSV").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["文件名"], r["学员"], r["客户"]) for r in table] == [
        (name, student, customer) for name, (student, customer) in STUDENTS.items()
    ]
    assert data == expected.to_csv()


def test_rollup_fits_the_screen_and_marks_unverified_results(
    page: Page, app_url: str, server: Server, tmp_path, monkeypatch
) -> None:
    monkeypatch.delenv("WORKBOOK_SECRET", raising=False)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(server.data_dir))  # sign as the server does: with its secret
    signing._secret.cache_clear()

    files = _files(tmp_path)
    open_page(page, f"{app_url}/rollup")
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(files)
    expect(page.get_by_text("成功读取 3 份，失败 1 份。")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    frame = page.get_by_test_id("stDataFrame")
    # the grid's scroller: its content as wide as its box (give or take a scrollbar), so nothing hides to the right
    overflow = frame.evaluate(
        "e => { const s = e.querySelector('.dvn-scroller'); return s.scrollWidth - s.clientWidth; }"
    )
    assert overflow <= 16, f"the roll-up table needs sideways scrolling ({overflow} px)"
    page.get_by_text("学员甲 · 甲市供电公司").first.click()
    expect(page.get_by_text("风险提示：").first).to_be_visible()
    screenshot(page, "rollup-1366")
    phone = page.context.new_page()  # a phone opens the page with the sidebar folded
    phone.set_viewport_size(PHONE)
    open_page(phone, f"{app_url}/rollup")
    phone.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(files)
    expect(phone.get_by_text("成功读取 3 份，失败 1 份。")).to_be_visible(timeout=30_000)
    expect(phone.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    screenshot(phone, "rollup-390")
    phone.close()

    bank = load_course().selftest
    genuine = result_to_csv(result_of(new_round(bank, random.Random(1)), bank, "学员甲"))
    edited = genuine.decode("utf-8-sig").replace("（未作答）", "改过的答案", 1).encode("utf-8")
    results = []
    for name, data in (("甲的自测.csv", genuine), ("改过的自测.csv", edited)):
        path = tmp_path / name
        path.write_bytes(data)
        results.append(path)
    page.get_by_role("tab", name="自测结果").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").nth(1).set_input_files(results)
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("1 份无法验证：改过的自测.csv。", timeout=30_000)
    grid = page.get_by_test_id("stDataFrame").nth(1).locator("table[role=grid]")
    expect(grid).to_contain_text("⚠️ 无法验证")
    expect(grid).to_contain_text("✅ 已验证")
    screenshot(page, "rollup-selftest-1366")
    signing._secret.cache_clear()


def test_on_a_1080p_projector_the_whole_chain_and_the_buttons_are_on_the_screen(page: Page, app_url: str) -> None:
    """The picture sat under the settings, the talking point and the legend: its base row was below the screen,
    and the trainer scrolled down and up on every step (trainer review)."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, f"{app_url}/demo")
    forward = page.get_by_role("button", name="下一步 →")
    for _ in range(4):
        forward.click()
        wait_ready(page)
    expect(page.get_by_text("第 5/5 步：高层")).to_be_visible()
    expect(forward).to_be_in_viewport()
    picture = page.locator(".chain-graph svg").bounding_box()
    assert picture is not None and picture["y"] + picture["height"] <= 1080, picture
