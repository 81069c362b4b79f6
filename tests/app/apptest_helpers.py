"""Shared steps for the AppTest page tests."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def new_app(**query: str) -> AppTest:
    """A fresh browser session on the app, optionally opened with a query string (?sheet=…)."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params.update(query)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def go(app: AppTest, page: str) -> AppTest:
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def by_label(elements, label: str):
    """The one widget of a kind with this label (AppTest has no get-by-label)."""
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]
