"""One lesson section on screen: objectives, key points with their cases, mistakes, 小测.

A case is shown under the label of its kind: the trainer's own (🎙️ 讲师案例) or this workbook's
illustration (🧩 示意案例), so nothing we made up is ever presented as his.
"""

import streamlit as st

from app_state import course, progress, save, widget_key, widget_value
from course.progress import quiz_passed
from course.schema import Question, Section
from routes import SHEET, go, lesson_path


def _answer(question: Question, key: str) -> None:
    choice = widget_value(key)
    if choice is not None:
        progress().answer(question.id, choice)
        save(sheet_changed=False)


def _show_question(n: int, question: Question) -> None:
    key = widget_key(f"quiz.{question.id}")
    chosen = progress().quiz_answers.get(question.id)
    with st.container(border=True):
        st.markdown(f"**第 {n} 题** {question.prompt}")
        st.radio(
            f"第 {n} 题的选项",
            options=range(len(question.options)),
            format_func=lambda i: question.options[i].text,
            index=chosen,
            key=key,
            label_visibility="collapsed",
            on_change=_answer,
            args=(question, key),
        )
        if chosen is not None:
            option = question.options[chosen]
            if option.correct:
                st.success(f"回答正确。{option.feedback}", icon="✅")
            else:
                st.error(f"还不对，再想想。{option.feedback}", icon="❌")


def _show_body(section: Section) -> None:
    st.markdown("#### 本节学习目标\n" + "\n".join(f"- {o}" for o in section.objectives))
    for n, point in enumerate(section.key_points, start=1):
        st.markdown(f"### {n}. {point.title}\n\n{point.body}")  # one element per point keeps reruns light
        if point.example:
            with st.container(border=True):
                st.markdown(f"**{point.example.label}**\n\n{point.example.text}")
    if section.sayings:
        st.markdown("#### 讲师金句\n" + "\n".join(f"> {s}\n>" for s in section.sayings))
    st.markdown("#### 典型错误")
    st.warning("\n".join(f"- {mistake}" for mistake in section.mistakes), icon="🚫")


def _show_nav(section: Section, total: int) -> None:
    prev_col, read_col, next_col = st.columns(3)
    if section.order > 1 and prev_col.button("← 上一节", width="stretch"):
        go(lesson_path(section.order - 1))
    done = section.id in progress().sections_read
    if read_col.button("已读完 ✓" if done else "我已读完本节", width="stretch", disabled=done):
        progress().mark_read(section.id)
        save(sheet_changed=False)
        st.rerun()
    label, target = (
        ("下一节 →", lesson_path(section.order + 1)) if section.order < total else ("去填拜访信息表 →", SHEET)
    )
    if next_col.button(label, type="primary", width="stretch"):
        progress().mark_read(section.id)
        save(sheet_changed=False)
        go(target)


def show_section(order: int) -> None:
    lesson = course()
    section = next(s for s in lesson.sections if s.order == order)
    st.title(f"第 {section.order} 节 · {section.title}")
    st.caption(section.summary)
    _show_body(section)
    st.header("小测")
    for n, question in enumerate(section.quiz, start=1):
        _show_question(n, question)
    right = sum(progress().quiz_answers.get(q.id) == q.correct_index for q in section.quiz)
    if quiz_passed(progress(), lesson, section.id):
        st.success(f"本节小测已通过：{right}/{len(section.quiz)} 题全对。", icon="🏅")
    else:
        st.info(f"本节小测：答对 {right}/{len(section.quiz)} 题。全部答对即通过。")
    st.divider()
    _show_nav(section, len(lesson.sections))
