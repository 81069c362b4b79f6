"""Entry point: routes the workbook's pages and draws the shared frame (progress, draft link)."""

import streamlit as st

from app_state import course
from ui.frame import show_frame

st.set_page_config(page_title="第 12 课 · 初次拜访获取信息", page_icon="🧭", layout="wide")

LESSONS = [
    st.Page(f"views/lesson_{s.order:02d}.py", title=f"{s.order}. {s.title}", url_path=f"lesson-{s.order:02d}")
    for s in course().sections
]

page = st.navigation(
    {
        "课程": [st.Page("views/overview.py", title="课程总览", icon="🧭", default=True), *LESSONS],
        "模拟初访": [st.Page("views/practice.py", title="模拟初访", icon="🎭", url_path="practice")],
        "作业": [
            st.Page("views/sheet.py", title="拜访信息表", icon="📝", url_path="sheet"),
            st.Page("views/chain.py", title="决策链图", icon="🕸️", url_path="chain"),
            st.Page("views/files.py", title="草稿与导入导出", icon="💾", url_path="files"),
        ],
        "自测": [st.Page("views/selftest.py", title="三种状态自测", icon="🎯", url_path="selftest")],
        "讲师": [
            st.Page("views/trainer_demo.py", title="课堂演示", icon="📽️", url_path="demo"),
            st.Page("views/trainer_rollup.py", title="作业汇总", icon="📊", url_path="rollup"),
        ],
    },
    expanded=True,
)
show_frame(notice=page.url_path != "sheet")  # the sheet's form shows it itself, also on partial reruns
page.run()
