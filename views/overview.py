"""课程总览: what lesson 12 teaches, the learning path, and where the student stands."""

import streamlit as st

from app_state import course, draft_link, progress
from course.progress import first_unread, quiz_passed
from routes import SHEET, go, lesson_path, page

lesson = course()
st.title("第 12 课 · 初次拜访如何获取信息")
st.markdown(
    "第一次拜访客户，真正要带回来的是**信息**：客户为什么愿意见你、谁在决策链上、每个人痛在哪里、"
    "对手是谁、这个项目值不值得投入。本课把这些拆成 11 节，配上案例（讲师讲过的标“讲师案例”，"
    "本练习册编写的标“示意案例”）、典型错误和小测；"
    "学完后用**拜访信息表**做作业，系统会据此画出你的**决策链图**，再用**自测**练习判断客户的三种状态。"
)
st.markdown("#### 学习路径")
steps = st.columns(4)
for col, (icon, title, text) in zip(
    steps,
    [
        ("📖", "1. 学习", "逐节阅读并完成小测"),
        ("📝", "2. 填表", "填写拜访信息表，自动保存"),
        ("🕸️", "3. 看图", "从表中生成决策链图，查缺口"),
        ("🎯", "4. 自测", "判断客户的三种状态与打法"),
    ],
    strict=True,
):
    with col.container(border=True):
        st.markdown(f"**{icon} {title}**\n\n{text}")

st.markdown("#### 本课章节")
for section in lesson.sections:
    read = "✅ 已读" if section.id in progress().sections_read else "⬜ 未读"
    passed = "🏅 小测通过" if quiz_passed(progress(), lesson, section.id) else ""
    st.page_link(
        page(lesson_path(section.order)),
        label=f"{section.order}. {section.title}　{read} {passed}",
        query_params=draft_link(),
    )

following = first_unread(progress(), lesson)
if following is None:
    st.success(f"{len(lesson.sections)} 节都读完了。去填拜访信息表，或者做一轮自测吧。", icon="🏁")
    if st.button("去填拜访信息表 →", type="primary"):
        go(SHEET)
else:
    start = "从第 1 节开始" if not progress().sections_read else f"继续学习第 {following.order} 节：{following.title}"
    if st.button(f"{start} →", type="primary"):
        go(lesson_path(following.order))
