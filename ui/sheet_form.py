"""The visit sheet's guided form: completeness, the step bar and the current step.

Not an st.fragment: text typed into a fragment and left by clicking a sidebar link was lost
(Streamlit 1.67 drops the fragment's pending change on the page switch).
"""

import streamlit as st

from app_state import SHEET_STEP_KEY, current_sheet, go_to_step, scroll_to_top_request
from ui import sheet_steps
from ui.frame import show_notice
from ui.people import competition, people_editor
from ui.scroll import scroll_to_top
from worksheets.completeness import completeness

STEPS = {
    "① 基本信息": sheet_steps.basics,
    "② BANT": sheet_steps.bant,
    "③ 决策链": None,  # the people editor with its live graph
    "④ 竞争情况": competition,
    "⑤ 状态与判断": sheet_steps.judgement,
    "⑥ 留钩子与控制点": sheet_steps.hooks,
}


def sheet_form() -> None:
    sheet = current_sheet()
    show_notice()
    meter = completeness(sheet)
    st.progress(meter.percent / 100, text=f"完成度 {meter.percent}%")
    if meter.missing:
        with st.expander(f"还缺 {len(meter.missing)} 项：{meter.missing[0]}"):
            st.markdown("\n".join(f"- {hint}" for hint in meter.missing))
    names = list(STEPS)
    step = st.segmented_control(
        "填写步骤", names, default=names[0], key=SHEET_STEP_KEY, persist_state="session", required=True
    )
    if step == "③ 决策链":
        people_editor()
    else:
        STEPS[step](sheet)
    if step != names[-1]:
        following = names[names.index(step) + 1]
        st.button(f"下一步：{following} →", type="primary", on_click=go_to_step, args=(following,))
    if (asked := scroll_to_top_request()) is not None:
        scroll_to_top(asked)  # last, so the frame takes no room above the step
