"""What the decision-chain graph costs in the browser: this checkout beside a baseline checkout, in one run.

    .venv/bin/python benchmarks/bench_graph_browser.py --baseline /tmp/base [--runs 5] [--demo]

The baseline is any other checkout of the app (e.g. `git worktree add /tmp/base dd1cfac`, where the browser
laid the graph out itself with st.graphviz_chart); both servers run with the repo's settings on 127.0.0.1 and
share the machine's noise (their actions alternate). Debian's Chromium, 1366 px. Timed in the page from the
input event (the Tab that commits a field, the pointerdown of a click) to the last websocket message or DOM
change, once no script runs and nothing has changed for QUIET_MS; medians of --runs.

Actions: a name edit on step ③ of the built-in example (8 people, graph beside the editor); the
在图中显示痛点 toggle there; with --demo, stepping the 课堂演示 through all five steps of a 300-person sheet
(issue 11: 166 s before). Figures go to benchmarks/README.md (coordinator: on a quiet machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright

from benchmarks._server import _free_port
from worksheets.example import example_sheet
from worksheets.model import Level, Line, Person, Relation, VisitSheet

ROOT = Path(__file__).resolve().parent.parent
QUIET_MS = 500
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PROBE = """(() => {
  const b = window.__bench = {armed: false, t0: 0, last: 0};
  const note = () => { b.last = performance.now(); };
  const start = () => { if (b.armed) { b.armed = false; b.t0 = b.last = performance.now(); } };
  window.addEventListener('keydown', start, true);
  window.addEventListener('pointerdown', start, true);
  const Native = window.WebSocket;
  window.WebSocket = function (...a) { const ws = new Native(...a); ws.addEventListener('message', note); return ws; };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  new MutationObserver(note).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""
SETTLED = f"""() => {{
  const b = window.__bench, app = document.querySelector('[data-testid=stApp]');
  return !!(b && app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED' && performance.now() - b.last > {QUIET_MS});
}}"""


class Checkout:
    """`streamlit run app.py` from one checkout, with its own data folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, _free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="bench-graph-")
        self.data = Path(self.tmp.name)

    def __enter__(self) -> Checkout:
        env = {**os.environ, "WORKBOOK_DATA_DIR": str(self.data)}
        env.pop("WORKBOOK_DB_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1"],
            cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.root}: streamlit did not start")

    def __exit__(self, *_: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.tmp.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def draft(self, sheet: VisitSheet) -> str:
        """A draft made by this checkout's own store (run in its folder: the baseline's model may differ)."""
        code = subprocess.run(
            [sys.executable, "-c", "import sys, json; from worksheets.store import DraftStore; "
             "from worksheets.model import VisitSheet; s = VisitSheet.model_validate_json(sys.stdin.read()); "
             f"print(DraftStore('sqlite:///{self.data / 'drafts.sqlite3'}').create(s, {{}}).code)"],
            cwd=self.root, input=sheet.model_dump_json(), capture_output=True, text=True, check=True,
        )  # fmt: skip
        return code.stdout.strip()


def big_sheet(n: int = 300) -> VisitSheet:
    levels = [Level.GRASSROOTS, Level.MIDDLE, Level.SENIOR]
    people = [
        Person(id=f"b{i:03d}", name=f"联系人{i:03d}", title="专责", line=list(Line)[i % 6], level=levels[i % 3],
               relation=list(Relation)[i % 5], introduced_by=f"b{(i - 1) // 2:03d}" if i else None)
        for i in range(n)
    ]  # fmt: skip
    return VisitSheet(customer="大客户", people=people)


def timed(page: Page, action) -> float:
    page.wait_for_function(SETTLED, polling=50, timeout=600_000)
    page.evaluate("() => { window.__bench.armed = true; }")
    action()
    page.wait_for_function(SETTLED, polling=50, timeout=600_000)
    return page.evaluate("() => window.__bench.last - window.__bench.t0")


def step3(browser, app: Checkout, code: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.add_init_script(PROBE)
    page.goto(f"{app.url}/sheet?sheet={code}")
    page.get_by_role("radiogroup", name="填写步骤").get_by_role("radio", name="③ 决策链").click()
    page.get_by_label("姓名或称呼", exact=True).wait_for()
    return page


def edit(page: Page, n: int) -> None:
    box = page.get_by_label("姓名或称呼", exact=True)
    box.fill(f"毕工{n}")
    box.press("Tab")


def demo_walk(browser, app: Checkout, code: str) -> float:
    """Seconds from the first 下一步 click until step 5 of the 300-person sheet is settled."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.add_init_script(PROBE)
    page.goto(f"{app.url}/demo?sheet={code}")
    page.get_by_text("我的拜访信息表").click()
    page.wait_for_function(SETTLED, polling=50, timeout=600_000)
    start = time.monotonic()
    for _ in range(4):
        timed(page, lambda: page.get_by_role("button", name="下一步 →").click())
    page.close()
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout of the app")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demo", action="store_true", help="also step the demo through a 300-person sheet")
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]]] = {}
    with Checkout(ROOT) as now, Checkout(args.baseline.resolve()) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        apps = {"baseline": base, "this": now}
        codes = {name: app.draft(example_sheet()) for name, app in apps.items()}
        pages = {name: step3(browser, app, codes[name]) for name, app in apps.items()}
        for run in range(args.runs + 1):  # the first round warms both servers and caches
            for name, page in pages.items():
                ms_edit = timed(page, lambda page=page, run=run: edit(page, run))
                ms_pain = timed(page, lambda page=page: page.get_by_text("在图中显示痛点").click())
                if run:
                    results.setdefault("name edit, step ③ (8 people)", {}).setdefault(name, []).append(ms_edit)
                    results.setdefault("pain toggle, step ③", {}).setdefault(name, []).append(ms_pain)
        if args.demo:
            big = {name: app.draft(big_sheet()) for name, app in apps.items()}
            for name, app in apps.items():
                secs = demo_walk(browser, app, big[name])
                results.setdefault("demo steps 1→5, 300 people", {}).setdefault(name, []).append(secs * 1000)
        browser.close()
    print(f"{'action':<34}{'baseline ms':>14}{'this ms':>12}{'ratio':>8}")
    for action, by in results.items():
        b, t = statistics.median(by["baseline"]), statistics.median(by["this"])
        print(f"{action:<34}{b:>14.0f}{t:>12.0f}{t / b:>8.2f}")


if __name__ == "__main__":
    main()
