"""The fixture for tests that sign result files: a fresh secret in a data folder of their own."""

import pytest

from worksheets import signing


@pytest.fixture
def fresh_result_secret(monkeypatch, tmp_path):
    """Result files signed with a secret made for this test alone, in its own data folder."""
    monkeypatch.delenv("WORKBOOK_SECRET", raising=False)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    signing._secret.cache_clear()
    yield
    signing._secret.cache_clear()
