"""Load and check the lesson's data files; every problem is reported at once."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from course.schema import Course, Section, SelfTestBank

CONTENT_DIR = Path(__file__).with_name("content")
COURSE_TITLE = "第 12 课：初次拜访如何获取信息"


class CourseError(ValueError):
    """The content files break the schema; the message lists every problem."""


def _problems_of(path: Path, model: type, problems: list[str]):
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: 无法读取 YAML：{exc}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{path.name}: {where}: {err['msg']}")
        return None


def check_course(content_dir: Path = CONTENT_DIR) -> tuple[Course | None, list[str]]:
    """Validate every content file and the cross-file rules; return the course and all problems."""
    problems: list[str] = []
    sections = [s for p in sorted(content_dir.glob("s[0-9][0-9]-*.yaml")) if (s := _problems_of(p, Section, problems))]
    bank = _problems_of(content_dir / "selftest.yaml", SelfTestBank, problems)
    sections.sort(key=lambda s: s.order)
    orders = [s.order for s in sections]
    if orders != list(range(1, len(sections) + 1)):
        problems.append(f"章节序号必须从 1 连续编号，现在是 {orders}")
    ids = [s.id for s in sections] + [q.id for s in sections for q in s.quiz]
    ids += [q.id for q in bank.questions] if bank else []
    problems += [f"编号重复：{i}" for i, n in Counter(ids).items() if n > 1]
    if bank:
        known = {s.id for s in sections}
        problems += [
            f"selftest.yaml: {q.id} 指向不存在的章节 {q.section}" for q in bank.questions if q.section not in known
        ]
    if problems or bank is None:
        return None, problems
    return Course(title=COURSE_TITLE, sections=sections, selftest=bank), []


@cache
def load_course() -> Course:
    """The validated course, loaded once per process (content never changes at run time)."""
    course, problems = check_course()
    if course is None:
        raise CourseError("课程内容有误：\n" + "\n".join(problems))
    return course
