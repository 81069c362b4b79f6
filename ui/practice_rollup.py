"""The trainer's roll-up of simulation result files: who played what, scores, the facts most often missed."""

import pandas as pd
import streamlit as st

from app_state import scenarios
from practice.rollup import EDITED, practice_rollup
from ui.rollup_notes import show_repeats
from ui.text import literal
from worksheets.files import MAX_UPLOAD_MB, UPLOADER_MB
from worksheets.files.repeats import read_summary
from worksheets.rollup import bar_chart_spec


def practice_rollup_view() -> None:
    uploads = st.file_uploader(  # no type= filter: a wrong file is listed below with a Chinese reason
        f"上传学员的模拟初访结果（CSV，可多选，每个不超过 {MAX_UPLOAD_MB} MB）",
        accept_multiple_files=True,
        key="rollup.practice",
        max_upload_size=UPLOADER_MB,
    )
    if not uploads:
        st.info("学员在模拟初访的复盘页下载结果文件；分数按文件里的选择重新计算，不看文件里写的分数。")
        return
    result = practice_rollup([(f.name, f.getvalue()) for f in uploads], scenarios())
    st.markdown(f"**{read_summary(len(result.results), len(result.failures), len(result.repeats))}**")
    for name, reason in result.failures:
        st.error(literal(f"{name}：{reason}"), icon="🛑")
    show_repeats(result.repeats)
    edited = [name for name, r in result.results if not r.genuine]
    for name in edited:
        st.warning(literal(f"{name}：{EDITED}"), icon="✋")
    if result.results:
        st.dataframe(pd.DataFrame(result.rows()), hide_index=True, width="stretch")
    if result.genuine:
        st.markdown("**得分分布**")
        st.vega_lite_chart(bar_chart_spec(result.score_distribution(), "得分"), width="stretch")
        st.markdown("**全班最常漏掉的信息**")
        st.markdown(
            "\n".join(f"- {m.fact}（{m.scenario}：{m.misses}/{m.runs} 人漏掉）" for m in result.most_missed())
            or "没有漏掉的信息。"
        )
