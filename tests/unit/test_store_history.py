"""Kept versions say what replaced them (a stable code, a Chinese label) and when, in the reader's time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from worksheets.model import VisitSheet
from worksheets.moments import DEFAULT_ZONE, readable_time, zone
from worksheets.store import DraftStore, KeptReason

# Stored in the database: these codes never change (a label may).
CODES = ["new", "example", "import", "other_window", "restore", "delete", "replaced", "unknown"]


def test_reason_codes_are_stable_and_every_one_has_a_chinese_label():
    assert [r.value for r in KeptReason] == CODES
    labels = [r.label for r in KeptReason]
    assert len(set(labels)) == len(labels)
    assert all(label and not label.isascii() for label in labels)


def test_a_code_from_a_newer_release_reads_as_unknown():
    assert KeptReason.of("merged_from_phone") is KeptReason.UNKNOWN
    assert KeptReason.of(None) is KeptReason.UNKNOWN
    assert KeptReason.of("import") is KeptReason.IMPORT


def test_the_store_keeps_the_reason_given_and_says_other_window_on_a_conflict(tmp_path):
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    draft = store.create(VisitSheet(customer="一"), {})
    store.save(draft.code, VisitSheet(customer="二"), {}, base_version=1, keep_previous=True, reason=KeptReason.IMPORT)
    store.save(draft.code, VisitSheet(customer="三"), {}, base_version=2, keep_previous=True)
    store.save(draft.code, VisitSheet(customer="四"), {}, base_version=2, reason=KeptReason.EXAMPLE)  # stale
    kept = [(h.sheet.customer, h.reason) for h in store.history(draft.code)]
    assert kept == [("三", KeptReason.OTHER_WINDOW), ("二", KeptReason.REPLACED), ("一", KeptReason.IMPORT)]
    store.dispose()


NOW = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai, 20:30 the day before in New York


@pytest.mark.parametrize(
    ("moment", "name", "text"),
    [
        (datetime(2026, 12, 1, 1, 11, tzinfo=UTC), "Asia/Shanghai", "今天 09:11"),
        (datetime(2026, 11, 30, 15, 59, tzinfo=UTC), "Asia/Shanghai", "昨天 23:59"),
        (datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "Asia/Shanghai", "今天 00:00"),
        (datetime(2026, 11, 28, 6, 5, tzinfo=UTC), "Asia/Shanghai", "11月28日 14:05"),
        (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), "Asia/Shanghai", "1月1日 07:00"),
        (datetime(2025, 12, 31, 15, 0, tzinfo=UTC), "Asia/Shanghai", "2025年12月31日 23:00"),
        (datetime(2026, 12, 1, 1, 11, tzinfo=UTC), "America/New_York", "今天 20:11"),
        (datetime(2026, 11, 30, 4, 0, tzinfo=UTC), "America/New_York", "昨天 23:00"),
    ],
)
def test_readable_time_in_the_readers_zone(moment, name, text):
    assert readable_time(moment, NOW, zone(name)) == text


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "../../etc/passwd"])
def test_an_unknown_or_missing_zone_falls_back_to_the_bootcamps(name):
    assert zone(name).key == DEFAULT_ZONE
