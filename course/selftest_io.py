"""The trainer's CSV of one self-test result: safe in Excel, survives Excel's re-save, strict on import."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from pydantic import ValidationError

from course.selftest import AnsweredQuestion, SelfTestResult, percent_of
from worksheets.csv_io import neutralise, restore, safe_name  # one Excel-cell rule for every export
from worksheets.errors import MAX_IMPORT_BYTES

HEADERS = ("学员", "日期", "得分", "题号", "题目", "所选答案", "正确答案", "是否正确")
YES, NO = "是", "否"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")  # Excel on Chinese Windows saves 2025/3/1


class SelfTestImportError(ValueError):
    """An uploaded file is not a readable self-test result; the message says what is wrong and where."""


def result_to_csv(result: SelfTestResult) -> bytes:
    """UTF-8 with BOM so Excel shows the Chinese; one row per question, student/date/score on every row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for a in result.answers:
        cells = (
            result.student,
            result.taken_on.isoformat(),
            str(result.score_percent),
            a.question_id,
            a.prompt,
            a.chosen,
            a.correct_answer,
            YES if a.is_correct else NO,
        )
        writer.writerow([neutralise(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SelfTestImportError("无法识别文件编码：请用 Excel 另存为「CSV UTF-8」或「CSV（逗号分隔）」后再导入")


def _rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise SelfTestImportError("文件太大（超过 1 MB），不是一份自测结果")
    text = _decode(data)
    if not text.strip():
        raise SelfTestImportError("文件是空的，没有任何自测记录")
    try:
        return [[restore(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise SelfTestImportError(f"文件无法按 CSV 读取：{exc}") from exc


def _date(raw: str, n: int) -> date:
    m = _DATE.match(raw)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass  # 2025-02-30 and the like
    raise SelfTestImportError(f"第 {n} 行：日期「{raw}」无法识别，应写成 2025-03-01 这样的格式")


def _score(raw: str, n: int) -> int:
    if not re.fullmatch(r"\d{1,3}", raw) or int(raw) > 100:
        raise SelfTestImportError(f"第 {n} 行：得分「{raw}」应是 0 到 100 的整数")
    return int(raw)


def _answered(cell: dict[str, str], n: int, seen: set[str]) -> AnsweredQuestion:
    qid = cell["题号"].strip()
    if not _ID.match(qid):
        raise SelfTestImportError(f"第 {n} 行：题号「{qid}」格式不对，应像 st-locked-01 这样")
    if qid in seen:
        raise SelfTestImportError(f"第 {n} 行：题号 {qid} 重复出现")
    seen.add(qid)
    for name in ("题目", "所选答案", "正确答案"):
        if not cell[name].strip():
            raise SelfTestImportError(f"第 {n} 行：「{name}」是空的")
    verdict = cell["是否正确"].strip()
    if verdict not in (YES, NO):
        raise SelfTestImportError(f"第 {n} 行：「是否正确」应填“是”或“否”，现在是「{verdict}」")
    same = cell["所选答案"] == cell["正确答案"]
    if same != (verdict == YES):
        raise SelfTestImportError(
            f"第 {n} 行：所选答案与正确答案{'相同' if same else '不同'}，「是否正确」却填了“{verdict}”"
        )
    return AnsweredQuestion(
        question_id=qid,
        prompt=cell["题目"],
        chosen=cell["所选答案"],
        correct_answer=cell["正确答案"],
        is_correct=verdict == YES,
    )


def _same_round(cell: dict[str, str], n: int, first: dict[str, str], first_n: int) -> None:
    for name in ("学员", "日期", "得分"):
        if cell[name].strip() != first[name].strip():
            raise SelfTestImportError(
                f"第 {n} 行：{name}「{cell[name].strip()}」与第 {first_n} 行的「{first[name].strip()}」"
                "不一致，一个文件只能是一位学员的一次自测"
            )


def result_from_csv(data: bytes) -> SelfTestResult:
    """Read back a file made by `result_to_csv`, also after Excel re-saved it (GB18030, 2025/3/1 dates)."""
    rows = _rows(data)
    header = [h.strip() for h in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise SelfTestImportError(f"这不是自测结果文件：第 1 行的表头缺少「{'」「'.join(missing)}」")
    column = {h: header.index(h) for h in HEADERS}
    cells: list[tuple[int, dict[str, str]]] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank lines Excel leaves at the end
        short = [h for h in HEADERS if column[h] >= len(row)]
        if short:
            raise SelfTestImportError(f"第 {n} 行：缺少「{'」「'.join(short)}」")
        cells.append((n, {h: row[column[h]] for h in HEADERS}))
    if not cells:
        raise SelfTestImportError("文件里只有表头，没有任何答题记录")
    first_n, first = cells[0]
    student = first["学员"].strip()
    if not student or len(student) > 40:
        raise SelfTestImportError(f"第 {first_n} 行：学员姓名应为 1 到 40 个字，现在是「{student}」")
    taken_on, score_percent = _date(first["日期"].strip(), first_n), _score(first["得分"].strip(), first_n)
    seen: set[str] = set()
    answers = []
    for n, cell in cells:
        _same_round(cell, n, first, first_n)
        answers.append(_answered(cell, n, seen))
    right = sum(a.is_correct for a in answers)
    expected = percent_of(right, len(answers))
    if score_percent != expected:
        raise SelfTestImportError(
            f"得分 {score_percent} 与各题对错不符：{len(answers)} 题答对 {right} 题，应为 {expected} 分"
        )
    try:
        return SelfTestResult(student=student, taken_on=taken_on, score_percent=score_percent, answers=answers)
    except ValidationError as exc:  # every field was checked above; this is a last guard
        raise SelfTestImportError(f"文件内容不合格：{exc.errors()[0]['msg']}") from None



def result_filename(result: SelfTestResult) -> str:
    """自测结果_<student>_<date>.csv, built like the visit sheet's export file name."""
    return f"自测结果_{safe_name(result.student, '未署名学员')}_{result.taken_on:%Y-%m-%d}.csv"
