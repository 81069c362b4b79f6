"""How long the full-width 决策链图 page takes to draw in Chromium: 200 people vs. the worked example.

Target (issue 4): the 200-person page renders in ≤ 2× the time of the example sheet's graph (medians).
Timed from navigation start until the graph's SVG is in the page, in a real `streamlit run` server.

    .venv/bin/python benchmarks/bench_chain_browser.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from benchmarks._server import Server
from worksheets.example import example_sheet
from worksheets.model import Level, Line, Person, Relation
from worksheets.store import DraftStore

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def big_sheet(n: int = 200):
    sheet = example_sheet()
    people = list(sheet.people)
    lines, levels, relations = list(Line), list(Level), list(Relation)
    for i in range(n - len(people)):
        people.append(
            Person(
                name=f"联系人{i:03d}",
                title="专责",
                line=lines[i % len(lines)],
                level=levels[i % 3],
                relation=relations[i % len(relations)],
                pain="关心可靠性与交付周期",
                introduced_by=people[i % 5].id,
            )
        )
    return sheet.model_copy(update={"people": people})


def time_page(page, url: str) -> float:
    page.goto(url)
    page.wait_for_selector(".chain-graph svg .node", timeout=60_000)
    return page.evaluate("() => performance.now()")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with Server() as server:
        store = DraftStore(server.db_url)
        codes = {"示例（8 人）": store.create(example_sheet(), {}).code, "200 人": store.create(big_sheet(), {}).code}
        store.dispose()
        results: dict[str, list[float]] = {name: [] for name in codes}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for run in range(runs + 1):
                for name, code in codes.items():
                    page = browser.new_page(viewport={"width": 1366, "height": 900})
                    ms = time_page(page, f"http://127.0.0.1:{server.port}/chain?sheet={code}")
                    if run:  # the first round warms the server and the browser cache
                        results[name].append(ms)
                    page.close()
            browser.close()
    base = statistics.median(results["示例（8 人）"])
    print(f"{'sheet':<12}{'median ms':>12}{'min':>10}{'max':>10}{'ratio':>8}")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:<12}{med:>12.0f}{min(times):>10.0f}{max(times):>10.0f}{med / base:>8.2f}")
    ratio = statistics.median(results["200 人"]) / base
    print(f"target ≤ 2.00× → {'met' if ratio <= 2 else 'MISSED'} ({ratio:.2f}×)")


if __name__ == "__main__":
    main()
