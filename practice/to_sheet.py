"""What a visit uncovered, as a visit sheet (拜访信息表): the practice sheet, and the truth for the debrief."""

from __future__ import annotations

from collections.abc import Iterable

from practice.schema import (
    BantFact,
    CompetitorFact,
    HearFact,
    InsightFact,
    MeetFact,
    NoteFact,
    PainFact,
    ReferralFact,
    RoleFact,
    Scenario,
    SignalFact,
)
from worksheets.model import (
    Competitor,
    ControlPoint,
    ControlPointCheck,
    Evidence,
    FundingStatus,
    Investment,
    Person,
    Personality,
    Relation,
    Role,
    Source,
    VisitSheet,
)

PRACTICE_MARK = "【练习】"
MISSED_MARK = "（没找到）"
NOTE_KINDS = ("why_meet", "hook", "suggestion", "rapport")
BANT_FIELDS = ("budget", "funding", "authority", "need", "timeline")
_SOURCE_RANK = [Source.CUSTOMER, Source.COACH, Source.MINE]
PAINS_FOR_ROUTE = 3  # pains of at least three people, plus the need, make the pain chain


def person_id(scenario: Scenario, scenario_person: str) -> str:
    """Sheet ids are fixed per scenario person, so a practice sheet is stable across retries."""
    return f"p{[p.id for p in scenario.people].index(scenario_person):03d}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _joined(texts: Iterable[str], limit: int = 500) -> str:
    return _cut("；".join(dict.fromkeys(texts)), limit)


def control_points(scenario: Scenario, revealed: set[str]) -> list[ControlPointCheck]:
    """The five control points, met when the lesson's evidence for each was uncovered (s10)."""
    facts = [f for f in scenario.facts if f.id in revealed]
    roles = {(f.person, f.role) for f in facts if isinstance(f, RoleFact)}
    known = {f.person for f in facts if isinstance(f, MeetFact | HearFact)}
    bridge = [scenario.person(p).name for p, r in roles if r is Role.BRIDGE]
    informants = [scenario.person(p).name for p, r in roles if r in (Role.INFORMANT, Role.COACH)]
    authority = [f.text for f in facts if isinstance(f, BantFact) and f.field == "authority"]
    need = [f.text for f in facts if isinstance(f, BantFact) and f.field == "need"]
    pains = {f.person for f in facts if isinstance(f, PainFact)}
    hooks = [f.text for f in facts if isinstance(f, NoteFact) and f.kind == "hook"]
    bridge_known = any(p in known for p, r in roles if r is Role.BRIDGE)
    met = {
        ControlPoint.DECISION_PROCESS: (bool(authority) and bridge_known, _joined(authority)),
        ControlPoint.GENERAL_ACTIVITY: (bool(hooks), _joined(hooks)),
        ControlPoint.INFORMANT: (bool(informants), "、".join(sorted(set(informants)))),
        ControlPoint.BRIDGE_POST: (bool(bridge), "、".join(bridge)),
        ControlPoint.TECH_ROUTE: (
            bool(need) and len(pains) >= PAINS_FOR_ROUTE,
            _joined([*need, f"已知 {len(pains)} 人的痛点"]),
        ),
    }
    return [ControlPointCheck(point=p, met=met[p][0], evidence=met[p][1] if met[p][0] else "") for p in ControlPoint]


def _evidence(scenario: Scenario, facts: list[BantFact]) -> Evidence:
    if not facts:
        return Evidence()
    texts = [f"{scenario.person(f.by).name}说：{f.text}" if f.by else f.text for f in facts]
    source = min((f.source for f in facts), key=_SOURCE_RANK.index)
    return Evidence(answer=_joined(texts), source=source)


