"""Every page opens without an error; a lesson's 小测 and 下一节 move the progress bar."""

import re

from conftest import open_page, wait_ready
from playwright.sync_api import Page, expect

from course.loader import load_course
from routes import TRAINER_PAGES

COURSE = load_course()
PAGES = {
    "": "第 12 课 · 初次拜访如何获取信息",
    **{f"lesson-{s.order:02d}": f"第 {s.order} 节 · {s.title}" for s in COURSE.sections},
    "sheet": "拜访信息表",
    "chain": "决策链图",
    "files": "草稿与导入导出",
    "selftest": "三种状态自测",
    "demo": "课堂演示",
    "rollup": "作业汇总",
}
NAV_TITLES = {
    "": "课程总览",
    **{f"lesson-{s.order:02d}": f"{s.order}. {s.title}" for s in COURSE.sections},
    "sheet": "拜访信息表",
    "chain": "决策链图",
    "files": "草稿与导入导出",
    "selftest": "三种状态自测",
    "demo": "课堂演示",
    "rollup": "作业汇总",
}


def test_every_page_opens_without_error(page: Page, app_url: str) -> None:
    """Walk the sidebar like a student: every page draws its title and no exception box."""
    open_page(page, app_url)
    code = page.url.split("sheet=", 1)[1]
    nav = page.get_by_test_id("stSidebarNav")
    more = nav.get_by_role("button", name="View")  # the sidebar folds long menus
    if more.count():
        more.click()
    for path, title in PAGES.items():
        nav.get_by_role("link", name=NAV_TITLES[path], exact=True).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
        wait_ready(page)
        expect(page).to_have_url(f"{app_url}/{path}?sheet={code}")
        if path in TRAINER_PAGES:  # on the projector: neither the trainer's own progress nor a draft code
            expect(page.get_by_text("讲师页不显示课程进度和草稿码", exact=False)).to_be_visible()
            expect(page.get_by_text("课程进度：已读 0/11 节")).to_have_count(0)
        else:
            expect(page.get_by_text("课程进度：已读 0/11 节")).to_be_visible()


def _choose(page: Page, n: int, text: str) -> None:
    page.get_by_role("radiogroup", name=f"第 {n} 题的选项").get_by_text(text, exact=True).click()
    wait_ready(page)


def test_quiz_and_next_section_update_progress(page: Page, app_url: str) -> None:
    section = COURSE.sections[0]
    open_page(page, f"{app_url}/lesson-01")
    expect(page.get_by_role("heading", name="小测")).to_be_visible(timeout=30_000)

    first = section.quiz[0]
    wrong = next(o for o in first.options if not o.correct)
    _choose(page, 1, wrong.text)
    expect(page.get_by_text("还不对，再想想。")).to_be_visible()
    expect(page.get_by_text("小测通过 0/11")).to_be_visible()

    for n, question in enumerate(section.quiz, start=1):
        _choose(page, n, question.options[question.correct_index].text)
        expect(page.get_by_text("回答正确。")).to_have_count(n)
    expect(page.get_by_text(f"本节小测已通过：{len(section.quiz)}/{len(section.quiz)} 题全对。")).to_be_visible()
    expect(page.get_by_text("课程进度：已读 0/11 节 · 小测通过 1/11")).to_be_visible()

    page.get_by_role("button", name="下一节 →").click()
    expect(page.get_by_role("heading", name=f"第 2 节 · {COURSE.sections[1].title}")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(rf"{re.escape(app_url)}/lesson-02\?sheet=[\w-]+$"))
    expect(page.get_by_text("课程进度：已读 1/11 节 · 小测通过 1/11")).to_be_visible()


def test_state_names_and_case_labels_read_on_a_phone_and_a_desktop(page: Page, app_url: str) -> None:
    """第 9 节's three states and 第 5 节's two kinds of case, looked at in screenshots at 390 and 1366 px."""
    from conftest import DESKTOP, PHONE, screenshot

    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        open_page(page, f"{app_url}/lesson-09")
        for name in ("已锁定", "塑造期", "萌芽期"):
            expect(page.get_by_text(re.compile(f"^{name}：")).first).to_be_visible(timeout=30_000)
        screenshot(page, f"{size}-lesson-09-states")
        open_page(page, f"{app_url}/lesson-05")
        expect(page.get_by_text("🎙️ 讲师案例").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("🧩 示意案例（本练习册编写）").first).to_be_visible()
        screenshot(page, f"{size}-lesson-05-cases")
