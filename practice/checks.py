"""The content rules of a practice scenario, each broken rule one Chinese sentence naming the id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import ValidationError

from practice import engine
from practice.schema import (
    AFTER_VISIT,
    LEAVE,
    MOVE_PREFIX,
    BantFact,
    CompetitorFact,
    Condition,
    HearFact,
    MeetFact,
    ReferralFact,
    RoleFact,
    Scenario,
)
from practice.to_sheet import truth_sheet
from worksheets.diagnosis import STATE_LABELS, STATES, UNDECIDED_LABEL, diagnose
from worksheets.model import Investment, Role

MIN_PEOPLE, MAX_PEOPLE = 6, 9
MIN_DECISIONS = 25  # authored choices over all scenarios
LESSON_PLAYS = {
    "locked": {Investment.TOP_DOWN, Investment.WALK_AWAY},
    "shaping": {Investment.ALL_IN},
    "nascent": {Investment.KEEP_WARM},
}


def _conditions(s: Scenario) -> Iterator[tuple[str, Condition]]:
    for place in s.places:
        for exit_ in place.exits:
            yield f"地点 {place.id} 去 {exit_.to} 的条件", exit_.requires
    for c in s.choices:
        yield f"选择 {c.id} 的条件", c.requires
        for n, o in enumerate(c.outcomes, start=1):
            yield f"选择 {c.id} 的第 {n} 个结果的条件", o.when


def _duplicates(s: Scenario) -> list[str]:
    groups = {
        "人员": [p.id for p in s.people],
        "地点": [p.id for p in s.places],
        "事实": [f.id for f in s.facts],
        "选择": [c.id for c in s.choices],
    }
    out = [f"{kind}编号重复：{i}" for kind, ids in groups.items() for i, n in Counter(ids).items() if n > 1]
    out += [
        f"选择编号 {c.id} 是保留字（{LEAVE}、{MOVE_PREFIX}…）"
        for c in s.choices
        if c.id == LEAVE or c.id.startswith(MOVE_PREFIX)
    ]
    out += [f"地点编号 {AFTER_VISIT} 是保留字（告辞之后）" for p in s.places if p.id == AFTER_VISIT]
    return out


def _references(s: Scenario, lessons: set[str] | None) -> list[str]:
    people, places, facts = {p.id for p in s.people}, {p.id for p in s.places}, {f.id for f in s.facts}
    out = [] if s.start in places else [f"起点 {s.start} 不是已定义的地点"]
    for place in s.places:
        out += [f"地点 {place.id} 的出口指向未定义的地点 {e.to}" for e in place.exits if e.to not in places]
        out += [f"地点 {place.id} 揭示了未定义的事实 {x}" for x in place.reveal if x not in facts]
    for f in s.facts:
        for ref in [getattr(f, "person", None), getattr(f, "by", None)]:
            if ref is not None and ref not in people:
                out.append(f"事实 {f.id} 引用了未定义的人员 {ref}")
    for where, cond in _conditions(s):
        out += [f"{where}引用了未定义的事实 {x}" for x in [*cond.facts, *cond.no_facts] if x not in facts]
        out += [f"{where}引用了未定义的人员 {x}" for x in [*cond.open, *cond.below] if x not in people]
    for c in s.choices:
        if c.place not in places and c.place != AFTER_VISIT:
            out.append(f"选择 {c.id} 所在的地点 {c.place} 未定义")
        if c.place == AFTER_VISIT and c.minutes:
            out.append(f"选择 {c.id} 在告辞之后，不能再占用下午的时间（minutes 应为 0）")
        if c.outcomes[-1].when != Condition():
            out.append(f"选择 {c.id} 的最后一个结果必须没有条件，否则可能什么结果都不符合")
        if c.mistake and lessons is not None and c.mistake.lesson not in lessons:
            out.append(f"选择 {c.id} 要重读的章节 {c.mistake.lesson} 不存在")
        for o in c.outcomes:
            out += [f"选择 {c.id} 揭示了未定义的事实 {x}" for x in o.reveal if x not in facts]
            out += [f"选择 {c.id} 改变了未定义人员 {x} 的态度" for x in o.openness if x not in people]
            if o.move is not None and o.move not in places:
                out.append(f"选择 {c.id} 把你带到未定义的地点 {o.move}")
    known = {c.id for c in s.choices}
    out += [f"参考路线里的 {x} 不是已定义的选择" for x in s.solution if x not in known and not _generated(x, places)]
    return out


def _generated(choice_id: str, places: set[str]) -> bool:
    return choice_id == LEAVE or (choice_id.startswith(MOVE_PREFIX) and choice_id[len(MOVE_PREFIX) :] in places)


def _satisfiable(cond: Condition, facts: set[str], flags: set[str], high: dict, low: dict) -> bool:
    """Optimistic: could this ever hold, ignoring the order of events (no_… parts are ignored)?"""
    return (
        set(cond.facts) <= facts
        and set(cond.flags) <= flags
        and all(high.get(p, 0) >= n for p, n in cond.open.items())
        and all(low.get(p, 0) < n for p, n in cond.below.items())
    )


def _reachability(s: Scenario) -> list[str]:
    """A fixpoint over what can ever happen: places, choices, facts and flags no path can reach."""
    places, choices, facts, flags = {s.start, AFTER_VISIT}, set(), set(), set()
    high = {p.id: p.openness for p in s.people}
    low = dict(high)
    changed = True
    while changed:
        changed = False
        for place in s.places:
            if place.id in places:
                for e in place.exits:
                    if e.to not in places and _satisfiable(e.requires, facts, flags, high, low):
                        places.add(e.to)
                        changed = True
        for place in s.places:
            if place.id in places and not set(place.reveal) <= facts:
                facts |= set(place.reveal)
                changed = True
        for c in s.choices:
            if c.id in choices or c.place not in places or not _satisfiable(c.requires, facts, flags, high, low):
                continue
            choices.add(c.id)
            changed = True
        for c in (c for c in s.choices if c.id in choices):
            for o in c.outcomes:
                if not _satisfiable(o.when, facts, flags, high, low):
                    continue
                before = (len(facts), len(flags), len(places), dict(high), dict(low))
                facts |= set(o.reveal)
                flags |= set(o.flags)
                places |= {o.move} if o.move else set()
                for p, d in o.openness.items():
                    high[p] = min(2, max(high.get(p, 0), high.get(p, 0) + d))
                    low[p] = max(0, min(low.get(p, 0), low.get(p, 0) + d))
                changed |= before != (len(facts), len(flags), len(places), high, low)
    out = [f"地点 {p.id} 无论怎么走都到不了" for p in s.places if p.id not in places]
    out += [f"选择 {c.id} 永远不会出现（地点到不了或条件无法满足）" for c in s.choices if c.id not in choices]
    out += [f"事实 {f.id} 没有任何路线能发现" for f in s.facts if f.id not in facts]
    needed = {x for _, cond in _conditions(s) for x in cond.flags}
    out += [f"标记 {x} 被用作条件，却没有任何选择会设置它" for x in sorted(needed - flags)]
    for place in s.places:
        exits = [e for e in place.exits if e.to != place.id and e.to in places]
        movers = [o.move for c in s.choices if c.place == place.id for o in c.outcomes if o.move]
        if place.id in places and not exits and not movers:
            out.append(f"地点 {place.id} 是死胡同：进去之后哪里也去不了")
    return out


def _consequences(s: Scenario) -> list[str]:
    blocking = {x for _, cond in _conditions(s) for x in [*cond.no_flags]}
    out = []
    for c in s.choices:
        for n, o in enumerate(c.outcomes, start=1):
            does = o.reveal or o.flags or o.openness or o.move
            if c.mistake is None and not does:
                out.append(f"选择 {c.id} 的第 {n} 个结果什么也不改变（死路）")
            if c.mistake and not (any(d < 0 for d in o.openness.values()) or set(o.flags) & blocking):
                out.append(f"失误 {c.id} 的第 {n} 个结果没有后果：应让某人更戒备，或设置一个会堵住后续选择的标记")
    return out


def _truth(s: Scenario) -> list[str]:
    out = []
    if not MIN_PEOPLE <= len(s.people) <= MAX_PEOPLE:
        out.append(f"决策链应有 {MIN_PEOPLE} 到 {MAX_PEOPLE} 人，现在是 {len(s.people)} 人")
    if len({p.line for p in s.people}) < 2:
        out.append("决策链至少要跨两条线")
    if len({p.level for p in s.people}) < 3:
        out.append("决策链要覆盖基层、中层、高层三个层级")
    roles = Counter(f.role for f in s.facts if isinstance(f, RoleFact))
    if roles[Role.BRIDGE] != 1:
        out.append(f"必须恰好有一位桥梁，现在有 {roles[Role.BRIDGE]} 位")
    out += [
        f"缺少{label}" for role, label in ((Role.COACH, "教练候选人"), (Role.INFORMANT, "关键线人")) if not roles[role]
    ]
    if not any(isinstance(f, CompetitorFact) for f in s.facts):
        out.append("缺少友商的痕迹")
    if not any(p.evasive for p in s.people):
        out.append("至少要有一位打哈哈的联系人（evasive）")
    findable = {f.person for f in s.facts if isinstance(f, MeetFact | HearFact)}
    out += [f"人员 {p.id} 没有任何事实能让学员见到或听说他" for p in s.people if p.id not in findable]
    referred = Counter(f.person for f in s.facts if isinstance(f, ReferralFact))
    out += [f"人员 {p} 有多条引荐事实" for p, n in referred.items() if n > 1]
    out += [
        f"事实 {f.id} 的资金状态只能写在 funding 上"
        for f in s.facts
        if isinstance(f, BantFact) and f.funding_status and f.field != "funding"
    ]
    if s.play not in LESSON_PLAYS[s.state] or not set(s.also_ok) <= LESSON_PLAYS[s.state]:
        out.append(f"打法 {s.play.value} 与课程对“{STATE_LABELS[s.state]}”的打法不符")
    try:
        diagnosed = diagnose(truth_sheet(s)).state
    except ValidationError as exc:
        return [*out, f"真相整理成拜访信息表时不合格：{exc.errors()[0]['msg']}"]
    if diagnosed != s.state:
        shown = STATE_LABELS[diagnosed] if diagnosed else UNDECIDED_LABEL
        out.append(f"真相按练习册的诊断是“{shown}”，不是场景设定的“{STATE_LABELS[s.state]}”")
    return out


def _cost(s: Scenario, visit: engine.Visit, choice_id: str) -> int:
    """Minutes the choice would take here (0 when it is not known here at all)."""
    if choice_id.startswith(MOVE_PREFIX):
        here = s.place(visit.place)
        exits = [e for e in (here.exits if here else []) if MOVE_PREFIX + e.to == choice_id]
        return exits[0].minutes if exits else 0
    return next((c.minutes for c in s.choices if c.id == choice_id), 0)


def _solution(s: Scenario) -> list[str]:
    visit = engine.start(s)
    for n, choice_id in enumerate(s.solution, start=1):
        offered = {c.id: c for c in engine.available(s, visit)}
        if choice_id not in offered:
            why = "时间不够" if _cost(s, visit, choice_id) > engine.remaining(s, visit) else "此时不可选"
            return [f"参考路线第 {n} 步 {choice_id} {why}（当时在 {visit.place}，已用 {visit.minutes_used} 分钟）"]
        if offered[choice_id].mistake:
            return [f"参考路线第 {n} 步 {choice_id} 是失误，参考路线不能有失误"]
        visit = engine.choose(s, visit, choice_id)
    missing = [f.id for f in s.facts if f.id not in visit.revealed]
    out = [f"参考路线没有发现：{'、'.join(missing)}"] if missing else []
    return out + ([] if visit.left else ["参考路线最后要告辞离开（leave）"])


def scenario_problems(s: Scenario, lessons: set[str] | None = None) -> list[str]:
    problems = _duplicates(s) + _references(s, lessons)
    if problems:
        return problems  # the deeper checks need sound references
    problems = _reachability(s) + _consequences(s) + _truth(s)
    return problems + _solution(s)


def set_problems(scenarios: list[Scenario]) -> list[str]:
    states = {s.state for s in scenarios}
    out = [f"缺少“{STATE_LABELS[x]}”状态的场景" for x in STATES if x not in states]
    out += [f"行业重复：{i}" for i, n in Counter(s.industry for s in scenarios).items() if n > 1]
    decisions = sum(len(s.choices) for s in scenarios)
    if decisions < MIN_DECISIONS:
        out.append(f"所有场景合计至少要有 {MIN_DECISIONS} 个决策，现在只有 {decisions} 个")
    return out
