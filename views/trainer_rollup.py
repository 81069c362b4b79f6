"""作业汇总: the trainer uploads the class's exported sheets and self-test results and sees the class."""

import pandas as pd
import streamlit as st

from ui.practice_rollup import practice_rollup_view
from ui.text import literal
from worksheets.rollup import rollup, selftest_rollup

st.title("作业汇总")
st.caption("只汇总你在本浏览器会话中上传的文件；文件不会保存，也不会被其他人看到。")

sheets_tab, selftest_tab, practice_tab = st.tabs(["拜访信息表", "自测结果", "模拟初访结果"])
with sheets_tab:
    uploads = st.file_uploader(
        "上传学员导出的拜访信息表（CSV 或 XLSX，可多选）",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key="rollup.sheets",
    )
    if uploads:
        result = rollup([(f.name, f.getvalue()) for f in uploads])
        st.markdown(f"**成功读取 {len(result.rows)} 份，失败 {len(result.failures)} 份。**")
        for failure in result.failures:
            st.error(literal(f"{failure.filename}：{failure.reason}"), icon="🛑")
        if result.rows:
            st.dataframe(result.to_dataframe(), hide_index=True, width="stretch")
            csv_col, xlsx_col = st.columns(2)
            csv_col.download_button(
                "下载汇总 CSV", result.to_csv, "作业汇总.csv", mime="text/csv", width="stretch", on_click="ignore"
            )
            xlsx_col.download_button(
                "下载汇总 XLSX",
                result.to_xlsx,
                "作业汇总.xlsx",
                on_click="ignore",
                width="stretch",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            left, right = st.columns(2)
            left.markdown("**五个控制点：达成人数**")
            left.bar_chart(pd.Series(result.control_point_coverage(), name="人数"), horizontal=True)
            right.markdown("**客户状态诊断分布**")
            right.bar_chart(pd.Series(result.state_distribution(), name="人数"), horizontal=True)
    else:
        st.info("把学员交来的文件一次全部拖进来即可；读不了的文件会单独列出原因，其余照常汇总。")

with selftest_tab:
    uploads = st.file_uploader(
        "上传学员的自测结果（CSV，可多选）", type=["csv"], accept_multiple_files=True, key="rollup.selftest"
    )
    if uploads:
        tests = selftest_rollup([(f.name, f.getvalue()) for f in uploads])
        for failure in tests.failures:
            st.error(literal(f"{failure.filename}：{failure.reason}"), icon="🛑")
        if tests.scores:
            st.markdown("**得分分布**")
            st.bar_chart(pd.Series(tests.score_distribution(), name="人数"))
            st.dataframe(
                pd.DataFrame([s.model_dump() for s in tests.scores]).rename(
                    columns={"filename": "文件", "student": "学员", "taken_on": "日期", "score_percent": "得分"}
                ),
                hide_index=True,
                width="stretch",
            )
            st.markdown("**错得最多的题**")
            for q in tests.most_missed():
                st.markdown(f"- {literal(q.prompt)}（{q.misses}/{q.answered} 人答错）")

with practice_tab:
    practice_rollup_view()
