"""The trainer's roll-up of the class's self-test results: scores, the most missed questions, and which
files are verified (signed by this server and unchanged since export) and which are not."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel, ConfigDict

from course.schema import SelfTestBank
from course.selftest_io import read_result
from worksheets.errors import SheetImportError
from worksheets.files.repeats import Repeat, Repeats
from worksheets.rollup import UNREADABLE, ImportFailure

SCORE_BINS: tuple[tuple[str, int, int], ...] = (("0–59", 0, 59), ("60–79", 60, 79), ("80–100", 80, 100))  # as practice
VERIFIED, UNVERIFIED = "✅ 已验证", "⚠️ 无法验证"
UNVERIFIED_NOTE = (
    "标“⚠️ 无法验证”的文件没有本练习册服务器的有效签名：可能被手工改过，也可能来自旧版本练习册或另一台服务器。"
    "它们的得分已按文件里的作答重新计算，但作答本身无法确认是学员交的原样。"
)


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StudentScore(Frozen):
    filename: str
    student: str
    taken_on: date
    score_percent: int  # worked out from the answers, never the file's claim
    verified: bool  # signed by this server and unchanged since export


class MissedQuestion(Frozen):
    question_id: str
    prompt: str
    misses: int
    answered: int  # how many students answered it


class SelfTestRollup(Frozen):
    scores: list[StudentScore]
    missed: list[MissedQuestion]  # most missed first; only questions someone got wrong
    failures: list[ImportFailure]
    repeats: list[Repeat] = []  # files handed in twice: counted once

    def score_distribution(self) -> dict[str, int]:
        return {name: sum(lo <= s.score_percent <= hi for s in self.scores) for name, lo, hi in SCORE_BINS}

    def most_missed(self, limit: int = 5) -> list[MissedQuestion]:
        return self.missed[:limit]

    @property
    def unverified(self) -> list[StudentScore]:
        return [s for s in self.scores if not s.verified]

    def table(self) -> list[dict[str, object]]:
        """The on-screen table, with a column that says whether each file is verified."""
        return [
            {
                "学员": s.student,
                "日期": s.taken_on.isoformat(),
                "得分": s.score_percent,
                "签名": VERIFIED if s.verified else UNVERIFIED,
                "文件": s.filename,
            }
            for s in self.scores
        ]


def selftest_rollup(files: list[tuple[str, bytes]], bank: SelfTestBank | None = None) -> SelfTestRollup:
    """Each file read on its own; a broken one is listed with its reason and the others go on. With the bank,
    every answer is scored against the bank's right option."""
    scores: list[StudentScore] = []
    failures: list[ImportFailure] = []
    misses: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    prompts: dict[str, str] = {}
    repeats = Repeats()
    for filename, data in files:
        if repeats.repeated(filename, data):
            continue
        try:
            read = read_result(data, bank)
        except SheetImportError as err:
            failures.append(ImportFailure(filename=filename, reason=str(err)))
            continue
        except Exception:
            failures.append(ImportFailure(filename=filename, reason=UNREADABLE))
            continue
        if repeats.repeated(filename, read):  # verified with it: a forged copy of a genuine file is still shown
            continue
        result = read.result
        scores.append(
            StudentScore(
                filename=filename,
                student=result.student,
                taken_on=result.taken_on,
                score_percent=result.score_percent,
                verified=read.verified,
            )
        )
        for a in result.answers:
            prompts.setdefault(a.question_id, a.prompt)
            answered[a.question_id] += 1
            misses[a.question_id] += not a.is_correct
    order = sorted((q for q in prompts if misses[q]), key=lambda q: -misses[q])  # ties: first seen first
    missed = [MissedQuestion(question_id=q, prompt=prompts[q], misses=misses[q], answered=answered[q]) for q in order]
    return SelfTestRollup(scores=scores, missed=missed, failures=failures, repeats=repeats.found)
