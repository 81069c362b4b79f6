"""One choice in 模拟初访 against an empty Streamlit page's rerun (target: median ≤ 2× empty), over the websocket.

    .venv/bin/python benchmarks/bench_practice.py [--runs 20] [--nodelay]

Two real `streamlit run` servers with the production config (benchmarks/empty_app.py and app.py). A simulated
tab opens /practice, starts a scenario and then walks between two places: each click is one choice, which the
server validates, replays, autosaves to SQLite and draws. Also times plain reruns of the scenario list and of the
visit screen, so the autosave's share of a choice can be read off.
Exits 1 when the median choice misses the target.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks._server import Run, Server, Tab
from practice import engine
from practice.loader import load_scenarios

TARGET_RATIO = 2.0
WARMUP = 3
START = "开始拜访"


async def _click(tab: Tab, label: str) -> Run:
    """A button press as the frontend sends it: a trigger, sent once."""
    state = WidgetState(id=tab.labels[label], trigger_value=True)
    tab.widgets[state.id] = state
    try:
        return await tab.rerun()
    finally:
        tab.widgets.pop(state.id, None)


def _label(choice) -> str:
    return choice.text + (f"（{choice.minutes} 分钟）" if choice.minutes else "")


async def empty_reruns(runs: int, nodelay: bool) -> list[float]:
    with Server("benchmarks/empty_app.py", nodelay=nodelay) as server:
        tab = Tab(server.ws_url)
        await tab.open()
        try:
            for _ in range(WARMUP):
                await tab.rerun(timeout=60)
            return [(await tab.rerun()).ms for _ in range(runs)]
        finally:
            await tab.close()


async def practice_reruns(runs: int, nodelay: bool) -> tuple[list[float], list[float], list[float], list[str]]:
    scenario = load_scenarios()[-1]  # the last card's 开始拜访 is the one the tab knows by that label
    failures: list[str] = []
    with Server("app.py", nodelay=nodelay) as server:
        tab = Tab(server.ws_url, "practice")
        await tab.open()
        try:
            for _ in range(WARMUP):
                warm = await tab.rerun(timeout=60)
                failures += [] if warm.ok else [f"预热: {warm.status} {warm.exceptions}"]
            plain = [(await tab.rerun()).ms for _ in range(runs)]
            started = await _click(tab, START)
            failures += [] if started.ok else [f"开始: {started.status} {started.exceptions}"]
            playing = [(await tab.rerun()).ms for _ in range(runs)]  # the visit screen, nothing clicked
            visit, previous, choices = engine.start(scenario), None, []
            for _ in range(WARMUP + runs):
                moves = [c for c in engine.available(scenario, visit) if c.kind == "move"]
                back = next((c for c in moves if c.id == f"go-{previous}"), moves[0])
                previous = visit.place
                run = await _click(tab, _label(back))
                failures += [] if run.ok else [f"{back.id}: {run.status} {run.exceptions}"]
                visit = engine.choose(scenario, visit, back.id)
                choices.append(run.ms)
            failures += server.errors_logged()[:3]
        finally:
            await tab.close()
    return plain, playing, choices[WARMUP:], failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--nodelay", action="store_true", help="serve with TCP_NODELAY (see README)")
    args = parser.parse_args()
    empty = asyncio.run(empty_reruns(args.runs, args.nodelay))
    plain, playing, choices, failures = asyncio.run(practice_reruns(args.runs, args.nodelay))
    base = statistics.median(empty)
    print(f"{'run':<28}{'median ms':>10}{'p90 ms':>9}{'ratio':>7}")
    rows = (
        ("空白页 empty_app.py", empty),
        ("/practice 选场景页", plain),
        ("/practice 拜访页（不点）", playing),
        ("/practice 一次选择", choices),
    )
    for name, runs in rows:
        median, p90 = statistics.median(runs), statistics.quantiles(runs, n=10)[-1]
        print(f"{name:<28}{median:>10.1f}{p90:>9.1f}{median / base:>7.1f}")
    for failure in failures[:5]:
        print(f"    {failure}")
    ratio = statistics.median(choices) / base
    verdict = "达标" if ratio <= TARGET_RATIO else "未达标"
    print(f"目标：一次选择的中位数 ≤ {TARGET_RATIO}× 空白页（{base:.1f} ms）：{verdict}")
    sys.exit(0 if ratio <= TARGET_RATIO and not failures else 1)


if __name__ == "__main__":
    main()
