"""Shared steps for the AppTest page tests."""

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from routes import route

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def new_app(**query: str) -> AppTest:
    """A fresh browser session on the app, optionally opened with a query string (?sheet=…)."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params.update(query)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def go(app: AppTest, page: str) -> AppTest:
    """Open a page by its file (views/sheet.py) or its url path (lesson-05), as a sidebar click does."""
    if not page.endswith(".py"):
        page = route(page).script or page
    if page.endswith(".py"):
        app.switch_page(page)
    else:  # a page function (the lessons): AppTest switches only to files, so select the url path's hash
        app._page_hash = calc_hash(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def by_label(elements, label: str):
    """The one widget of a kind with this label (AppTest has no get-by-label)."""
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]
