"""Load the practice scenarios and check them like code: every problem in every file is reported at once."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from practice.checks import scenario_problems, set_problems
from practice.schema import Scenario

SCENARIO_DIR = Path(__file__).with_name("scenarios")


class ScenarioError(ValueError):
    """The scenario files are broken; the message lists every problem."""


def _read(path: Path, problems: list[str]) -> Scenario | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: 无法读取 YAML：{exc}")
        return None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{path.name}: {where}: {err['msg']}")
        return None


def check_scenarios(
    scenario_dir: Path = SCENARIO_DIR, *, lessons: set[str] | None = None, whole_set: bool = True
) -> tuple[list[Scenario], list[str]]:
    """Every scenario file validated, then checked one by one and (when `whole_set`) as a set."""
    problems: list[str] = []
    paths = sorted(scenario_dir.glob("*.yaml"))
    if not paths:
        problems.append(f"{scenario_dir}: 没有任何场景文件")
    scenarios: list[Scenario] = []
    for path in paths:
        scenario = _read(path, problems)
        if scenario is None:
            continue
        problems += [f"{path.name}: {p}" for p in scenario_problems(scenario, lessons)]
        scenarios.append(scenario)
    problems += [f"场景编号重复：{i}" for i, n in Counter(s.id for s in scenarios).items() if n > 1]
    if whole_set and scenarios:
        problems += set_problems(scenarios)
    return scenarios, problems


def lesson_ids() -> set[str]:
    from course.loader import load_course

    return {s.id for s in load_course().sections}


@cache
def load_scenarios() -> tuple[Scenario, ...]:
    """The validated scenarios, loaded once per process."""
    scenarios, problems = check_scenarios(lessons=lesson_ids())
    if problems:
        raise ScenarioError("模拟初访的场景文件有误：\n" + "\n".join(problems))
    return tuple(scenarios)


def scenario_by_id(scenario_id: str) -> Scenario | None:
    return next((s for s in load_scenarios() if s.id == scenario_id), None)
