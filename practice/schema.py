"""A practice visit as data: the fictional customer, its true decision chain, places, facts and choices.

Enum fields hold the stable codes of worksheets.codes (line: tech, relation: key …), never display text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from worksheets.diagnosis import State
from worksheets.model import (
    CompetitorClue,
    FundingStatus,
    Investment,
    Level,
    Line,
    Personality,
    Relation,
    Role,
    Source,
    StateSignal,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
Openness = Annotated[int, Field(ge=0, le=2)]  # 0 戒备, 1 客气, 2 敞开

AFTER_VISIT = "after-visit"  # the place after the student has said goodbye: calls after work, no visit time
LEAVE = "leave"  # the always-offered choice that ends the afternoon
MOVE_PREFIX = "go-"  # generated choices that walk to a neighbouring place


class Content(BaseModel):
    """Scenario content as loaded: unknown keys refused, read-only afterwards."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Evasive(StrEnum):
    """The lesson's three reasons a contact gives evasive answers (s08)."""

    SETTING = "setting"  # wrong setting: opens up off-site or after work
    PERSON = "person"  # wrong person: can only refer you
    UNWILLING = "unwilling"  # involved but unwilling: needs the questioning technique


EVASIVE_LABELS = {
    Evasive.SETTING: "场合错了：办公室里只谈公事，换个场合或下班后再联系",
    Evasive.PERSON: "人找错了：他不掌握情况，只能请他引荐",
    Evasive.UNWILLING: "参与了却不想理你：要用提问技巧，问不出就先放一放、找别人确认原因",
}


class Person(Content):
    id: Id
    name: Name
    title: Short
    line: Line
    level: Level
    personality: Personality
    relation: Relation  # the kind of relationship once met: general (蓝), key = the bridge (红), senior (绿)
    openness: Openness = 1
    evasive: Evasive | None = None


class Condition(Content):
    """All listed parts must hold; an empty condition always holds."""

    facts: list[Id] = []
    no_facts: list[Id] = []
    flags: list[Id] = []
    no_flags: list[Id] = []
    open: dict[Id, Openness] = {}  # person -> at least this openness
    below: dict[Id, Openness] = {}  # person -> openness lower than this


class Exit(Content):
    to: Id
    minutes: int = Field(ge=1, le=60)
    requires: Condition = Condition()


class Place(Content):
    id: Id
    name: Short
    text: Text
    reveal: list[Id] = []  # what you learn by arriving, e.g. the person who works here
    exits: list[Exit] = Field(min_length=1)


class _Fact(Content):
    id: Id
    weight: int = Field(default=1, ge=1, le=3)  # what the score gives for learning it


class MeetFact(_Fact):
    kind: Literal["meet"]
    person: Id


class HearFact(_Fact):
    """You learn that someone exists (line, level, title) without meeting: a dashed placeholder."""

    kind: Literal["hear"]
    person: Id


class ReferralFact(_Fact):
    kind: Literal["referral"]
    person: Id
    by: Id


class RoleFact(_Fact):
    kind: Literal["role"]
    person: Id
    role: Role


class PainFact(_Fact):
    kind: Literal["pain"]
    person: Id
    text: Text


class InsightFact(_Fact):
    """What you learned about a person that is not his pain, e.g. why he is cold to you."""

    kind: Literal["insight"]
    person: Id
    text: Text


class BantFact(_Fact):
    kind: Literal["bant"]
    field: Literal["budget", "funding", "authority", "need", "timeline"]
    text: Text
    source: Source
    by: Id | None = None  # who said it; None for your own judgement
    funding_status: FundingStatus | None = None


class SignalFact(_Fact):
    kind: Literal["signal"]
    signal: StateSignal
    text: Text


class CompetitorFact(_Fact):
    kind: Literal["competitor"]
    competitor: Name
    clue: CompetitorClue
    text: Text
    favoured: bool = False  # this trace shows the customer favours that vendor


class NoteFact(_Fact):
    """why_meet (with the workflow you can help in), a hook (next step), a suggestion, a rapport action."""

    kind: Literal["why_meet", "hook", "suggestion", "rapport"]
    text: Text
    workflow: Text | None = None  # why_meet only


Fact = Annotated[
    MeetFact
    | HearFact
    | ReferralFact
    | RoleFact
    | PainFact
    | InsightFact
    | BantFact
    | SignalFact
    | CompetitorFact
    | NoteFact,
    Field(discriminator="kind"),
]


class Outcome(Content):
    when: Condition = Condition()
    text: Text
    reveal: list[Id] = []
    flags: list[Id] = []
    openness: dict[Id, Annotated[int, Field(ge=-2, le=2)]] = {}  # person -> change
    move: Id | None = None


class ChoiceKind(StrEnum):
    ASK = "ask"
    REFER = "refer"
    OBSERVE = "observe"
    LINGER = "linger"
    WALK_IN = "walk_in"
    HOOK = "hook"
    GIFT = "gift"
    TALK = "talk"
    INVITE = "invite"
    CALL = "call"
    MOVE = "move"
    LEAVE = "leave"


KIND_LABELS = {
    ChoiceKind.ASK: "提问",
    ChoiceKind.REFER: "请人引荐",
    ChoiceKind.OBSERVE: "观察",
    ChoiceKind.LINGER: "多待一会儿",
    ChoiceKind.WALK_IN: "自己走过去",
    ChoiceKind.HOOK: "留钩子",
    ChoiceKind.GIFT: "客情",
    ChoiceKind.TALK: "介绍与闲聊",
    ChoiceKind.INVITE: "邀约",
    ChoiceKind.CALL: "下班后联系",
    ChoiceKind.MOVE: "去别处",
    ChoiceKind.LEAVE: "告辞",
}


class MistakeType(StrEnum):
    PITCH = "pitch"  # pitching before asking what they want to hear
    DINNER = "dinner"  # asking a senior to dinner
    PRIVATE = "private"  # probing a private topic
    KINSHIP = "kinship"  # 哥/姐 in the office
    PRESS_COACH = "press_coach"  # asking the coach to sway the decision
    OTHER = "other"


class Mistake(Content):
    type: MistakeType
    lesson: Id  # the section to reread
    why: Text


class Choice(Content):
    id: Id
    place: Id
    kind: ChoiceKind
    text: Text
    minutes: int = Field(ge=0, le=120)
    requires: Condition = Condition()
    outcomes: list[Outcome] = Field(min_length=1)  # the first whose `when` holds happens
    mistake: Mistake | None = None


class Scenario(Content):
    id: Id
    title: Short
    industry: Short
    customer: Short
    project: Short
    our_company: Text  # what we sell
    brief: Text  # who made the appointment, what we know before going
    state: State  # the truth the student should judge
    play: Investment  # the lesson's play for this state
    also_ok: list[Investment] = []  # other plays the lesson accepts here
    play_note: Text  # why that play, in the lesson's words
    start: Id
    start_clock: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")] = "13:30"
    minutes: int = Field(ge=60, le=480)  # the afternoon's budget
    people: list[Person] = Field(min_length=1)
    places: list[Place] = Field(min_length=1)
    facts: list[Fact] = Field(min_length=1)
    choices: list[Choice] = Field(min_length=1)
    solution: list[Id] = Field(min_length=1)  # a mistake-free path that uncovers every fact in time

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.id == person_id)

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def fact(self, fact_id: str) -> Fact:
        return next(f for f in self.facts if f.id == fact_id)


class Judgement(Content):
    """The student's verdict at the end: the customer's state (None: not enough evidence) and the play."""

    state: State | None
    play: Investment
