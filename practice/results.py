"""The simulation result file (CSV): written signed, read back bounded, the score always recomputed.

One file is one finished visit. It records the choices, never trusted figures: the reader replays the
choices against the scenario and scores them again; the HMAC signature (worksheets.signing) only tells
the trainer whether the file is exactly as the workbook wrote it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

from practice import engine
from practice.debrief import score
from practice.schema import Judgement, Scenario
from worksheets.diagnosis import STATES
from worksheets.errors import too_big
from worksheets.files import kinds, neutralise, restore, safe_name
from worksheets.files.kinds import wrong_kind
from worksheets.model import Investment
from worksheets.signing import sign, verify

TITLE = "模拟初访结果"
VERSION = "1"
MAX_RESULT_BYTES = 65_536  # a result is under 2 KB; anything far larger is not one
MAX_ROWS = 20
MAX_CHOICES = 300
UNDECIDED = "undecided"
KEYS = ("格式版本", "场景编号", "场景", "学员", "完成时间", "选择", "判断状态", "判断打法", "得分", "签名")
SIGNED = KEYS[:-1]  # every line but the signature: an edited score is an edit too
_CHOICE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


class ResultImportError(ValueError):
    """Not a readable simulation result; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class PracticeResult:
    scenario: Scenario
    student: str
    finished: str
    visit: engine.Visit
    judgement: Judgement
    score: int  # recomputed, never read from the file
    genuine: bool  # the signature matches: the file is as the workbook wrote it


def _payload(values: dict[str, str]) -> bytes:
    return "\n".join(f"{k}={values[k]}" for k in SIGNED).encode("utf-8")


def result_to_csv(
    scenario: Scenario, choices: list[str], judgement: Judgement, student: str, finished: datetime
) -> bytes:
    """UTF-8 with BOM for Excel; every cell through the shared Excel-cell rule."""
    visit = engine.replay(scenario, choices)
    values = {
        "格式版本": VERSION,
        "场景编号": scenario.id,
        "场景": scenario.title,
        "学员": student.strip()[:40],
        "完成时间": finished.strftime("%Y-%m-%d %H:%M"),
        "选择": " ".join(choices),
        "判断状态": judgement.state or UNDECIDED,
        "判断打法": judgement.play.value,
        "得分": str(score(scenario, visit, judgement).total),
    }
    values["签名"] = sign(_payload(values))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TITLE, "本文件由练习册生成；改动后签名不再有效，讲师汇总时会看到"])
    for key in KEYS:
        writer.writerow([key, neutralise(values[key])])
    return out.getvalue().encode("utf-8-sig")


def result_filename(scenario: Scenario, student: str, finished: datetime) -> str:
    return f"模拟初访_{safe_name(scenario.title, '场景')}_{safe_name(student, '未署名学员')}_{finished:%Y-%m-%d}.csv"


def _text(data: bytes) -> str:
    if not data.strip():
        raise ResultImportError("文件是空的：请上传学员在“模拟初访”复盘页下载的结果文件。")
    if len(data) > MAX_RESULT_BYTES:
        raise ResultImportError(too_big(len(data), MAX_RESULT_BYTES, "模拟初访结果文件", "不到 2 KB"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ResultImportError("文件不是文本格式，无法读取：请上传模拟初访的结果 CSV。")


def _values(text: str) -> dict[str, str]:
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise ResultImportError(f"文件无法按 CSV 读取（{exc}）：请重新下载结果文件。") from None
    if not rows or rows[0][0].strip() != TITLE:
        other = rows and wrong_kind(rows[0], kinds.PRACTICE)
        raise ResultImportError(other or f"这不是模拟初访结果：第 1 行第 1 格应为“{TITLE}”。")
    if len(rows) > MAX_ROWS:
        raise ResultImportError(f"文件有 {len(rows)} 行，比模拟初访结果多得多：请上传原始的结果文件。")
    values: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        key = row[0].strip()
        if key not in KEYS:
            raise ResultImportError(f"第 {n} 行的“{key[:20]}”无法识别：模拟初访结果里没有这一项。")
        if key in values:
            raise ResultImportError(f"第 {n} 行：“{key}”重复出现。")
        values[key] = restore(row[1].strip()) if len(row) > 1 else ""
    missing = [k for k in KEYS if k not in values]
    if missing:
        raise ResultImportError(f"文件缺少“{'”“'.join(missing)}”：可能不完整，请重新下载。")
    return values


def _judgement(values: dict[str, str]) -> Judgement:
    state, play = values["判断状态"], values["判断打法"]
    if state != UNDECIDED and state not in STATES:
        raise ResultImportError(f"“判断状态”的值“{state[:20]}”无效：文件可能被改动过。")
    try:
        investment = Investment(play)
    except ValueError:
        raise ResultImportError(f"“判断打法”的值“{play[:20]}”无效：文件可能被改动过。") from None
    return Judgement(state=None if state == UNDECIDED else state, play=investment)


def result_from_csv(data: bytes, scenarios: tuple[Scenario, ...] | list[Scenario]) -> PracticeResult:
    """Read one result: ends in a result or a ResultImportError in Chinese, nothing else."""
    values = _values(_text(data))
    if values["格式版本"] != VERSION:
        raise ResultImportError(f"格式版本“{values['格式版本'][:10]}”不是本练习册能读的版本（{VERSION}）。")
    scenario = next((s for s in scenarios if s.id == values["场景编号"]), None)
    if scenario is None:
        raise ResultImportError(f"场景“{values['场景编号'][:40]}”不存在：文件可能来自别的练习册版本。")
    student = values["学员"]
    if len(student) > 40 or not _TIME.match(values["完成时间"]):
        raise ResultImportError("“学员”或“完成时间”格式不对：文件可能被改动过。")
    choices = values["选择"].split()
    if len(choices) > MAX_CHOICES or not all(_CHOICE.match(c) for c in choices):
        raise ResultImportError("“选择”一栏的记录格式不对：文件可能被改动过。")
    try:
        visit = engine.replay(scenario, choices)
    except engine.InvalidChoice as exc:
        raise ResultImportError(f"选择记录和场景对不上（{exc}）：文件可能被改动过，或来自旧版本的场景。") from None
    if not visit.left:
        raise ResultImportError("这次拜访还没有结束（没有告辞离开）：请在复盘页下载结果。")
    judgement = _judgement(values)
    return PracticeResult(
        scenario=scenario,
        student=student or "未署名学员",
        finished=values["完成时间"],
        visit=visit,
        judgement=judgement,
        score=score(scenario, visit, judgement).total,
        genuine=verify(_payload(values), values["签名"]),
    )
