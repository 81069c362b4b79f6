"""The lesson as data: what a section, a quiz question and the self-test bank may contain."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from worksheets.codes import CustomerState  # one name per state on every screen (已锁定 / 塑造期 / 萌芽期)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]


class Content(BaseModel):
    """Lesson content as loaded: unknown keys refused, read-only afterwards (not pydantic strict mode)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Content):
    text: Line
    correct: bool = False
    feedback: Prose  # why this option is right or wrong, shown right after the answer


class Question(Content):
    id: Id
    prompt: Prose
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _one_correct(self) -> Question:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"题目 {self.id} 必须恰好有一个正确选项，现在有 {n} 个")
        return self

    @property
    def correct_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.correct)


class ExampleKind(StrEnum):
    TRAINER = "trainer"  # a case the trainer told in the lesson, retold in our words
    OURS = "ours"  # an illustration this workbook made up (示意): never shown as his


EXAMPLE_LABELS: dict[ExampleKind, str] = {
    ExampleKind.TRAINER: "🎙️ 讲师案例",
    ExampleKind.OURS: "🧩 示意案例（本练习册编写）",
}
ILLUSTRATION_MARK = "示意"  # a text saying it is an illustration must be marked as ours


class Example(Content):
    kind: ExampleKind
    text: Prose

    @property
    def label(self) -> str:
        return EXAMPLE_LABELS[self.kind]

    @model_validator(mode="after")
    def _honest(self) -> Example:
        if self.kind is ExampleKind.TRAINER and ILLUSTRATION_MARK in self.text:
            raise ValueError(f"案例写着“{ILLUSTRATION_MARK}”，却标成了讲师案例：请把 kind 改成 ours")
        return self


class KeyPoint(Content):
    title: Line
    body: Prose  # Markdown, our own words
    example: Example | None = None  # a concrete case: the trainer's (retold) or our illustration, said which


class Section(Content):
    id: Id
    order: int = Field(ge=1)
    title: Line
    summary: Prose
    objectives: list[Line] = Field(min_length=1)
    key_points: list[KeyPoint] = Field(min_length=1)
    sayings: list[Line] = []  # short key sayings of the trainer, quoted
    mistakes: list[Line] = Field(min_length=1)  # typical mistakes
    quiz: list[Question] = Field(min_length=2, max_length=3)


class QuestionKind(StrEnum):
    SIGNAL = "signal"  # signals -> which state
    PLAY = "play"  # state -> which play and why
    TRAP = "trap"  # a trap the lesson warns about


class SelfTestQuestion(Question):
    state: CustomerState
    kind: QuestionKind
    section: Id  # the lesson section this question comes from


class SelfTestBank(Content):
    questions: list[SelfTestQuestion] = Field(min_length=24)


class Course(Content):
    title: Line
    sections: list[Section]
    selftest: SelfTestBank

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)
