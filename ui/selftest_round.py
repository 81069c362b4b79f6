"""One self-test scenario: shuffled options, nothing pre-selected, the first answer is final."""

from collections.abc import Callable

import streamlit as st

from course.schema import SelfTestBank
from course.selftest import Round


def show_question(
    rnd: Round,
    bank: SelfTestBank,
    pos: int,
    round_no: int,
    choose: Callable[[str, int], None],
    next_question: Callable[[], None],
) -> None:
    question_id = rnd.question_ids[pos]
    question = next(q for q in bank.questions if q.id == question_id)
    order = rnd.option_orders[question_id]
    chosen = rnd.answers.get(question_id)
    with st.container(border=True):
        st.markdown(f"**第 {pos + 1} 题** {question.prompt}")
        key = f"selftest.{round_no}.{question_id}"
        st.radio(
            "选项",
            order,
            index=order.index(chosen) if chosen is not None else None,
            format_func=lambda i: question.options[i].text,
            key=key,
            label_visibility="collapsed",
            disabled=chosen is not None,
            on_change=lambda: choose(question_id, st.session_state[key]),
        )
        if chosen is not None:
            option = question.options[chosen]
            if option.correct:
                st.success(f"回答正确。{option.feedback}", icon="✅")
            else:
                right = question.options[question.correct_index]
                st.error(f"不对。{option.feedback}\n\n正确答案：{right.text}", icon="❌")
    if chosen is not None:
        last = pos + 1 == len(rnd.question_ids)
        st.button("查看结果 →" if last else "下一题 →", type="primary", on_click=next_question)
