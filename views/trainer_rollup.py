"""作业汇总: the trainer uploads the class's exported sheets and self-test results and sees the class."""

import pandas as pd
import streamlit as st

from app_state import course
from course.selftest_rollup import UNVERIFIED_NOTE, selftest_rollup
from ui.practice_rollup import practice_rollup_view
from ui.rollup_notes import show_repeats
from ui.text import literal
from worksheets.files import MAX_UPLOAD_MB, UPLOADER_MB
from worksheets.files.repeats import read_summary
from worksheets.model import ControlPoint
from worksheets.rollup import bar_chart_spec, rollup

st.title("作业汇总")
st.caption("只汇总你在本浏览器会话中上传的文件；文件不会保存，也不会被其他人看到。")

sheets_tab, selftest_tab, practice_tab = st.tabs(["拜访信息表", "自测结果", "模拟初访结果"])
with sheets_tab:
    uploads = st.file_uploader(  # no type= filter: a wrong file is listed below with a Chinese reason
        f"上传学员导出的拜访信息表（CSV 或 XLSX，可多选，每个不超过 {MAX_UPLOAD_MB} MB）",
        accept_multiple_files=True,
        key="rollup.sheets",
        max_upload_size=UPLOADER_MB,
    )
    if uploads:
        result = rollup([(f.name, f.getvalue()) for f in uploads])
        st.markdown(f"**{read_summary(len(result.rows), len(result.failures), len(result.repeats))}**")
        for failure in result.failures:
            st.error(literal(f"{failure.filename}：{failure.reason}"), icon="🛑")
        show_repeats(result.repeats)
        if result.rows:
            st.dataframe(
                result.overview(),
                hide_index=True,
                width="stretch",
                column_config={
                    "完成度": st.column_config.ProgressColumn("完成度", format="%d%%", min_value=0, max_value=100)
                },
            )
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
            for chart in result.charts():
                st.markdown(f"**{chart.title}**")
                st.vega_lite_chart(chart.spec, width="stretch")
            st.markdown("**每位学员的诊断与风险**")
            for r in result.rows:
                with st.expander(literal(f"{r.student or '（未填）'} · {r.customer or '（未填）'} · {r.state_label}")):
                    met = "；".join(f"{'✅' if r.control_points[p] else '❌'} {p.label}" for p in ControlPoint)
                    st.markdown(literal(f"控制点：{met}"))
                    st.markdown(literal(f"桥梁：{'、'.join(r.bridges) or '无'}；教练：{'、'.join(r.coaches) or '无'}"))
                    st.markdown(literal(f"风险提示：{r.risks or '无'}"))
    else:
        st.info("把学员交来的文件一次全部拖进来即可；读不了的文件会单独列出原因，其余照常汇总。")

with selftest_tab:
    uploads = st.file_uploader(
        f"上传学员的自测结果（CSV，可多选，每个不超过 {MAX_UPLOAD_MB} MB）",
        accept_multiple_files=True,
        key="rollup.selftest",
        max_upload_size=UPLOADER_MB,
    )
    if uploads:
        tests = selftest_rollup([(f.name, f.getvalue()) for f in uploads], course().selftest)
        st.markdown(f"**{read_summary(len(tests.scores), len(tests.failures), len(tests.repeats))}**")
        for failure in tests.failures:
            st.error(literal(f"{failure.filename}：{failure.reason}"), icon="🛑")
        show_repeats(tests.repeats)
        if tests.unverified:
            names = "、".join(s.filename for s in tests.unverified)
            st.warning(literal(f"{len(tests.unverified)} 份无法验证：{names}。{UNVERIFIED_NOTE}"), icon="⚠️")
        if tests.scores:
            st.markdown("**得分分布**（得分按作答重新计算）")
            st.vega_lite_chart(bar_chart_spec(tests.score_distribution(), "得分"), width="stretch")
            st.dataframe(pd.DataFrame(tests.table()), hide_index=True, width="stretch")
            st.markdown("**错得最多的题**")
            for q in tests.most_missed():
                st.markdown(f"- {literal(q.prompt)}（{q.misses}/{q.answered} 人答错）")

with practice_tab:
    practice_rollup_view()
