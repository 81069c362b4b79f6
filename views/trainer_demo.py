"""课堂演示: the worked 国网 example on the projector — the chain revealed step by step, and the
self-test in class mode, one scenario at a time. The steps' logic is worksheets.chain_demo."""

import streamlit as st

from app_state import course, current_sheet, demo_step, set_demo_step
from ui.chain_view import show_graph
from ui.practice_play import practice_session
from ui.projector import projector_mode
from ui.selftest_class import class_mode
from worksheets.chain_demo import DEMO_MAX_PEOPLE, demo_frame, demo_graph, step_back, step_forward
from worksheets.example import EXAMPLE_NOTE, example_sheet

st.title("课堂演示")
# In the sidebar: set once before class, they take no room above the picture on the projector.
big = st.sidebar.toggle("投影大字号", value=True, key="demo.big", persist_state="session")
source = st.sidebar.radio("演示数据", ["国网示例", "我的拜访信息表"], key="demo.source", persist_state="session")
scale = projector_mode(big)
if source == "国网示例":
    st.sidebar.caption(EXAMPLE_NOTE)
sheet = example_sheet() if source == "国网示例" else current_sheet()

chain_tab, quiz_tab, practice_tab = st.tabs(["决策链逐步讲解", "自测课堂模式", "模拟初访"])
with chain_tab:
    if not sheet.people:
        st.info("这张表还没有人员。切换到“国网示例”即可演示。")
    else:
        frame = demo_frame(sheet, demo_step())
        # The buttons read the step when clicked, so two quick clicks move two steps.
        back, counter, forward = st.columns([1, 2, 1])
        back.button(
            "← 上一步",
            disabled=not frame.can_go_back,
            width="stretch",
            on_click=lambda: set_demo_step(step_back(demo_step(), frame.total)),
        )
        counter.markdown(f"**{frame.heading}**")
        forward.button(
            "下一步 →",
            disabled=not frame.can_go_forward,
            type="primary",
            width="stretch",
            on_click=lambda: set_demo_step(step_forward(demo_step(), frame.total)),
        )
        if frame.left_out:
            st.caption(
                f"投影上最多画 {DEMO_MAX_PEOPLE} 人（本步新出现的人优先）：另有 {frame.left_out} 人没有画出，"
                "完整的图在“决策链图”页。"
            )
        # The picture right under the buttons, the talking point under it: on a 1080p projector the whole
        # chain of step 5 is on the screen (above it, the talking point and legend pushed its base row off).
        show_graph(demo_graph(sheet, frame), sheet, scale=scale, legend_below=True)
        st.info(frame.talking_point, icon="🎙️")
with quiz_tab:
    class_mode(course().selftest)
with practice_tab:
    practice_session("demo", results=False)  # the class discusses each decision, the trainer clicks
