"""CPU time and peak extra memory to accept or refuse each hostile file (benchmarks/hostile_corpus.py).

Target (issue 11): any file within the upload limit is accepted or refused in ≤ 1 s of CPU and ≤ 100 MB of
extra memory. Each file is read in a fresh subprocess: CPU = user+system time of the read alone (getrusage),
memory = the larger of the peak-RSS growth during the read (ru_maxrss) and, in a second read, tracemalloc's
peak of Python allocations (RSS alone hides memory that was freed and reused), so imports do not count.
Baseline in the same run: our exported example sheet (CSV and XLSX). Medians over --repeat runs.

    python benchmarks/bench_hostile.py                # this checkout
    python benchmarks/bench_hostile.py --code /path/to/old/checkout   # the same corpus against older code
    python benchmarks/bench_hostile.py --only zip_bomb.xlsx --repeat 1

Older code may stall on some files: each read is stopped after --timeout seconds and shown as such.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from worksheets import load_sheet_file
from worksheets.errors import SheetImportError
name, path = sys.argv[2], sys.argv[3]
data = open(path, "rb").read()

def read():
    try:
        sheet = load_sheet_file(name, data)
        return f"导入（{len(sheet.people)} 人）"
    except SheetImportError as exc:
        return "拒绝：" + str(exc)
    except BaseException as exc:  # what older code did instead of a Chinese reason
        return f"崩溃：{type(exc).__name__}: {str(exc)[:80]}"

before = resource.getrusage(resource.RUSAGE_SELF)
outcome = read()
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
rss_mb = max(0, after.ru_maxrss - before.ru_maxrss) / 1024
tracemalloc.start()  # second read: Python's own peak allocation, which RSS hides when freed memory is reused
read()
traced_mb = tracemalloc.get_traced_memory()[1] / 1_048_576
print(json.dumps({"cpu": cpu, "mb": max(rss_mb, traced_mb), "outcome": outcome}, ensure_ascii=False))
"""


def _measure(code: Path, name: str, path: Path, timeout: float) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(code), name, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"cpu": float("nan"), "mb": float("nan"), "outcome": f"超时：{timeout:.0f} s 内没有结束"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"cpu": float("nan"), "mb": float("nan"), "outcome": f"进程退出 {done.returncode}: {done.stderr[-200:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from benchmarks.hostile_corpus import CASES, Case, _example_xlsx
    from worksheets.example import example_sheet
    from worksheets.files import to_csv

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose importer is measured")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()

    baseline = [
        Case("baseline_example.csv", "基准：导出的示例表 CSV", lambda: to_csv(example_sheet()), "accept"),
        Case("baseline_example.xlsx", "基准：导出的示例表 XLSX", _example_xlsx, "accept"),
    ]
    cases = [c for c in baseline + CASES if not args.only or c.name in args.only]
    print(f"code: {args.code}   medians of {args.repeat}   (target ≤ 1 s CPU, ≤ 100 MB extra)\n")
    print("| failure class | file | size | what the file does now | CPU s | peak extra MB |")
    print("| --- | --- | ---: | --- | ---: | ---: |")
    worst_cpu = worst_mb = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            path = Path(folder) / case.name
            path.write_bytes(case.build())
            runs = [_measure(args.code, case.name, path, args.timeout) for _ in range(args.repeat)]
            cpu = statistics.median(r["cpu"] for r in runs)
            mb = statistics.median(r["mb"] for r in runs)
            worst_cpu, worst_mb = max(worst_cpu, cpu if cpu == cpu else 0), max(worst_mb, mb if mb == mb else 0)
            outcome = runs[-1]["outcome"].replace("|", "/")
            outcome = outcome if len(outcome) <= 70 else outcome[:70] + "…"
            size = path.stat().st_size / 1024
            print(f"| {case.what} | {case.name} | {size:.0f} KB | {outcome} | {cpu:.3f} | {mb:.1f} |")
    print(f"\nworst: {worst_cpu:.3f} s CPU, {worst_mb:.1f} MB extra")


if __name__ == "__main__":
    main()
