"""How much of the homework sheet is filled in, and what is still missing, in lesson order."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from worksheets.model import (
    FundingStatus,
    Investment,
    Level,
    Line,
    Person,
    ProjectQuality,
    Relation,
    Role,
    VisitSheet,
)

_BANT = (
    ("budget", "预算"),
    ("funding", "资金"),
    ("authority", "决策权"),
    ("need", "需求"),
    ("timeline", "时间"),
)


class Completeness(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    percent: int
    done: list[str]
    missing: list[str]


def _contacted(people: list[Person]) -> list[Person]:
    return [p for p in people if p.relation is not Relation.NOT_CONTACTED]


def _has_role(sheet: VisitSheet, role: Role) -> bool:
    return any(role in p.roles for p in sheet.people)


def _basics(sheet: VisitSheet) -> tuple[bool, str]:
    labels = {"客户名称": sheet.customer, "项目名称": sheet.project, "拜访日期": sheet.visit_date}
    empty = [label for label, value in labels.items() if not value]
    return not empty, f"基本信息还没填：{'、'.join(empty)}"


def _lines(sheet: VisitSheet) -> tuple[bool, str]:
    """The lesson warns against talking to one line only (usually 技术)."""
    lines = list(dict.fromkeys(p.line for p in _contacted(sheet.people)))
    if not lines:
        return False, "决策链上还没有已接触的人"
    return len(lines) > 1, f"只接触了{lines[0].line_name}"


def _checks(sheet: VisitSheet) -> list[tuple[int, bool, str, str]]:
    """(weight, done, what is done, hint when missing), in the order the lesson teaches them."""
    contacted = _contacted(sheet.people)
    met = sum(c.met for c in sheet.control_points)
    basics_done, basics_hint = _basics(sheet)
    lines_done, lines_hint = _lines(sheet)
    # with nobody recorded, "还没有记录决策链人员" says it all; hints about whom we met would repeat it
    procurement_hint, senior_hint = ("采购线还没有接触", "还没有接触高层") if sheet.people else ("", "")
    lines_hint = lines_hint if sheet.people else ""
    checks = [
        (1, basics_done, "基本信息", basics_hint),
        (2, bool(sheet.why_meet), "客户为什么愿意见你", "还没写客户为什么愿意见你"),
        (1, bool(sheet.workflow_help), "能帮上客户工作流程的哪一环", "还没写能帮上客户工作流程的哪一环"),
    ]
    for attr, label in _BANT:
        evidence = getattr(sheet, attr)
        checks.append((2, bool(evidence.answer), f"BANT：{label}", f"BANT：{label}还没有填写"))
        source_hint = f"BANT：{label}还没有信息来源" if evidence.answer else ""  # one hint per empty answer
        checks.append((1, evidence.source is not None, f"BANT：{label}的信息来源", source_hint))
    checks += [
        (1, sheet.funding_status is not FundingStatus.UNKNOWN, "资金到位情况", "BANT：资金到位情况还不清楚"),
        (2, bool(sheet.people), "决策链人员", "还没有记录决策链人员"),
        (2, _has_role(sheet, Role.BRIDGE), "桥梁", "还没有识别桥梁"),
        (2, _has_role(sheet, Role.COACH), "教练", "还没有教练"),
        (1, _has_role(sheet, Role.INFORMANT), "关键线人", "还没有关键线人"),
        (1, _has_role(sheet, Role.DECIDER), "决策者", "还没有找出决策者"),
        (2, any(p.line is Line.PROCUREMENT for p in contacted), "已接触采购线", procurement_hint),
        (1, lines_done, "接触了多条线", lines_hint),
        (1, any(p.level is Level.SENIOR for p in contacted), "已接触高层", senior_hint),
        (1, bool(sheet.competitors or sheet.favoured_vendor), "竞争情况", "还没记录竞争情况"),
        (2, bool(sheet.signals), "客户状态信号", "还没勾选客户状态信号"),
        (2, sheet.quality is not ProjectQuality.UNJUDGED, "项目质量", "还没判断项目质量"),
        (1, sheet.investment is not Investment.UNDECIDED, "投入决策", "还没决定投入策略"),
        (1, bool(sheet.quality_reason), "判断理由", "还没写项目质量的判断理由"),
        (1, bool(sheet.suggestions), "客户对项目的建议", "留钩子：还没记下客户对项目的建议"),
        (2, bool(sheet.agreed_next_step), "约定的下一步", "留钩子：还没和客户约定下一步"),
        (1, bool(sheet.rapport_actions), "建立关系的动作", "留钩子：还没写建立关系的动作"),
    ]
    left = len(sheet.control_points) - met
    checks.append((5, not left, "五个控制点全部达成", f"五个控制点还有 {left} 个未达成"))
    return checks


def completeness(sheet: VisitSheet) -> Completeness:
    checks = _checks(sheet)
    total = sum(weight for weight, *_ in checks)
    met_points = sum(c.met for c in sheet.control_points)
    earned = sum(weight for weight, done, *_ in checks[:-1] if done) + met_points  # partial credit per point
    return Completeness(
        percent=round(100 * earned / total),
        done=[label for _, done, label, _ in checks if done],
        missing=[hint for _, done, _, hint in checks if not done and hint],
    )
