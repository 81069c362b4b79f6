"""The one place that touches st.session_state: the student's workbook, its draft code and autosave."""

from __future__ import annotations

import secrets

import streamlit as st
from pydantic import BaseModel, ConfigDict, ValidationError

from course.loader import load_course
from course.progress import Progress, merge
from course.schema import Course
from practice.loader import load_scenarios
from practice.run import PracticeRun, practice_runs_code, runs_from_progress, runs_to_progress
from practice.run import practice_sheet_code as practice_sheet_code_of
from practice.schema import Scenario
from worksheets.model import VisitSheet
from worksheets.store import DraftStore, StoreUnavailable, is_valid_code

_KEY = "workbook"
_PAGES = "pages"


class Workbook(BaseModel):
    """What one browser session holds: the sheet and progress, plus where they are saved."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    code: str
    sheet: VisitSheet = VisitSheet()
    progress: Progress = Progress()
    version: int = 0
    generation: int = 0  # bumped when the whole sheet is replaced, so form widgets start afresh
    notice: str | None = None  # a message for the student after a save (conflict, failure)


@st.cache_resource
def draft_store() -> DraftStore:
    return DraftStore()


@st.cache_resource
def course() -> Course:
    return load_course()


def workbook() -> Workbook:
    """This session's workbook, restored from the draft named in the URL when there is one."""
    wb: Workbook | None = st.session_state.get(_KEY)
    if wb is None:
        code = st.query_params.get("sheet", "")
        draft, problem = None, None
        try:
            draft = draft_store().load(code) if is_valid_code(code) else None
        except (StoreUnavailable, ValidationError) as exc:
            problem = (
                f"无法读取草稿 {code}（{exc.__class__.__name__}），已为你打开一张新表；"
                "原草稿没有被改动，请记下这个草稿码。"
            )
            code = ""
        if draft is None:
            wb = Workbook(code=code if is_valid_code(code) else secrets.token_urlsafe(16), notice=problem)
        else:
            wb = Workbook(
                code=draft.code,
                sheet=draft.sheet,
                version=draft.version,
                progress=Progress.model_validate(draft.progress),
            )
        st.session_state[_KEY] = wb
    return wb


def keep_draft_link() -> None:
    """Page switches drop query params: put the draft code back in the URL once per run."""
    code = workbook().code
    if st.query_params.get("sheet") != code:
        st.query_params["sheet"] = code


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


def save(*, keep_previous: bool = False, sheet_changed: bool = True) -> None:
    """Autosave the workbook. Another tab's progress is merged, never dropped; sheets: the later save wins
    and the overwritten version stays in history. `sheet_changed=False` for lesson and self-test progress."""
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
        )
    except StoreUnavailable as exc:
        wb.notice = str(exc)
        return
    wb.version = result.version
    if overwrote or result.conflict:
        wb.notice = OVERWROTE


def replace_sheet(sheet: VisitSheet) -> None:
    """Swap in a whole new sheet (new, example, import) and save it."""
    wb = workbook()
    wb.sheet = sheet
    wb.generation += 1
    save(keep_previous=True)


def set_pages(pages: dict) -> None:
    """This run's st.Page objects by url path (made by routes.navigation_pages)."""
    st.session_state[_PAGES] = pages


def pages() -> dict:
    return st.session_state[_PAGES]


def widget_key(name: str) -> str:
    """Widget keys carry the generation, so a replaced sheet is shown fresh, never mixed with old input."""
    return f"g{workbook().generation}.{name}"


# 模拟初访: the runs in progress and the practice sheet, each in its own draft, never the homework draft.
_PRACTICE = "practice"


class _PracticeDrafts(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    runs: dict[str, PracticeRun] = {}
    version: int = 0
    notice: str | None = None


@st.cache_resource
def scenarios() -> tuple[Scenario, ...]:
    return load_scenarios()


def _practice() -> _PracticeDrafts:
    drafts: _PracticeDrafts | None = st.session_state.get(_PRACTICE)
    if drafts is None:
        drafts = _PracticeDrafts()
        try:
            stored = draft_store().load(practice_runs_code(workbook().code))
        except (StoreUnavailable, ValidationError):
            stored, drafts.notice = None, "暂时读不到上次的模拟初访记录；这次的选择照常保存。"
        if stored is not None:
            drafts.runs, drafts.version = runs_from_progress(stored.progress), stored.version
        st.session_state[_PRACTICE] = drafts
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
