"""The one place that touches st.session_state: every per-browser value has one key, one owner, one accessor.

Keys (the registry; SLOTS below holds the fixed ones, the rest are built by the functions named):
  workbook            the sheet, progress, draft code, version, generation, notice      workbook()
  people.selected     id of the person open in the people editor (validated each run) selected_person()
  field.notes         {widget key: (refused, message)}: a refused or cut edit, by its field field_note()
  selftest.round      the self-test round being played (course.selftest.Round)           selftest_round()
  selftest.pos        which question of the round is on screen                           selftest_pos()
  selftest.no         rounds started in this session (fresh answer keys per round)       selftest_answer_key()
  class.question      the scenario on the projector in class mode                        class_question()
  class.revealed      whether its answer is shown                                        class_revealed()
  demo.step           the step of the class demo's chain                                 demo_step()
  pages               this run's st.Page objects by url path (routes.navigation_pages)    pages()
  practice            模拟初访: the runs in progress, saved in their own draft              practice_run()
  widgets.drawn       form widget keys this session has drawn at least once               first_draw()
Widget keys (Streamlit keeps the widget's value under them; read them only through widget_value()):
  g{n}.<name>         form widgets of sheet generation n, fresh after a replaced sheet   widget_key()
  sheet.step, people.show_pain, demo.big, demo.source (outlive a replaced sheet)      *_KEY constants
  g{n}.people.pick.<labels digest>, g{n}.person.<id>.introduced_by.<digest>           ui.bind.labels_key()
  selftest.{no}.{question id}                                                          selftest_answer_key()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st
from pydantic import BaseModel, ConfigDict, ValidationError

from course.loader import load_course
from course.progress import Progress, merge
from course.schema import Course
from course.selftest import Round
from practice.loader import load_scenarios
from practice.run import PracticeRun, practice_runs_code, runs_from_progress, runs_to_progress
from practice.run import practice_sheet_code as practice_sheet_code_of
from practice.schema import Scenario
from worksheets.draft_codes import made_here, new_code
from worksheets.formats import FormatTooNew
from worksheets.model import VisitSheet
from worksheets.store import DraftStore, KeptReason, StoreUnavailable

T = TypeVar("T")


@dataclass(frozen=True)
class _Slot(Generic[T]):
    """One session-state key with its default; only this module reads or writes it."""

    key: str
    default: Callable[[], T]

    def get(self) -> T:
        if self.key not in st.session_state:
            return self.default()
        return st.session_state[self.key]

    def set(self, value: T) -> None:
        st.session_state[self.key] = value


_WORKBOOK: _Slot[Workbook | None] = _Slot("workbook", lambda: None)
_SELECTED: _Slot[str | None] = _Slot("people.selected", lambda: None)
_FIELD_NOTES: _Slot[dict[str, tuple[bool, str]]] = _Slot("field.notes", dict)
_ROUND: _Slot[Round | None] = _Slot("selftest.round", lambda: None)
_POS: _Slot[int] = _Slot("selftest.pos", lambda: 0)
_ROUND_NO: _Slot[int] = _Slot("selftest.no", lambda: 0)
_CLASS_AT: _Slot[int] = _Slot("class.question", lambda: 0)
_CLASS_SHOWN: _Slot[bool] = _Slot("class.revealed", lambda: False)
_DEMO_STEP: _Slot[int] = _Slot("demo.step", lambda: 0)
_PAGES: _Slot[dict] = _Slot("pages", dict)
_PRACTICE: _Slot[_PracticeDrafts | None] = _Slot("practice", lambda: None)
_DRAWN: _Slot[set[str]] = _Slot("widgets.drawn", set)
SLOTS = (
    _WORKBOOK,
    _SELECTED,
    _FIELD_NOTES,
    _ROUND,
    _POS,
    _ROUND_NO,
    _CLASS_AT,
    _CLASS_SHOWN,
    _DEMO_STEP,
    _PAGES,
    _PRACTICE,
    _DRAWN,
)

SHEET_STEP_KEY = "sheet.step"  # the sheet's step bar; outlives a replaced sheet
SHOW_PAIN_KEY = "people.show_pain"
DEMO_BIG_KEY = "demo.big"
DEMO_SOURCE_KEY = "demo.source"


class Workbook(BaseModel):
    """What one browser session holds: the sheet and progress, plus where they are saved."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    code: str
    sheet: VisitSheet = VisitSheet()
    progress: Progress = Progress()
    version: int = 0
    generation: int = 0  # bumped when the whole sheet is replaced, so form widgets start afresh
    notice: str | None = None  # a message for the student after a save (conflict, failure) or a bad link
    confirmation: str | None = None  # a one-time success message for the next run (e.g. what was imported)


