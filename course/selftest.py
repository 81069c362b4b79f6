"""The three-customer-states self-test (自测): draw a round, record answers, score it, list what was missed.

Pure functions over `course.schema.SelfTestBank`; the page keeps the `Round` in session state.
A round is immutable in use: `answer()` returns a new `Round` and leaves the old one untouched.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from course.schema import CustomerState, Id, SelfTestBank, SelfTestQuestion

ROUND_SIZE = 10
UNANSWERED = "（未作答）"

Student = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Percent = Annotated[int, Field(ge=0, le=100)]


class Round(BaseModel):
    """One student's draw of questions, with the option order shown and the first answer to each."""

    model_config = ConfigDict(extra="forbid")

    question_ids: list[Id] = Field(min_length=1)
    option_orders: dict[Id, list[int]]  # question id -> original option indexes in the order shown
    answers: dict[Id, int] = {}  # question id -> ORIGINAL index of the chosen option; first answer is final
    started_on: date

    @model_validator(mode="after")
    def _consistent(self) -> Round:
        ids = self.question_ids
        if len(set(ids)) != len(ids) or set(self.option_orders) != set(ids) or not set(self.answers) <= set(ids):
            raise ValueError("本轮自测的题号、选项顺序和作答记录对不上")
        if any(sorted(order) != list(range(len(order))) for order in self.option_orders.values()):
            raise ValueError("本轮自测的选项顺序不是一个排列")
        if any(not 0 <= i < len(self.option_orders[qid]) for qid, i in self.answers.items()):
            raise ValueError("本轮自测的作答记录指向不存在的选项")
        return self


class RoundScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    correct: int
    answered: int
    total: int
    percent: Percent  # of all questions in the round, unanswered ones count as wrong
    finished: bool


class AnsweredQuestion(BaseModel):
    """One row of the trainer's export: texts, not indexes, so it still reads right if the bank changes."""

    model_config = ConfigDict(extra="forbid")

    question_id: Id
    prompt: str
    chosen: str  # text of the chosen option, or UNANSWERED
    correct_answer: str
    is_correct: bool


class SelfTestResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    student: Student
    taken_on: date
    score_percent: Percent
    answers: list[AnsweredQuestion] = Field(min_length=1)


def percent_of(correct: int, total: int) -> int:
    """Whole percent, halves rounded up, so export and import agree on the same rule."""
    return (200 * correct + total) // (2 * total) if total else 0


def _questions(bank: SelfTestBank) -> dict[str, SelfTestQuestion]:
    return {q.id: q for q in bank.questions}


def _in_round(round_: Round, bank: SelfTestBank) -> list[SelfTestQuestion]:
    by_id = _questions(bank)
    lost = [qid for qid in round_.question_ids if qid not in by_id]
    if lost:
        raise ValueError(f"题库里已没有这些题：{'、'.join(lost)}，请重新开始一轮自测")
    return [by_id[qid] for qid in round_.question_ids]


def new_round(bank: SelfTestBank, rng: random.Random, size: int = ROUND_SIZE, started_on: date | None = None) -> Round:
    """Draw `size` distinct questions, at least size // 3 of each state, and shuffle their options."""
    if not 1 <= size <= len(bank.questions):
        raise ValueError(f"每轮题数应在 1 到 {len(bank.questions)} 之间，现在是 {size}")
    states = list(CustomerState)
    floor = size // len(states)
    drawn: list[SelfTestQuestion] = []
    for state in states:
        pool = [q for q in bank.questions if q.state == state]
        drawn += rng.sample(pool, min(floor, len(pool)))
    taken = {q.id for q in drawn}
    rest = [q for q in bank.questions if q.id not in taken]
    drawn += rng.sample(rest, size - len(drawn))
    rng.shuffle(drawn)
    return Round(
        question_ids=[q.id for q in drawn],
        option_orders={q.id: rng.sample(range(len(q.options)), len(q.options)) for q in drawn},
        started_on=started_on or date.today(),
    )


CLASS_SEED = "第 12 课自测·课堂模式"  # one fixed order: the trainer's deck is the same on every rerun and projector


def class_deck(bank: SelfTestBank) -> list[tuple[SelfTestQuestion, list[int]]]:
    """Every scenario for the projector, each with its option order. Shown in bank order (grouped by state, the
    right answer mostly C), the order itself gave the answers away: so the states are mixed (never three of one
    in a row while another is left), and the right option goes to A, B, C … in turn, the others mixed around it."""
    rng = random.Random(CLASS_SEED)
    pools = {s: [q for q in rng.sample(bank.questions, len(bank.questions)) if q.state == s] for s in CustomerState}
    questions: list[SelfTestQuestion] = []
    while any(pools.values()):
        left = [s for s in pools if pools[s]]
        run = [q.state for q in questions[-2:]]
        allowed = [s for s in left if run != [s, s]] or left
        state = rng.choices(allowed, weights=[len(pools[s]) for s in allowed])[0]
        questions.append(pools[state].pop())
    placed: Counter[int] = Counter()  # per option count, where the right answer went last
    deck = []
    for q in questions:
        size = len(q.options)
        others = rng.sample([i for i in range(size) if i != q.correct_index], size - 1)
        at = placed[size] % size
        placed[size] += 1
        deck.append((q, [*others[:at], q.correct_index, *others[at:]]))
    return deck


def answer(round_: Round, question_id: str, original_index: int) -> Round:
    """Record the first answer to a question; a later one is ignored so re-clicking cannot raise the score."""
    order = round_.option_orders.get(question_id)
    if order is None:
        raise ValueError(f"题目 {question_id} 不在本轮自测中")
    if original_index not in order:
        raise ValueError(f"题目 {question_id} 没有第 {original_index + 1} 个选项")
    if question_id in round_.answers:
        return round_
    return round_.model_copy(update={"answers": {**round_.answers, question_id: original_index}})


def score(round_: Round, bank: SelfTestBank) -> RoundScore:
    questions = _in_round(round_, bank)
    correct = sum(round_.answers.get(q.id) == q.correct_index for q in questions)
    answered = sum(q.id in round_.answers for q in questions)
    total = len(questions)
    return RoundScore(
        correct=correct,
        answered=answered,
        total=total,
        percent=percent_of(correct, total),
        finished=answered == total,
    )


def missed(round_: Round, bank: SelfTestBank) -> list[SelfTestQuestion]:
    """Questions answered wrongly, in round order, for the review (each links to `question.section`).

    Unanswered questions are not listed: there is no wrong choice to explain.
    """
    return [q for q in _in_round(round_, bank) if q.id in round_.answers and round_.answers[q.id] != q.correct_index]


def result_of(round_: Round, bank: SelfTestBank, student: str) -> SelfTestResult:
    """The round as the trainer sees it: who, when, score, each question with the chosen and right answer."""
    rows = []
    for q in _in_round(round_, bank):
        chosen = round_.answers.get(q.id)
        rows.append(
            AnsweredQuestion(
                question_id=q.id,
                prompt=q.prompt,
                chosen=UNANSWERED if chosen is None else q.options[chosen].text,
                correct_answer=q.options[q.correct_index].text,
                is_correct=chosen == q.correct_index,
            )
        )
    return SelfTestResult(
        student=student,
        taken_on=round_.started_on,
        score_percent=score(round_, bank).percent,
        answers=rows,
    )
