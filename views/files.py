"""草稿与导入导出: start anew or load the example (asking first), export, import, earlier versions."""

from datetime import UTC, datetime

import streamlit as st

from app_state import confirm, current_sheet, draft_store, replace_sheet, take_confirmation, widget_key, workbook
from ui.text import literal
from worksheets.editing import removed
from worksheets.errors import SheetImportError
from worksheets.example import EXAMPLE_NOTE, example_sheet
from worksheets.files import MAX_UPLOAD_MB, UPLOADER_MB, export_filename, load_sheet_file, to_csv, to_xlsx
from worksheets.model import VisitSheet
from worksheets.moments import readable_time, zone
from worksheets.store import KeptReason


def _restore(old: VisitSheet, when: str) -> None:
    replace_sheet(old, KeptReason.RESTORE)
    confirm(
        f"已恢复 {when} 的版本：{old.customer or '未命名客户'}，{len(old.people)} 位决策链人员。"
        f"恢复之前的内容已存为历史版本（{KeptReason.RESTORE.label}），可再恢复回去。"
    )


def _import(imported: VisitSheet, filename: str) -> None:
    replace_sheet(imported, KeptReason.IMPORT)
    customer = imported.customer or "未命名客户"
    confirm(
        f"已用“{filename}”替换当前表：{customer}，{len(imported.people)} 位决策链人员、"
        f"{len(imported.competitors)} 家竞争对手。原来的内容已存为历史版本，可在下方找回。"
    )


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
    st.caption(EXAMPLE_NOTE)
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
if done := take_confirmation():
    st.success(literal(done), icon="✅")
    st.toast(literal(done), icon="✅")  # also seen by a student scrolled down to 历史版本
upload = st.file_uploader(  # no type= filter: a wrong file must reach our check, which explains it in Chinese
    f"选择导出过的 CSV 或 XLSX 文件（不超过 {MAX_UPLOAD_MB} MB）",
    key=widget_key("import"),
    help="把文件拖到框里，或点“Upload”选择；读不了的文件会用中文说明原因，当前表不会被改动。",
    max_upload_size=UPLOADER_MB,
)
if upload is not None:
    try:
        imported = load_sheet_file(upload.name, upload.getvalue())
    except SheetImportError as exc:
        st.error(literal(f"{exc.explained()}当前表没有改动。"), icon="🛑")
    else:
        st.success(f"已读取：{literal(imported.customer) or '未命名客户'}，{len(imported.people)} 位决策链人员。")
        st.button("用导入的内容替换当前表", type="primary", on_click=_import, args=(imported, upload.name))

st.subheader("历史版本")
st.caption(
    "被新建、载入示例、导入或恢复替换的内容，删除人员或友商之前的内容，以及在另一个窗口或设备上被覆盖的内容，"
    "都保存在这里（最近 10 份）。"
)
versions = draft_store().history(workbook().code, limit=10)
if not versions:
    st.info("还没有历史版本。", icon="🕓")
now, reader_zone = datetime.now(UTC), zone(st.context.timezone)
for n, old in enumerate(versions):
    left, right = st.columns([3, 1], vertical_alignment="center")
    when = readable_time(old.updated_at, now, reader_zone)
    what = f"{literal(old.sheet.customer) or '未命名客户'} · {len(old.sheet.people)} 人"
    if old.reason is KeptReason.DELETE and (gone := removed(old.sheet, versions[n - 1].sheet if n else sheet)):
        what += f" · 之后删除了{literal('、'.join(gone))}"
    left.markdown(f"**{when}** · {(old.reason or KeptReason.UNKNOWN).label}  \n{what}")
    right.button("恢复此版本", key=f"restore.{n}", on_click=_restore, args=(old.sheet, when))
