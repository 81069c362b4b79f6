"""Why an imported sheet was refused, in Chinese that names the problem and where it is."""

from __future__ import annotations

from pydantic import ValidationError

MAX_IMPORT_BYTES = 1_048_576  # the lead sets the same limit in .streamlit/config.toml

EMPTY = "文件是空的，请选择从本练习册导出的拜访信息表（CSV 或 Excel 文件）。"
TOO_BIG = "文件太大（{size}），超过 1 MB 的上限；拜访信息表通常只有几十 KB，请确认选对了文件。"
IMAGE = "这是一个图片文件，不是拜访信息表；请导入从本练习册导出的 CSV 或 Excel 文件。"
NOT_TEXT = "文件不是文本格式（可能是图片或其他二进制文件），无法按 CSV 读取；请导入从本练习册导出的拜访信息表。"
OLD_XLS = "暂不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。"
WRONG_TYPE = "不支持“{ext}”类型的文件，请导入从本练习册导出的 CSV 或 Excel（.xlsx）文件。"
NOT_OUR_SHEET = "这不是拜访信息表：第 1 行第 1 格应为“拜访信息表”。请导入从本练习册导出的 CSV 或 Excel 文件。"
BROKEN_XLSX = "Excel 文件已损坏或不是 .xlsx 格式，无法打开；请重新导出后再导入。"
XLSX_BOMB = "Excel 文件解压后超过 20 MB，不像是拜访信息表，已拒绝导入。"
MISSING_SHEET = "Excel 文件缺少“{name}”工作表，这可能不是从本练习册导出的拜访信息表。"
MISSING_TABLE = "文件缺少“{name}”表格，这可能不是从本练习册导出的拜访信息表。"
MISSING_FIELD = "文件缺少“{part} / {label}”这一行，这可能不是从本练习册导出的拜访信息表。"
TRUNCATED = (
    "文件不完整：读到第 {row} 行（{where}）就结束了，缺少末尾的“（表格结束）”行；"
    "文件可能在保存或传输时被截断，请重新导出。"
)
BAD_CSV = "第 {row} 行附近的 CSV 格式有误（{detail}），无法读取；请重新导出。"
WRONG_HEADER = "{where}应为“{name}”的表头：{expected}；实际是：{actual}。"
UNKNOWN_ROW = "{where}的“{value}”无法识别：拜访信息表里没有这一部分或这一项。"
DUPLICATE_ROW = "{where}重复出现，同一项只能写一次。"
EXTRA_CELLS = "{where}的内容比表头多出 {count} 列，可能是某个格子里的逗号或换行没有处理好。"
BAD_CHOICE = "{where}的值“{value}”无效，应为：{options}"
BAD_DATE = "{where}的值“{value}”不是有效日期，应写成 2026-11-20 这样的格式"
DUPLICATE_ID = "{where}的值“{value}”与前面的人员重复，每个人的编号必须不同"
UNKNOWN_REFERRER = "{where}的“{value}”不在决策链人员中"
TOO_LONG = "{where}太长了：最多 {limit} 个字，现在有 {length} 个字"
TOO_MANY = "{where}太多了：最多 {limit} 项"
REQUIRED = "{where}不能为空"
BAD_ID = "{where}的值“{value}”格式不对，应为 4–16 位小写字母或数字"
INVALID = "{where}的值“{value}”无效"


class SheetImportError(ValueError):
    """A file that cannot become a VisitSheet; str(e) is the Chinese message shown to the student."""


def shown(value: object, limit: int = 20) -> str:
    """A value short enough to quote inside a message."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def human_size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def from_validation(error: ValidationError, places: dict[tuple, str]) -> SheetImportError:
    """Turn pydantic's first complaint into Chinese, naming the cell the bad value came from."""
    first = error.errors(include_url=False)[0]
    loc = tuple(first["loc"])
    while loc and loc not in places:
        loc = loc[:-1]
    where = places.get(loc, "文件中")
    kind, ctx, value = first["type"], first.get("ctx", {}), first.get("input")
    if kind == "string_too_long":
        return SheetImportError(TOO_LONG.format(where=where, limit=ctx["max_length"], length=len(value)))
    if kind == "too_long":
        return SheetImportError(TOO_MANY.format(where=where, limit=ctx["max_length"]))
    if kind == "string_too_short":
        return SheetImportError(REQUIRED.format(where=where))
    if kind == "string_pattern_mismatch":
        return SheetImportError(BAD_ID.format(where=where, value=shown(value)))
    if kind == "value_error":
        return SheetImportError(f"{where}：{first['msg'].removeprefix('Value error, ')}")
    return SheetImportError(INVALID.format(where=where, value=shown(value)))
