"""Issue 10 §2: a whole homework, as a student fills it, checked in the exported CSV and XLSX value by value.

The case is not the built-in example: a hospital buying a nurse-scheduling SaaS, seven people on the chain
with referrals, two competitors, signals, the judgement, hooks and control points. Between steps the student
refreshes the page and wanders to other pages, as people do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from conftest import PHONE, screenshot
from helpers import (
    SheetPage,
    csv_competitors,
    csv_control_points,
    csv_fields,
    csv_people,
    rows_as_dicts,
    xlsx_tables,
)
from playwright.sync_api import Page, expect

from course.loader import load_course
from worksheets.model import (
    CompetitorClue,
    ControlPoint,
    FundingStatus,
    Investment,
    Level,
    Line,
    MetVia,
    Personality,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
)

PAUSE = 600  # ms between fields: reading the next label, thinking

BASICS = {
    "学员姓名": "林晓雨",
    "客户名称": "江州市第一人民医院",
    "项目名称": "护理排班 SaaS 采购",
}
VISIT = dt.date(2026, 11, 24)
DEPARTMENTS = ["信息科", "护理部", "财务部"]  # 财务部 is a suggestion, the others are typed in
WHY = "护理部每月手工排班要三天，听说我们在邻市医院上线后排班只要半天，想来看看。"
WORKFLOW = "每月排班与临时换班审批：护士长排班、护理部审核、信息科维护系统。"
BANT = [  # (label, answer, source)
    ("预算（Budget）", "信息化专项里留了约 80 万元。", Source.CUSTOMER),
    ("资金与配套", "专项资金已批，服务器由信息科出，实施人员还没定。", Source.COACH),
    ("决策权与招采流程（Authority）", "护理部提需求，信息科出参数，采购中心公开招标，分管副院长拍板。", Source.COACH),
    ("需求（Need）", "排班耗时、夜班换班混乱、加班统计靠手工。", Source.CUSTOMER),
    ("时间（Timeline）", "估计明年三月挂网，五月上线。", Source.MINE),
]
BANT_ROWS = ["预算（Budget）", "资金（Funding）", "决策权（Authority）", "需求（Need）", "时间（Timeline）"]
FUNDING = FundingStatus.PARTLY


@dataclass
class Person:
    name: str
    title: str
    line: Line
    level: Level
    relation: Relation
    personality: Personality
    roles: list[Role] = field(default_factory=list)
    referrer: str = ""
    pain: str = ""
    next_step: str = ""
    met_via: MetVia = MetVia.UNKNOWN


PEOPLE = [
    Person(
        "信息科王科长",
        "信息科科长",
        Line.TECH,
        Level.MIDDLE,
        Relation.GENERAL,
        Personality.OWL,
        [Role.INFLUENCER],
        pain="系统多、接口乱，怕再上一个孤岛系统。",
        next_step="带接口文档和邻市医院的部署方案去信息科。",
        met_via=MetVia.DIRECT,
    ),
    Person(
        "护理部李主任",
        "护理部主任",
        Line.DEMAND,
        Level.MIDDLE,
        Relation.KEY,
        Personality.TIGER,
        [Role.BRIDGE, Role.COACH],
        referrer="信息科王科长",
        pain="护士长们抱怨排班太累，年底考核要看护士满意度。",
        next_step="请她带两位护士长来试用演示环境。",
    ),
    Person(
        "排班护士长小陈",
        "外科护士长",
        Line.DEMAND,
        Level.GRASSROOTS,
        Relation.GENERAL,
        Personality.PEACOCK,
        [Role.USER, Role.INFORMANT],
        referrer="护理部李主任",
        pain="夜班换班全靠微信群，经常漏人。",
        next_step="把她的排班表做成演示数据。",
    ),
    Person(
        "采购中心赵科长",
        "采购中心副主任",
        Line.PROCUREMENT,
        Level.MIDDLE,
        Relation.INITIAL,
        Personality.PEACOCK,
        [Role.INFLUENCER],
        referrer="护理部李主任",
        pain="今年审计严，最怕参数写得有倾向性。",
        next_step="请李主任引荐一次正式拜访，带资质材料。",
        met_via=MetVia.BRIDGE_REFERRAL,
    ),
    Person(
        "分管副院长",
        "分管后勤与信息化的副院长",
        Line.LEADERSHIP,
        Level.SENIOR,
        Relation.NOT_CONTACTED,
        Personality.UNKNOWN,
        [Role.DECIDER],
        referrer="采购中心赵科长",
        pain="据说关心护士流失率。",
        next_step="等赵科长找机会引荐。",
    ),
    Person(
        "财务科刘会计",
        "财务科会计",
        Line.OTHER,
        Level.GRASSROOTS,
        Relation.INITIAL,
        Personality.UNKNOWN,
        referrer="采购中心赵科长",
        next_step="问清专项资金的支付节点。",
    ),
    Person(
        "院长",
        "院长",
        Line.LEADERSHIP,
        Level.SENIOR,
        Relation.NOT_CONTACTED,
        Personality.UNKNOWN,
        [Role.DECIDER],
        referrer="分管副院长",
    ),
]
COMPETITORS = [  # (name, clues, note)
    (
        "云排科技",
        [CompetitorClue.DESK_CALENDAR, CompetitorClue.CUSTOMER_SAID],
        "护士站有他们的台历，李主任提过他们来演示过。",
    ),
    ("老牌 HIS 厂商", [CompetitorClue.BROCHURE], "信息科桌上有他们的 HIS 升级宣传册。"),
]
FAVOURED = "护理部似乎更看好云排科技，信息科倾向 HIS 厂商。"
SIGNALS = [StateSignal.JOINS_DESIGN, StateSignal.GRATEFUL, StateSignal.REFERS_UP]
QUALITY, INVESTMENT = ProjectQuality.HIGH, Investment.ALL_IN
REASON = "需求真实、资金已批、护理部愿意让我们参与写需求。"
HOOKS = {
    "客户对项目的建议": "李主任建议先在外科试点一个月，再全院推广。",
    "约定的下一步": "12 月 3 日下午到护理部做演示，两位护士长参加。",
    "建立客情的动作（小礼物、后续小活动）": "给护士长们带了排班小册子；邀请参加下月的护理信息化沙龙。",
}
HOOK_ROWS = {
    "客户对项目的建议": "客户对项目的建议",
    "约定的下一步": "约定的下一步",
    "建立客情的动作（小礼物、后续小活动）": "建立关系的动作",
}
POINTS = {  # control point → (met, evidence)
    ControlPoint.DECISION_PROCESS: (True, "李主任讲清了流程：护理部提需求、信息科出参数、采购中心招标、副院长拍板。"),
    ControlPoint.GENERAL_ACTIVITY: (False, "打算办一次护理信息化沙龙，时间还没定。"),
    ControlPoint.INFORMANT: (True, "小陈护士长愿意提前告诉我们需求讨论的进展。"),
    ControlPoint.BRIDGE_POST: (True, "李主任在护士长和副院长之间传话，已发展为桥梁。"),
    ControlPoint.TECH_ROUTE: (False, ""),
}


def _pause(sheet: SheetPage) -> None:
    sheet.page.wait_for_timeout(PAUSE)


def _basics(sheet: SheetPage) -> None:
    for label, value in BASICS.items():
        sheet.type(label, value)
        _pause(sheet)
    sheet.date("拜访日期", VISIT)
    sheet.add_tags("走访过的部门（能破冰的部门都要走一遍）", DEPARTMENTS)
    sheet.type("客户愿意见我的原因", WHY)
    _pause(sheet)
    sheet.type("我能在哪个工作流程上帮到他", WORKFLOW)


def _bant(sheet: SheetPage) -> None:
    sheet.open_step("② BANT")
    for label, answer, source in BANT:
        sheet.type(label, answer)
        sheet.pick(f"{label}：信息来源", source.label)
        _pause(sheet)
    sheet.pick("资金与配套状态", FUNDING.label)


def _person(sheet: SheetPage, p: Person) -> None:
    sheet.add_person()
    sheet.type("姓名或称呼", p.name)
    sheet.type("职务", p.title)
    for label, value, default in [
        ("条线", p.line, Line.TECH),
        ("层级", p.level, Level.GRASSROOTS),
        ("关系", p.relation, Relation.NOT_CONTACTED),
        ("性格", p.personality, Personality.UNKNOWN),
    ]:
        if value is not default:
            sheet.pick(label, value.label)
    if p.roles:
        sheet.pick_many("在项目中的角色（可多选）", [r.label for r in p.roles])
    if p.referrer:
        sheet.pick("谁引荐了他", re.compile(rf"^\d+\. {re.escape(p.referrer)}$"))
    if p.met_via is not MetVia.UNKNOWN:
        sheet.pick("怎么认识他的（结识途径）", p.met_via.label)
    if p.pain:
        sheet.type("他的痛点与关注（痛苦链）", p.pain)
    if p.next_step:
        sheet.type("下一步怎么接触他", p.next_step)
    _pause(sheet)


def _competition(sheet: SheetPage) -> None:
    sheet.open_step("④ 竞争情况")
    for n, (name, clues, note) in enumerate(COMPETITORS, 1):
        sheet.page.get_by_role("button", name="＋ 添加友商").click()
        expect(sheet.box(f"友商 {n} 名称")).to_be_visible()
        sheet.type(f"友商 {n} 名称", name)
        sheet.pick_many(f"友商 {n} 的线索", [c.label for c in clues])
        sheet.type(f"友商 {n} 备注", note)
        _pause(sheet)
    sheet.type("客户似乎更倾向于谁", FAVOURED)


def _judgement(sheet: SheetPage) -> None:
    sheet.open_step("⑤ 状态与判断")
    for signal in SIGNALS:
        sheet.check(signal.label)
    sheet.pick("项目质量", QUALITY.label)
    sheet.pick("投入决策", INVESTMENT.label)
    sheet.type("判断理由", REASON)


def _hooks(sheet: SheetPage) -> None:
    sheet.open_step("⑥ 留钩子与控制点")
    for label, value in HOOKS.items():
        sheet.type(label, value)
        _pause(sheet)
    for n, (point, (met, evidence)) in enumerate(POINTS.items(), 1):
        if met:
            sheet.check(f"{n}. {point.label}")
        if evidence:
            sheet.type(f"控制点 {n} 的依据：什么表明已达成", evidence)


def _check_people(rows: list[dict[str, str]]) -> None:
    names = {row["编号"]: row["姓名"] for row in rows}
    assert [row["姓名"] for row in rows] == [p.name for p in PEOPLE]
    for row, p in zip(rows, PEOPLE, strict=True):
        assert row["职务"] == p.title
        assert (row["条线"], row["层级"], row["关系"], row["性格"]) == (
            p.line.label,
            p.level.label,
            p.relation.label,
            p.personality.label,
        ), p.name
        assert [r for r in row["角色"].split("；") if r] == [r.label for r in p.roles], p.name
        assert (row["引荐人"], names.get(row["引荐人编号"], "")) == (p.referrer, p.referrer), p.name
        assert (row["痛点与关注"], row["下一步"], row["结识途径"]) == (p.pain, p.next_step, p.met_via.label), p.name


def _check_competitors(rows: list[dict[str, str]]) -> None:
    assert [(r["厂家"], r["发现线索"], r["备注"]) for r in rows if any(r.values())] == [
        (name, "；".join(c.label for c in clues), note) for name, clues, note in COMPETITORS
    ]


def _check_points(rows: list[dict[str, str]]) -> None:
    assert [(r["控制点"], r["是否达成"], r["依据"]) for r in rows if any(r.values())] == [
        (point.label, "是" if met else "否", evidence) for point, (met, evidence) in POINTS.items()
    ]


def _expected_fields() -> dict[tuple[str, str], list[tuple[str, str]]]:
    fields = {
        ("基本信息", "学员"): [(BASICS["学员姓名"], "")],
        ("基本信息", "客户名称"): [(BASICS["客户名称"], "")],
        ("基本信息", "项目名称"): [(BASICS["项目名称"], "")],
        ("基本信息", "拜访日期"): [(VISIT.isoformat(), "")],
        ("基本信息", "拜访部门"): [(d, "") for d in DEPARTMENTS],
        ("客户为什么愿意见你", "客户为什么愿意见你"): [(WHY, "")],
        ("客户为什么愿意见你", "能帮上客户工作流程的哪一环"): [(WORKFLOW, "")],
        ("BANT", "资金到位情况"): [(FUNDING.label, "")],
        ("竞争情况", "客户倾向的厂家"): [(FAVOURED, "")],
        ("项目质量判断", "项目质量"): [(QUALITY.label, "")],
        ("项目质量判断", "投入决策"): [(INVESTMENT.label, "")],
        ("项目质量判断", "判断理由"): [(REASON, "")],
    }
    for row, (_, answer, source) in zip(BANT_ROWS, BANT, strict=True):
        fields[("BANT", row)] = [(answer, source.label)]
    for label, value in HOOKS.items():
        fields[("留钩子", HOOK_ROWS[label])] = [(value, "")]
    for signal in StateSignal:
        fields[("客户状态信号", signal.label)] = [("是" if signal in SIGNALS else "否", "")]
    return fields


def _fields_of_xlsx(rows: list[list[str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    fields: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in rows_as_dicts(rows, "部分"):
        fields.setdefault((row["部分"], row["项目"]), []).append((row["内容"], row["信息来源"]))
    return fields


def _screenshots_of_the_chain_step(sheet: SheetPage) -> None:
    """Issue 10 done-when: step ③ with 7 people at 1366 px, and on a phone (390 px) opening the same link."""
    screenshot(sheet.page, "sheet-step3-7-people-1366")
    browser = sheet.page.context.browser
    assert browser is not None
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    try:
        on_phone = SheetPage(phone.new_page(), sheet.base_url)
        on_phone.open("/sheet", code=sheet.code())
        on_phone.open_step("③ 决策链")
        expect(on_phone.page.get_by_role("heading", name="决策链人员（7 人）")).to_be_visible()
        screenshot(on_phone.page, "sheet-step3-7-people-390")
    finally:
        phone.close()


def test_a_whole_homework_lands_in_the_csv_and_the_xlsx(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    _basics(sheet)
    _bant(sheet)

    sheet.open_step("③ 决策链")
    for p in PEOPLE[:4]:
        _person(sheet, p)
    sheet.reload()  # a refresh in the middle of the chain
    sheet.open_step("③ 决策链")
    expect(page.get_by_role("heading", name="决策链人员（4 人）")).to_be_visible()
    for p in PEOPLE[4:]:
        _person(sheet, p)
    _screenshots_of_the_chain_step(sheet)
    sheet.go("决策链图")  # a look at the graph, then back to work
    chart = page.locator(".chain-graph")
    for p in PEOPLE:  # everyone typed is in the picture
        expect(chart.locator("text", has_text=p.name).first).to_be_visible(timeout=30_000)
    sheet.go("拜访信息表")

    _competition(sheet)
    _judgement(sheet)
    lesson = load_course().sections[3]
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name=f"{lesson.order}. {lesson.title}").click()  # rereads a lesson
    expect(page.get_by_role("heading", name=f"第 {lesson.order} 节 · {lesson.title}")).to_be_visible(timeout=30_000)
    sheet.go("拜访信息表")
    _hooks(sheet)
    expect(page.get_by_text("完成度 ")).to_be_visible()

    sheet.go("草稿与导入导出")
    data = sheet.download("下载 CSV")
    fields = csv_fields(data)
    for key, value in _expected_fields().items():
        assert fields.get(key) == value, key
    _check_people(csv_people(data))
    _check_competitors(csv_competitors(data))
    _check_points(csv_control_points(data))

    book = xlsx_tables(sheet.download("下载 XLSX"))
    xlsx_fields = _fields_of_xlsx(book["拜访信息表"])
    for key, value in _expected_fields().items():
        assert xlsx_fields.get(key) == value, key
    _check_people(rows_as_dicts(book["决策链人员"], "编号"))
    _check_competitors(rows_as_dicts(book["竞争情况"], "厂家"))
    _check_points(rows_as_dicts(book["五个控制点"], "控制点"))
