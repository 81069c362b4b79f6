"""三种状态自测: ten scenarios per round, feedback after each answer, review and retry."""

import random

import streamlit as st

from app_state import course, progress, save, workbook
from course.selftest import answer, missed, new_round, result_of, score
from course.selftest_io import result_filename, result_to_csv
from ui.selftest_round import show_question

_ROUND, _POS, _NO = "selftest.round", "selftest.pos", "selftest.no"
bank = course().selftest

st.title("三种状态自测")
st.markdown(
    "客户只有三种状态：**技术路线和心仪厂家已定，但不是你**；**客户尚未理清思路，你来得早**；"
    "**项目没落实、八字没一撇**。每轮 10 个情景题，答完立即看到解析；最高分记入你的学习进度。"
)


def start() -> None:
    st.session_state[_ROUND] = new_round(bank, random.Random())
    st.session_state[_POS] = 0
    st.session_state[_NO] = st.session_state.get(_NO, 0) + 1


current = st.session_state.get(_ROUND)
if current is None:
    best = progress().selftest_best
    st.info(f"你的最高分：{best} 分" if best is not None else "你还没有做过自测。", icon="🎯")
    st.button("开始一轮自测（10 题）", type="primary", on_click=start)
    st.stop()

result = score(current, bank)
st.progress(result.answered / result.total, text=f"已答 {result.answered}/{result.total} · 答对 {result.correct}")
pos = st.session_state.get(_POS, 0)
if not result.finished or pos < result.total:

    def choose(question_id: str, original: int) -> None:
        if question_id in st.session_state[_ROUND].answers:
            return  # the first answer is final; a double click must not count the round twice
        st.session_state[_ROUND] = answer(st.session_state[_ROUND], question_id, original)
        done = score(st.session_state[_ROUND], bank)
        if done.finished:
            progress().record_selftest(done.percent)
            save(sheet_changed=False)

    def next_question() -> None:
        st.session_state[_POS] = pos + 1

    show_question(current, bank, pos, st.session_state[_NO], choose, next_question)
else:
    st.header(f"本轮得分：{result.percent} 分（{result.correct}/{result.total}）")
    st.caption(f"历史最高：{progress().selftest_best} 分")
    wrong = missed(current, bank)
    if wrong:
        st.subheader("错题回顾")
        for q in wrong:
            with st.container(border=True):
                st.markdown(q.prompt)
                right = q.options[q.correct_index]
                st.success(f"正确答案：{right.text}。{right.feedback}")
                section = course().section(q.section)
                st.page_link(
                    f"views/lesson_{section.order:02d}.py",
                    label=f"回到第 {section.order} 节：{section.title}",
                    icon="📖",
                    query_params={"sheet": workbook().code},
                )
    else:
        st.balloons()
        st.success("全部答对！", icon="🏆")
    taken = result_of(current, bank, (workbook().sheet.student or "未署名学员")[:40])
    st.download_button(
        "下载本轮结果（CSV，交给讲师）",
        result_to_csv(taken),
        result_filename(taken),
        mime="text/csv",
        icon="⬇️",
    )
    st.button("再来一轮", type="primary", on_click=start)
