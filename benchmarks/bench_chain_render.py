"""Laying out a new picture of the chain: the Graphviz helper beside the `dot` + `neato` programs, in one run.

    .venv/bin/python benchmarks/bench_chain_render.py [--runs 15]

Every run renames one person, so no picture comes from the cache (a name edit on step ③ does the same).
Sheets: the 7-person example the browser benchmark edits, and 30 and 200 people. Wall ms medians, helper and
programs alternating. Target (issue 16): the helper at most half the programs' time for the 7-person picture.
Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_chain import big_sheet
from worksheets import chain, graphviz_helper
from worksheets.example import example_sheet
from worksheets.model import VisitSheet


def _renamed(sheet: VisitSheet, n: int) -> str:
    people = list(sheet.people)
    people[0] = people[0].model_copy(update={"name": f"{people[0].name}{n}"})
    return chain.chain_graph(sheet.model_copy(update={"people": people}), legend=False).source


def _time(source: str, helper: bool) -> float:
    os.environ["WORKBOOK_GRAPHVIZ_HELPER"] = "on" if helper else "off"
    started = time.perf_counter()
    chain._layout(source, "svg")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    example = example_sheet()
    sheets = {
        "7 people (browser benchmark)": example.model_copy(update={"people": example.people[:7]}),
        "30 people": big_sheet(30),
        "200 people": big_sheet(200),
    }
    _time(_renamed(example, -1), helper=True)  # starts the helper: once per server process
    ratios = {}
    print(f"median of {args.runs} new pictures, ms wall")
    print(f"{'sheet':<30}{'helper':>9}{'programs':>10}{'ratio':>8}")
    n = 0
    for name, sheet in sheets.items():
        helper, programs = [], []
        for _ in range(args.runs):
            n += 1
            helper.append(_time(_renamed(sheet, n), helper=True))
            programs.append(_time(_renamed(sheet, n), helper=False))
        mine, theirs = statistics.median(helper), statistics.median(programs)
        ratios[name] = mine / theirs
        print(f"{name:<30}{mine:>9.1f}{theirs:>10.1f}{mine / theirs:>8.2f}")
    graphviz_helper.stop()
    first = next(iter(ratios))
    ok = ratios[first] <= 0.5
    print(f"helper ≤ 0.5 × programs for {first}: {ratios[first]:.2f} {'met' if ok else 'MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