@st.cache_resource
def draft_store() -> DraftStore:
    return DraftStore()


@st.cache_resource
def course() -> Course:
    return load_course()


def _shown_code(code: str) -> str:
    """A code from the link as a Markdown code span: only code characters (others become ?), at most 40."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "?" for c in code[:40])
    return f"`{safe}{'…' if len(code) > 40 else ''}`"


def not_found_notice(code: str) -> str:
    """What a student reads after opening a link whose draft code does not exist (mistyped or made up)."""
    return (
        f"没有找到草稿码为 {_shown_code(code)} 的草稿。你没有丢失任何内容：已有的草稿都没有被改动。"
        "现在打开的是一张新表（新的草稿码见左侧栏）。"
        "请检查链接是否完整、有没有抄错（最好从收藏夹或原来的链接重新打开）；"
        "如果就是要开始新的作业，直接在这张新表上填写即可。"
    )


def _unreadable_notice(code: str, exc: Exception) -> str:
    return (
        f"暂时无法读取草稿 {_shown_code(code)}（{exc.__class__.__name__}），已为你打开一张新表；"
        "原草稿没有被改动，请记下这个草稿码，稍后用原链接重新打开。"
    )


def _open(code: str) -> Workbook:
    """The draft named in the link, or a fresh sheet with a code only the server made."""
    if not code:
        return Workbook(code=new_code())
    try:
        draft = draft_store().load(code)
    except FormatTooNew as exc:
        notice = f"{exc}已为你打开一张新表；原草稿 {_shown_code(code)} 保留不动，请记下这个草稿码。"
        return Workbook(code=new_code(), notice=notice)
    except (StoreUnavailable, ValidationError) as exc:
        return Workbook(code=new_code(), notice=_unreadable_notice(code, exc))
    if draft is not None:
        return Workbook(
            code=draft.code, sheet=draft.sheet, version=draft.version, progress=Progress.model_validate(draft.progress)
        )
    if made_here(code):
        return Workbook(code=code)  # our own code, refreshed before anything was saved under it
    return Workbook(code=new_code(), notice=not_found_notice(code))


def workbook() -> Workbook:
    """This session's workbook, restored from the draft named in the URL when there is one."""
    wb = _WORKBOOK.get()
    if wb is None:
        wb = _open(st.query_params.get("sheet", ""))
        _WORKBOOK.set(wb)
    return wb


def keep_draft_link() -> None:
    """Page switches drop query params: put the draft code back in the URL once per run."""
    code = workbook().code
    if st.query_params.get("sheet") != code:
        st.query_params["sheet"] = code


def draft_link() -> dict[str, str]:
    """Query params for st.page_link / st.switch_page, so the draft code travels with every page switch."""
    return {"sheet": workbook().code}


def current_sheet() -> VisitSheet:
    return workbook().sheet


def progress() -> Progress:
    return workbook().progress


OVERWROTE = "这份草稿刚在另一个窗口或设备上改过：已按本窗口的内容保存，被覆盖的版本可在“草稿与导入导出”页找回。"
ADOPTED = "这份草稿刚在另一个窗口或设备上改过：已载入那边的最新内容，你的学习进度也已合并。"


def _catch_up(wb: Workbook, *, sheet_changed: bool) -> bool:
    """Before saving, fold in what another tab saved meanwhile; True when their sheet was overwritten."""
    stored = draft_store().load(wb.code)
    if stored is None or stored.version == wb.version:
        return False
    wb.progress = merge(wb.progress, Progress.model_validate(stored.progress))
    wb.version = stored.version
    if sheet_changed:
        return True  # our sheet edit is the later save: it wins, theirs goes to history
    wb.sheet, wb.generation = stored.sheet, wb.generation + 1  # a progress-only save takes their sheet
    wb.notice = ADOPTED
    return False


