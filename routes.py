"""Every page of the workbook once: its url path, title, icon and group.

app.py builds the navigation from ROUTES; every page link and page switch goes through `page()` / `go()`, and
the tests find pages here. The 11 lessons are one page function (views/lesson.py) with the section as its
parameter, handed in by app.py so this module never imports a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

import streamlit as st

import app_state
from course.loader import load_course

OVERVIEW, SHEET, CHAIN, FILES = "overview", "sheet", "chain", "files"
SELFTEST, DEMO, ROLLUP = "selftest", "demo", "rollup"
TRAINER_PAGES = frozenset({DEMO, ROLLUP})  # shown on a projector: no student progress, no draft code
PRACTICE = "practice"


@dataclass(frozen=True)
class Route:
    url_path: str
    title: str
    group: str
    script: str | None = None  # a page script under views/ ...
    lesson: int | None = None  # ... or the lesson section that views/lesson.py shows
    icon: str | None = None


def lesson_path(order: int) -> str:
    return f"lesson-{order:02d}"


@cache
def routes() -> tuple[Route, ...]:
    lessons = tuple(
        Route(lesson_path(s.order), f"{s.order}. {s.title}", "课程", lesson=s.order) for s in load_course().sections
    )
    return (
        Route(OVERVIEW, "课程总览", "课程", script="views/overview.py", icon="🧭"),
        *lessons,
        Route(PRACTICE, "模拟初访", "模拟初访", script="views/practice.py", icon="🎭"),
        Route(SHEET, "拜访信息表", "作业", script="views/sheet.py", icon="📝"),
        Route(CHAIN, "决策链图", "作业", script="views/chain.py", icon="🕸️"),
        Route(FILES, "草稿与导入导出", "作业", script="views/files.py", icon="💾"),
        Route(SELFTEST, "三种状态自测", "自测", script="views/selftest.py", icon="🎯"),
        Route(DEMO, "课堂演示", "讲师", script="views/trainer_demo.py", icon="📽️"),
        Route(ROLLUP, "作业汇总", "讲师", script="views/trainer_rollup.py", icon="📊"),
    )


def route(url_path: str) -> Route:
    return next(r for r in routes() if r.url_path == url_path)


def navigation_pages(lesson_page: Callable[[int], None]) -> dict[str, list[st.Page]]:
    """This run's st.Page objects by group (pages keep per-run state, so they are made anew every run)."""
    groups: dict[str, list[st.Page]] = {}
    made: dict[str, st.Page] = {}
    for r in routes():
        source = partial(lesson_page, r.lesson) if r.lesson is not None else r.script
        made[r.url_path] = st.Page(
            source, title=r.title, icon=r.icon, url_path=r.url_path, default=r.url_path == OVERVIEW
        )
        groups.setdefault(r.group, []).append(made[r.url_path])
    app_state.set_pages(made)
    return groups


def page(url_path: str) -> st.Page:
    """The registered page for links (st.page_link) and switches."""
    return app_state.pages()[url_path]


def go(url_path: str) -> None:
    """Switch page and keep the draft code in the URL."""
    st.switch_page(page(url_path), query_params={"sheet": app_state.workbook().code})
