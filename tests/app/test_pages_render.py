"""Every route renders its own page without an exception; the route registry matches the tree."""

from pathlib import Path

import pytest
from apptest_helpers import go

from routes import OVERVIEW, TRAINER_PAGES, routes

ROOT = Path(__file__).resolve().parents[2]
PAGES = [r.url_path for r in routes()]


@pytest.mark.parametrize("route", routes(), ids=lambda r: r.url_path)
def test_page_renders_its_own_title(at, route):
    go(at, route.url_path)
    title = at.title[0].value
    if route.lesson is not None:
        assert title.startswith(f"第 {route.lesson} 节")
    elif route.url_path != OVERVIEW:  # the landing page's title is the lesson's (test below)
        assert title == route.title  # the page opened is the one the sidebar names


def test_overview_is_the_landing_page(at):
    assert at.title[0].value == "第 12 课 · 初次拜访如何获取信息"


def test_progress_indicator_on_every_student_page(at):
    for page in (p for p in PAGES if p not in TRAINER_PAGES):
        go(at, page)
        assert "课程进度：已读 0/11 节" in at.get("progress")[0].proto.text
        assert any("草稿码：" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", sorted(TRAINER_PAGES))
def test_the_trainers_pages_show_no_draft_code_and_no_progress_on_the_projector(at, page):
    """The draft code opens that draft for anyone in the room who copies it (trainer review)."""
    go(at, page)
    assert not any("课程进度" in p.proto.text for p in at.get("progress"))
    assert not any("草稿码：" in c.value for c in at.sidebar.caption)
    assert any("讲师页不显示课程进度和草稿码" in c.value for c in at.sidebar.caption)


def test_every_script_route_exists_and_no_legacy_pages_folder():
    """A pages/ folder would switch on Streamlit's legacy page discovery beside st.navigation."""
    assert not (ROOT / "pages").exists()
    scripts = {r.script for r in routes() if r.script}
    assert all((ROOT / s).is_file() for s in scripts)
    assert scripts | {"views/lesson.py"} == {f"views/{p.name}" for p in (ROOT / "views").glob("*.py")}


@pytest.mark.parametrize("page", ["files", "demo"])
def test_the_example_is_offered_as_adapted_from_his_case_with_our_details(at, page):
    """Its amounts, titles and personalities are ours: never presented as the trainer's (content review)."""
    go(at, page)
    shown = [c.value for c in at.caption] + [c.value for c in at.sidebar.caption]
    assert any(c.startswith("示例依讲师课上讲的国网项目改编") and "本练习册虚构" in c for c in shown)
