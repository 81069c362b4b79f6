"""Why an imported sheet was refused, in Chinese that names the problem and where it is."""

from __future__ import annotations

from pydantic import ValidationError

AGAIN = "请在 Excel 中打开后“另存为”→“CSV UTF-8（逗号分隔）”，再导入。"
REEXPORT = "请从练习册重新导出后再导入。"

EMPTY = "文件是空的，请选择从本练习册导出的拜访信息表（CSV 或 Excel 文件）。"
TOO_BIG = "文件太大（{size}），超过 {limit} 的上限；{kind}通常只有{usual}，请确认选对了文件。"
IMAGE = "这是一个图片文件，不是拜访信息表；请导入从本练习册导出的 CSV 或 Excel 文件。"
NOT_TEXT = "文件不是文本格式（可能是图片、压缩包或其他二进制文件），无法按 CSV 读取；请导入从本练习册导出的拜访信息表。"
NUL_BYTE = "第 {row} 行有空字符（NUL，字节 00），文本文件里不该有它，文件可能已损坏或被其他程序改写过。" + AGAIN
CONTROL_CHAR = "第 {row} 行有看不见的控制字符（{code}），文件可能被其他程序改写过。" + AGAIN
UNDECODABLE = "第 {row} 行的文字既不是 UTF-8 也不是 GBK 编码，无法识别，可能已损坏。" + AGAIN
MIXED_ENCODING = (
    "文件的编码前后不一致：第 {first} 行是 {first_kind} 编码，第 {row} 行却是 {kind} 编码"
    "（可能是把不同软件保存的内容拼在了一起），中文会变成乱码。请在 Excel 中打开，检查这些行的中文是否正常，"
    "再“另存为”→“CSV UTF-8（逗号分隔）”后导入。"
)
BAD_UTF16 = "文件按 UTF-16 编码保存，但第 {row} 行附近的内容已损坏，无法读取。" + AGAIN
OLD_XLS = (
    "这是旧版 Excel（.xls）文件，或设了打开密码的 Excel 文件，暂不支持；"
    "请在 Excel 中去掉密码、“另存为” .xlsx 或 CSV 后再导入。"
)
WRONG_TYPE = "不支持“{ext}”类型的文件，请导入从本练习册导出的 CSV 或 Excel（.xlsx）文件。"
NOT_OUR_SHEET = "这不是拜访信息表：第 1 行第 1 格应为“拜访信息表”。请导入从本练习册导出的 CSV 或 Excel 文件。"
BROKEN_XLSX = "Excel 文件已损坏或不是 .xlsx 格式，无法打开；请重新导出后再导入。"
XLSX_ENCRYPTED = "Excel 文件的内容被加密了，无法读取；请在 Excel 中去掉密码后“另存为” .xlsx，再导入。"
XLSX_MISSING_PART = "Excel 文件缺少{part}，已损坏或不是 .xlsx 格式；" + REEXPORT
XLSX_MANY_PARTS = "Excel 文件里有 {count} 个部件，一份拜访信息表只有十几个，这不像是从本练习册导出的文件，已拒绝导入。"
XLSX_BOMB = "Excel 文件的{part}解压后超过 {limit}，远大于一张拜访信息表，已拒绝导入；请确认选对了文件，或重新导出。"
XLSX_DTD = (
    "Excel 文件的{part}里有 XML 文档类型或实体声明（DOCTYPE/ENTITY）。Excel 从不写这种内容，它常被用来攻击服务器，"
    "所以已拒绝导入；请在 Excel 中打开后重新“另存为” .xlsx，或重新导出。"
)
XLSX_BAD_XML = (
    "Excel 文件的{part}不完整或已损坏（XML 第 {line} 行第 {column} 个字符处出错{after}），"
    "文件可能在保存或传输时被截断；" + REEXPORT
)
XLSX_TOO_MUCH = (
    "{part}的内容远多于一张拜访信息表能容纳的（{where}已超过上限），已停止读取；请删去多余的行和列，或重新导出。"
)
XLSX_TOO_MANY_ROWS = "{where}还有内容，而{what}；请删去多余的行后再导入。"
XLSX_FAR_COLUMN = "{where}有内容，超出了表格的范围（最多到 {last} 列）；请删去这一列后再导入。"
XLSX_BAD_REF = "{part}里有一个格子的位置“{ref}”无效，文件已损坏；" + REEXPORT
XLSX_BAD_VALUE = (
    "{where}标为{kind}，内容却是“{value}”，文件可能已损坏；请在 Excel 中把这一格改成文字后另存，或重新导出。"
)
XLSX_BAD_SHARED = "{where}引用了第 {index} 条共享文本，文件里却只有 {count} 条，文件已损坏；" + REEXPORT
XLSX_NO_CACHED_VALUE = (
    "{where}是公式（{formula}），但文件里没有保存它的计算结果，导入会让这一格变空；"
    "请在 Excel 中打开并保存一次（或把公式改成文字）后再导入。"
)
XLSX_ERROR_VALUE = "{where}是 Excel 的错误值 {value}；请把这一格改成文字后再导入。"
XLSX_LONG_CELL = "{where}的内容超过 {limit} 个字，超出了 Excel 一个格子的上限，文件可能已损坏；" + REEXPORT
MISSING_SHEET = "Excel 文件缺少“{name}”工作表，这可能不是从本练习册导出的拜访信息表。"
MISSING_TABLE = "文件缺少“{name}”表格，这可能不是从本练习册导出的拜访信息表。"
MISSING_FIELD = "文件缺少“{part} / {label}”这一行，这可能不是从本练习册导出的拜访信息表。"
TOO_MANY_ROWS = (
    "文件超过 {limit} 行，远多于一张拜访信息表（读到第 {row} 行时已超过上限），已停止读取；请确认选对了文件。"
)
TOO_MANY_PEOPLE = "{where}是第 {count} 位决策链人员，而一张拜访信息表最多 {limit} 人；请删去多余的人员后再导入。"
BAD_VERSION = "{where}的格式版本“{value}”无效，应为一个整数；" + REEXPORT
NEWER_VERSION = (
    "这个文件来自更新版本的练习册（格式版本 {version}），当前练习册只能读取到格式版本 {current}；"
    "请用最新版练习册打开，或请培训师更新练习册。"
)
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


UNEXPECTED = "文件无法读取：格式不对或已损坏（系统已记录这个问题）；" + REEXPORT


class SheetImportError(ValueError):
    """A file that cannot become a VisitSheet; str(e) is the Chinese reason (where and what to do).

    `filename` is set by the reader that knew it; `explained()` is the reason with the file named, for screens.
    """

    def __init__(self, reason: str, filename: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.filename = filename

    def explained(self) -> str:
        return f"无法导入“{self.filename}”：{self.reason}" if self.filename else self.reason


def shown(value: object, limit: int = 20) -> str:
    """A value short enough to quote inside a message."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def human_size(size: int) -> str:
    """Decimal units, as Streamlit's uploader counts them."""
    if size >= 1_000_000:
        return f"{size // 1_000_000} MB" if size % 1_000_000 == 0 else f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB"


def too_big(size: int, limit: int, kind: str = "拜访信息表", usual: str = "几十 KB") -> str:
    """The one “file too big” message, for every kind of upload."""
    return TOO_BIG.format(size=human_size(size), limit=human_size(limit), kind=kind, usual=usual)


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
