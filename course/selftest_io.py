"""The trainer's CSV of one self-test result: safe in Excel, survives Excel's re-save, strict on import.

Every file is signed with the server's secret (worksheets.signing) over what the student answered, so the
trainer can tell a genuine export from a hand-edited one; the score is always worked out from the answers
(against the question bank when it is given), never taken from the file.
Format version 1 (up to 2026-11) had no 格式版本 and 签名 columns: such a file reads, but as unverified.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError

from course.schema import SelfTestBank
from course.selftest import AnsweredQuestion, SelfTestResult, percent_of
from worksheets import errors, signing
from worksheets.errors import SheetImportError, too_big
from worksheets.files import kinds
from worksheets.files.cells import neutralise, restore  # one Excel-cell rule for every export
from worksheets.files.guard import decode_text
from worksheets.files.kinds import wrong_kind
from worksheets.files.limits import MAX_IMPORT_BYTES
from worksheets.files.names import safe_name

RESULT_FORMAT = 2
HEADERS = ("学员", "日期", "得分", "题号", "题目", "所选答案", "正确答案", "是否正确")
VERSION, SIGNATURE = "格式版本", "签名"
YES, NO = "是", "否"
MAX_RESULT_ROWS = 1_000  # a round has 10 questions, the whole bank a few dozen
_NOT_CSV = (
    "这不是自测结果：文件不是文本格式的 CSV（可能是图片、Excel 或其他文件）；请上传练习册导出的自测结果 .csv 文件。"
)
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")  # Excel on Chinese Windows saves 2025/3/1


class SelfTestImportError(SheetImportError):
    """An uploaded file is not a readable self-test result; the message says what is wrong and where."""


class ReadResult(BaseModel):
    """A result as read back: `verified` when its signature matches this server's secret."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    result: SelfTestResult
    verified: bool
    version: int


def _payload(student: str, taken_on: date, answers: list[tuple[str, str, str, str]]) -> bytes:
    """What the signature covers: who, when, and each question's texts; the score follows from them."""
    texts = [[t.replace("\r\n", "\n") for t in answer] for answer in answers]
    body = {"format": RESULT_FORMAT, "student": student, "taken_on": taken_on.isoformat(), "answers": texts}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _signature(result: SelfTestResult) -> str:
    answers = [(a.question_id, a.prompt, a.chosen, a.correct_answer) for a in result.answers]
    return "sig-" + signing.sign(_payload(result.student, result.taken_on, answers))


def result_to_csv(result: SelfTestResult) -> bytes:
    """UTF-8 with BOM so Excel shows the Chinese; one row per question, student/date/score on every row,
    and the format version and signature on every row too (Excel may sort or drop rows)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*HEADERS, VERSION, SIGNATURE))
    signature = _signature(result)
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
            str(RESULT_FORMAT),
            signature,
        )
        writer.writerow([neutralise(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")


def _rows(data: bytes) -> list[list[str]]:
    """The shared upload guard (size, type, true encoding reasons) first, then CSV rows up to a fixed count."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf\x00"):
        raise SelfTestImportError("文件是空的，没有任何自测记录")
    if len(data) > MAX_IMPORT_BYTES:
        raise SelfTestImportError(too_big(len(data), MAX_IMPORT_BYTES, "自测结果文件", "几 KB"))
    try:
        text = decode_text(data)
    except SheetImportError as exc:
        reason = _NOT_CSV if exc.reason in (errors.IMAGE, errors.NOT_TEXT, errors.OLD_XLS) else exc.reason
        raise SelfTestImportError(reason) from None
    if not text.strip():
        raise SelfTestImportError("文件是空的，没有任何自测记录")
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(rows) > MAX_RESULT_ROWS:
                raise SelfTestImportError(f"文件超过 {MAX_RESULT_ROWS} 行，远多于一次自测的题数，不是一份自测结果")
            rows.append([restore(c) for c in row])
    except csv.Error as exc:
        detail = "某个格子的内容太长" if "field limit" in str(exc) else "引号不配对或有无法识别的字符"
        raise SelfTestImportError(
            f"第 {len(rows) + 1} 行附近的 CSV 格式有误（{detail}），无法读取；请重新导出。"
        ) from None
    return rows


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


def _version(header: list[str], cells: list[tuple[int, dict[str, str]]]) -> int:
    if VERSION not in header or not cells:
        return 1
    raw = cells[0][1].get(VERSION, "").strip()
    if not raw.isdigit():
        raise SelfTestImportError(f"第 {cells[0][0]} 行：格式版本「{raw}」应是一个整数")
    if int(raw) > RESULT_FORMAT:
        raise SelfTestImportError(
            f"这个自测结果来自更新版本的练习册（格式版本 {int(raw)}），当前练习册只能读取到格式版本 {RESULT_FORMAT}；"
            "请用最新版练习册汇总，或请培训师更新练习册。"
        )
    return int(raw)


