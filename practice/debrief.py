"""The debrief of a finished visit: what was found against the truth, the judgement, mistakes and the score."""

from __future__ import annotations

from dataclasses import dataclass

from practice import engine
from practice.schema import (
    BantFact,
    CompetitorFact,
    Fact,
    HearFact,
    InsightFact,
    Judgement,
    MeetFact,
    Mistake,
    NoteFact,
    PainFact,
    ReferralFact,
    RoleFact,
    Scenario,
    SignalFact,
)
from practice.to_sheet import control_points
from worksheets.diagnosis import STATE_LABELS, STATE_PLAYS, UNDECIDED_LABEL

KNOWLEDGE_POINTS = 60  # what was learned, in proportion to the facts' weights
CONTROL_POINT_POINTS = 4  # each of the five control points
STATE_POINTS = 10
PLAY_POINTS = 10
MISTAKE_PENALTY = 5
BANT_LABELS = {
    "budget": "预算",
    "funding": "资金与配套",
    "authority": "决策权与招采流程",
    "need": "需求",
    "timeline": "时间",
}
NOTE_LABELS = {"why_meet": "客户为什么愿意见你", "hook": "约定的下一步", "suggestion": "客户的建议", "rapport": "客情"}


def fact_label(s: Scenario, f: Fact) -> str:
    """One line naming the fact, for the debrief and the roll-up's most-missed list."""
    name = s.person(f.person).name if hasattr(f, "person") else ""
    match f:
        case MeetFact():
            p = s.person(f.person)
            return f"见到{name}（{p.line.label}·{p.level.label}，{p.title}）"
        case HearFact():
            return f"知道有{name}（{s.person(f.person).title}）"
        case ReferralFact():
            return f"{s.person(f.by).name}引荐了{name}"
        case RoleFact():
            return f"{name}是{f.role.label}"
        case PainFact():
            return f"{name}的痛点：{f.text}"
        case InsightFact():
            return f"关于{name}：{f.text}"
        case BantFact():
            who = f"（{s.person(f.by).name}说）" if f.by else "（你的判断）"
            return f"{BANT_LABELS[f.field]}：{f.text}{who}"
        case SignalFact():
            return f"状态信号：{f.signal.label}"
        case CompetitorFact():
            return f"友商{f.competitor}：{f.clue.label}"
        case NoteFact():
            return f"{NOTE_LABELS[f.kind]}：{f.text}"
    return f.id


@dataclass(frozen=True)
class Score:
    knowledge: int
    control_points: int
    state: int
    play: int
    penalty: int

    @property
    def total(self) -> int:
        return max(0, min(100, self.knowledge + self.control_points + self.state + self.play - self.penalty))


@dataclass(frozen=True)
class MistakeNote:
    action: str
    mistake: Mistake


@dataclass(frozen=True)
class Debrief:
    found: list[Fact]
    missed: list[Fact]
    control_points_met: list[str]
    control_points_missed: list[str]
    state_ok: bool
    play_ok: bool
    judged_state: str
    true_state: str
    lesson_play: str
    mistakes: list[MistakeNote]
    score: Score


def _state_label(state: str | None) -> str:
    return STATE_LABELS[state] if state else UNDECIDED_LABEL


def score(s: Scenario, visit: engine.Visit, judgement: Judgement) -> Score:
    """Recomputed from the choices and the judgement alone: a result file's own score is never trusted."""
    revealed = set(visit.revealed)
    total = sum(f.weight for f in s.facts)
    got = sum(f.weight for f in s.facts if f.id in revealed)
    points = control_points(s, revealed)
    return Score(
        knowledge=round(KNOWLEDGE_POINTS * got / total),
        control_points=CONTROL_POINT_POINTS * sum(c.met for c in points),
        state=STATE_POINTS if judgement.state == s.state else 0,
        play=PLAY_POINTS if judgement.play in (s.play, *s.also_ok) else 0,
        penalty=MISTAKE_PENALTY * len(engine.mistakes(s, visit)),
    )


def debrief(s: Scenario, visit: engine.Visit, judgement: Judgement) -> Debrief:
    revealed = set(visit.revealed)
    points = control_points(s, revealed)
    return Debrief(
        found=[f for f in s.facts if f.id in revealed],
        missed=[f for f in s.facts if f.id not in revealed],
        control_points_met=[c.point.label for c in points if c.met],
        control_points_missed=[c.point.label for c in points if not c.met],
        state_ok=judgement.state == s.state,
        play_ok=judgement.play in (s.play, *s.also_ok),
        judged_state=_state_label(judgement.state),
        true_state=_state_label(s.state),
        lesson_play=STATE_PLAYS[s.state],
        mistakes=[MistakeNote(c.text, c.mistake) for c in engine.mistakes(s, visit) if c.mistake],
        score=score(s, visit, judgement),
    )
