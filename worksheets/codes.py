"""Every choice on the sheet: a stable code that is stored, and a label that people read.

The code (the enum's value) is what drafts, the database and files' machine parts keep; it never changes.
The label may be reworded at any release: the old wording goes into OLD_LABELS, so files exported before
still import. Codes repeat across kinds ("coach" is a role and a source), so labels are kept per kind.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Choice(StrEnum):
    """A choice whose value is a stable code; `label` is its current Chinese wording."""

    @property
    def label(self) -> str:
        return LABELS[type(self)][self]

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]

    @classmethod
    def from_text(cls, text: str) -> Self:
        """A code, today's label, or the label of an earlier release; ValueError for anything else."""
        text = text.strip()
        for member in cls:
            if text in (member.value, member.label, *OLD_LABELS.get(cls, {}).get(member, ())):
                return member
        raise ValueError(f"{cls.__name__}: {text!r}")


class Line(Choice):
    TECH = "tech"
    PROCUREMENT = "procurement"
    PLANNING = "planning"
    DEMAND = "demand"
    LEADERSHIP = "leadership"
    OTHER = "other"

    @property
    def line_name(self) -> str:
        """The line named on its own: a column of the chain picture, or "只接触了技术线"."""
        return LINE_NAMES[self]


class Level(Choice):
    GRASSROOTS = "grassroots"
    MIDDLE = "middle"
    SENIOR = "senior"


class Role(Choice):
    BRIDGE = "bridge"
    COACH = "coach"
    INFORMANT = "informant"
    DECIDER = "decider"
    INFLUENCER = "influencer"
    USER = "user"


class Relation(Choice):
    NOT_CONTACTED = "not_contacted"
    INITIAL = "initial"
    GENERAL = "general"
    KEY = "key"
    SENIOR = "senior"


class Personality(Choice):
    PEACOCK = "peacock"
    OWL = "owl"
    TIGER = "tiger"
    UNKNOWN = "unknown"


class Source(Choice):
    """Where an answer comes from, so a guess is never mistaken for a fact."""

    CUSTOMER = "customer"
    COACH = "coach"
    MINE = "mine"


class FundingStatus(Choice):
    UNKNOWN = "unknown"
    IN_PLACE = "in_place"
    PARTLY = "partly"
    NOT_YET = "not_yet"


class CompetitorClue(Choice):
    DESK_CALENDAR = "desk_calendar"
    NOTEBOOK_PEN = "notebook_pen"
    BROCHURE = "brochure"
    CORRIDOR = "corridor"
    CUSTOMER_SAID = "customer_said"
    OTHER = "other"


class StateSignal(Choice):
    """Observations the lesson uses to tell the three customer states apart."""

    # 已锁定：技术路线和心仪厂家已定，但不是你
    PRESCRIPTION = "prescription"
    ONLY_QUOTES = "only_quotes"
    ROUTE_FIXED = "route_fixed"
    # 塑造期：客户还没理清思路，你来得早
    JOINS_DESIGN = "joins_design"
    GRATEFUL = "grateful"
    REFERS_UP = "refers_up"
    # 萌芽期：项目没落实，八字没一撇
    NO_PROCUREMENT = "no_procurement"
    SPORADIC_TECH = "sporadic_tech"
    VAGUE_PLAN = "vague_plan"


class ProjectQuality(Choice):
    UNJUDGED = "unjudged"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Investment(Choice):
    UNDECIDED = "undecided"
    ALL_IN = "all_in"
    TOP_DOWN = "top_down"
    KEEP_WARM = "keep_warm"
    WALK_AWAY = "walk_away"


class MetVia(Choice):
    """How we first reached a person (above all a senior): the lesson judges a senior contact by it (第 3 节)."""

    BRIDGE_REFERRAL = "bridge_referral"
    CUSTOMER_REFERRAL = "customer_referral"
    ACQUAINTANCE = "acquaintance"
    SITE_VISIT = "site_visit"
    PARTNERSHIP = "partnership"
    BANQUET = "banquet"
    OUR_LEADER = "our_leader"
    DIRECT = "direct"
    UNKNOWN = "unknown"


class CustomerState(Choice):
    """The lesson's three customer states (第 9 节); the label is the one name used on every screen and file."""

    LOCKED = "locked"
    SHAPING = "shaping"
    NASCENT = "nascent"

    @property
    def gloss(self) -> str:
        """What the name means, in the lesson's words."""
        return STATE_GLOSSES[self]

    @property
    def long_label(self) -> str:
        """Name and meaning together, e.g. “已锁定（技术路线和心仪厂家已定，但不是你）”."""
        return f"{self.label}（{self.gloss}）"


class ControlPoint(Choice):
    DECISION_PROCESS = "decision_process"
    GENERAL_ACTIVITY = "general_activity"
    INFORMANT = "informant"
    BRIDGE_POST = "bridge_post"
    TECH_ROUTE = "tech_route"