def save(*, keep_previous: bool = False, sheet_changed: bool = True, reason: KeptReason = KeptReason.REPLACED) -> None:
    """Autosave the workbook. Another tab's progress is merged, never dropped; sheets: the later save wins
    and the overwritten version stays in history. `sheet_changed=False` for lesson and self-test progress.
    `reason`: the kind of change that replaces the kept version, shown in the history list."""
    wb = workbook()
    wb.notice = None
    try:
        overwrote = _catch_up(wb, sheet_changed=sheet_changed)
        result = draft_store().save(
            wb.code,
            wb.sheet,
            wb.progress.model_dump(mode="json"),
            base_version=wb.version,
            keep_previous=keep_previous or overwrote,
            reason=KeptReason.OTHER_WINDOW if overwrote else reason,
        )
    except StoreUnavailable as exc:
        wb.notice = str(exc)
        return
    wb.version = result.version
    if overwrote or result.conflict:
        wb.notice = OVERWROTE


def set_sheet(sheet: VisitSheet, *, fresh_widgets: bool = False, kept: KeptReason | None = None) -> None:
    """Store one validated edit of the sheet and autosave it. `fresh_widgets` when list items shifted
    (a competitor removed): widgets keyed by position are drawn anew from the sheet, not from old input.
    `kept`: keep the version before this edit in history, for this reason (a person or competitor deleted)."""
    wb = workbook()
    wb.sheet = sheet
    if fresh_widgets:
        wb.generation += 1
    save(keep_previous=kept is not None, reason=kept or KeptReason.REPLACED)


def replace_sheet(sheet: VisitSheet, reason: KeptReason = KeptReason.REPLACED) -> None:
    """Swap in a whole new sheet (new, example, import, restore) and save it; the old one goes to history,
    and every form widget starts afresh."""
    wb = workbook()
    wb.sheet = sheet
    wb.generation += 1
    _FIELD_NOTES.set({})
    save(keep_previous=True, reason=reason)


def set_pages(pages: dict) -> None:
    """This run's st.Page objects by url path (made by routes.navigation_pages)."""
    _PAGES.set(pages)


def pages() -> dict:
    return _PAGES.get()


# --- widgets -------------------------------------------------------------------------------------------


def confirm(message: str) -> None:
    """Say on the next run that something worked (shown once, by `take_confirmation`)."""
    workbook().confirmation = message


def take_confirmation() -> str | None:
    wb = workbook()
    message, wb.confirmation = wb.confirmation, None
    return message


def widget_key(name: str) -> str:
    """Widget keys carry the generation, so a replaced sheet is shown fresh, never mixed with old input."""
    return f"g{workbook().generation}.{name}"


def widget_value(key: str, default: Any = None) -> Any:
    """The value Streamlit holds for a keyed widget (read in its on_change callback)."""
    return st.session_state.get(key, default)


def first_draw(key: str) -> bool:
    """True the first time this session draws the widget `key` (then never again)."""
    drawn = _DRAWN.get()
    if key in drawn:
        return False
    _DRAWN.set(drawn | {key})
    return True


def set_widget_value(key: str, value: Any) -> None:
    """Show `value` in a keyed widget on the next run (allowed in callbacks, before the widget is drawn)."""
    st.session_state[key] = value


def field_note(key: str) -> tuple[bool, str] | None:
    """(refused, message) to show beside a field after its last edit was refused or cut, if any."""
    return _FIELD_NOTES.get().get(key)


def set_field_note(key: str, message: tuple[bool, str] | None) -> None:
    notes = dict(_FIELD_NOTES.get())
    if message is None:
        notes.pop(key, None)
    else:
        notes[key] = message
    _FIELD_NOTES.set(notes)


def go_to_step(step: str) -> None:
    """Move the sheet's step bar (an on_click callback: runs before the bar is drawn); the new step opens at
    its top, not where the old one was scrolled to (on a phone its first fields were above the screen)."""
    st.session_state[SHEET_STEP_KEY] = step
    st.session_state[_SCROLL_TOP_KEY] = st.session_state.get(_SCROLL_TOP_KEY, 0) + 1


_SCROLL_TOP_KEY = "sheet.scroll_top"
_SCROLLED_KEY = "sheet.scrolled"


