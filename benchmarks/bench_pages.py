"""Every page's script run against an empty Streamlit page (target: median ≤ 2× empty), over the websocket.

    .venv/bin/python benchmarks/bench_pages.py [--runs 20] [--nodelay] [--pages sheet chain]

Two real `streamlit run` servers with the production config (this one and benchmarks/empty_app.py);
one simulated tab per page sends `rerun_script` and waits for `script_finished`. Also /sheet and
/chain with the example sheet, and /sheet (basics and the 决策链 step) with 200 people.
Exits 1 when a page's median misses the target.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._server import Server, Tab
from benchmarks.bench_store import sheet_of_200
from worksheets.example import example_sheet
from worksheets.model import VisitSheet
from worksheets.store import DraftStore

TARGET_RATIO = 2.0
WARMUP = 3  # the first runs import modules and fill st.cache_resource
PAGES = ["", *(f"lesson-{n:02d}" for n in range(1, 12)), "sheet", "chain", "files", "selftest", "demo", "rollup"]


@dataclass(frozen=True)
class Case:
    name: str
    page: str
    sheet: VisitSheet | None = None
    step: str | None = None  # a step of the sheet's segmented control 填写步骤


@dataclass(frozen=True)
class Result:
    name: str
    runs: list[float]
    cpu_ms: float  # server CPU per run: less noisy than wall time on a shared machine
    failures: list[str]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p90(self) -> float:
        return statistics.quantiles(self.runs, n=10)[-1]


def cases(pages: list[str]) -> list[Case]:
    loaded = [
        Case("sheet · 示例表", "sheet", example_sheet()),
        Case("chain · 示例表", "chain", example_sheet()),
        Case("sheet · 200 人", "sheet", sheet_of_200()),
        Case("sheet ③决策链 · 200 人", "sheet", sheet_of_200(), "③ 决策链"),
        Case("chain · 200 人", "chain", sheet_of_200()),
    ]
    return [Case(f"/{p}", p) for p in pages] + [c for c in loaded if c.page in pages]


async def measure(server: Server, case: Case, runs: int) -> Result:
    query = ""
    if case.sheet is not None:
        store = DraftStore(server.db_url)
        query = f"sheet={store.create(case.sheet, {}).code}"
        store.dispose()
    tab = Tab(server.ws_url, case.page, query)
    await tab.open()
    failures: list[str] = []
    try:
        for n in range(WARMUP):
            warm = await tab.rerun(timeout=60)
            failures += [] if warm.ok else [f"预热 {n}: {warm.status} {warm.exceptions}"]
            if case.step and n == 0:
                tab.choose("填写步骤", case.step)
        cpu = server.cpu_s()
        timed = [await tab.rerun() for _ in range(runs)]
        cpu_ms = (server.cpu_s() - cpu) * 1000 / runs
    finally:
        await tab.close()
    failures += [f"{r.status} {r.exceptions}" for r in timed if not r.ok]
    return Result(case.name, [r.ms for r in timed], cpu_ms, failures)


async def bench(args: argparse.Namespace) -> list[Result]:
    with Server("benchmarks/empty_app.py", nodelay=args.nodelay) as empty:
        results = [await measure(empty, Case("空白页 empty_app.py", ""), args.runs)]
    with Server("app.py", nodelay=args.nodelay) as app:
        for case in cases(args.pages):
            results.append(await measure(app, case, args.runs))
        logged = app.errors_logged()
    if logged:
        print("服务器日志里的错误：", *logged[:10], sep="\n  ")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", nargs="*", default=PAGES, help="URL paths; '' is the overview")
    parser.add_argument("--nodelay", action="store_true", help="serve with TCP_NODELAY (see README)")
    args = parser.parse_args()
    results = asyncio.run(bench(args))
    empty = results[0]
    print(f"{'page':<26}{'median ms':>10}{'p90 ms':>9}{'ratio':>7}{'CPU ms/run':>11}  ok")
    missed = []
    for r in results:
        ratio = r.median / empty.median
        ok = ratio <= TARGET_RATIO and not r.failures
        missed += [] if ok else [r.name]
        print(f"{r.name:<26}{r.median:>10.1f}{r.p90:>9.1f}{ratio:>7.1f}{r.cpu_ms:>11.1f}  {'✓' if ok else '✗'}")
        for failure in r.failures[:3]:
            print(f"    {failure}")
    print(f"目标：每页中位数 ≤ {TARGET_RATIO}× 空白页（{empty.median:.1f} ms）。未达标：{', '.join(missed) or '无'}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
