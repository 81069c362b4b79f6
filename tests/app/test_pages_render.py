"""Every route renders its own page without an exception; the route registry matches the tree."""

from pathlib import Path

import pytest
from apptest_helpers import go

from routes import routes

ROOT = Path(__file__).resolve().parents[2]
PAGES = [r.url_path for r in routes()]


@pytest.mark.parametrize("route", routes(), ids=lambda r: r.url_path)
def test_page_renders_its_own_title(at, route):
    go(at, route.url_path)
    title = at.title[0].value
    if route.lesson is not None:
        assert title.startswith(f"第 {route.lesson} 节")
    else:
        assert title


def test_overview_is_the_landing_page(at):
    assert at.title[0].value == "第 12 课 · 初次拜访如何获取信息"


def test_progress_indicator_on_every_page(at):
    for page in PAGES:
        go(at, page)
        assert "课程进度：已读 0/11 节" in at.get("progress")[0].proto.text


def test_every_script_route_exists_and_no_legacy_pages_folder():
    """A pages/ folder would switch on Streamlit's legacy page discovery beside st.navigation."""
    assert not (ROOT / "pages").exists()
    scripts = {r.script for r in routes() if r.script}
    assert all((ROOT / s).is_file() for s in scripts)
    assert scripts | {"views/lesson.py"} == {f"views/{p.name}" for p in (ROOT / "views").glob("*.py")}
