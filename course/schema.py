"""The lesson as data: what a section, a quiz question and the self-test bank may contain."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    text: Line
    correct: bool = False
    feedback: Prose  # why this option is right or wrong, shown right after the answer


class Question(Strict):
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


class KeyPoint(Strict):
    title: Line
    body: Prose  # Markdown, our own words
    example: Prose | None = None  # the trainer's concrete case, retold


class Section(Strict):
    id: Id
    order: int = Field(ge=1)
    title: Line
    summary: Prose
    objectives: list[Line] = Field(min_length=1)
    key_points: list[KeyPoint] = Field(min_length=1)
    sayings: list[Line] = []  # short key sayings of the trainer, quoted
    mistakes: list[Line] = Field(min_length=1)  # typical mistakes
    quiz: list[Question] = Field(min_length=2, max_length=3)


class CustomerState(StrEnum):
    LOCKED = "locked"  # 技术路线和心仪厂家已定，但不是你
    SHAPING = "shaping"  # 客户尚未理清思路，你来得早、有优势
    NASCENT = "nascent"  # 项目没落实、八字没一撇


class QuestionKind(StrEnum):
    SIGNAL = "signal"  # signals -> which state
    PLAY = "play"  # state -> which play and why
    TRAP = "trap"  # a trap the lesson warns about


class SelfTestQuestion(Question):
    state: CustomerState
    kind: QuestionKind
    section: Id  # the lesson section this question comes from


class SelfTestBank(Strict):
    questions: list[SelfTestQuestion] = Field(min_length=24)


class Course(Strict):
    title: Line
    sections: list[Section]
    selftest: SelfTestBank

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)
