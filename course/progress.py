"""A student's progress through the lesson: one validated model per session."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from course.schema import Course, Section

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    sections_read: list[QuestionId] = []
    quiz_answers: dict[QuestionId, Annotated[int, Field(ge=0, le=5)]] = {}  # question id -> chosen option
    selftest_best: Annotated[int, Field(ge=0, le=100)] | None = None  # best score in percent
    selftest_rounds: Annotated[int, Field(ge=0)] = 0

    def mark_read(self, section_id: str) -> None:
        if section_id not in self.sections_read:
            self.sections_read = [*self.sections_read, section_id]

    def answer(self, question_id: str, option: int) -> None:
        self.quiz_answers = {**self.quiz_answers, question_id: option}

    def record_selftest(self, percent: int) -> None:
        self.selftest_rounds += 1
        if self.selftest_best is None or percent > self.selftest_best:
            self.selftest_best = percent


def quiz_passed(progress: Progress, course: Course, section_id: str) -> bool:
    """A section's 小测 is passed when every question's current answer is the correct one."""
    quiz = course.section(section_id).quiz
    return all(progress.quiz_answers.get(q.id) == q.correct_index for q in quiz)


def summary(progress: Progress, course: Course) -> tuple[int, int, int]:
    """(sections read, quizzes passed, number of sections) for the progress indicator."""
    ids = {s.id for s in course.sections}
    read = len(ids.intersection(progress.sections_read))
    passed = sum(quiz_passed(progress, course, s.id) for s in course.sections)
    return read, passed, len(course.sections)


def first_unread(progress: Progress, course: Course) -> Section | None:
    """Where "continue" leads: the first section in lesson order not read yet (None when all are read)."""
    return next((s for s in course.sections if s.id not in progress.sections_read), None)


def merge(ours: Progress, theirs: Progress) -> Progress:
    """Two tabs on one draft: keep what either has learned; where both answered, this tab's answer wins."""
    best = [b for b in (ours.selftest_best, theirs.selftest_best) if b is not None]
    return Progress(
        sections_read=list(dict.fromkeys([*ours.sections_read, *theirs.sections_read])),
        quiz_answers={**theirs.quiz_answers, **ours.quiz_answers},
        selftest_best=max(best) if best else None,
        selftest_rounds=max(ours.selftest_rounds, theirs.selftest_rounds),
    )
