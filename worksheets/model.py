"""The first-visit information sheet (拜访信息表): what a student may record, and its limits."""

from __future__ import annotations

import datetime as dt
import re
import secrets
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

from worksheets.codes import (
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

# U+FFFE/U+FFFF and lone surrogates too: no XML (so no .xlsx or SVG) and no UTF-8 file can hold them
_INVISIBLE = r"\x7f-\x9f\u200b\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff"
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")
_CONTROL_SINGLE_LINE = re.compile(rf"[\x00-\x1f{_INVISIBLE}]")


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


def _retired_personality(value: object) -> object:
    """The code “koala” (a type the trainer never named) was stored briefly; it now reads as 未知."""
    return Personality.UNKNOWN if value == "koala" else value


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
    personality: Annotated[Personality, BeforeValidator(_retired_personality)] = Personality.UNKNOWN
    introduced_by: PersonId | None = None
    pain: Text = ""
    next_step: Text = ""
    met_via: MetVia = MetVia.UNKNOWN  # how we reached him; judges a senior contact (第 3 节)

    @property
    def placeholder(self) -> bool:
        """Not met yet: recorded so the chain shows whom to find."""
        return self.relation is Relation.NOT_CONTACTED

    @property
    def contacted(self) -> bool:
        """Actually met: only these count for the chain, the gaps, the completeness and the diagnosis."""
        return not self.placeholder


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

    def contacted_people(self) -> list[Person]:
        return [p for p in self.people if p.contacted]

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)