LABELS: dict[type[Choice], dict[Choice, str]] = {
    Line: {
        Line.TECH: "技术",
        Line.PROCUREMENT: "采购",
        Line.PLANNING: "计划",
        Line.DEMAND: "需求部门",
        Line.LEADERSHIP: "领导层",
        Line.OTHER: "其他",
    },
    Level: {Level.GRASSROOTS: "基层", Level.MIDDLE: "中层", Level.SENIOR: "高层"},
    Role: {
        Role.BRIDGE: "桥梁",
        Role.COACH: "教练",
        Role.INFORMANT: "关键线人",
        Role.DECIDER: "决策者",
        Role.INFLUENCER: "影响者",
        Role.USER: "使用者",
    },
    Relation: {
        Relation.NOT_CONTACTED: "未接触",
        Relation.INITIAL: "初步接触",
        Relation.GENERAL: "普遍关系",
        Relation.KEY: "关键关系",
        Relation.SENIOR: "高层关系",
    },
    Personality: {
        Personality.PEACOCK: "孔雀",
        Personality.OWL: "猫头鹰",
        Personality.TIGER: "老虎",
        Personality.UNKNOWN: "未知",
    },
    Source: {Source.CUSTOMER: "客户亲口说", Source.COACH: "教练或线人说", Source.MINE: "我的判断"},
    FundingStatus: {
        FundingStatus.UNKNOWN: "不清楚",
        FundingStatus.IN_PLACE: "资金和配套已到位",
        FundingStatus.PARTLY: "部分到位",
        FundingStatus.NOT_YET: "尚未落实",
    },
    CompetitorClue: {
        CompetitorClue.DESK_CALENDAR: "桌上的友商台历",
        CompetitorClue.NOTEBOOK_PEN: "友商的本子或笔",
        CompetitorClue.BROCHURE: "友商宣传资料",
        CompetitorClue.CORRIDOR: "走廊或电梯间遇到友商",
        CompetitorClue.CUSTOMER_SAID: "客户提到",
        CompetitorClue.OTHER: "其他",
    },
    StateSignal: {
        StateSignal.PRESCRIPTION: "客户掌控力强，像医院照方抓药：让你这里挂号、那里取药",
        StateSignal.ONLY_QUOTES: "客户只让你报价、出方案，不透露任何信息（像防贼）",
        StateSignal.ROUTE_FIXED: "客户表示技术路线或方案已经定了（而且不是按你的方案）",
        StateSignal.JOINS_DESIGN: "你能参与客户的项目设计和技术流程",
        StateSignal.GRATEFUL: "交流中客户有新发现会兴奋、感谢你",
        StateSignal.REFERS_UP: "客户愿意把你引荐给决策者",
        StateSignal.NO_PROCUREMENT: "项目没有负责的采购，没有对接外部招采",
        StateSignal.SPORADIC_TECH: "只有少量技术人员零星咨询",
        StateSignal.VAGUE_PLAN: "对方说不清何时落地、有没有资金",
    },
    ProjectQuality: {
        ProjectQuality.UNJUDGED: "待判断",
        ProjectQuality.HIGH: "高：值得投入",
        ProjectQuality.MEDIUM: "中：先观察",
        ProjectQuality.LOW: "低：少投入",
    },
    Investment: {
        Investment.UNDECIDED: "待定",
        Investment.ALL_IN: "全情投入，站稳顾问角色",
        Investment.TOP_DOWN: "自上而下攻坚",
        Investment.KEEP_WARM: "温水煮青蛙：少投入，找教练、接触高层",
        Investment.WALK_AWAY: "放弃",
    },
    MetVia: {
        MetVia.BRIDGE_REFERRAL: "桥梁引荐",
        MetVia.CUSTOMER_REFERRAL: "客户引荐",
        MetVia.ACQUAINTANCE: "同学校友等熟人",
        MetVia.SITE_VISIT: "考察",
        MetVia.PARTNERSHIP: "企业合作",
        MetVia.BANQUET: "饭局",
        MetVia.OUR_LEADER: "我方领导出面",
        MetVia.DIRECT: "直接拜访",
        MetVia.UNKNOWN: "未知",
    },
    CustomerState: {
        CustomerState.LOCKED: "已锁定",
        CustomerState.SHAPING: "塑造期",
        CustomerState.NASCENT: "萌芽期",
    },
    ControlPoint: {
        ControlPoint.DECISION_PROCESS: "了解决策链（招采决策流程）",
        ControlPoint.GENERAL_ACTIVITY: "策划一个能建立普遍关系的活动",
        ControlPoint.INFORMANT: "识别有价值的人，发展为关键线人",
        ControlPoint.BRIDGE_POST: "找到能起桥梁作用的内部岗位",
        ControlPoint.TECH_ROUTE: "了解技术需求与技术决策路线（痛苦链）",
    },
}

# Labels of earlier releases, per kind and code: a file exported before a rewording still imports.
# Add the old wording here whenever a label above changes; never remove an entry.
OLD_LABELS: dict[type[Choice], dict[Choice, tuple[str, ...]]] = {
    # 考拉 was never named by the trainer (issue 12); a person marked so reads back as 未知.
    Personality: {Personality.UNKNOWN: ("考拉", "koala")},
    # “或放弃” overlapped the separate choice 放弃.
    Investment: {Investment.TOP_DOWN: ("自上而下攻坚，或放弃",)},
    # A route fixed around our own solution is no lock against us: “而且不是按你的方案” was added.
    StateSignal: {StateSignal.ROUTE_FIXED: ("客户表示技术路线或方案已经定了",)},
}

STATE_GLOSSES: dict[CustomerState, str] = {
    CustomerState.LOCKED: "技术路线和心仪厂家已定，但不是你",
    CustomerState.SHAPING: "客户还没理清思路，你来得早、有优势",
    CustomerState.NASCENT: "项目没落实，八字没一撇",
}

# The one table of line names; the label ("技术") is what the sheet's choice shows.
LINE_NAMES: dict[Line, str] = {
    Line.TECH: "技术线",
    Line.PROCUREMENT: "采购线",
    Line.PLANNING: "计划线",
    Line.DEMAND: "需求部门",
    Line.LEADERSHIP: "领导层",
    Line.OTHER: "其他条线",
}

CHOICES: tuple[type[Choice], ...] = tuple(LABELS)
