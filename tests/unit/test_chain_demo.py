"""The class demo's steps (worksheets.chain_demo): where the buttons lead, who is new, how much is drawn."""

from __future__ import annotations

import re

import pytest

from worksheets.chain_demo import (
    DEMO_MAX_PEOPLE,
    chain_steps,
    clamp_step,
    demo_frame,
    demo_graph,
    step_back,
    step_forward,
)
from worksheets.example import example_sheet
from worksheets.model import Level, Line, Person, Relation, VisitSheet

EXAMPLE = example_sheet()


@pytest.mark.parametrize(
    ("step", "back", "forward"), [(0, 0, 1), (1, 0, 2), (3, 2, 4), (4, 3, 4), (9, 3, 4), (-2, 0, 1)]
)
def test_back_goes_back_and_forward_goes_forward(step, back, forward):
    assert step_back(step, 5) == back
    assert step_forward(step, 5) == forward


@pytest.mark.parametrize(("stored", "shown"), [(-3, 0), (0, 0), (4, 4), (7, 4)])
def test_a_stored_step_out_of_range_is_clamped(stored, shown):
    assert clamp_step(stored, 5) == shown
    assert demo_frame(EXAMPLE, stored).index == shown


def test_buttons_are_disabled_at_the_ends():
    first, last = demo_frame(EXAMPLE, 0), demo_frame(EXAMPLE, 4)
    assert (first.can_go_back, first.can_go_forward) == (False, True)
    assert (last.can_go_back, last.can_go_forward) == (True, False)
    assert first.heading == "第 1/5 步：从基层切入"


def test_each_step_adds_its_new_people_and_only_they_are_bold():
    steps = chain_steps(EXAMPLE)
    for n, step in enumerate(steps):
        frame = demo_frame(EXAMPLE, n)
        before = set(steps[n - 1].person_ids) if n else set()
        assert frame.drawn == step.person_ids
        assert frame.new == [i for i in step.person_ids if i not in before]
        assert frame.new  # every step of the example shows someone new
        source = demo_graph(EXAMPLE, frame).source
        bold = {re.match(r'\s*p\d+ \[label="([^"\\]+)', ln)[1] for ln in source.splitlines() if 'penwidth="4"' in ln}
        names = {p.id: p.name for p in EXAMPLE.people}
        assert bold == {names[i] for i in frame.new}


def test_step_two_shows_the_grassroots_reached_by_referral():
    frame = demo_frame(EXAMPLE, 1)
    assert frame.drawn == ["p001", "p002", "p008"] and frame.new == ["p002", "p008"]


def big_sheet(n: int = 300) -> VisitSheet:
    levels = [Level.GRASSROOTS, Level.MIDDLE, Level.SENIOR]
    return VisitSheet(
        people=[
            Person(id=f"b{i:03d}", name=f"人{i}", line=list(Line)[i % 6], level=levels[i % 3],
                   relation=Relation.GENERAL, introduced_by=f"b{i - 1:03d}" if i else None)
            for i in range(n)
        ]
    )  # fmt: skip


def test_a_300_person_sheet_is_bounded_and_new_people_come_first():
    sheet = big_sheet()
    for n in range(5):
        frame = demo_frame(sheet, n)
        shown = chain_steps(sheet)[n].person_ids
        assert len(frame.drawn) == min(len(shown), DEMO_MAX_PEOPLE)
        assert frame.left_out == len(shown) - len(frame.drawn)
        assert set(frame.new) <= set(frame.drawn)
        assert len(frame.new) == min(len(set(shown) - set(chain_steps(sheet)[n - 1].person_ids if n else [])), 40)
    assert demo_frame(sheet, 4).left_out == 300 - DEMO_MAX_PEOPLE
    assert demo_graph(sheet, demo_frame(sheet, 4)).source.count("label=") < 60 + DEMO_MAX_PEOPLE


def test_the_senior_step_keeps_the_trainers_exception_and_routes():
    """Issue 12 §4: familiarity and liking already at work is the exception; 考察, 企业合作, 饭局 and
    领导出面 are the routes."""
    talking_point = chain_steps(EXAMPLE)[4].talking_point
    for words in ("客户引荐", "同学", "校友", "熟悉和喜爱", "考察", "企业合作", "饭局", "领导出面"):
        assert words in talking_point
