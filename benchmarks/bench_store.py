"""How long one autosave of a 200-person sheet takes; the page saves on every change, so it must be quick.

    .venv/bin/python benchmarks/bench_store.py [POSTGRES_URL]      (or set WORKBOOK_TEST_PG_URL)
Exits 1 when a median misses the target.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet
from worksheets.store import DraftStore

RUNS = 50
TARGET_MS = 20.0


def sheet_of_200() -> VisitSheet:
    """The example sheet topped up to 200 people, or 200 made-up people if there is no example yet."""
    try:
        from worksheets.example import example_sheet

        sheet = example_sheet()
    except ImportError:
        sheet = VisitSheet(customer="国网某省电力公司", project="配网自动化终端采购")
    extra = [
        Person(
            id=f"b{i:04d}",
            name=f"联系人{i}号",
            title="设备部主任",
            line=list(Line)[i % len(Line)],
            level=list(Level)[i % len(Level)],
            roles=[Role.INFLUENCER] if i % 5 == 0 else [],
            relation=list(Relation)[i % len(Relation)],
            pain="停电抢修慢，希望配网自动化早日落地；" * 5,
        )
        for i in range(200 - len(sheet.people))
    ]
    return sheet.model_copy(update={"people": [*sheet.people, *extra]})


def timed(action: Callable[[int], object]) -> list[float]:
    times = []
    for run in range(RUNS):
        started = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - started) * 1000)
    return times


def bench(label: str, url: str) -> bool:
    store = DraftStore(url)
    sheet = sheet_of_200()
    progress = {"sections_read": ["opening"], "quiz_answers": {}, "selftest_best": None, "selftest_rounds": 0}
    draft = store.create(sheet, progress)
    size_kb = len(sheet.model_dump_json().encode()) / 1024
    saves = timed(lambda run: store.save(draft.code, sheet, progress, base_version=run + 1))
    loads = timed(lambda _run: store.load(draft.code))
    store.dispose()
    median = statistics.median(saves)
    verdict = "达标" if median <= TARGET_MS else "未达标"
    print(
        f"{label}: 200 人、{size_kb:.0f} KB 的表，{RUNS} 次自动保存中位数 {median:.1f} ms"
        f"（最快 {min(saves):.1f}，最慢 {max(saves):.1f}；目标 ≤ {TARGET_MS:.0f} ms，{verdict}）；"
        f"读取中位数 {statistics.median(loads):.1f} ms"
    )
    return median <= TARGET_MS


def main() -> int:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        results.append(bench("SQLite", f"sqlite:///{Path(folder) / 'drafts.sqlite3'}"))
    pg_url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WORKBOOK_TEST_PG_URL")
    if pg_url:
        results.append(bench("PostgreSQL", pg_url))
    else:
        print("PostgreSQL: 未测（传入连接串或设置 WORKBOOK_TEST_PG_URL）")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
