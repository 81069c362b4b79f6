"""The class's simulation results for the trainer: scores and the facts the class most often missed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from practice.debrief import fact_label
from practice.results import PracticeResult, ResultImportError, result_from_csv
from practice.schema import Scenario
from worksheets.files.repeats import Repeat, Repeats

SCORE_BANDS = ((0, 59, "0–59"), (60, 69, "60–69"), (70, 79, "70–79"), (80, 89, "80–89"), (90, 100, "90–100"))
EDITED = "签名不符：文件在导出后被改动过，没有计入得分分布和漏掉信息的统计"


@dataclass(frozen=True)
class Missed:
    scenario: str
    fact: str
    misses: int
    runs: int


@dataclass
class PracticeRollup:
    results: list[tuple[str, PracticeResult]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)  # files handed in twice: counted once

    @property
    def genuine(self) -> list[PracticeResult]:
        return [r for _, r in self.results if r.genuine]

    def score_distribution(self) -> dict[str, int]:
        counts = Counter(label for r in self.genuine for low, high, label in SCORE_BANDS if low <= r.score <= high)
        return {label: counts[label] for _, _, label in SCORE_BANDS}

    def most_missed(self, limit: int = 10) -> list[Missed]:
        """Facts most runs of their scenario did not uncover, the weightiest first among equals."""
        runs = Counter(r.scenario.id for r in self.genuine)
        misses: Counter[tuple[str, str]] = Counter()
        scenarios = {r.scenario.id: r.scenario for r in self.genuine}
        for r in self.genuine:
            found = set(r.visit.revealed)
            misses.update((r.scenario.id, f.id) for f in r.scenario.facts if f.id not in found)
        weight = {(s.id, f.id): f.weight for s in scenarios.values() for f in s.facts}
        ranked = sorted(misses, key=lambda k: (-misses[k] / runs[k[0]], -weight[k], k))
        return [
            Missed(scenarios[s].title, fact_label(scenarios[s], scenarios[s].fact(f)), misses[(s, f)], runs[s])
            for s, f in ranked[:limit]
        ]

    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "文件": name,
                "学员": r.student,
                "场景": r.scenario.title,
                "完成时间": r.finished,
                "得分（重算）": r.score,
                "签名": "有效" if r.genuine else "无效（被改动过）",
            }
            for name, r in self.results
        ]


def practice_rollup(files: list[tuple[str, bytes]], scenarios: tuple[Scenario, ...]) -> PracticeRollup:
    rollup = PracticeRollup()
    repeats = Repeats()
    for name, data in files:
        if repeats.repeated(name, data):
            continue
        try:
            result = result_from_csv(data, scenarios)
        except ResultImportError as exc:
            rollup.failures.append((name, str(exc)))
            continue
        if not repeats.repeated(name, result):
            rollup.results.append((name, result))
    rollup.repeats = repeats.found
    return rollup
