"""三种状态自测: ten scenarios per round, feedback after each answer, review and retry."""

import streamlit as st

from app_state import course
from ui.selftest_round import current_round, show_question, show_results, show_start, still_answering
from worksheets.codes import CustomerState

bank = course().selftest
st.title("三种状态自测")
st.markdown(
    "客户只有三种状态："
    + "；".join(f"**{s.label}**（{s.gloss}）" for s in CustomerState)
    + "。每轮 10 个情景题，答完立即看到解析；最高分记入你的学习进度。"
)
rnd = current_round()
if rnd is None:
    show_start(bank)
elif still_answering(rnd):
    show_question(rnd, bank)
else:
    show_results(rnd, bank)
