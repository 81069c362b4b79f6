"""How long the trainer waits for a class of 100 exported sheets to be rolled up (target ≤ 2 s)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worksheets.example import example_sheet
from worksheets.files.csv_io import to_csv
from worksheets.model import ControlPointCheck, FundingStatus, Investment, StateSignal, VisitSheet
from worksheets.rollup import rollup

STUDENTS = 100
RUNS = 7
TARGET_SECONDS = 2.0


def varied_sheet(i: int) -> VisitSheet:
    """Student i's sheet: the example with a different state, people, funding and control points."""
    sheet = example_sheet()
    signals = list(StateSignal)
    sheet.student = f"学员{i:03d}"
    sheet.customer = f"客户{i % 17}"
    state = (i % 3) * 3  # three signals per state, in lesson order; every 7th student mixes states
    sheet.signals = [signals[(i * 4) % 9], signals[i % 9]] if i % 7 == 0 else [signals[state + i % 2]]
    sheet.funding_status = list(FundingStatus)[i % 4]
    sheet.investment = list(Investment)[i % 5]
    if i % 3:  # introducers come before the people they introduce, so any prefix stays consistent
        sheet.people = sheet.people[: 1 + i % len(sheet.people)]
    sheet.control_points = [
        ControlPointCheck(point=c.point, met=bool((i >> n) & 1), evidence=c.evidence)
        for n, c in enumerate(sheet.control_points)
    ]
    return sheet


def main() -> int:
    files = [(f"作业_{i:03d}.csv", to_csv(varied_sheet(i))) for i in range(STUDENTS)]
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = rollup(files)
        timings.append(time.perf_counter() - start)
    assert len(result.rows) == STUDENTS and not result.failures, result.failures
    median = statistics.median(timings)
    print(
        f"roll-up of {STUDENTS} CSV sheets: median {median:.3f} s over {RUNS} runs "
        f"(min {min(timings):.3f}, max {max(timings):.3f}); target ≤ {TARGET_SECONDS} s"
    )
    print("state distribution:", result.state_distribution())
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
