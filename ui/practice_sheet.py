"""“把这次拜访整理成拜访信息表”: the practice sheet in its own draft, its graph, diagnosis and exports."""

import streamlit as st

from app_state import current_sheet, practice_sheet, practice_sheet_code, save_practice_sheet
from practice import engine
from practice.schema import Judgement, Scenario
from practice.to_sheet import PRACTICE_MARK, sheet_of
from ui.chain_view import show_chain
from ui.text import literal
from worksheets.diagnosis import diagnose
from worksheets.files import export_filename, to_csv, to_xlsx
from worksheets.store import StoreUnavailable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _create(scenario: Scenario, visit: engine.Visit, judgement: Judgement) -> None:
    departments = [scenario.place(p).name for p in visit.visited if scenario.place(p)]
    sheet = sheet_of(scenario, visit.revealed, investment=judgement.play, departments=departments)
    sheet = sheet.model_copy(update={"student": current_sheet().student})  # the name from the homework
    try:
        save_practice_sheet(sheet)
    except StoreUnavailable as exc:
        st.toast(f"练习表没有保存：{exc}", icon="⚠️")


def practice_sheet_part(scenario: Scenario, visit: engine.Visit, judgement: Judgement) -> None:
    st.markdown("#### 练习表")
    st.caption(
        f"练习表是一张单独的拜访信息表（项目名带“{PRACTICE_MARK}”），有自己的草稿码，不会覆盖你的作业；"
        "再次整理会替换上一张练习表，旧的留在它的历史版本里。"
    )
    st.button(
        "把这次拜访整理成拜访信息表",
        type="primary",
        icon="📝",
        on_click=_create,
        args=(scenario, visit, judgement),
    )
    try:
        sheet = practice_sheet()
    except StoreUnavailable as exc:
        st.warning(f"暂时读不到练习表：{exc}", icon="⚠️")
        return
    if sheet is None:
        return
    st.success(f"练习表：{literal(sheet.customer)} · {literal(sheet.project)} · {len(sheet.people)} 人", icon="📝")
    st.link_button(
        "在拜访信息表中打开练习表（新标签页，可继续填写）", f"./sheet?sheet={practice_sheet_code()}", icon="↗️"
    )
    with st.expander("练习表的决策链图和诊断", expanded=True):
        show_chain(sheet)
        result = diagnose(sheet)
        st.markdown(f"**系统诊断：{result.state_label}**\n\n**建议打法：** {result.play}")
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        "下载练习表 CSV", lambda: to_csv(sheet), export_filename(sheet, "csv"), mime="text/csv", on_click="ignore"
    )
    xlsx_col.download_button(
        "下载练习表 XLSX", lambda: to_xlsx(sheet), export_filename(sheet, "xlsx"), mime=XLSX, on_click="ignore"
    )
