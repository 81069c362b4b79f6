"""A self-test result file is signed by the server: the trainer can tell a genuine one from an edited one,
and the score is always worked out from the answers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from course.loader import load_course
from course.selftest import AnsweredQuestion, SelfTestResult
from course.selftest_io import read_result, result_from_csv, result_to_csv
from course.selftest_rollup import UNVERIFIED, VERIFIED, selftest_rollup
from worksheets import signing

BANK = load_course().selftest


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("WORKBOOK_SECRET", "test-secret")
    signing._secret.cache_clear()
    yield
    signing._secret.cache_clear()


def _result(right: int = 1) -> SelfTestResult:
    questions = BANK.questions[:3]
    answers = []
    for n, q in enumerate(questions):
        correct = q.options[q.correct_index].text
        wrong = next(o.text for i, o in enumerate(q.options) if i != q.correct_index)
        chosen = correct if n < right else wrong
        answers.append(
            AnsweredQuestion(
                question_id=q.id, prompt=q.prompt, chosen=chosen, correct_answer=correct, is_correct=chosen == correct
            )
        )
    percent = {0: 0, 1: 33, 2: 67, 3: 100}[right]
    return SelfTestResult(student="张三", taken_on=date(2026, 11, 20), score_percent=percent, answers=answers)


def test_an_exported_result_is_verified_also_after_excel_resaves_it():
    data = result_to_csv(_result())
    assert read_result(data, BANK).verified
    resaved = data.decode("utf-8-sig").replace("2026-11-20", "2026/11/20").encode("gb18030")
    assert read_result(resaved, BANK).verified


def test_a_result_from_another_server_is_not_verified(monkeypatch):
    data = result_to_csv(_result())
    monkeypatch.setenv("WORKBOOK_SECRET", "another-server")
    signing._secret.cache_clear()
    assert not read_result(data, BANK).verified


def test_a_hand_edited_result_claiming_full_marks_is_marked_and_scored_from_the_answers():
    genuine = _result(right=1)
    rows = list(csv.reader(io.StringIO(result_to_csv(genuine).decode("utf-8-sig"), newline="")))
    for row in rows[1:]:  # every answer made "right" by editing the right-answer column, and full marks claimed
        row[2], row[6], row[7] = "100", row[5], "是"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    forged = out.getvalue().encode("utf-8")
    read = read_result(forged, BANK)
    assert not read.verified
    assert read.result.score_percent == 33  # against the bank's right answers, not the file's claim
    report = selftest_rollup([("真的.csv", result_to_csv(genuine)), ("改过的.csv", forged)], BANK)
    assert [(row["文件"], row["得分"], row["签名"]) for row in report.table()] == [
        ("真的.csv", 33, VERIFIED),
        ("改过的.csv", 33, UNVERIFIED),
    ]
    assert [s.filename for s in report.unverified] == ["改过的.csv"]


def test_a_version_1_result_without_signature_reads_as_unverified():
    text = result_to_csv(_result(2)).decode("utf-8-sig")
    lines = [line.rsplit(",", 2)[0] for line in text.split("\r\n") if line]
    read = read_result("\r\n".join(lines).encode("utf-8"), BANK)
    assert (read.verified, read.version, read.result) == (False, 1, _result(2))


def test_a_result_from_a_newer_version_says_so():
    text = result_to_csv(_result()).decode("utf-8-sig").replace(",2,sig-", ",9,sig-")
    with pytest.raises(ValueError, match="格式版本 9"):
        result_from_csv(text.encode())


def test_an_unsigned_result_with_since_reworded_options_keeps_its_right_answers():
    """A v1 file exported before a wording change: its texts are no options of today's bank, and still count."""
    text = result_to_csv(_result(right=2)).decode("utf-8-sig")
    for a in _result(right=2).answers[:2]:
        text = text.replace(a.correct_answer, a.correct_answer + "（旧说法）")
    read = read_result(text.encode("utf-8"), BANK)
    assert not read.verified
    assert read.result.score_percent == 67
