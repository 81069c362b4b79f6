"""The visit as a pure, deterministic state machine: the same choices always give the same afternoon.

A run is stored as its list of choice ids; everything else is replayed from the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from practice.schema import (
    AFTER_VISIT,
    LEAVE,
    MOVE_PREFIX,
    Choice,
    ChoiceKind,
    Condition,
    Exit,
    Outcome,
    Scenario,
)

OPENNESS_LABELS = {0: "戒备", 1: "客气", 2: "敞开"}
TIME_UP = "时间到了：下午的拜访结束。"


class InvalidChoice(ValueError):
    """A choice id that is not on offer at this moment of the visit."""


@dataclass(frozen=True)
class Step:
    """What one choice did, for the visit log and the debrief."""

    choice_id: str
    action: str
    result: str
    minutes: int
    revealed: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # "王工：客气 → 敞开"
    mistake: bool = False


@dataclass(frozen=True)
class Visit:
    place: str
    minutes_used: int = 0
    revealed: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    openness: dict[str, int] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    visited: tuple[str, ...] = ()

    @property
    def left(self) -> bool:
        return self.place == AFTER_VISIT

    @property
    def taken(self) -> tuple[str, ...]:
        return tuple(s.choice_id for s in self.steps)


def _arrival(scenario: Scenario, place_id: str, revealed: tuple[str, ...]) -> tuple[str, ...]:
    place = scenario.place(place_id)
    return tuple(f for f in dict.fromkeys(place.reveal if place else ()) if f not in revealed)


def start(scenario: Scenario) -> Visit:
    return Visit(
        place=scenario.start,
        revealed=_arrival(scenario, scenario.start, ()),
        openness={p.id: p.openness for p in scenario.people},
        visited=(scenario.start,),
    )


def remaining(scenario: Scenario, visit: Visit) -> int:
    return max(0, scenario.minutes - visit.minutes_used)


def clock(scenario: Scenario, minutes: int) -> str:
    h, m = (int(x) for x in scenario.start_clock.split(":"))
    total = h * 60 + m + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def holds(cond: Condition, visit: Visit) -> bool:
    revealed = set(visit.revealed)
    return (
        all(f in revealed for f in cond.facts)
        and not any(f in revealed for f in cond.no_facts)
        and all(f in visit.flags for f in cond.flags)
        and not any(f in visit.flags for f in cond.no_flags)
        and all(visit.openness.get(p, 0) >= n for p, n in cond.open.items())
        and all(visit.openness.get(p, 0) < n for p, n in cond.below.items())
    )


def _move(scenario: Scenario, visit: Visit, exit_: Exit) -> Choice | None:
    target = scenario.place(exit_.to)
    if target is None or not holds(exit_.requires, visit):
        return None
    return Choice.model_construct(  # built on every screen from checked data: no validation needed
        id=MOVE_PREFIX + exit_.to,
        place=visit.place,
        kind=ChoiceKind.MOVE,
        text=f"去{target.name}",
        minutes=exit_.minutes,
        requires=Condition(),
        outcomes=[
            Outcome.model_construct(when=Condition(), text=target.text, reveal=[], flags=[], openness={}, move=exit_.to)
        ],
        mistake=None,
    )


def _moves(scenario: Scenario, visit: Visit) -> list[Choice]:
    here = scenario.place(visit.place)
    return [m for e in (here.exits if here else []) if (m := _move(scenario, visit, e)) is not None]


def leave_choice(scenario: Scenario, visit: Visit) -> Choice:
    text = "告辞离开（结束下午的拜访）" if remaining(scenario, visit) else "时间到了，告辞离开"
    return Choice.model_construct(
        id=LEAVE,
        place=visit.place,
        kind=ChoiceKind.LEAVE,
        text=text,
        minutes=0,
        requires=Condition(),
        outcomes=[_LEAVING],
        mistake=None,
    )


_LEAVING = Outcome(text="你向对接人道别，离开了客户单位。", move=AFTER_VISIT)


def _authored_ok(scenario: Scenario, visit: Visit, c: Choice) -> bool:
    return (
        c.place == visit.place
        and c.id not in visit.taken
        and c.minutes <= remaining(scenario, visit)
        and holds(c.requires, visit)
    )


def available(scenario: Scenario, visit: Visit) -> list[Choice]:
    """What the student can do now: this place's choices not yet taken that fit the time left, moves, leaving."""
    here = [c for c in scenario.choices if _authored_ok(scenario, visit, c)]
    if visit.left:
        return here
    left = remaining(scenario, visit)
    return [*here, *(m for m in _moves(scenario, visit) if m.minutes <= left), leave_choice(scenario, visit)]


