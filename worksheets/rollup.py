"""The trainer's homework roll-up: many students' exported sheets (and self-test results) in one table."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

import pandas as pd
from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict

from course.selftest_io import SelfTestImportError, result_from_csv
from worksheets.completeness import completeness
from worksheets.csv_io import load_sheet_file, neutralise
from worksheets.diagnosis import STATE_LABELS, UNDECIDED_LABEL, State, diagnose
from worksheets.errors import SheetImportError
from worksheets.model import ControlPoint, Relation, Role, VisitSheet

UNREADABLE = "文件无法读取：格式不对或已损坏"
SCORE_BINS: tuple[tuple[str, int, int], ...] = (("0-59", 0, 59), ("60-79", 60, 79), ("80-100", 80, 100))


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ImportFailure(Frozen):
    filename: str
    reason: str  # Chinese, shown to the trainer as is


class RollupRow(Frozen):
    filename: str
    student: str
    customer: str
    completeness: int  # percent
    control_points: dict[ControlPoint, bool]
    bridges: list[str]
    coaches: list[str]
    state: State | None
    state_label: str
    red_flags: list[str]

    @property
    def control_points_met(self) -> int:
        return sum(self.control_points.values())


def _row(filename: str, sheet: VisitSheet) -> RollupRow:
    result = diagnose(sheet)
    return RollupRow(
        filename=filename,
        student=sheet.student,
        customer=sheet.customer,
        completeness=completeness(sheet).percent,
        control_points={c.point: c.met for c in sheet.control_points},
        bridges=[p.name for p in sheet.people if Role.BRIDGE in p.roles],
        coaches=[p.name for p in sheet.people if Role.COACH in p.roles and p.relation is not Relation.NOT_CONTACTED],
        state=result.state,
        state_label=result.state_label,
        red_flags=result.red_flags,
    )


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    return neutralise(value) if isinstance(value, str) else value


def _csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(tables: dict[str, tuple[list[str], list[list[object]]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in tables.items():
        ws = book.create_sheet(title)
        for row in [header, *rows]:
            ws.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Rollup(Frozen):
    rows: list[RollupRow]
    failures: list[ImportFailure]

    def control_point_coverage(self) -> dict[str, int]:
        """Per control point (lesson order), how many students met it."""
        return {p.label: sum(r.control_points[p] for r in self.rows) for p in ControlPoint}

    def state_distribution(self) -> dict[str, int]:
        counts = Counter(r.state_label for r in self.rows)
        return {label: counts[label] for label in [*STATE_LABELS.values(), UNDECIDED_LABEL]}

    def _table(self) -> tuple[list[str], list[list[object]]]:
        header = ["文件名", "学员", "客户", "完成度(%)", "控制点达成数", *[p.label for p in ControlPoint]]
        header += ["已识别桥梁", "已识别教练", "诊断状态", "风险提示"]
        rows: list[list[object]] = [
            [r.filename, r.student, r.customer, r.completeness, r.control_points_met]
            + ["是" if r.control_points[p] else "否" for p in ControlPoint]
            + ["、".join(r.bridges), "、".join(r.coaches), r.state_label, "；".join(r.red_flags)]
            for r in self.rows
        ]
        return header, rows

    def to_dataframe(self) -> pd.DataFrame:
        header, rows = self._table()
        return pd.DataFrame(rows, columns=header)

    def to_csv(self) -> bytes:
        return _csv_bytes(*self._table())

    def to_xlsx(self) -> bytes:
        coverage = [[point, n] for point, n in self.control_point_coverage().items()]
        states = [[label, n] for label, n in self.state_distribution().items()]
        return _xlsx_bytes(
            {
                "作业汇总": self._table(),
                "控制点达成": (["控制点", "达成人数"], coverage),
                "客户状态分布": (["诊断状态", "人数"], states),
                "导入失败": (["文件名", "原因"], [[f.filename, f.reason] for f in self.failures]),
            }
        )


def rollup(files: list[tuple[str, bytes]]) -> Rollup:
    """Only the files passed in are read; a broken file is listed with its reason, the rest go on."""
    rows: list[RollupRow] = []
    failures: list[ImportFailure] = []
    for filename, data in files:
        try:
            sheet = load_sheet_file(filename, data)
        except SheetImportError as err:
            failures.append(ImportFailure(filename=filename, reason=str(err)))
            continue
        except Exception:  # a file the importer did not foresee must not stop the whole class
            failures.append(ImportFailure(filename=filename, reason=UNREADABLE))
            continue
        rows.append(_row(filename, sheet))
    return Rollup(rows=rows, failures=failures)


# ---- self-test results ------------------------------------------------------------------------


class StudentScore(Frozen):
    filename: str
    student: str
    taken_on: date
    score_percent: int


class MissedQuestion(Frozen):
    question_id: str
    prompt: str
    misses: int
    answered: int  # how many students answered it


class SelfTestRollup(Frozen):
    scores: list[StudentScore]
    missed: list[MissedQuestion]  # most missed first; only questions someone got wrong
    failures: list[ImportFailure]

    def score_distribution(self) -> dict[str, int]:
        return {name: sum(lo <= s.score_percent <= hi for s in self.scores) for name, lo, hi in SCORE_BINS}

    def most_missed(self, limit: int = 5) -> list[MissedQuestion]:
        return self.missed[:limit]


def selftest_rollup(files: list[tuple[str, bytes]]) -> SelfTestRollup:
    scores: list[StudentScore] = []
    failures: list[ImportFailure] = []
    misses: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    prompts: dict[str, str] = {}
    for filename, data in files:
        try:
            result = result_from_csv(data)
        except SelfTestImportError as err:
            failures.append(ImportFailure(filename=filename, reason=str(err)))
            continue
        except Exception:  # as for sheets: one odd file must not stop the roll-up
            failures.append(ImportFailure(filename=filename, reason=UNREADABLE))
            continue
        scores.append(
            StudentScore(
                filename=filename,
                student=result.student,
                taken_on=result.taken_on,
                score_percent=result.score_percent,
            )
        )
        for a in result.answers:
            prompts.setdefault(a.question_id, a.prompt)
            answered[a.question_id] += 1
            misses[a.question_id] += not a.is_correct
    order = sorted((q for q in prompts if misses[q]), key=lambda q: -misses[q])  # ties: first seen first
    missed = [MissedQuestion(question_id=q, prompt=prompts[q], misses=misses[q], answered=answered[q]) for q in order]
    return SelfTestRollup(scores=scores, missed=missed, failures=failures)
