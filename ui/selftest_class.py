"""The self-test in class mode: one scenario on the projector, the answer revealed on a click."""

import streamlit as st

from app_state import class_question, class_revealed, reveal_class_answer, set_class_question
from course.schema import SelfTestBank

LETTERS = "ABCDEF"


def class_mode(bank: SelfTestBank) -> None:
    questions = bank.questions
    n = min(max(class_question(), 0), len(questions) - 1)  # scenario 1 … N: no wrapping around either end
    question = questions[n]
    st.markdown(f"**情景 {n + 1}/{len(questions)}**")
    st.markdown(question.prompt)
    for letter, option in zip(LETTERS, question.options, strict=False):
        st.markdown(f"**{letter}.** {option.text}")
    if class_revealed():
        right = question.correct_index
        st.success(
            f"正确答案：{LETTERS[right]}. {question.options[right].text}\n\n{question.options[right].feedback}",
            icon="✅",
        )
        with st.expander("其他选项为什么不对"):
            for letter, option in zip(LETTERS, question.options, strict=False):
                if not option.correct:
                    st.markdown(f"**{letter}.** {option.feedback}")
    back, reveal, forward = st.columns(3)
    back.button("← 上一题", on_click=set_class_question, args=(n - 1,), disabled=n == 0, width="stretch")
    reveal.button("揭晓答案", type="primary", width="stretch", disabled=class_revealed(), on_click=reveal_class_answer)
    forward.button(
        "下一题 →",
        on_click=set_class_question,
        args=(n + 1,),
        disabled=n == len(questions) - 1,
        width="stretch",
    )
