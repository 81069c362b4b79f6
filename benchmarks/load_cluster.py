"""A class through the load balancer: 1 vs 2 instances behind nginx on one PostgreSQL, in one run.

    .venv/bin/python benchmarks/load_cluster.py [--instances 1 2] [--levels 30 60 90 ...] [--quick]

For each instance count, scripts/start-cluster.sh starts the instances and nginx (on a throwaway
PostgreSQL this script starts), then students arrive in steps (`--levels`): each loads the page through
nginx, opens the websocket, goes to /sheet and types a new 客户名称 every 3 ± 1 s (validated and autosaved).
After everyone of a step has reached /sheet, its interactions are timed for `--window` seconds.
A step passes at p95 ≤ 300 ms and 0 errors; the capacity of a setup is the interactions per second its
highest passing step served. Target (issue 16): capacity(2) ≥ 1.7 × capacity(1); 0 errors within capacity;
every autosave in the database. Also printed: server CPU per interaction, and the load generator's own CPU
(near 1.0 of a core means the generator, not the servers, limits the figure). Exits 1 on a missed target.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from benchmarks._server import Run, Tab
from benchmarks.load_class import THINK_S, load_page

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "start-cluster.sh"
P95_MS, TARGET_RATIO = 300.0, 1.7


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_base(instances: int) -> int:
    for _ in range(50):
        base = random.randrange(20_000, 40_000)
        if all(_free(base + k) for k in range(instances + 1)):
            return base
    raise RuntimeError("no free ports")


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy_s() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def _helpers_cpu_s() -> float:
    """CPU seconds of every nginx and postgres process on the machine (on a quiet machine: this run's)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name.startswith(("nginx", "postgres")):
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _own_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


class Cluster:
    """scripts/start-cluster.sh with N instances; what the load generator needs to know of it."""

    def __init__(self, instances: int, db_url: str) -> None:
        self.instances = instances
        self.port = _free_base(instances)
        self.run_dir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
        self.env = {
            **os.environ,
            "WORKBOOK_CLUSTER_PORT": str(self.port),
            "WORKBOOK_CLUSTER_DIR": str(self.run_dir),
            "WORKBOOK_DB_URL": db_url,
            "PYTHON": sys.executable,
        }

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def _script(self, *args: str) -> None:
        done = subprocess.run(
            ["bash", str(SCRIPT), *args], cwd=ROOT, env=self.env, timeout=180, capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"start-cluster.sh {' '.join(args)} failed:\n{done.stderr[-2000:]}")

    def __enter__(self) -> Cluster:
        try:
            self._script("start", str(self.instances))
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), "stop"],
            cwd=ROOT,
            env=self.env,
            timeout=120,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def pids(self) -> list[int]:
        found = [self.run_dir / f"instance-{k}.pid" for k in range(1, self.instances + 1)]
        return [int(p.read_text()) for p in found if p.exists()]

    def cpu_s(self) -> float:
        return sum(_cpu_s(pid) for pid in self.pids())

    def rss_mb(self) -> list[float]:
        """Each instance's resident memory, from /proc."""
        sizes = []
        for pid in self.pids():
            status = Path(f"/proc/{pid}/status")
            lines = status.read_text().splitlines() if status.exists() else []
            sizes += [int(line.split()[1]) / 1024 for line in lines if line.startswith("VmRSS:")]
        return sizes

    def errors_logged(self) -> list[str]:
        lines = []
        for log in self.run_dir.glob("instance-*.log"):
            lines += [
                line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line or "ERROR" in line
            ]
        return lines


@dataclass
class Step:
    students: int
    runs: list[tuple[float, Run]] = field(default_factory=list)  # (sent at, run) for interactions in the window
    errors: int = 0
    window_s: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    helpers_cpu_s: float = 0.0  # nginx and PostgreSQL
    machine_busy: float = 0.0  # share of all cores busy during the window (1.00 = every core)

    @property
    def ok_ms(self) -> list[float]:
        return [run.ms for _, run in self.runs if run.ok]

    @property
    def p95(self) -> float:
        ms = self.ok_ms
        return statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else float("inf")

    @property
    def rate(self) -> float:
        return len(self.ok_ms) / self.window_s if self.window_s else 0.0

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.p95 <= P95_MS


