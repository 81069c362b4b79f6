"""What every page shows around its content: lesson progress and the draft link."""

import streamlit as st

from app_state import course, keep_draft_link, progress, workbook
from course.progress import summary


def show_notice() -> None:
    """What the last save has to tell the student (another tab saved in between, or saving failed)."""
    if message := workbook().notice:
        st.warning(message, icon="⚠️")  # our text; a code from the link is quoted as a code span (app_state)


# Streamlit's own English hints that cannot be translated in 1.67: "Press Enter to apply" under text fields
# (our fields save when the student leaves them, the sheet says so), "(required)" beside a select box
# that always has a value, and an uploader's "Drag and drop … Limit 3MB per file", whose 3 MB contradicted the
# 2 MB our labels name (the 2–3 MB band only lets our Chinese reason be shown). Hidden, not replaced; what
# remains in English is listed in the README.
_HIDE_ENGLISH = (
    "<style>[data-testid='InputInstructions'],[data-testid='stWidgetLabelRequired'],"
    "[data-testid='stFileUploaderDropzoneInstructions']{display:none}</style>"
)


def show_frame(*, notice: bool = True, projector: bool = False) -> None:
    """On the trainer's pages (`projector`) the room sees the screen: no progress of the trainer's own
    homework, and no draft code, which opens that draft for anyone who copies it."""
    keep_draft_link()
    if projector:
        st.sidebar.caption(f"{_HIDE_ENGLISH}讲师页不显示课程进度和草稿码，投影时可放心。", unsafe_allow_html=True)
        return
    wb = workbook()
    read, passed, total = summary(progress(), course())
    best = wb.progress.selftest_best
    text = f"课程进度：已读 {read}/{total} 节 · 小测通过 {passed}/{total}"
    text += f" · 自测最佳 {best} 分" if best is not None else " · 自测未做"
    st.progress(read / total if total else 0.0, text=text)
    if notice:
        show_notice()
    # One element in the sidebar, the style rule included: each element costs a re-render on every rerun.
    # A draft code is letters, digits, - and _ only (worksheets.store._CODE): nothing in it can be markup.
    st.sidebar.caption(
        f"{_HIDE_ENGLISH}草稿自动保存。收藏当前网址（含 ?sheet=…）即可在刷新、断网或换设备后继续。"
        f"\n\n草稿码：`{wb.code}`",
        unsafe_allow_html=True,
    )
