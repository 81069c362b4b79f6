"""The class demo (课堂演示): the decision chain told step by step, as the trainer tells it.

Pure logic for views/trainer_demo.py: which step is shown, where the buttons lead, who is new in the step
(drawn in bold), and at most DEMO_MAX_PEOPLE people drawn, so a 300-person sheet stays quick on a projector.
"""

from __future__ import annotations

import graphviz
from pydantic import BaseModel, ConfigDict

from worksheets.chain import chain_graph, entry_people
from worksheets.model import Level, Role, VisitSheet

DEMO_MAX_PEOPLE = 40


class ChainStep(BaseModel):
    """One beat of the trainer's step-through; `person_ids` holds everyone shown so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    talking_point: str
    person_ids: list[str]


STEP_TEXT = [
    ("从基层切入", "第一次拜访应当先见技术基层或采购基层：先了解他的工作和痛点，建立普遍关系。"),
    ("顺藤摸瓜：谁引荐了谁", "请已经见过的基层引荐下一个人，沿着引荐关系一个个摸清决策链。"),
    ("中层：技术交流、普遍关系", "和技术中层做技术交流，了解技术需求与技术决策路线（痛苦链）。"),
    ("桥梁", "找到能下达执行、上达领导的人，常是采购组长：他能把你带到高层面前。"),
    (
        "高层",
        "先看你是怎么认识他的：若是客户引荐、同学或校友，熟悉和喜爱已经在起作用，可以试着组织更私密的活动；"
        "否则别贸然单独约，先借客户考察、企业合作的场合，或在饭局上认识再判断，不然就请我方领导出面，责权对等。",
    ),
]


def chain_steps(sheet: VisitSheet) -> list[ChainStep]:
    """The order the trainer tells the chain in; each step adds people to those already shown."""
    people = sheet.people
    entry = {p.id for p in entry_people(people)}
    bridge = {p.id for p in people if Role.BRIDGE in p.roles}
    # Grassroots people reached by referral, or still to be reached that way.
    referred = {p.id for p in people if p.level is Level.GRASSROOTS and p.id not in bridge}
    middle = {p.id for p in people if p.level is Level.MIDDLE and p.id not in bridge}
    everyone = {p.id for p in people}  # the last step shows the whole chain, 高层 included
    steps: list[ChainStep] = []
    shown: set[str] = set()
    for (title, talking_point), ids in zip(STEP_TEXT, [entry, referred, middle, bridge, everyone], strict=True):
        shown |= ids
        order = [p.id for p in people if p.id in shown]
        steps.append(ChainStep(title=title, talking_point=talking_point, person_ids=order))
    return steps


class DemoFrame(BaseModel):
    """What the demo shows at one step: the step's words, whom to draw, whom to draw in bold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int  # 0-based, always within the steps
    total: int
    title: str
    talking_point: str
    drawn: list[str]  # person ids drawn, in sheet order, at most DEMO_MAX_PEOPLE
    new: list[str]  # people this step adds (bold), all of them drawn
    left_out: int  # people the step would show but the demo leaves out to stay readable

    @property
    def can_go_back(self) -> bool:
        return self.index > 0

    @property
    def can_go_forward(self) -> bool:
        return self.index < self.total - 1

    @property
    def heading(self) -> str:
        return f"第 {self.index + 1}/{self.total} 步：{self.title}"


def clamp_step(step: int, total: int) -> int:
    """A stored step that no longer fits (another sheet, fewer steps) goes to the nearest valid one."""
    return min(max(step, 0), max(total - 1, 0))


def step_back(step: int, total: int) -> int:
    """From the step stored (possibly out of range: the step shown is its clamp) one step back."""
    return clamp_step(clamp_step(step, total) - 1, total)


def step_forward(step: int, total: int) -> int:
    return clamp_step(clamp_step(step, total) + 1, total)


def demo_frame(sheet: VisitSheet, step: int, *, max_people: int = DEMO_MAX_PEOPLE) -> DemoFrame:
    """The frame for `step`; the step's new people come first when the drawing must be cut."""
    steps = chain_steps(sheet)
    n = clamp_step(step, len(steps))
    shown = steps[n].person_ids
    before = set(steps[n - 1].person_ids) if n else set()
    new = [i for i in shown if i not in before]
    keep = set(new[:max_people])
    keep |= set([i for i in shown if i not in keep][: max_people - len(keep)])
    drawn = [i for i in shown if i in keep]
    return DemoFrame(
        index=n,
        total=len(steps),
        title=steps[n].title,
        talking_point=steps[n].talking_point,
        drawn=drawn,
        new=[i for i in new if i in keep],
        left_out=len(shown) - len(drawn),
    )


def demo_graph(sheet: VisitSheet, frame: DemoFrame) -> graphviz.Digraph:
    """The frame's picture: only the people drawn, the new ones in bold, the legend beside it on the page."""
    return chain_graph(sheet, only_people=set(frame.drawn), highlight=set(frame.new), legend=False)
