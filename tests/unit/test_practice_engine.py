"""The visit engine: the optimal path finds everything in time, mistakes cost something, sheets validate."""

import random

import pytest

from practice import engine
from practice.debrief import debrief, score
from practice.loader import load_scenarios
from practice.schema import LEAVE, HearFact, Judgement, MeetFact, RoleFact
from practice.to_sheet import sheet_of, truth_view
from worksheets import diagnose
from worksheets.files import from_csv, to_csv
from worksheets.model import Relation, Role, VisitSheet

SCENARIOS = {s.id: s for s in load_scenarios()}
IDS = sorted(SCENARIOS)


def right(s) -> Judgement:
    return Judgement(state=s.state, play=s.play)


@pytest.mark.parametrize("sid", IDS)
def test_the_optimal_path_uncovers_the_whole_chain_within_the_budget(sid):
    s = SCENARIOS[sid]
    visit = engine.replay(s, s.solution)
    assert visit.left and visit.minutes_used <= s.minutes
    assert set(visit.revealed) == {f.id for f in s.facts}
    known = {f.person for f in s.facts if isinstance(f, MeetFact | HearFact) and f.id in visit.revealed}
    assert known == {p.id for p in s.people}
    roles = {f.role for f in s.facts if isinstance(f, RoleFact) and f.id in visit.revealed}
    assert {Role.BRIDGE, Role.COACH, Role.INFORMANT} <= roles
    assert engine.mistakes(s, visit) == []
    report = debrief(s, visit, right(s))
    assert report.score.total == 100 and not report.missed and not report.control_points_missed


@pytest.mark.parametrize("sid", IDS)
def test_the_practice_sheet_of_the_optimal_path_validates_and_diagnoses_to_the_scenarios_state(sid):
    s = SCENARIOS[sid]
    visit = engine.replay(s, s.solution)
    sheet = sheet_of(s, visit.revealed, investment=s.play)
    assert VisitSheet.model_validate(sheet.model_dump()) == sheet
    assert from_csv(to_csv(sheet)).people == sheet.people  # it exports like any sheet
    assert diagnose(sheet).state == s.state
    assert all(c.met for c in sheet.control_points)


def _same_offer(s, visit) -> None:
    """Checking one choice (choose, replay) agrees with the list on screen (available)."""
    offered = {c.id for c in engine.available(s, visit)}
    candidates = {c.id for c in s.choices} | {f"go-{p.id}" for p in s.places} | {LEAVE}
    assert {c for c in candidates if engine._offered(s, visit, c) is not None} == offered


def _random_visit(s, seed: int) -> engine.Visit:
    rng = random.Random(seed)
    visit = engine.start(s)
    while not visit.left:
        _same_offer(s, visit)
        visit = engine.choose(s, visit, rng.choice(engine.available(s, visit)).id)
    for c in engine.available(s, visit):  # calls after work
        visit = engine.choose(s, visit, c.id)
    return visit


@pytest.mark.parametrize("sid", IDS)
def test_any_path_ends_within_the_budget_and_gives_a_valid_sheet(sid):
    s = SCENARIOS[sid]
    for seed in range(40):
        visit = _random_visit(s, seed)
        assert visit.minutes_used <= s.minutes
        sheet = sheet_of(s, visit.revealed, departments=[s.place(p).name for p in visit.visited if s.place(p)])
        VisitSheet.model_validate(sheet.model_dump())
        view = truth_view(s, visit.revealed)
        met = {f.person for f in s.facts if isinstance(f, MeetFact) and f.id in visit.revealed}
        assert sum(p.relation is not Relation.NOT_CONTACTED for p in view.people) == len(met)
        assert engine.replay(s, visit.taken) == visit  # deterministic: the choices are the whole state


def _remaining_gain(s, visit, rest) -> set[str]:
    """What following the rest of the optimal path still uncovers from here (as far as it goes)."""
    for choice_id in rest:
        if choice_id not in {c.id for c in engine.available(s, visit)}:
            continue
        visit = engine.choose(s, visit, choice_id)
    return set(visit.revealed)


@pytest.mark.parametrize("sid", IDS)
def test_every_mistake_has_a_consequence(sid):
    s = SCENARIOS[sid]
    mistakes = {c.id: c for c in s.choices if c.mistake}
    tried: set[str] = set()
    visit = engine.start(s)
    for n, step in enumerate([*s.solution, None]):
        for choice in engine.available(s, visit):
            if choice.id not in mistakes or choice.id in tried:
                continue
            tried.add(choice.id)
            after = engine.choose(s, visit, choice.id)
            colder = any(after.openness[p] < visit.openness[p] for p in visit.openness)
            lost = _remaining_gain(s, after, s.solution[n:]) < {f.id for f in s.facts}
            assert colder or lost, f"{choice.id} 没有后果"
            assert score(s, after, right(s)).penalty == 5
            assert after.steps[-1].mistake
        if step is not None:
            visit = engine.choose(s, visit, step)
    assert tried == set(mistakes), f"沿参考路线遇不到的失误：{set(mistakes) - tried}"


def test_a_choice_not_on_offer_is_refused_and_time_runs_out():
    s = SCENARIOS["hospital-cssd"]
    visit = engine.start(s)
    with pytest.raises(engine.InvalidChoice):
        engine.choose(s, visit, "sun-ask")  # not in the lobby
    with pytest.raises(engine.InvalidChoice):
        engine.replay(s, ["go-equip", "zhao-why", "zhao-why"])  # each choice once
    while engine.remaining(s, visit) >= 5:  # walk back and forth until the afternoon is gone
        visit = engine.choose(s, visit, "go-equip" if visit.place != "equip" else "go-lobby")
    offered = engine.available(s, visit)
    assert all(c.minutes <= engine.remaining(s, visit) for c in offered)
    assert LEAVE in {c.id for c in offered}


def test_wrong_judgement_and_mistakes_lower_the_score():
    s = SCENARIOS["factory-welding"]
    visit = engine.replay(s, ["go-equip", "chen-pitch", "chen-why", LEAVE])
    report = debrief(s, visit, Judgement(state=None, play=s.play))
    assert not report.state_ok and report.play_ok
    assert [m.mistake.lesson for m in report.mistakes] == ["s01-first-visit-goal"]
    assert report.score.total < 30
    assert report.score.total == score(s, visit, Judgement(state=None, play=s.play)).total


def test_the_evasive_contact_opens_up_only_in_the_right_way():
    """Wrong setting: 林工 says little in his office, opens up on the phone after work — unless offended."""
    s = SCENARIOS["factory-welding"]
    path = [c for c in s.solution if c != "lin-call"]
    polite = engine.replay(s, path)
    assert "lin-call" in {c.id for c in engine.available(s, polite)}
    assert {"pain-lin", "insight-lin"} <= set(engine.choose(s, polite, "lin-call").revealed)
    offended_path = path.copy()
    offended_path.insert(path.index("lin-ask") + 1, "lin-kinship")
    offended = engine.replay(s, offended_path)
    assert "lin-call" not in {c.id for c in engine.available(s, offended)}
