"""The first-visit information sheet (拜访信息表): what a student may record, and its limits."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")


def _clean_line(value: object) -> object:
    """One-line text: control characters (newlines included) become nothing, outer blanks go."""
    if isinstance(value, str):
        return _CONTROL_SINGLE_LINE.sub("", value.replace("\r\n", " ").replace("\n", " ")).strip()
    return value


def _clean_text(value: object) -> object:
    """Multi-line text: keeps newlines and tabs, drops other control characters."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", value).strip()
    return value


Name = Annotated[str, StringConstraints(min_length=1, max_length=40), BeforeValidator(_clean_line)]
ShortText = Annotated[str, StringConstraints(max_length=80), BeforeValidator(_clean_line)]
Text = Annotated[str, StringConstraints(max_length=500), BeforeValidator(_clean_text)]
LongText = Annotated[str, StringConstraints(max_length=2000), BeforeValidator(_clean_text)]
PersonId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{4,16}$")]


def new_person_id() -> str:
    return "p" + secrets.token_hex(4)  # a letter first, so Excel never turns it into a number


class Line(StrEnum):
    TECH = "技术"
    PROCUREMENT = "采购"
    PLANNING = "计划"
    DEMAND = "需求部门"
    LEADERSHIP = "领导层"
    OTHER = "其他"


class Level(StrEnum):
    GRASSROOTS = "基层"
    MIDDLE = "中层"
    SENIOR = "高层"


class Role(StrEnum):
    BRIDGE = "桥梁"
    COACH = "教练"
    INFORMANT = "关键线人"
    DECIDER = "决策者"
    INFLUENCER = "影响者"
    USER = "使用者"


class Relation(StrEnum):
    NOT_CONTACTED = "未接触"
    INITIAL = "初步接触"
    GENERAL = "普遍关系"
    KEY = "关键关系"
    SENIOR = "高层关系"


class Personality(StrEnum):
    PEACOCK = "孔雀"
    OWL = "猫头鹰"
    TIGER = "老虎"
    KOALA = "考拉"
    UNKNOWN = "未知"


class Source(StrEnum):
    """Where an answer comes from, so a guess is never mistaken for a fact."""

    CUSTOMER = "客户亲口说"
    COACH = "教练或线人说"
    MINE = "我的判断"


class FundingStatus(StrEnum):
    UNKNOWN = "不清楚"
    IN_PLACE = "资金和配套已到位"
    PARTLY = "部分到位"
    NOT_YET = "尚未落实"


class CompetitorClue(StrEnum):
    DESK_CALENDAR = "桌上的友商台历"
    NOTEBOOK_PEN = "友商的本子或笔"
    BROCHURE = "友商宣传资料"
    CORRIDOR = "走廊或电梯间遇到友商"
    CUSTOMER_SAID = "客户提到"
    OTHER = "其他"


class StateSignal(StrEnum):
    """Observations the lesson uses to tell the three customer states apart."""

    # 技术路线和心仪厂家已定，但不是你
    PRESCRIPTION = "客户掌控力强，像医院照方抓药：让你这里挂号、那里取药"
    ONLY_QUOTES = "客户只让你报价、出方案，不透露任何信息（像防贼）"
    ROUTE_FIXED = "客户表示技术路线或方案已经定了"
    # 客户尚未理清思路，你来得早
    JOINS_DESIGN = "你能参与客户的项目设计和技术流程"
    GRATEFUL = "交流中客户有新发现会兴奋、感谢你"
    REFERS_UP = "客户愿意把你引荐给决策者"
    # 项目没落实、八字没一撇
    NO_PROCUREMENT = "项目没有负责的采购，没有对接外部招采"
    SPORADIC_TECH = "只有少量技术人员零星咨询"
    VAGUE_PLAN = "对方说不清何时落地、有没有资金"


class ProjectQuality(StrEnum):
    UNJUDGED = "待判断"
    HIGH = "高：值得投入"
    MEDIUM = "中：先观察"
    LOW = "低：少投入"