def _scored(answers: list[AnsweredQuestion], bank: SelfTestBank | None, verified: bool) -> list[AnsweredQuestion]:
    """Right or wrong worked out from the chosen text. A signed file is as this server wrote it. In any other
    file a choice counts only if it is the bank's right option, or the file's right answer where that is no
    option of today's bank (a wording changed since): an edited 正确答案 or 是否正确 column cannot raise a score."""
    questions = {q.id: q for q in bank.questions} if bank and not verified else {}
    scored = []
    for a in answers:
        question = questions.get(a.question_id)
        if question is None:
            right = a.chosen == a.correct_answer
        else:
            correct = question.options[question.correct_index].text
            wrong = {o.text for i, o in enumerate(question.options) if i != question.correct_index}
            right = a.chosen == correct or (a.chosen == a.correct_answer and a.correct_answer not in wrong)
            a = a.model_copy(update={"correct_answer": correct if a.correct_answer in wrong else a.correct_answer})
        scored.append(a.model_copy(update={"is_correct": right}))
    return scored


def read_result(data: bytes, bank: SelfTestBank | None = None) -> ReadResult:
    """Read back a file made by `result_to_csv`, also after Excel re-saved it (GB18030, 2025/3/1 dates);
    the score is worked out from the answers, and the signature says whether the file is as exported."""
    rows = _rows(data)
    header = [h.strip() for h in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        other = wrong_kind(header, kinds.SELFTEST)
        raise SelfTestImportError(other or f"这不是自测结果文件：第 1 行的表头缺少「{'」「'.join(missing)}」")
    names = HEADERS + tuple(h for h in (VERSION, SIGNATURE) if h in header)
    column = {h: header.index(h) for h in names}
    cells: list[tuple[int, dict[str, str]]] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank lines Excel leaves at the end
        short = [h for h in HEADERS if column[h] >= len(row)]
        if short:
            raise SelfTestImportError(f"第 {n} 行：缺少「{'」「'.join(short)}」")
        cells.append((n, {h: row[column[h]] if column[h] < len(row) else "" for h in names}))
    if not cells:
        raise SelfTestImportError("文件里只有表头，没有任何答题记录")
    version = _version(header, cells)
    first_n, first = cells[0]
    student = first["学员"].strip()
    if not student or len(student) > 40:
        raise SelfTestImportError(f"第 {first_n} 行：学员姓名应为 1 到 40 个字，现在是「{student}」")
    taken_on, claimed = _date(first["日期"].strip(), first_n), _score(first["得分"].strip(), first_n)
    seen: set[str] = set()
    answers = []
    for n, cell in cells:
        _same_round(cell, n, first, first_n)
        answers.append(_answered(cell, n, seen))
    right = sum(a.is_correct for a in answers)
    expected = percent_of(right, len(answers))
    if claimed != expected:
        raise SelfTestImportError(
            f"得分 {claimed} 与各题对错不符：{len(answers)} 题答对 {right} 题，应为 {expected} 分"
        )
    signature = first.get(SIGNATURE, "").strip()
    texts = [(a.question_id, a.prompt, a.chosen, a.correct_answer) for a in answers]
    verified = (
        version >= 2
        and signature.startswith("sig-")
        and all(cell.get(SIGNATURE, "").strip() == signature for _, cell in cells)
        and signing.verify(_payload(student, taken_on, texts), signature.removeprefix("sig-"))
    )
    answers = _scored(answers, bank, verified)
    score_percent = percent_of(sum(a.is_correct for a in answers), len(answers))
    try:
        result = SelfTestResult(student=student, taken_on=taken_on, score_percent=score_percent, answers=answers)
    except ValidationError as exc:  # every field was checked above; this is a last guard
        raise SelfTestImportError(f"文件内容不合格：{exc.errors()[0]['msg']}") from None
    return ReadResult(result=result, verified=verified, version=version)


def result_from_csv(data: bytes, bank: SelfTestBank | None = None) -> SelfTestResult:
    """The result in a file, scored from its answers (see `read_result`, which also says if it is verified)."""
    return read_result(data, bank).result


def result_filename(result: SelfTestResult) -> str:
    """自测结果_<student>_<date>.csv, built like the visit sheet's export file name."""
    return f"自测结果_{safe_name(result.student, '未署名学员')}_{result.taken_on:%Y-%m-%d}.csv"
