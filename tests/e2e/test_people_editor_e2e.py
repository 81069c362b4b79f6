"""Issue 10 §1: every edit in the people editor lands on the person shown, as a student really fills a chain.

Five people, back and forth between them, 20 edits over every kind of field, a reader's pause between edits;
then the downloaded CSV must hold every field of every person exactly as typed. On the old code the picker
jumped back to the first person after a name or 条线 change, and the next edit went to that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from helpers import SheetPage, csv_people
from playwright.sync_api import Page

from worksheets.model import Level, Line, Personality, Relation, Role

PAUSES = [1200, 1600, 1000, 1800, 1400]  # ms: a reader looks at the screen between edits


@dataclass
class Expected:
    name: str
    line: str = Line.TECH.label
    level: str = Level.GRASSROOTS.label
    relation: str = Relation.NOT_CONTACTED.label
    personality: str = Personality.UNKNOWN.label
    roles: list[str] = field(default_factory=list)
    referrer: str = ""
    pain: str = ""


def _referrer_option(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(\d+\. )?{re.escape(name)}$")


class Student:
    """Does one edit at a time on the sheet and keeps what the CSV must say afterwards."""

    def __init__(self, sheet: SheetPage) -> None:
        self.sheet = sheet
        self.people = [Expected(f"新联系人 {n}") for n in range(1, 6)]
        self.shown = self.people[0]
        self.edits = 0

    def open(self, n: int) -> None:
        """Pick person n (1-based) in 选择要编辑的人."""
        self.shown = self.people[n - 1]
        self.sheet.choose_person(self.shown.name)

    def _done(self) -> None:
        """After each edit the picker and the form still show this person, under the name just typed."""
        self.edits += 1
        self.sheet.expect_editing(self.shown.name)
        self.sheet.page.wait_for_timeout(PAUSES[self.edits % len(PAUSES)])

    def rename(self, name: str) -> None:
        self.sheet.type("姓名或称呼", name)
        self.shown.name = name
        self._done()

    def pick(self, label: str, attr: str, value: str) -> None:
        self.sheet.pick(label, value)
        setattr(self.shown, attr, value)
        self._done()

    def roles(self, *roles: Role) -> None:
        self.sheet.pick_many("在项目中的角色（可多选）", [r.label for r in roles])
        self.shown.roles += [r.label for r in roles]
        self._done()

    def referred_by(self, n: int) -> None:
        referrer = self.people[n - 1].name
        self.sheet.pick("谁引荐了他", _referrer_option(referrer))
        self.shown.referrer = referrer
        self._done()

    def pain(self, text: str) -> None:
        self.sheet.type("他的痛点与关注（痛苦链）", text)
        self.shown.pain = text
        self._done()


def _fill_the_chain(s: Student) -> None:
    s.open(2)
    s.rename("信息科王科长")
    s.pick("层级", "level", Level.MIDDLE.label)
    s.pick("关系", "relation", Relation.GENERAL.label)
    s.open(4)
    s.rename("护理部李主任")
    s.pick("条线", "line", Line.DEMAND.label)
    s.pick("关系", "relation", Relation.GENERAL.label)
    s.open(2)  # back to someone already edited
    s.pick("关系", "relation", Relation.KEY.label)
    s.pick("性格", "personality", Personality.OWL.label)
    s.open(1)
    s.rename("排班护士小陈")
    s.pick("条线", "line", Line.DEMAND.label)
    s.referred_by(4)
    s.open(5)
    s.rename("采购科赵科长")
    s.pick("条线", "line", Line.PROCUREMENT.label)
    s.roles(Role.BRIDGE)
    s.open(4)
    s.roles(Role.COACH, Role.INFLUENCER)
    s.pain("每月手工排班要花三天，护士长们怨声载道。")
    s.pick("层级", "level", Level.MIDDLE.label)
    s.open(3)
    s.rename("分管副院长")
    s.pick("条线", "line", Line.LEADERSHIP.label)
    s.pick("层级", "level", Level.SENIOR.label)
    s.referred_by(5)
    s.open(1)
    s.pain("夜班换班全靠微信群，经常漏人。")
    s.pick("性格", "personality", Personality.PEACOCK.label)
    s.pick("关系", "relation", Relation.INITIAL.label)


def test_every_edit_lands_on_the_person_shown(page: Page, app_url: str) -> None:
    sheet = SheetPage(page, app_url)
    sheet.open("/sheet")
    sheet.open_step("③ 决策链")
    for _ in range(5):
        sheet.add_person()
    student = Student(sheet)
    _fill_the_chain(student)
    assert student.edits >= 15

    rows = csv_people(sheet.download_csv())
    ids = {row["编号"]: row["姓名"] for row in rows}
    got = [
        Expected(
            name=row["姓名"],
            line=row["条线"],
            level=row["层级"],
            relation=row["关系"],
            personality=row["性格"],
            roles=[r for r in row["角色"].split("；") if r],
            referrer=ids.get(row["引荐人编号"], ""),
            pain=row["痛点与关注"],
        )
        for row in rows
    ]
    assert got == student.people  # every field of every person, in the order they were added
    assert all(row["引荐人"] == ids.get(row["引荐人编号"], "") for row in rows)
