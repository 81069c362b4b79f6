"""草稿与导入导出: start anew or load the example (asking first), export, import, earlier versions."""

from datetime import UTC, datetime

import streamlit as st

from app_state import current_sheet, draft_store, replace_sheet, widget_key, workbook
from ui.text import literal
from worksheets.csv_io import export_filename, load_sheet_file, to_csv
from worksheets.errors import MAX_IMPORT_BYTES, SheetImportError
from worksheets.example import example_sheet
from worksheets.model import VisitSheet
from worksheets.moments import readable_time, zone
from worksheets.store import KeptReason
from worksheets.xlsx_io import to_xlsx

sheet = current_sheet()
st.title("草稿与导入导出")

st.subheader("我的草稿")
st.markdown("草稿随每次修改自动保存。**收藏本页网址**（含 `?sheet=` 草稿码），刷新、断网重连、换设备打开都能继续。")
st.code(workbook().code, language=None)
new_col, example_col = st.columns(2)
with new_col.popover("新建空白表", icon="🆕", width="stretch"):
    st.write("当前表的内容会被清空（旧版本仍可在下方“历史版本”找回）。确定吗？")
    st.button("确定新建", type="primary", on_click=replace_sheet, args=(VisitSheet(), KeptReason.NEW))
with example_col.popover("载入示例（国网案例）", icon="📋", width="stretch"):
    st.write("示例会替换当前表的内容（旧版本仍可在下方“历史版本”找回）。确定吗？")
    st.button("确定载入示例", type="primary", on_click=replace_sheet, args=(example_sheet(), KeptReason.EXAMPLE))

st.subheader("导出作业")
st.caption("CSV 可直接用 Excel 打开（UTF-8 带 BOM，中文不乱码）；XLSX 中人员单独一页。")
csv_col, xlsx_col = st.columns(2)
csv_col.download_button(  # files are built on click only, not on every rerun
    "下载 CSV",
    lambda: to_csv(sheet),
    export_filename(sheet, "csv"),
    mime="text/csv",
    icon="⬇️",
    width="stretch",
    on_click="ignore",
)
xlsx_col.download_button(
    "下载 XLSX",
    lambda: to_xlsx(sheet),
    export_filename(sheet, "xlsx"),
    icon="⬇️",
    width="stretch",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)

st.subheader("导入")
upload = st.file_uploader(
    "选择导出过的 CSV 或 XLSX 文件（不超过 1 MB）", type=["csv", "xlsx"], key=widget_key("import")
)
if upload is not None:
    data = upload.getvalue()
    try:
        if len(data) > MAX_IMPORT_BYTES:
            raise SheetImportError(f"文件太大（{len(data) / 1024:.0f} KB），上限为 1 MB。当前表没有改动。")
        imported = load_sheet_file(upload.name, data)
    except SheetImportError as exc:
        st.error(f"无法导入“{literal(upload.name)}”：{literal(str(exc))}", icon="🛑")
    else:
        st.success(f"已读取：{literal(imported.customer) or '未命名客户'}，{len(imported.people)} 位决策链人员。")
        st.button("用导入的内容替换当前表", type="primary", on_click=replace_sheet, args=(imported, KeptReason.IMPORT))

st.subheader("历史版本")
st.caption("被新建、载入示例、导入或恢复替换的内容，以及在另一个窗口或设备上被覆盖的内容，都保存在这里（最近 10 份）。")
versions = draft_store().history(workbook().code, limit=10)
if not versions:
    st.info("还没有历史版本。", icon="🕓")
now, reader_zone = datetime.now(UTC), zone(st.context.timezone)
for n, old in enumerate(versions):
    left, right = st.columns([3, 1], vertical_alignment="center")
    when = readable_time(old.updated_at, now, reader_zone)
    what = f"{literal(old.sheet.customer) or '未命名客户'} · {len(old.sheet.people)} 人"
    left.markdown(f"**{when}** · {(old.reason or KeptReason.UNKNOWN).label}  \n{what}")
    right.button("恢复此版本", key=f"restore.{n}", on_click=replace_sheet, args=(old.sheet, KeptReason.RESTORE))
