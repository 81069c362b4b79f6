"""The homework table's layout in lesson order, shared by the CSV and Excel files so both read the same."""

from __future__ import annotations

from dataclasses import dataclass

from worksheets.codes import Choice
from worksheets.diagnosis import diagnose
from worksheets.model import (
    FundingStatus,
    Investment,
    Level,
    Line,
    MetVia,
    Personality,
    ProjectQuality,
    Relation,
    StateSignal,
    VisitSheet,
)

TITLE = "拜访信息表"
SUBTITLE = "第 12 课作业：第一次拜访如何收集信息"
END = "（表格结束）"
DIAGNOSIS_TITLE = "系统诊断（自动生成，仅供参考，导入时忽略）"
VERSION_LABEL = "格式版本"  # row 2 of the CSV and of the Excel title sheet; files of version 1 have none
YES, NO = "是", "否"
LIST_SEPARATOR = "；"  # only joins choice labels, which never contain it

FIELD_HEADER = ("部分", "项目", "内容", "信息来源")
PEOPLE = "决策链人员"
PEOPLE_HEADER = (
    "编号",
    "姓名",
    "职务",
    "条线",
    "层级",
    "角色",
    "关系",
    "性格",
    "引荐人",
    "引荐人编号",
    "痛点与关注",
    "下一步",
    "结识途径",  # added after the first release: readers accept files without it (defaults to 未知)
)
COMPETITORS = "竞争对手"
COMPETITOR_HEADER = ("厂家", "发现线索", "备注")
CONTROL_POINTS = "五个控制点"
CONTROL_HEADER = ("控制点", "是否达成", "依据")
SIGNALS = "客户状态信号"
FIELD_TABLE = "字段"
# Versions: a file must hold every row and column its own format version wrote; one added later is missing
# from older files and gets the model's default. A new column: add it to its header and here with the current
# FORMAT_VERSION (worksheets/formats.py); a new field row: FieldSpec(..., since=FORMAT_VERSION).
COLUMNS_SINCE: dict[str, dict[str, int]] = {PEOPLE: {"结识途径": 2}}  # table -> column -> first version; absent: 1
# Column titles of earlier releases, per table: a file exported before a renaming still imports.
# Add the old title here whenever a column above is renamed; never remove an entry.
OLD_COLUMNS: dict[str, dict[str, str]] = {}

Row = list[str]


@dataclass(frozen=True)
class FieldSpec:
    """One row of the field section: where it sits in the lesson and which attribute it holds."""

    part: str
    label: str
    attr: str
    kind: str = "text"  # text | date | list | evidence | choice
    choices: type | None = None
    since: int = 1  # the first format version that wrote this row


BEFORE_CHAIN = (
    FieldSpec("基本信息", "学员", "student"),
    FieldSpec("基本信息", "客户名称", "customer"),
    FieldSpec("基本信息", "项目名称", "project"),
    FieldSpec("基本信息", "拜访日期", "visit_date", "date"),
    FieldSpec("基本信息", "拜访部门", "departments_visited", "list"),
    FieldSpec("客户为什么愿意见你", "客户为什么愿意见你", "why_meet"),
    FieldSpec("客户为什么愿意见你", "能帮上客户工作流程的哪一环", "workflow_help"),
    FieldSpec("BANT", "预算（Budget）", "budget", "evidence"),
    FieldSpec("BANT", "资金（Funding）", "funding", "evidence"),
    FieldSpec("BANT", "资金到位情况", "funding_status", "choice", FundingStatus),
    FieldSpec("BANT", "决策权（Authority）", "authority", "evidence"),
    FieldSpec("BANT", "需求（Need）", "need", "evidence"),
    FieldSpec("BANT", "时间（Timeline）", "timeline", "evidence"),
)
AFTER_CHAIN = (
    FieldSpec("竞争情况", "客户倾向的厂家", "favoured_vendor"),
    FieldSpec("项目质量判断", "项目质量", "quality", "choice", ProjectQuality),
    FieldSpec("项目质量判断", "投入决策", "investment", "choice", Investment),
    FieldSpec("项目质量判断", "判断理由", "quality_reason"),
    FieldSpec("留钩子", "客户对项目的建议", "suggestions"),
    FieldSpec("留钩子", "约定的下一步", "agreed_next_step"),
    FieldSpec("留钩子", "建立关系的动作", "rapport_actions"),
)
FIELDS = {(f.part, f.label): f for f in BEFORE_CHAIN + AFTER_CHAIN}
PEOPLE_CHOICES = {
    "条线": ("line", Line),
    "层级": ("level", Level),
    "关系": ("relation", Relation),
    "性格": ("personality", Personality),
    "结识途径": ("met_via", MetVia),
}
PERSON_ATTRS = {"职务": "title", "痛点与关注": "pain", "下一步": "next_step"}


def _spec_rows(sheet: VisitSheet, specs: tuple[FieldSpec, ...]) -> list[Row]:
    rows: list[Row] = []
    for spec in specs:
        value = getattr(sheet, spec.attr)
        if spec.kind == "list":
            rows += [[spec.part, spec.label, item, ""] for item in value]
        elif spec.kind == "evidence":
            rows.append([spec.part, spec.label, value.answer, value.source.label if value.source else ""])
        elif spec.kind == "date":
            rows.append([spec.part, spec.label, value.isoformat() if value else "", ""])
        else:
            rows.append([spec.part, spec.label, value.label if isinstance(value, Choice) else str(value), ""])
    return rows


def signal_rows(sheet: VisitSheet) -> list[Row]:
    """Every signal with 是/否; the ones observed come first, in the order the student picked them."""
    rest = [s for s in StateSignal if s not in sheet.signals]
    return [[SIGNALS, s.label, YES, ""] for s in sheet.signals] + [[SIGNALS, s.label, NO, ""] for s in rest]


def field_rows_before_chain(sheet: VisitSheet) -> list[Row]:
    return _spec_rows(sheet, BEFORE_CHAIN)


def field_rows_after_chain(sheet: VisitSheet) -> list[Row]:
    return _spec_rows(sheet, AFTER_CHAIN[:1]) + signal_rows(sheet) + _spec_rows(sheet, AFTER_CHAIN[1:])


def person_rows(sheet: VisitSheet) -> list[Row]:
    names = {p.id: p.name for p in sheet.people}
    return [
        [
            p.id,
            p.name,
            p.title,
            p.line.label,
            p.level.label,
            LIST_SEPARATOR.join(r.label for r in p.roles),
            p.relation.label,
            p.personality.label,
            names.get(p.introduced_by or "", ""),
            p.introduced_by or "",
            p.pain,
            p.next_step,
            p.met_via.label,
        ]
        for p in sheet.people
    ]


def competitor_rows(sheet: VisitSheet) -> list[Row]:
    return [[c.name, LIST_SEPARATOR.join(clue.label for clue in c.clues), c.note] for c in sheet.competitors]


def control_rows(sheet: VisitSheet) -> list[Row]:
    return [[c.point.label, YES if c.met else NO, c.evidence] for c in sheet.control_points]


def diagnosis_rows(sheet: VisitSheet) -> list[Row]:
    """The system's reading of the sheet for the trainer; never imported back."""
    found = diagnose(sheet)
    return (
        [["客户状态", found.state_label]]
        + [["依据", line] for line in found.evidence]
        + [["建议打法", found.play]]
        + [["风险提示", flag] for flag in found.red_flags]
    )
