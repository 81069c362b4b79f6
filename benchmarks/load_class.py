"""The class load test: simulated students on one real server, over Streamlit's own websocket protocol.

    .venv/bin/python benchmarks/load_class.py --scenario steady --students 60 --duration 60
    .venv/bin/python benchmarks/load_class.py --scenario burst --students 100 --window 10

Each student loads the page (index.html and the JS/CSS it names, like a browser with an empty cache),
opens the websocket (first load: connect → script_finished), goes to /sheet and types a new 客户名称
every ~3 s (each edit is validated and autosaved to SQLite). Targets from the issue:
steady — 0 errors, p95 interaction ≤ 300 ms, server memory growth ≤ 100 MB;
burst — everyone served, p95 first load ≤ 5 s. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import h11

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._server import Run, Server, Tab

THINK_S = (2.0, 4.0)  # one interaction every ~3 s ± 1 s
BROWSER_CONNECTIONS = 6  # parallel HTTP/1.1 connections a browser opens per host
RSS_GROWTH_MB, P95_INTERACTION_MS, P95_FIRST_LOAD_MS = 100.0, 300.0, 5000.0
_ASSET = re.compile(r'(?:src|href)="\./([^"]+)"')


@dataclass
class Stats:
    page_load: list[float] = field(default_factory=list)  # index.html + assets, ms
    first_load: list[float] = field(default_factory=list)  # websocket connect → script_finished, ms
    navigation: list[float] = field(default_factory=list)
    interaction: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)  # interactions begun after everyone reached /sheet
    arrived: list[float] = field(default_factory=list)  # when each student's navigation finished
    begun: list[float] = field(default_factory=list)  # when each interaction was sent
    errors: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    served: int = 0

    def record(self, kind: str, run: Run) -> bool:
        if run.ok:
            getattr(self, kind).append(run.ms)
            return True
        self.errors[f"{kind}: {run.status if not run.exceptions else 'exception'}"] += 1
        self.examples.append(f"{kind}: {run.status} {run.exceptions[:1]}")
        return False


async def _get_all(port: int, paths: list[str]) -> dict[str, bytes]:
    """GET each path over a few keep-alive connections, as a browser does; gzip accepted, not decoded."""
    pending, bodies = list(paths), {}

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        conn = h11.Connection(h11.CLIENT)
        try:
            while pending:
                path = pending.pop(0)
                headers = [("Host", f"127.0.0.1:{port}"), ("Accept-Encoding", "gzip")]
                writer.write(conn.send(h11.Request(method="GET", target=path, headers=headers)))
                writer.write(conn.send(h11.EndOfMessage()))
                body, status = b"", 0
                while (event := conn.next_event()) is not h11.PAUSED:
                    if event is h11.NEED_DATA:
                        conn.receive_data(await reader.read(65536))
                    elif isinstance(event, h11.Response):
                        status = event.status_code
                    elif isinstance(event, h11.Data):
                        body += event.data
                    elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                        break
                if status != 200:
                    raise OSError(f"GET {path} → {status}")
                bodies[path] = body
                conn.start_next_cycle()
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(min(BROWSER_CONNECTIONS, len(paths)))))
    return bodies


async def load_page(port: int) -> None:
    """What the browser fetches before it opens the websocket."""
    index = (await _get_all(port, ["/sheet"]))["/sheet"].decode("utf-8", "replace")
    assets = sorted({f"/{a}" for a in _ASSET.findall(index) if not a.startswith("_stcore/")})
    await _get_all(port, ["/_stcore/health", "/_stcore/host-config", *assets])


async def student(n: int, server: Server, start_at: float, stop_at: float, stats: Stats, static: bool) -> None:
    rng = random.Random(n)
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    tab = Tab(server.ws_url, "")
    try:
        if static:
            started = time.perf_counter()
            await load_page(server.port)
            stats.page_load.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        await tab.open()
        first = await tab.rerun(timeout=60)
        first.ms = (time.perf_counter() - started) * 1000
        if not stats.record("first_load", first):
            return
        stats.served += 1
        tab.go("sheet")
        if not stats.record("navigation", await tab.rerun()):
            return
        stats.arrived.append(time.perf_counter())
        edit = 0
        while time.perf_counter() + THINK_S[1] < stop_at:
            await asyncio.sleep(rng.uniform(*THINK_S))
            edit += 1
            tab.type_text("客户名称", f"国网某省电力公司（学员{n}·第{edit}次）")
            begun = time.perf_counter()
            if not stats.record("interaction", await tab.rerun()):
                return
            stats.begun.append(begun)
    except Exception as exc:  # connect refused, handshake failed, socket reset: the student is not served
        stats.errors[f"connect: {type(exc).__name__}"] += 1
        stats.examples.append(f"student {n}: {exc!r}"[:300])
    finally:
        await tab.close()


async def watch_memory(server: Server, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_mb())
        await asyncio.sleep(1.0)


async def warm_up(server: Server) -> None:
    """One student first, so module imports and caches are not counted as growth."""
    tab = Tab(server.ws_url, "")
    await tab.open()
    await tab.rerun(timeout=60)
    tab.go("sheet")
    await tab.rerun(timeout=60)
    await tab.close()


def saves_in_db(server: Server) -> int:
    """Autosaves that reached SQLite: every save bumps its draft's version by one."""
    try:
        with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
            return db.execute("SELECT COALESCE(SUM(version), 0) FROM drafts").fetchone()[0]
    except sqlite3.OperationalError:  # no table yet: nobody has saved
        return 0