def scroll_to_top_request() -> int | None:
    """The number of a "go to the top" asked for since the last run that drew it, once; else None."""
    asked = st.session_state.get(_SCROLL_TOP_KEY, 0)
    if asked == st.session_state.get(_SCROLLED_KEY, 0):
        return None
    st.session_state[_SCROLLED_KEY] = asked
    return asked


# --- the people editor -----------------------------------------------------------------------------------


def selected_person(ids: Sequence[str]) -> str | None:
    """The person open in the editor: ours, not the picker widget's, so a relabelled picker cannot move it.
    Falls back to the first person when the stored one no longer exists."""
    chosen = _SELECTED.get()
    if chosen not in ids:
        chosen = ids[0] if ids else None
        _SELECTED.set(chosen)
    return chosen


def select_person(person_id: str | None) -> None:
    _SELECTED.set(person_id)


# --- the self-test -----------------------------------------------------------------------------------------


def selftest_round() -> Round | None:
    return _ROUND.get()


def set_selftest_round(rnd: Round) -> None:
    _ROUND.set(rnd)


def start_selftest_round(rnd: Round) -> None:
    """A new round from its first question, with fresh answer widgets."""
    _ROUND.set(rnd)
    _POS.set(0)
    _ROUND_NO.set(_ROUND_NO.get() + 1)


def selftest_pos() -> int:
    return _POS.get()


def set_selftest_pos(pos: int) -> None:
    _POS.set(pos)


def selftest_answer_key(question_id: str) -> str:
    return f"selftest.{_ROUND_NO.get()}.{question_id}"


def class_question() -> int:
    return _CLASS_AT.get()


def set_class_question(n: int) -> None:
    _CLASS_AT.set(n)
    _CLASS_SHOWN.set(False)


def class_revealed() -> bool:
    return _CLASS_SHOWN.get()


def reveal_class_answer() -> None:
    _CLASS_SHOWN.set(True)


def demo_step() -> int:
    """The class demo's step (0-based); worksheets.chain_demo clamps it to the sheet shown."""
    return _DEMO_STEP.get()


def set_demo_step(n: int) -> None:
    _DEMO_STEP.set(n)


# 模拟初访: the runs in progress and the practice sheet, each in its own draft, never the homework draft.


class _PracticeDrafts(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    runs: dict[str, PracticeRun] = {}
    version: int = 0
    notice: str | None = None


@st.cache_resource
def scenarios() -> tuple[Scenario, ...]:
    return load_scenarios()


def _practice() -> _PracticeDrafts:
    drafts = _PRACTICE.get()
    if drafts is None:
        drafts = _PracticeDrafts()
        try:
            stored = draft_store().load(practice_runs_code(workbook().code))
        except (StoreUnavailable, ValidationError):
            stored, drafts.notice = None, "暂时读不到上次的模拟初访记录；这次的选择照常保存。"
        if stored is not None:
            drafts.runs, drafts.version = runs_from_progress(stored.progress), stored.version
        _PRACTICE.set(drafts)
    return drafts


def practice_run(slot: str = "student") -> PracticeRun | None:
    """The visit in progress (or just finished): `student` on the practice page, `demo` on the projector."""
    return _practice().runs.get(slot)


def set_practice_run(run: PracticeRun | None, slot: str = "student") -> None:
    drafts = _practice()
    runs = {k: v for k, v in drafts.runs.items() if k != slot}
    drafts.runs = runs if run is None else {**runs, slot: run}
    drafts.notice = None
    try:
        result = draft_store().save(
            practice_runs_code(workbook().code),
            VisitSheet(),
            runs_to_progress(drafts.runs),
            base_version=drafts.version,
        )
        drafts.version = result.version
    except StoreUnavailable as exc:
        drafts.notice = str(exc)


def practice_notice() -> str | None:
    return _practice().notice


def practice_sheet_code() -> str:
    return practice_sheet_code_of(workbook().code)


def practice_sheet() -> VisitSheet | None:
    """The practice sheet as last saved (it may have been edited in its own tab)."""
    draft = draft_store().load(practice_sheet_code())
    return None if draft is None else draft.sheet


def save_practice_sheet(sheet: VisitSheet) -> None:
    """Replace the practice sheet; the one it replaces stays in that draft's history."""
    code = practice_sheet_code()
    stored = draft_store().load(code)
    base = stored.version if stored else 0
    draft_store().save(code, sheet, stored.progress if stored else {}, base_version=base, keep_previous=True)
