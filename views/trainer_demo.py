"""课堂演示: the worked 国网 example on the projector — the chain revealed step by step, and the
self-test in class mode, one scenario at a time."""

import streamlit as st

from app_state import course, current_sheet
from ui.chain_view import LEGEND
from ui.practice_play import practice_session
from ui.projector import projector_mode
from ui.selftest_class import class_mode
from worksheets.chain import chain_graph, chain_steps
from worksheets.example import example_sheet

st.title("课堂演示")
left, right = st.columns(2)
big = left.toggle("投影大字号", value=True, key="demo.big", persist_state="session")
source = right.radio(
    "演示数据", ["国网示例", "我的拜访信息表"], horizontal=True, key="demo.source", persist_state="session"
)
projector_mode(big)
sheet = example_sheet() if source == "国网示例" else current_sheet()

chain_tab, quiz_tab, practice_tab = st.tabs(["决策链逐步讲解", "自测课堂模式", "模拟初访"])
with chain_tab:
    steps = chain_steps(sheet)
    if not sheet.people:
        st.info("这张表还没有人员。切换到“国网示例”即可演示。")
    else:
        n = st.session_state.setdefault("demo.step", 0) % len(steps)
        back, counter, forward = st.columns([1, 2, 1])
        if back.button("← 上一步", disabled=n == 0, width="stretch"):
            st.session_state["demo.step"] = n - 1
            st.rerun()
        counter.markdown(f"**第 {n + 1}/{len(steps)} 步：{steps[n].title}**")
        if forward.button("下一步 →", disabled=n == len(steps) - 1, type="primary", width="stretch"):
            st.session_state["demo.step"] = n + 1
            st.rerun()
        st.info(steps[n].talking_point, icon="🎙️")
        new = set(steps[n].person_ids) - (set(steps[n - 1].person_ids) if n else set())
        st.caption(LEGEND)
        graph = chain_graph(sheet, only_people=set(steps[n].person_ids), highlight=new, legend=False)
        st.graphviz_chart(graph, width="stretch")
with quiz_tab:
    class_mode(course().selftest)
with practice_tab:
    practice_session("demo", results=False)  # the class discusses each decision, the trainer clicks