class Investment(StrEnum):
    UNDECIDED = "待定"
    ALL_IN = "全情投入，站稳顾问角色"
    TOP_DOWN = "自上而下攻坚，或放弃"
    KEEP_WARM = "温水煮青蛙：少投入，找教练、接触高层"
    WALK_AWAY = "放弃"


class ControlPoint(StrEnum):
    DECISION_PROCESS = "了解决策链（招采决策流程）"
    GENERAL_ACTIVITY = "策划一个能建立普遍关系的活动"
    INFORMANT = "识别有价值的人，发展为关键线人"
    BRIDGE_POST = "找到能起桥梁作用的内部岗位"
    TECH_ROUTE = "了解技术需求与技术决策路线（痛苦链）"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class Evidence(Model):
    """One BANT answer and who said it."""

    answer: Text = ""
    source: Source | None = None


class Person(Model):
    id: PersonId = Field(default_factory=new_person_id)
    name: Name
    title: ShortText = ""
    line: Line = Line.TECH
    level: Level = Level.GRASSROOTS
    roles: Annotated[list[Role], AfterValidator(lambda v: list(dict.fromkeys(v)))] = []
    relation: Relation = Relation.NOT_CONTACTED
    personality: Personality = Personality.UNKNOWN
    introduced_by: PersonId | None = None
    pain: Text = ""
    next_step: Text = ""

    @property
    def placeholder(self) -> bool:
        """Not met yet: recorded so the chain shows whom to find."""
        return self.relation is Relation.NOT_CONTACTED


class Competitor(Model):
    name: Name
    clues: Annotated[list[CompetitorClue], AfterValidator(lambda v: list(dict.fromkeys(v)))] = []
    note: Text = ""


class ControlPointCheck(Model):
    point: ControlPoint
    met: bool = False
    evidence: Text = ""  # what shows it is met


def _all_control_points() -> list[ControlPointCheck]:
    return [ControlPointCheck(point=p) for p in ControlPoint]


class VisitSheet(Model):
    # 基本信息
    student: ShortText = ""
    customer: ShortText = ""
    project: ShortText = ""
    visit_date: dt.date | None = None
    departments_visited: list[ShortText] = Field(default=[], max_length=30)
    # 客户为什么愿意见你
    why_meet: Text = ""
    workflow_help: Text = ""
    # BANT
    budget: Evidence = Field(default_factory=Evidence)
    funding: Evidence = Field(default_factory=Evidence)
    funding_status: FundingStatus = FundingStatus.UNKNOWN
    authority: Evidence = Field(default_factory=Evidence)
    need: Evidence = Field(default_factory=Evidence)
    timeline: Evidence = Field(default_factory=Evidence)
    # 决策链
    people: list[Person] = Field(default=[], max_length=300)
    # 竞争情况
    competitors: list[Competitor] = Field(default=[], max_length=30)
    favoured_vendor: ShortText = ""
    # 客户状态信号
    signals: Annotated[list[StateSignal], AfterValidator(lambda v: list(dict.fromkeys(v)))] = []
    # 项目质量判断与投入决策
    quality: ProjectQuality = ProjectQuality.UNJUDGED
    investment: Investment = Investment.UNDECIDED
    quality_reason: Text = ""
    # 留钩子
    suggestions: Text = ""
    agreed_next_step: Text = ""
    rapport_actions: Text = ""
    # 五个控制点
    control_points: list[ControlPointCheck] = Field(default_factory=_all_control_points)

    @model_validator(mode="after")
    def _consistent(self) -> VisitSheet:
        ids = [p.id for p in self.people]
        if len(set(ids)) != len(ids):
            raise ValueError("人员编号重复")
        known = set(ids)
        for p in self.people:
            if p.introduced_by is not None and (p.introduced_by not in known or p.introduced_by == p.id):
                raise ValueError(f"“{p.name}”的引荐人不在本表中")
        if [c.point for c in self.control_points] != list(ControlPoint):
            raise ValueError("五个控制点必须齐全且按课程顺序排列")
        return self

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)
