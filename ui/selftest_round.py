"""One self-test round on screen: start, one scenario at a time (the first answer is final), results."""

import random

import streamlit as st

from app_state import (
    course,
    draft_link,
    progress,
    save,
    selftest_answer_key,
    selftest_pos,
    selftest_round,
    set_selftest_pos,
    set_selftest_round,
    start_selftest_round,
    widget_value,
    workbook,
)
from course.schema import Question, SelfTestBank
from course.selftest import Round, answer, missed, new_round, result_of, score
from course.selftest_io import result_filename, result_to_csv
from routes import lesson_path, page


def current_round() -> Round | None:
    return selftest_round()


def _start(bank: SelfTestBank) -> None:
    start_selftest_round(new_round(bank, random.Random()))


def _choose(bank: SelfTestBank, question_id: str, key: str) -> None:
    rnd = selftest_round()
    if rnd is None or question_id in rnd.answers:
        return  # the first answer is final; a double click must not count the round twice
    rnd = answer(rnd, question_id, widget_value(key))
    set_selftest_round(rnd)
    done = score(rnd, bank)
    if done.finished:
        progress().record_selftest(done.percent)
        save(sheet_changed=False)


def _next() -> None:
    set_selftest_pos(selftest_pos() + 1)


def answered_lines(question: Question, order: list[int], chosen: int) -> list[str]:
    """The options after answering, in the order shown: the student's choice and the right one are marked."""
    marks = {
        (True, True): "✅ **你的选择（正确）**：",
        (True, False): "❌ **你的选择**：",
        (False, True): "✅ **正确答案**：",
    }
    options = [question.options[i] for i in order]
    return [f"- {marks.get((i == chosen, o.correct), '⚪ ')}{o.text}" for i, o in zip(order, options, strict=True)]


def show_start(bank: SelfTestBank) -> None:
    best = progress().selftest_best
    st.info(f"你的最高分：{best} 分" if best is not None else "你还没有做过自测。", icon="🎯")
    st.button("开始一轮自测（10 题）", type="primary", on_click=_start, args=(bank,))


def still_answering(rnd: Round) -> bool:
    return selftest_pos() < len(rnd.question_ids)


def show_question(rnd: Round, bank: SelfTestBank) -> None:
    tally = score(rnd, bank)
    st.progress(tally.answered / tally.total, text=f"已答 {tally.answered}/{tally.total} · 答对 {tally.correct}")
    pos = selftest_pos()
    question_id = rnd.question_ids[pos]
    question = next(q for q in bank.questions if q.id == question_id)
    order = rnd.option_orders[question_id]
    chosen = rnd.answers.get(question_id)
    with st.container(border=True):
        st.markdown(f"**第 {pos + 1} 题** {question.prompt}")
        if chosen is None:
            key = selftest_answer_key(question_id)
            st.radio(
                "选项",
                order,
                index=None,
                format_func=lambda i: question.options[i].text,
                key=key,
                label_visibility="collapsed",
                on_change=_choose,
                args=(bank, question_id, key),
            )
        else:  # answered: no radio to click again; the choice and the right answer are marked in words
            st.markdown("\n".join(answered_lines(question, order, chosen)))
            option = question.options[chosen]
            if option.correct:
                st.success(f"回答正确。{option.feedback}", icon="✅")
            else:
                st.error(f"不对。{option.feedback}", icon="❌")  # the right answer is marked in the list above
    if chosen is not None:
        last = pos + 1 == len(rnd.question_ids)
        st.button("查看结果 →" if last else "下一题 →", type="primary", on_click=_next)


def show_results(rnd: Round, bank: SelfTestBank) -> None:
    tally = score(rnd, bank)
    st.progress(1.0, text=f"已答 {tally.answered}/{tally.total} · 答对 {tally.correct}")
    st.header(f"本轮得分：{tally.percent} 分（{tally.correct}/{tally.total}）")
    st.caption(f"历史最高：{progress().selftest_best} 分")
    wrong = missed(rnd, bank)
    if wrong:
        st.subheader("错题回顾")
    else:
        st.success("全部答对！", icon="🏆")
    for q in wrong:
        with st.container(border=True):
            st.markdown(q.prompt)
            right = q.options[q.correct_index]
            st.success(f"正确答案：{right.text}。{right.feedback}")
            section = course().section(q.section)
            st.page_link(
                page(lesson_path(section.order)),
                label=f"回到第 {section.order} 节：{section.title}",
                icon="📖",
                query_params=draft_link(),
            )
    taken = result_of(rnd, bank, (workbook().sheet.student or "未署名学员")[:40])
    st.download_button(
        "下载本轮结果（CSV，交给讲师）", result_to_csv(taken), result_filename(taken), mime="text/csv", icon="⬇️"
    )
    st.button("再来一轮", type="primary", on_click=_start, args=(bank,))
