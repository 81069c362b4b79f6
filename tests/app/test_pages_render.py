"""Every page renders without an exception."""

import pytest
from apptest_helpers import go

PAGES = [f"views/lesson_{n:02d}.py" for n in range(1, 12)] + [
    "views/overview.py",
    "views/sheet.py",
    "views/chain.py",
    "views/files.py",
    "views/selftest.py",
    "views/trainer_demo.py",
    "views/trainer_rollup.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(at, page):
    go(at, page)
    assert at.title[0].value


def test_overview_is_the_landing_page(at):
    assert at.title[0].value == "第 12 课 · 初次拜访如何获取信息"


def test_progress_indicator_on_every_page(at):
    for page in PAGES:
        go(at, page)
        assert "课程进度：已读 0/11 节" in at.get("progress")[0].proto.text
