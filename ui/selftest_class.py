"""The self-test in class mode: one scenario on the projector, the answer revealed on a click."""

import streamlit as st

from course.schema import SelfTestBank

_AT, _SHOWN = "class.question", "class.revealed"


def _move(step: int, total: int) -> None:
    st.session_state[_AT] = (st.session_state.get(_AT, 0) + step) % total
    st.session_state[_SHOWN] = False


def class_mode(bank: SelfTestBank) -> None:
    questions = bank.questions
    n = st.session_state.get(_AT, 0) % len(questions)
    question = questions[n]
    st.markdown(f"**情景 {n + 1}/{len(questions)}**")
    st.markdown(question.prompt)
    letters = "ABCDEF"
    for letter, option in zip(letters, question.options, strict=False):
        st.markdown(f"**{letter}.** {option.text}")
    if st.session_state.get(_SHOWN):
        right = question.correct_index
        st.success(
            f"正确答案：{letters[right]}. {question.options[right].text}\n\n{question.options[right].feedback}",
            icon="✅",
        )
        with st.expander("其他选项为什么不对"):
            for letter, option in zip(letters, question.options, strict=False):
                if not option.correct:
                    st.markdown(f"**{letter}.** {option.feedback}")
    back, reveal, forward = st.columns(3)
    back.button("← 上一题", on_click=_move, args=(-1, len(questions)), width="stretch")
    reveal.button(
        "揭晓答案",
        type="primary",
        width="stretch",
        disabled=bool(st.session_state.get(_SHOWN)),
        on_click=lambda: st.session_state.update({_SHOWN: True}),
    )
    forward.button("下一题 →", on_click=_move, args=(1, len(questions)), width="stretch")
