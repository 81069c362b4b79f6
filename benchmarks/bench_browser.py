"""What a student waits for in the browser, beside the same action on a minimal Streamlit app, in one run.

    .venv/bin/python benchmarks/bench_browser.py [--runs 7] [--quick] [--phone] [--trace DIR]

Two servers with this project's settings (scripts/serve.py, .streamlit/config.toml): app.py, and
benchmarks/minimal_app.py (one field, a segmented control, a toggle, a second page). Debian's Chromium.
An action is timed in the page, from its input event (the Tab that commits a field, the pointerdown of
a click; for a cold load, navigation start) to the last server message or DOM change, once the app says
no script runs and nothing has changed for QUIET_MS. Project and baseline actions alternate, so both
share the machine's noise; figures are medians of `--runs`.

Actions: a field edit on step ③ with 7 people (graph beside the editor), switching the sheet's steps
(① → ③ and back), the 在图中显示痛点 toggle on step ③, a lesson page switch, a cold first load of /.
Goals (issue 16): edit and step switch ≤ 2× the minimal app's rerun; pain toggle ≤ 2× the plain edit;
cold load ≤ 1.5× the minimal app's. Also per action: websocket messages and bytes, DOM mutation records,
elements in the page after, server CPU ms. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright

from benchmarks._server import Server
from worksheets.example import example_sheet
from worksheets.store import DraftStore

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
QUIET_MS = 500
ACTIONS = (
    "field edit, step ③",
    "step ① → ③",
    "step ③ → ①",
    "pain toggle, step ③",
    "lesson page switch",
    "cold first load /",
)
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}

# Injected before any page script: stamps the input event, every websocket message and every DOM change.
PROBE = """
(() => {
  const b = window.__bench = {armed: false, t0: 0, last: 0, ws: 0, wsBytes: 0, mut: 0};
  const note = () => { b.last = performance.now(); };
  const start = () => {
    if (!b.armed) return;
    b.armed = false; b.t0 = b.last = performance.now(); b.ws = b.wsBytes = b.mut = 0;
  };
  window.addEventListener('keydown', start, true);
  window.addEventListener('pointerdown', start, true);
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => {
      b.ws += 1; b.wsBytes += e.data.byteLength || e.data.size || e.data.length || 0; note();
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  const observe = () => new MutationObserver((records) => { b.mut += records.length; note(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  observe();
})();
"""
SETTLED = f"""() => {{
  const b = window.__bench, app = document.querySelector('[data-testid=stApp]');
  return !!(b && app && b.ws > 0 && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED' && performance.now() - b.last > {QUIET_MS});
}}"""


@dataclass
class Sample:
    ms: float
    ws: int
    ws_kb: float
    mutations: int
    elements: int
    server_cpu_ms: float


@dataclass
class Row:
    name: str
    project: list[Sample] = field(default_factory=list)
    minimal: list[Sample] = field(default_factory=list)

    @staticmethod
    def median(samples: list[Sample], what: str = "ms") -> float:
        return statistics.median(getattr(s, what) for s in samples) if samples else float("nan")


def settle(page: Page, server: Server, cpu_before: float, *, cold: bool = False) -> Sample:
    page.wait_for_function(SETTLED, polling=50, timeout=60_000)
    b = page.evaluate("() => ({...window.__bench, elements: document.querySelectorAll('*').length})")
    if b["t0"] == 0 and not cold:
        raise RuntimeError("the action's input event was never seen")
    return Sample(
        b["last"] - b["t0"], b["ws"], b["wsBytes"] / 1024, b["mut"], b["elements"], (server.cpu_s() - cpu_before) * 1000
    )


def act(page: Page, server: Server, action: Callable[[], None], prepare: Callable[[], None] | None = None) -> Sample:
    """Arm the probe, do the action (its keydown/pointerdown starts the clock), wait until settled.
    `prepare` runs before, untimed (opening the collapsed sidebar on a phone)."""
    if prepare:
        prepare()
    page.wait_for_function(SETTLED, polling=50, timeout=60_000)
    page.evaluate("() => { window.__bench.armed = true; }")
    cpu = server.cpu_s()
    action()
    return settle(page, server, cpu)


def cold_load(browser, server: Server, url: str, viewport: dict) -> Sample:
    context = browser.new_context(viewport=viewport, locale="zh-CN")  # empty cache, no cookies
    context.add_init_script(PROBE)
    page = context.new_page()
    cpu = server.cpu_s()
    page.goto(url)
    sample = settle(page, server, cpu, cold=True)
    context.close()
    return sample


def open_settled(browser, url: str, viewport: dict) -> Page:
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.add_init_script(PROBE)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, polling=50, timeout=60_000)
    return page


def commit(page: Page, label: str, value: str) -> Callable[[], None]:
    def do() -> None:
        box = page.get_by_label(label, exact=True)
        box.fill(value)  # typing reruns nothing; the clock starts at the Tab that commits
        box.press("Tab")

    return do


def open_sidebar(page: Page) -> Callable[[], None]:
    """On a phone the sidebar is collapsed after every page switch: open it before the link is clicked."""

    def do() -> None:
        nav = page.get_by_test_id("stSidebarNav")
        if not nav.is_visible():
            page.get_by_test_id("stExpandSidebarButton").click()
            nav.wait_for(state="visible")

    return do


def radio(page: Page, group: str, name: str):
    """An option of a segmented control (a radio group to assistive technology)."""
    return page.get_by_role("radiogroup", name=group).get_by_role("radio", name=name)


def click(page: Page, locator_of: Callable[[Page], object]) -> Callable[[], None]:
    return lambda: locator_of(page).click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs: proves the script works, figures are rough")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="only the actions whose name has a WORD: edit, step, pain, lesson, cold",
    )
    parser.add_argument("--phone", action="store_true", help="390 px wide viewport instead of 1366")
    parser.add_argument(
        "--trace",
        type=Path,
        help="write a Chromium performance trace of one step-③ edit and "
        "one pain toggle here (open in chrome://tracing or Perfetto)",
    )
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    viewport = PHONE if args.phone else DESKTOP
    sheet = example_sheet()
    sheet = sheet.model_copy(update={"people": sheet.people[:7]})  # 7 people, as the issue measured
    with Server("app.py", nodelay=True) as app, Server("benchmarks/minimal_app.py", nodelay=True) as minimal:
        store = DraftStore(app.db_url)
        code = store.create(sheet, {}).code
        store.dispose()
        base, mini = f"http://127.0.0.1:{app.port}", f"http://127.0.0.1:{minimal.port}"
        rows = {name: Row(name) for name in ACTIONS if not args.only or any(word in name for word in args.only)}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            sheet_page = open_settled(browser, f"{base}/sheet?sheet={code}", viewport)
            lesson_page = open_settled(browser, f"{base}/lesson-01?sheet={code}", viewport)
            mini_page = open_settled(browser, mini, viewport)
            mini_other = open_settled(browser, mini, viewport)

            def step(page: Page, name: str) -> Callable[[], None]:
                return click(page, lambda pg: radio(pg, "填写步骤", name))

            def mini_step(name: str) -> Callable[[], None]:
                return click(mini_page, lambda pg: radio(pg, "步骤", name))

            def nav(page: Page, path: str) -> Callable[[], None]:
                return click(page, lambda pg: pg.get_by_test_id("stSidebarNav").locator(f"a[href$='/{path}']").first)

            act(sheet_page, app, step(sheet_page, "③ 决策链"))
            pain = sheet_page.get_by_text("在图中显示痛点", exact=True)

            def actions_for(run: int) -> list[tuple[str, Callable[[], Sample], Callable[[], Sample]]]:
                return [
                    (
                        "field edit, step ③",
                        lambda: act(sheet_page, app, commit(sheet_page, "姓名或称呼", f"毕工{run}")),
                        lambda: act(mini_page, minimal, commit(mini_page, "一个字段", f"值{run}")),
                    ),
                    (
                        "pain toggle, step ③",
                        lambda: act(sheet_page, app, lambda: pain.click()),
                        lambda: act(
                            mini_page, minimal, click(mini_page, lambda pg: pg.get_by_text("一个开关", exact=True))
                        ),
                    ),
                    (
                        "step ③ → ①",
                        lambda: act(sheet_page, app, step(sheet_page, "① 基本信息")),
                        lambda: act(mini_page, minimal, mini_step("乙")),
                    ),
                    (
                        "step ① → ③",
                        lambda: act(sheet_page, app, step(sheet_page, "③ 决策链")),
                        lambda: act(mini_page, minimal, mini_step("甲")),
                    ),
                    (
                        "lesson page switch",
                        lambda: act(
                            lesson_page,
                            app,
                            nav(lesson_page, "lesson-02" if run % 2 == 0 else "lesson-01"),
                            open_sidebar(lesson_page),
                        ),
                        lambda: act(
                            mini_other,
                            minimal,
                            nav(mini_other, "second" if run % 2 == 0 else ""),
                            open_sidebar(mini_other),
                        ),
                    ),
                    (
                        "cold first load /",
                        lambda: cold_load(browser, app, f"{base}/", viewport),
                        lambda: cold_load(browser, minimal, f"{mini}/", viewport),
                    ),
                ]

            for run in range(runs + 1):  # round 0 warms caches and the browser; it is not counted
                keep = run > 0
                samples = [(name, mine(), theirs()) for name, mine, theirs in actions_for(run) if name in rows]
                if keep:
                    for name, mine, theirs in samples:
                        rows[name].project.append(mine)
                        rows[name].minimal.append(theirs)
                print(f"round {run}{'' if keep else ' (warm-up)'} done", file=sys.stderr, flush=True)
            if args.trace:
                trace(browser, sheet_page, app, args.trace)
            browser.close()
    sys.exit(report(rows, runs, viewport))


TRACE_EVENTS = (
    "RunTask",
    "FunctionCall",
    "TimerFire",
    "UpdateLayoutTree",
    "Layout",
    "PrePaint",
    "Paint",
    "Layerize",
    "MinorGC",
    "MajorGC",
)


def trace(browser, page: Page, server: Server, folder: Path) -> None:
    """A Chromium performance trace around one step-③ edit and one pain toggle, with its main-thread summary."""
    folder.mkdir(parents=True, exist_ok=True)
    actions = (
        ("edit", commit(page, "姓名或称呼", "毕工（trace）")),
        ("pain", lambda: page.get_by_text("在图中显示痛点", exact=True).click()),
    )
    for name, action in actions:
        path = folder / f"{name}.json"
        browser.start_tracing(
            page=page,
            path=str(path),
            screenshots=False,
            categories=[
                "devtools.timeline",
                "v8.execute",
                "blink.user_timing",
                "loading",
                "disabled-by-default-devtools.timeline",
            ],
        )
        sample = act(page, server, action)
        browser.stop_tracing()
        print(f"trace {path}: {sample.ms:.0f} ms settled; main thread ms by event: {main_thread(path)}")


def main_thread(path: Path) -> str:
    events = json.loads(path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    totals: dict[str, float] = {}
    for e in events:
        if e.get("ph") == "X" and e.get("name") in TRACE_EVENTS and (e["pid"], e["tid"]) in main:
            totals[e["name"]] = totals.get(e["name"], 0.0) + e.get("dur", 0) / 1000
    return ", ".join(f"{k} {v:.0f}" for k, v in sorted(totals.items(), key=lambda kv: -kv[1]) if v >= 1)


def report(rows: dict[str, Row], runs: int, viewport: dict) -> int:
    print(f"median of {runs} runs, viewport {viewport['width']} px; ms from input event to page settled")
    head = f"{'action':<22}{'project':>9}{'minimal':>9}{'ratio':>7}{'ws msgs':>9}{'ws KB':>8}{'DOM muts':>10}"
    print(head + f"{'elements':>10}{'server ms':>11}")
    for row in rows.values():
        mine, theirs = Row.median(row.project), Row.median(row.minimal)
        print(
            f"{row.name:<22}{mine:>9.0f}{theirs:>9.0f}{mine / theirs:>7.1f}"
            f"{Row.median(row.project, 'ws'):>9.0f}{Row.median(row.project, 'ws_kb'):>8.1f}"
            f"{Row.median(row.project, 'mutations'):>10.0f}{Row.median(row.project, 'elements'):>10.0f}"
            f"{Row.median(row.project, 'server_cpu_ms'):>11.0f}"
        )
        print(
            f"{'  (minimal app)':<38}{Row.median(row.minimal, 'ws'):>9.0f}{Row.median(row.minimal, 'ws_kb'):>8.1f}"
            f"{Row.median(row.minimal, 'mutations'):>10.0f}{Row.median(row.minimal, 'elements'):>10.0f}"
            f"{Row.median(row.minimal, 'server_cpu_ms'):>11.0f}"
        )
    ratio = {name: Row.median(r.project) / Row.median(r.minimal) for name, r in rows.items()}
    edit, toggle = "field edit, step ③", "pain toggle, step ③"
    if edit in rows and toggle in rows:
        ratio["toggle vs edit"] = Row.median(rows[toggle].project) / Row.median(rows[edit].project)
    goals = [
        ("field edit ≤ 2× minimal rerun", edit, 2.0),
        ("step switch ① → ③ ≤ 2× minimal", "step ① → ③", 2.0),
        ("step switch ③ → ① ≤ 2× minimal", "step ③ → ①", 2.0),
        ("pain toggle ≤ 2× the plain edit", "toggle vs edit", 2.0),
        ("cold first load ≤ 1.5× minimal", "cold first load /", 1.5),
    ]
    missed = 0
    for text, key, limit in goals:
        if key not in ratio:
            continue
        value = ratio[key]
        ok = value <= limit
        missed += not ok
        print(f"{text:<36}{value:>6.2f}×  {'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    main()