def _people(scenario: Scenario, revealed: set[str], *, truth: bool) -> list[Person]:
    facts = [f for f in scenario.facts if f.id in revealed]
    met = {f.person for f in facts if isinstance(f, MeetFact)}
    heard = {f.person for f in facts if isinstance(f, HearFact)}
    shown = [p for p in scenario.people if truth or p.id in met or p.id in heard]
    shown_ids = {p.id for p in shown}
    people = []
    for p in shown:
        referral = next((f.by for f in facts if isinstance(f, ReferralFact) and f.person == p.id), None)
        mark = "" if not truth or p.id in met or p.id in heard else MISSED_MARK
        people.append(
            Person(
                id=person_id(scenario, p.id),
                name=_cut(p.name + mark, 40),
                title=p.title,
                line=p.line,
                level=p.level,
                roles=[f.role for f in facts if isinstance(f, RoleFact) and f.person == p.id],
                relation=p.relation if p.id in met else Relation.NOT_CONTACTED,
                personality=p.personality if p.id in met else Personality.UNKNOWN,
                introduced_by=person_id(scenario, referral) if referral in shown_ids else None,
                pain=_joined(f.text for f in facts if isinstance(f, PainFact) and f.person == p.id),
                next_step=_joined(f.text for f in facts if isinstance(f, InsightFact) and f.person == p.id),
            )
        )
    return people


def _competitors(facts: list[CompetitorFact]) -> list[Competitor]:
    names = list(dict.fromkeys(f.competitor for f in facts))
    return [
        Competitor(
            name=name,
            clues=[f.clue for f in facts if f.competitor == name],
            note=_joined(f.text for f in facts if f.competitor == name),
        )
        for name in names
    ][:30]


def sheet_of(
    scenario: Scenario,
    revealed: Iterable[str],
    *,
    investment: Investment = Investment.UNDECIDED,
    departments: Iterable[str] = (),
    truth: bool = False,
) -> VisitSheet:
    """A valid VisitSheet holding exactly the revealed facts; `truth` also shows the people not found."""
    revealed = set(revealed)
    facts = [f for f in scenario.facts if f.id in revealed]
    notes = {k: [f for f in facts if isinstance(f, NoteFact) and f.kind == k] for k in NOTE_KINDS}
    bant = {k: [f for f in facts if isinstance(f, BantFact) and f.field == k] for k in BANT_FIELDS}
    statuses = [f.funding_status for f in bant["funding"] if f.funding_status is not None]
    favoured = [f.competitor for f in facts if isinstance(f, CompetitorFact) and f.favoured]
    return VisitSheet(
        customer=scenario.customer,
        project=_cut(PRACTICE_MARK + scenario.project, 80),
        departments_visited=[_cut(d, 80) for d in dict.fromkeys(departments)][:30],
        why_meet=_joined(f.text for f in notes["why_meet"]),
        workflow_help=_joined(f.workflow for f in notes["why_meet"] if f.workflow),
        **{k: _evidence(scenario, bant[k]) for k in BANT_FIELDS},
        funding_status=statuses[-1] if statuses else FundingStatus.UNKNOWN,
        people=_people(scenario, revealed, truth=truth),
        competitors=_competitors([f for f in facts if isinstance(f, CompetitorFact)]),
        favoured_vendor=_cut(favoured[-1], 80) if favoured else "",
        signals=[f.signal for f in facts if isinstance(f, SignalFact)],
        investment=investment,
        suggestions=_joined(f.text for f in notes["suggestion"]),
        agreed_next_step=_joined(f.text for f in notes["hook"]),
        rapport_actions=_joined(f.text for f in notes["rapport"]),
        control_points=control_points(scenario, revealed),
    )


def truth_sheet(scenario: Scenario) -> VisitSheet:
    """Everything the afternoon could uncover, judged with the lesson's play: what diagnose() must agree with."""
    places = [p.name for p in scenario.places]
    return sheet_of(scenario, [f.id for f in scenario.facts], investment=scenario.play, departments=places)


def truth_view(scenario: Scenario, revealed: Iterable[str]) -> VisitSheet:
    """The true chain for the debrief graph: whom you met solid, everyone else dashed, the missed marked."""
    revealed = set(revealed)
    truth = sheet_of(scenario, [f.id for f in scenario.facts])
    met = {f.person for f in scenario.facts if isinstance(f, MeetFact) and f.id in revealed}
    known = met | {f.person for f in scenario.facts if isinstance(f, HearFact) and f.id in revealed}
    people = []
    for sp, p in zip(scenario.people, truth.people, strict=True):
        mark = "" if sp.id in known else MISSED_MARK
        relation = p.relation if sp.id in met else Relation.NOT_CONTACTED
        people.append(p.model_copy(update={"name": _cut(p.name + mark, 40), "relation": relation}))
    return truth.model_copy(update={"people": people, "project": scenario.project})
