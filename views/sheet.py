"""拜访信息表: the homework as a guided form, one step at a time, autosaved on every change."""

import streamlit as st

from app_state import current_sheet
from ui import bind, sheet_steps
from ui.people import competition, people_editor
from ui.steps import STEP_KEY, go_to_step, next_step
from worksheets.completeness import completeness

STEPS = {
    "① 基本信息": sheet_steps.basics,
    "② BANT": sheet_steps.bant,
    "③ 决策链": None,
    "④ 竞争情况": competition,
    "⑤ 状态与判断": sheet_steps.judgement,
    "⑥ 留钩子与控制点": sheet_steps.hooks,
}

sheet = current_sheet()
st.title("拜访信息表")
meter = completeness(sheet)
st.progress(meter.percent / 100, text=f"完成度 {meter.percent}%")
if meter.missing:
    with st.expander(f"还缺 {len(meter.missing)} 项：{meter.missing[0]}"):
        st.markdown("\n".join(f"- {hint}" for hint in meter.missing))
bind.show_edit_error()
step = st.segmented_control(
    "填写步骤", list(STEPS), default="① 基本信息", key=STEP_KEY, persist_state="session", required=True
)
if step == "③ 决策链":
    people_editor()
else:
    STEPS[step](sheet)
following = next_step(list(STEPS), step)
if following:
    st.button(f"下一步：{following} →", type="primary", on_click=go_to_step, args=(following,))
st.caption("每次修改都会自动保存；新建、载入示例和导入导出在“草稿与导入导出”页。")
