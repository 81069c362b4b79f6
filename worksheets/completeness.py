"""How much of the homework sheet is filled in, and what is still missing, in lesson order."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from worksheets.model import (
    FundingStatus,
    Investment,
    Level,
    Line,
    ProjectQuality,
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
_BASICS = (("student", "学员姓名"), ("customer", "客户名称"), ("project", "项目名称"), ("visit_date", "拜访日期"))


class Completeness(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    percent: int
    done: list[str]
    missing: list[str]


Check = tuple[int, bool, str, str]  # (weight, done, what is done, hint when missing; "" = no hint)


def _has_role(sheet: VisitSheet, role: Role) -> bool:
    return any(role in p.roles for p in sheet.people)


def _lines(sheet: VisitSheet) -> tuple[bool, str]:
    """The lesson warns against talking to one line only (usually 技术)."""
    lines = list(dict.fromkeys(p.line for p in sheet.contacted_people()))
    if not lines:
        return False, "决策链上还没有已接触的人"
    return len(lines) > 1, f"只接触了{lines[0].line_name}"


def _basics(sheet: VisitSheet) -> list[Check]:
    checks: list[Check] = [(1, bool(getattr(sheet, f)), label, f"基本信息：还没填{label}") for f, label in _BASICS]
    checks.append((1, bool(sheet.departments_visited), "走访过的部门", "基本信息：还没记下走访过的部门"))
    checks.append((2, bool(sheet.why_meet), "客户为什么愿意见你", "还没写客户为什么愿意见你"))
    checks.append((1, bool(sheet.workflow_help), "能帮上客户工作流程的哪一环", "还没写能帮上客户工作流程的哪一环"))
    return checks


def _bant(sheet: VisitSheet) -> list[Check]:
    checks: list[Check] = []
    for attr, label in _BANT:
        evidence = getattr(sheet, attr)
        sourced = evidence.source is not None
        answer_hint = f"BANT：{label}已注明来源，还没有填写内容" if sourced else f"BANT：{label}还没有填写"
        checks.append((2, bool(evidence.answer), f"BANT：{label}", answer_hint))
        source_hint = f"BANT：{label}还没有信息来源" if evidence.answer else ""  # one hint per empty answer
        checks.append((1, sourced, f"BANT：{label}的信息来源", source_hint))
    checks.append(
        (1, sheet.funding_status is not FundingStatus.UNKNOWN, "资金到位情况", "资金与配套：到位情况还不清楚")
    )
    return checks


def _chain(sheet: VisitSheet) -> list[Check]:
    contacted = sheet.contacted_people()
    lines_done, lines_hint = _lines(sheet)
    # with nobody recorded, "还没有记录决策链人员" says it all; hints about whom we met would repeat it
    anyone = bool(sheet.people)
    return [
        (2, anyone, "决策链人员", "还没有记录决策链人员"),
        (2, _has_role(sheet, Role.BRIDGE), "桥梁", "还没有识别桥梁"),
        (2, _has_role(sheet, Role.COACH), "教练", "还没有教练"),
        (1, _has_role(sheet, Role.INFORMANT), "关键线人", "还没有关键线人"),
        (1, _has_role(sheet, Role.DECIDER), "决策者", "还没有找出决策者"),
        (2, any(p.line is Line.PROCUREMENT for p in contacted), "已接触采购线", "采购线还没有接触" if anyone else ""),
        (1, lines_done, "接触了多条线", lines_hint if anyone else ""),
        (1, any(p.level is Level.SENIOR for p in contacted), "已接触高层", "还没有接触高层" if anyone else ""),
        (1, any(p.pain for p in sheet.people), "痛苦链", "还没记下任何人的痛点与关注" if anyone else ""),
    ]


def _judgement(sheet: VisitSheet) -> list[Check]:
    return [
        (1, bool(sheet.competitors), "友商", "竞争情况：还没记录友商"),
        (1, bool(sheet.favoured_vendor), "客户倾向", "竞争情况：还没写客户似乎更倾向于谁"),
        (2, bool(sheet.signals), "客户状态信号", "还没勾选客户状态信号"),
        (2, sheet.quality is not ProjectQuality.UNJUDGED, "项目质量", "还没判断项目质量"),
        (1, sheet.investment is not Investment.UNDECIDED, "投入决策", "还没决定投入策略"),
        (1, bool(sheet.quality_reason), "判断理由", "还没写项目质量的判断理由"),
        (1, bool(sheet.suggestions), "客户对项目的建议", "留钩子：还没记下客户对项目的建议"),
        (2, bool(sheet.agreed_next_step), "约定的下一步", "留钩子：还没和客户约定下一步"),
        (1, bool(sheet.rapport_actions), "建立关系的动作", "留钩子：还没写建立关系的动作"),
    ]


def _control_points(sheet: VisitSheet) -> list[Check]:
    """One point of weight per control point met and per point with its evidence written."""
    checks: list[Check] = []
    open_points = sum(not c.met for c in sheet.control_points)
    no_evidence = sum(not c.evidence for c in sheet.control_points)
    for c in sheet.control_points:  # the same hint on each: completeness() shows it once
        checks.append((1, c.met, f"控制点达成：{c.point.label}", f"五个控制点还有 {open_points} 个未达成"))
        checks.append((1, bool(c.evidence), f"控制点依据：{c.point.label}", f"还有 {no_evidence} 个控制点没写依据"))
    return checks


def _checks(sheet: VisitSheet) -> list[Check]:
    """Every item the student fills moves the meter, in the order the lesson teaches them."""
    return [*_basics(sheet), *_bant(sheet), *_chain(sheet), *_judgement(sheet), *_control_points(sheet)]


def completeness(sheet: VisitSheet) -> Completeness:
    checks = _checks(sheet)
    total = sum(weight for weight, *_ in checks)  # under 100, so every item of weight 1 moves the percent
    earned = sum(weight for weight, done, *_ in checks if done)
    hints = [hint for _, done, _, hint in checks if not done and hint]
    return Completeness(
        percent=round(100 * earned / total),
        done=[label for _, done, label, _ in checks if done],
        missing=list(dict.fromkeys(hints)),
    )
