"""拜访信息表: the homework as a guided form, one step at a time, autosaved on every change."""

import streamlit as st

from ui.sheet_form import sheet_form

st.title("拜访信息表")
st.caption(
    "每次修改都会自动保存：文字在离开输入框时（点别处或按 Tab）保存，选项选中即保存。"
    "新建、载入示例和导入导出在“草稿与导入导出”页。"
)
sheet_form()
