"""模拟初访: practise the first visit on a fictional customer before making a real one."""

import streamlit as st

from ui.practice_play import practice_session

st.title("模拟初访")
st.caption("客户、人物和情节都是虚构的练习（示意），做法依据本课内容。进度自动保存，刷新或换页后可以接着走。")
practice_session()