class Class:
    """The students of one setup; they keep typing until the whole setup is measured."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.stop = asyncio.Event()
        self.arrived = 0
        self.errors: list[str] = []
        self.interactions_ok = 0
        self.log: list[tuple[float, Run]] = []  # every interaction: (sent at, run)
        self.tasks: list[asyncio.Task] = []

    def add(self, count: int, ramp_s: float) -> None:
        start = time.perf_counter()
        for n in range(len(self.tasks), len(self.tasks) + count):
            self.tasks.append(asyncio.create_task(self.student(n, start + random.uniform(0, ramp_s))))

    async def student(self, n: int, start_at: float) -> None:
        rng = random.Random(n)
        await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
        tab = Tab(self.cluster.ws_url, "")
        try:
            await load_page(self.cluster.port)
            await tab.open()
            for step in ("overview", "sheet"):
                if step == "sheet":
                    tab.go("sheet")
                run = await tab.rerun(timeout=60)
                if not run.ok:
                    self.errors.append(f"student {n} {step}: {run.status} {run.exceptions[:1]}")
                    return
            self.arrived += 1
            edit = 0
            while not self.stop.is_set():
                try:
                    await asyncio.wait_for(self.stop.wait(), rng.uniform(*THINK_S))
                    break
                except TimeoutError:
                    pass
                edit += 1
                tab.type_text("客户名称", f"国网某省电力公司（学员{n}·第{edit}次）")
                sent = time.perf_counter()
                run = await tab.rerun()
                self.log.append((sent, run))
                if not run.ok:
                    self.errors.append(f"student {n} edit: {run.status} {run.exceptions[:1]}")
                    return
                self.interactions_ok += 1
        except Exception as exc:  # refused, reset, handshake failed: this student is not served
            self.errors.append(f"student {n}: {exc!r}"[:300])
        finally:
            await tab.close()

    async def until_arrived(self, timeout_s: float) -> bool:
        deadline = time.perf_counter() + timeout_s
        while self.arrived + len(self.errors) < len(self.tasks):
            if time.perf_counter() > deadline:
                return False
            await asyncio.sleep(0.2)
        return True

    async def close(self) -> None:
        self.stop.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def _saves(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        try:
            return conn.execute(sa.text("SELECT COALESCE(SUM(version), 0) FROM drafts")).scalar_one()
        except sa.exc.ProgrammingError:
            return 0


async def measure(instances: int, args: argparse.Namespace, db_url: str) -> tuple[list[Step], dict[str, float]]:
    engine = sa.create_engine(db_url)
    steps: list[Step] = []
    with Cluster(instances, db_url) as cluster:
        students = Class(cluster)
        students.add(instances, 0)  # warm-up: one per instance (round robin), imports and caches loaded
        await students.until_arrived(60)
        rss_before = cluster.rss_mb()
        saves_before, ok_before = _saves(engine), students.interactions_ok
        for level in args.levels:
            step = Step(level)
            errors_before = len(students.errors)
            students.add(level - len(students.tasks), args.ramp)
            if not await students.until_arrived(60 + level / 2):
                step.errors += 1
            await asyncio.sleep(THINK_S[1])  # everyone is in the typing rhythm
            began, cpu, client = time.perf_counter(), cluster.cpu_s(), _own_cpu_s()
            helpers, (busy, total) = _helpers_cpu_s(), _machine_busy_s()
            await asyncio.sleep(args.window)
            step.window_s = time.perf_counter() - began
            step.server_cpu_s, step.client_cpu_s = cluster.cpu_s() - cpu, _own_cpu_s() - client
            step.helpers_cpu_s = max(_helpers_cpu_s() - helpers, 0.0)  # a process that exits takes its CPU along
            busy_after, total_after = _machine_busy_s()
            step.machine_busy = (busy_after - busy) / max(total_after - total, 1e-9)
            step.runs = [(at, run) for at, run in students.log if began <= at < began + step.window_s]
            step.errors += len(students.errors) - errors_before
            steps.append(step)
            print(_line(instances, step), flush=True)
            if not step.passed:
                break
        await students.close()
        await asyncio.sleep(0.5)
        figures = {
            "interactions ok": students.interactions_ok - ok_before,
            "autosaves in db": _saves(engine) - saves_before,
        }
        figures["server log errors"] = len(cluster.errors_logged())
        growth = [after - before for before, after in zip(rss_before, cluster.rss_mb(), strict=False)]
        figures["max RSS growth MB"] = max(growth, default=0.0)
        for example in students.errors[:3] + cluster.errors_logged()[:3]:  # before the logs are removed
            print(f"    {example}")
    engine.dispose()
    return steps, figures


def _line(instances: int, step: Step) -> str:
    ms = step.ok_ms
    med = statistics.median(ms) if ms else float("nan")
    per = step.server_cpu_s * 1000 / max(len(ms), 1)
    return (
        f"{instances:>3}{step.students:>9}{step.rate:>9.1f}{med:>8.0f}{step.p95:>8.0f}{step.errors:>7}"
        f"{per:>10.1f}{step.server_cpu_s / max(step.window_s, 1e-9):>9.2f}"
        f"{step.client_cpu_s / max(step.window_s, 1e-9):>8.2f}"
        f"{step.helpers_cpu_s / max(step.window_s, 1e-9):>9.2f}{step.machine_busy:>9.2f}"
        f"  {'ok' if step.passed else 'over'}"
    )


def start_postgres() -> tuple[str, dict[str, str]]:
    port = _free_base(0)
    env = {**os.environ, "WORKBOOK_PG_PORT": str(port)}
    url = (
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "start-postgres.sh")],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return url, env


async def main_async(args: argparse.Namespace) -> int:
    url, pg_env = start_postgres()
    results: dict[int, tuple[list[Step], dict[str, float]]] = {}
    try:
        print(
            f"think {THINK_S[0]:.0f}–{THINK_S[1]:.0f} s, window {args.window:.0f} s per step, "
            f"target p95 ≤ {P95_MS:.0f} ms"
        )
        print(
            f"{'n':>3}{'students':>9}{'ia/s':>9}{'p50':>8}{'p95':>8}{'errors':>7}{'cpu ms/ia':>10}"
            f"{'srv cpu':>9}{'gen cpu':>8}{'nginx+pg':>9}{'machine':>9}"
        )
        for instances in args.instances:
            results[instances] = await measure(instances, args, url)
    finally:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "start-postgres.sh"), "stop"],
            cwd=ROOT,
            env=pg_env,
            capture_output=True,
            timeout=120,
        )
    missed: list[str] = []
    capacity: dict[int, float] = {}
    for instances, (steps, figures) in results.items():
        passing = [s for s in steps if s.passed]
        if not passing:
            missed.append(f"a step within p95 ≤ {P95_MS:.0f} ms ({instances} instances): lower --levels")
        capacity[instances] = max((s.rate for s in passing), default=0.0)
        top = "; the highest step passed: raise --levels" if steps and steps[-1].passed else ""
        if top:
            missed.append(f"capacity reached ({instances} instances): raise --levels")
        print(
            f"{instances} instance(s): capacity {capacity[instances]:.1f} interactions/s "
            f"at p95 ≤ {P95_MS:.0f} ms{top}; "
            f"{figures['interactions ok']:.0f} interactions ok, {figures['autosaves in db']:.0f} autosaves in the "
            f"database, {figures['server log errors']:.0f} server log errors, "
            f"RSS growth ≤ {figures['max RSS growth MB']:.0f} MB per instance"
        )
        if figures["autosaves in db"] < figures["interactions ok"]:
            missed.append(f"every autosave in the database ({instances} instances)")
        if figures["server log errors"] or (passing and any(s.errors for s in steps[: steps.index(passing[-1]) + 1])):
            missed.append(f"0 errors ({instances} instances)")
    if 1 in capacity and 2 in capacity:
        ratio = capacity[2] / capacity[1] if capacity[1] else 0.0  # no passing step measures nothing
        print(f"capacity ratio 2 : 1 = {ratio:.2f} (target ≥ {TARGET_RATIO})")
        if ratio < TARGET_RATIO:
            missed.append(f"2 instances ≥ {TARGET_RATIO}× 1 instance")
    print(f"targets missed: {', '.join(missed) or 'none'}")
    return 1 if missed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--levels", type=int, nargs="+", default=[60, 120, 180, 240, 280, 320, 360, 400, 440, 480, 520, 560, 600, 720]
    )
    parser.add_argument("--window", type=float, default=20.0, help="seconds measured per step")
    parser.add_argument("--ramp", type=float, default=3.0, help="a step's new students arrive within this")
    parser.add_argument("--quick", action="store_true", help="a short proof that it works: coarse steps, 6 s windows")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # one socket per student, more while pages load
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    if args.quick:
        args.levels, args.window = [30, 120, 360], 8.0
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
