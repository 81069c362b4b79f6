"""决策链图: the student's decision chain, full width for class demos, with gaps and downloads."""

import streamlit as st

from app_state import current_sheet
from ui.chain_view import show_chain, show_downloads
from worksheets.csv_io import export_filename

sheet = current_sheet()
st.title("决策链图")
st.caption("蓝色：普遍客户关系　红色：关键客户关系（桥梁）　绿色：高层客户关系　虚线：尚未接触　★ 教练　◆ 关键线人")
show_pain = st.toggle("显示每个人的痛点（痛苦链）", key="chain.show_pain", persist_state="session")
show_chain(sheet, show_pain=show_pain)
if sheet.people:
    show_downloads(sheet, export_filename(sheet, "").removesuffix(".").replace("拜访信息表", "决策链图"))
