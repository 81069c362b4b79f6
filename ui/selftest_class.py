"""The self-test in class mode: one scenario on the projector, the answer revealed on a click."""

import streamlit as st

from app_state import class_question, class_revealed, reveal_class_answer, set_class_question
from course.schema import SelfTestBank
from course.selftest import class_deck

LETTERS = "ABCDEF"


def class_mode(bank: SelfTestBank) -> None:
    deck = class_deck(bank)
    n = min(max(class_question(), 0), len(deck) - 1)  # scenario 1 … N: no wrapping around either end
    question, order = deck[n]
    options = [question.options[i] for i in order]  # as shown: A, B, C … in the deck's order
    st.markdown(f"**情景 {n + 1}/{len(deck)}**")
    st.markdown(question.prompt)
    for letter, option in zip(LETTERS, options, strict=False):
        st.markdown(f"**{letter}.** {option.text}")
    if class_revealed():
        right = order.index(question.correct_index)
        st.success(
            f"正确答案：{LETTERS[right]}. {options[right].text}\n\n{options[right].feedback}",
            icon="✅",
        )
        with st.expander("其他选项为什么不对"):
            for letter, option in zip(LETTERS, options, strict=False):
                if not option.correct:
                    st.markdown(f"**{letter}.** {option.feedback}")
    back, reveal, forward = st.columns(3)
    back.button("← 上一题", on_click=set_class_question, args=(n - 1,), disabled=n == 0, width="stretch")
    reveal.button("揭晓答案", type="primary", width="stretch", disabled=class_revealed(), on_click=reveal_class_answer)
    forward.button(
        "下一题 →",
        on_click=set_class_question,
        args=(n + 1,),
        disabled=n == len(deck) - 1,
        width="stretch",
    )
