"""CSV (and, for information, Excel) export + import of a 200-person sheet: median over repeated runs."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worksheets.example import example_sheet
from worksheets.files.csv_io import from_csv, to_csv
from worksheets.files.xlsx_io import from_xlsx, to_xlsx
from worksheets.model import Line, Person, Relation, Role, VisitSheet

PEOPLE = 200
RUNS = 21
TARGET_MS = 50.0


def big_sheet() -> VisitSheet:
    """The worked example grown to 200 people, each referred by an earlier one, with full-length notes."""
    people = [
        Person(
            id=f"b{n:04d}",
            name=f"客户人员{n}",
            title="运检部专责",
            line=list(Line)[n % len(Line)],
            roles=[list(Role)[n % len(Role)]],
            relation=list(Relation)[n % len(Relation)],
            introduced_by=f"b{n - 1:04d}" if n else None,
            pain="现场终端经常掉线，运维人员跑得辛苦，关心“可靠性”, 以及=公式样的文字；" * 5,
            next_step="下周带样机去做联调演示。\n第二行说明。" * 5,
        )
        for n in range(PEOPLE)
    ]
    return example_sheet().model_copy(update={"people": people})


def median_ms(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> int:
    sheet = VisitSheet.model_validate(big_sheet().model_dump())
    csv_ms = median_ms(lambda: from_csv(to_csv(sheet)))
    xlsx_ms = median_ms(lambda: from_xlsx(to_xlsx(sheet)))
    size_kb = len(to_csv(sheet)) / 1024
    print(
        f"CSV  export+import, {PEOPLE} people ({size_kb:.0f} KB): median {csv_ms:.1f} ms over {RUNS} runs "
        f"(target ≤ {TARGET_MS:.0f} ms)"
    )
    print(f"XLSX export+import, {PEOPLE} people: median {xlsx_ms:.1f} ms over {RUNS} runs (for information)")
    assert from_csv(to_csv(sheet)) == sheet
    return 0 if csv_ms <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
