"""决策链图: the student's decision chain, full width for class demos, with gaps and downloads."""

import streamlit as st

from app_state import current_sheet
from ui.chain_view import show_chain, show_downloads
from worksheets.files import export_filename

sheet = current_sheet()
st.title("决策链图")
st.caption("从拜访信息表自动生成：条线为列、层级为行，颜色表示你和他的关系。")
show_pain = st.toggle("显示每个人的痛点（痛苦链）", key="chain.show_pain", persist_state="session")
show_chain(sheet, show_pain=show_pain)
if sheet.people:
    show_downloads(sheet, "决策链图_" + export_filename(sheet, "").removeprefix("拜访信息表_"))
