"""How long drawing a 200-person chain takes (target ≤ 10 ms), since the page redraws on every click."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worksheets.chain import chain_graph  # noqa: E402
from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet  # noqa: E402

RUNS = 50
TARGET_MS = 10.0


def big_sheet(n: int = 200) -> VisitSheet:
    """A crowded customer: every line, level, relation and role, with referral chains."""
    lines, levels, relations, roles = list(Line), list(Level), list(Relation), list(Role)
    people = [
        Person(
            id=f"p{i:04d}",
            name=f"客户人员{i}号",
            title="某部门专责",
            line=lines[i % len(lines)],
            level=levels[i % len(levels)],
            relation=relations[i % len(relations)],
            roles=[roles[i % len(roles)]],
            introduced_by=f"p{i // 2:04d}" if i else None,
            pain="现场终端经常掉线，运维人员跑得辛苦；最关心设备怎么运行、可靠不可靠。",
        )
        for i in range(n)
    ]
    return VisitSheet(customer="国网某省电力公司", people=people)


def main() -> None:
    sheet = big_sheet()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        chain_graph(sheet, show_pain=True).source  # noqa: B018 - building the source is the work measured
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    verdict = "达标" if median <= TARGET_MS else "超出目标"
    print(f"chain_graph + .source, 200 人, {RUNS} 次: 中位数 {median:.2f} ms（目标 ≤ {TARGET_MS:.0f} ms，{verdict}）")


if __name__ == "__main__":
    main()
