"""The trainer's homework roll-up: many students' exported sheets in one table, and the class's charts.

(The self-test results' roll-up lives with the self-test, in course/selftest_rollup.py.)
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pandas as pd
from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict

from worksheets.completeness import completeness
from worksheets.diagnosis import STATE_LABELS, UNDECIDED_LABEL, State, diagnose
from worksheets.errors import SheetImportError
from worksheets.files.cells import neutralise
from worksheets.files.load import load_sheet_file
from worksheets.files.repeats import Repeat, Repeats
from worksheets.files.xlsx_io import put
from worksheets.model import ControlPoint, Role, VisitSheet

UNREADABLE = "文件无法读取：格式不对或已损坏"


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

    @property
    def risks(self) -> str:
        """The red flags as one cell: each ends in 。 already, so they are only put side by side."""
        return "".join(flag if flag.endswith(("。", "！", "？")) else flag + "。" for flag in self.red_flags)


def _row(filename: str, sheet: VisitSheet) -> RollupRow:
    result = diagnose(sheet)
    return RollupRow(
        filename=filename,
        student=sheet.student,
        customer=sheet.customer,
        completeness=completeness(sheet).percent,
        control_points={c.point: c.met for c in sheet.control_points},
        bridges=[p.name for p in sheet.people if Role.BRIDGE in p.roles],
        coaches=[p.name for p in sheet.people if Role.COACH in p.roles and p.contacted],
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
        for r, row in enumerate([header, *rows], start=1):
            for c, value in enumerate(row, start=1):
                put(ws, r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ClassChart(Frozen):
    title: str  # shown in bold above the chart
    spec: dict  # Vega-Lite, from bar_chart_spec


class Rollup(Frozen):
    rows: list[RollupRow]
    failures: list[ImportFailure]
    repeats: list[Repeat] = []  # files handed in twice: read once

    def control_point_coverage(self) -> dict[str, int]:
        """Per control point (lesson order), how many students met it."""
        return {p.label: sum(r.control_points[p] for r in self.rows) for p in ControlPoint}

    def state_distribution(self) -> dict[str, int]:
        counts = Counter(r.state_label for r in self.rows)
        return {label: counts[label] for label in [*STATE_LABELS.values(), UNDECIDED_LABEL]}

    def charts(self) -> list[ClassChart]:
        """The page's two class charts, in page order, each under the title that says what it counts."""
        return [
            ClassChart(title="五个控制点：达成人数", spec=bar_chart_spec(self.control_point_coverage(), "控制点")),
            ClassChart(title="客户状态诊断分布", spec=bar_chart_spec(self.state_distribution(), "诊断状态")),
        ]

    def _table(self) -> tuple[list[str], list[list[object]]]:
        header = ["文件名", "学员", "客户", "完成度(%)", "控制点达成数", *[p.label for p in ControlPoint]]
        header += ["已识别桥梁", "已识别教练", "诊断状态", "风险提示"]
        rows: list[list[object]] = [
            [r.filename, r.student, r.customer, r.completeness, r.control_points_met]
            + ["是" if r.control_points[p] else "否" for p in ControlPoint]
            + ["、".join(r.bridges), "、".join(r.coaches), r.state_label, r.risks]
            for r in self.rows
        ]
        return header, rows

    def to_dataframe(self) -> pd.DataFrame:
        """The full table, as in the downloads."""
        header, rows = self._table()
        return pd.DataFrame(rows, columns=header)

    def overview(self) -> pd.DataFrame:
        """The on-screen table: short columns only, so it fits without sideways scrolling; the long texts
        (diagnosis, risks, control points) are shown per student below it (`details`)."""
        rows = [
            {
                "学员": r.student or "（未填）",
                "客户": r.customer or "（未填）",
                "完成度": r.completeness,
                "控制点": f"{r.control_points_met}/{len(ControlPoint)}",
                "风险": len(r.red_flags),
                "文件名": r.filename,
            }
            for r in self.rows
        ]
        return pd.DataFrame(rows, columns=["学员", "客户", "完成度", "控制点", "风险", "文件名"])

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


def _wrapped(label: str) -> str:
    for mark, keep_before in (("（", False), ("，", True)):
        at = label.find(mark)
        if 0 < at < len(label) - 1:
            cut = at + 1 if keep_before else at
            return label[:cut] + "\n" + label[cut:]
    return label


def bar_chart_spec(counts: dict[str, int], category: str, value: str = "人数") -> dict:
    """A horizontal bar chart (Vega-Lite) whose category labels are never cut: no length limit, and a long
    label wraps onto a second line at its first "（" or "，", so it also fits beside the bars on a phone."""
    data = [{category: _wrapped(label), value: n} for label, n in counts.items()]
    return {
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True, "color": "#c0392b"},
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 0, "labelExpr": "split(datum.label, '\\n')", "labelFontSize": 13},
            },
            "x": {"field": value, "type": "quantitative", "title": value, "axis": {"tickMinStep": 1}},
        },
        "height": {"step": 44},
    }


def rollup(files: list[tuple[str, bytes]]) -> Rollup:
    """Only the files passed in are read; a broken file is listed with its reason, the rest go on."""
    rows: list[RollupRow] = []
    failures: list[ImportFailure] = []
    repeats = Repeats()
    for filename, data in files:
        if repeats.repeated(filename, data):
            continue
        try:
            sheet = load_sheet_file(filename, data)
        except SheetImportError as err:
            failures.append(ImportFailure(filename=filename, reason=str(err)))
            continue
        except Exception:  # a file the importer did not foresee must not stop the whole class
            failures.append(ImportFailure(filename=filename, reason=UNREADABLE))
            continue
        if not repeats.repeated(filename, sheet):
            rows.append(_row(filename, sheet))
    return Rollup(rows=rows, failures=failures, repeats=repeats.found)