def _offered(scenario: Scenario, visit: Visit, choice_id: str) -> Choice | None:
    """The one choice, if it is on offer now; the same rule as `available`, without building every option."""
    if choice_id == LEAVE:
        return None if visit.left else leave_choice(scenario, visit)
    if choice_id.startswith(MOVE_PREFIX):
        here = scenario.place(visit.place)
        for e in here.exits if here and not visit.left else []:
            if MOVE_PREFIX + e.to == choice_id and e.minutes <= remaining(scenario, visit):
                return _move(scenario, visit, e)
        return None
    return next((c for c in scenario.choices if c.id == choice_id and _authored_ok(scenario, visit, c)), None)


def _apply(scenario: Scenario, visit: Visit, choice: Choice) -> Visit:
    outcome = next((o for o in choice.outcomes if holds(o.when, visit)), None)
    if outcome is None:  # the checker refuses choices without a fallback; this keeps the engine total
        outcome = Outcome(text="什么也没有发生。")
    new = tuple(f for f in dict.fromkeys(outcome.reveal) if f not in visit.revealed)
    openness = dict(visit.openness)
    changes = []
    for person_id, delta in outcome.openness.items():
        before = openness.get(person_id, 0)
        openness[person_id] = min(2, max(0, before + delta))
        if openness[person_id] != before:
            name = scenario.person(person_id).name
            changes.append(f"{name}：{OPENNESS_LABELS[before]} → {OPENNESS_LABELS[openness[person_id]]}")
    place = outcome.move or visit.place
    if place != visit.place:
        new += _arrival(scenario, place, visit.revealed + new)
    step = Step(
        choice_id=choice.id,
        action=choice.text,
        result=outcome.text,
        minutes=choice.minutes,
        revealed=new,
        changes=tuple(changes),
        mistake=choice.mistake is not None,
    )
    return replace(
        visit,
        place=place,
        minutes_used=visit.minutes_used + choice.minutes,
        revealed=visit.revealed + new,
        flags=visit.flags | set(outcome.flags),
        openness=openness,
        steps=(*visit.steps, step),
        visited=visit.visited if place in visit.visited else (*visit.visited, place),
    )


def choose(scenario: Scenario, visit: Visit, choice_id: str) -> Visit:
    choice = _offered(scenario, visit, choice_id)
    if choice is None:
        raise InvalidChoice(f"“{choice_id}”此刻不可选")
    return _apply(scenario, visit, choice)


def replay(scenario: Scenario, choice_ids: list[str] | tuple[str, ...]) -> Visit:
    """Rebuild a visit from its stored choices; raises InvalidChoice at the first one not on offer."""
    visit = start(scenario)
    for n, choice_id in enumerate(choice_ids, start=1):
        try:
            visit = choose(scenario, visit, choice_id)
        except InvalidChoice as exc:
            raise InvalidChoice(f"第 {n} 步：{exc}") from None
    return visit


def mistakes(scenario: Scenario, visit: Visit) -> list[Choice]:
    by_id = {c.id: c for c in scenario.choices}
    return [by_id[s.choice_id] for s in visit.steps if s.mistake and s.choice_id in by_id]