async def run(args: argparse.Namespace) -> tuple[Stats, dict[str, float]]:
    stats = Stats()
    with Server("app.py", nodelay=args.nodelay) as server:
        rss_start = server.rss_mb()
        await warm_up(server)
        saves_before = saves_in_db(server)
        rss_base, peak, stop = server.rss_mb(), [0.0], asyncio.Event()
        memory = asyncio.create_task(watch_memory(server, peak, stop))
        cpu, client_cpu, began = server.cpu_s(), os.times(), time.perf_counter()
        window = args.window if args.scenario == "burst" else args.ramp
        rng = random.Random(0)
        arrivals = sorted(rng.uniform(0, window) for _ in range(args.students))
        stop_at = began + args.duration
        await asyncio.gather(
            *(student(n, server, began + at, stop_at, stats, not args.no_static) for n, at in enumerate(arrivals))
        )
        wall = time.perf_counter() - began
        if len(stats.arrived) == args.students:
            everyone = max(stats.arrived)
            stats.settled = [ms for at, ms in zip(stats.begun, stats.interaction, strict=True) if at > everyone]
        stop.set()
        await memory
        client = os.times()
        figures = {
            "RSS at start MB": rss_start,
            "RSS after warm-up MB": rss_base,
            "RSS peak MB": peak[0],
            "RSS end MB": server.rss_mb(),
            "server CPU s": server.cpu_s() - cpu,
            "wall s": wall,
            "load-generator CPU s": client.user + client.system - client_cpu.user - client_cpu.system,
            "autosaves in SQLite": saves_in_db(server) - saves_before,
        }
        if logged := server.errors_logged():
            stats.errors["server log: traceback/error"] += len(logged)
            stats.examples += logged[:3]
    return stats, figures


def _row(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<24}{'—':>8}"
    cut = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return (
        f"{name:<24}{len(values):>6}{statistics.median(values):>9.0f}{cut[94]:>9.0f}{cut[98]:>9.0f}{max(values):>9.0f}"
    )


def report(args: argparse.Namespace, stats: Stats, figures: dict[str, float]) -> list[str]:
    print(
        f"scenario={args.scenario} students={args.students} duration={args.duration}s "
        f"window={args.window if args.scenario == 'burst' else args.ramp}s nodelay={args.nodelay}"
    )
    print(f"{'latency (ms)':<24}{'n':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for kind in ("page_load", "first_load", "navigation", "interaction", "settled"):
        print(_row(kind, getattr(stats, kind)))
    for name, value in figures.items():
        print(f"{name:<24}{value:>10.1f}")
    cpu_share = figures["server CPU s"] / figures["wall s"]
    runs = len(stats.first_load) + len(stats.navigation) + len(stats.interaction)
    print(f"{'server CPU ms per run':<24}{figures['server CPU s'] * 1000 / max(runs, 1):>10.1f}")
    print(f"{'server CPU share':<24}{cpu_share:>10.2f}  (1.00 = one core busy: the GIL's limit)")
    print(f"served {stats.served}/{args.students}; errors: {dict(stats.errors) or 0}")
    for example in stats.examples[:5]:
        print(f"  {example}")
    missed = []
    if args.scenario == "steady":
        p95 = statistics.quantiles(stats.settled, n=100)[94] if len(stats.settled) > 1 else 1e9
        growth = figures["RSS end MB"] - figures["RSS after warm-up MB"]
        missed += [] if not stats.errors else ["0 errors"]
        missed += [] if p95 <= P95_INTERACTION_MS else [f"p95 settled interaction ≤ {P95_INTERACTION_MS:.0f} ms"]
        missed += [] if growth <= RSS_GROWTH_MB else [f"memory growth ≤ {RSS_GROWTH_MB:.0f} MB"]
    else:
        p95 = statistics.quantiles(stats.first_load, n=100)[94] if len(stats.first_load) > 1 else 1e9
        missed += [] if stats.served == args.students else ["all served"]
        missed += [] if p95 <= P95_FIRST_LOAD_MS else [f"p95 first load ≤ {P95_FIRST_LOAD_MS:.0f} ms"]
    print(f"targets missed: {', '.join(missed) or 'none'}")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["steady", "burst"], default="steady")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--duration", type=float, default=None, help="seconds; default 60 (burst: 40)")
    parser.add_argument("--window", type=float, default=10.0, help="burst: everyone arrives within this")
    parser.add_argument("--ramp", type=float, default=3.0, help="steady: arrivals spread over this")
    parser.add_argument("--no-static", action="store_true", help="skip index.html and JS/CSS downloads")
    parser.add_argument("--nodelay", action="store_true", help="serve with TCP_NODELAY (see README)")
    args = parser.parse_args()
    args.duration = args.duration or (60.0 if args.scenario == "steady" else args.window + 30.0)
    stats, figures = asyncio.run(run(args))
    sys.exit(1 if report(args, stats, figures) else 0)


if __name__ == "__main__":
    main()
