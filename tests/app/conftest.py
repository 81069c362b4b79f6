"""AppTest runs the real app in-process, on a throwaway draft database per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apptest_helpers import new_app
from streamlit import config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def draft_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    monkeypatch.setenv("WORKBOOK_DB_URL", url)
    monkeypatch.chdir(ROOT)
    config.set_option("client.showErrorDetails", "full")
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def at() -> AppTest:
    """The app after its first run (the overview page)."""
    return new_app()
