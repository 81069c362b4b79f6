"""The files page lists kept versions by when and by what replaced them (not “版本 141”), and restores them."""

import re
import shutil
from pathlib import Path

import sqlalchemy as sa
from apptest_helpers import by_label, go, new_app
from sqlalchemy.engine import make_url

from ui.text import as_typed
from worksheets.example import example_sheet
from worksheets.formats import FORMAT_VERSION
from worksheets.store import DraftStore, drafts

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "v1"
TODAY = r"今天 \d\d:\d\d"


def history(app) -> list[str]:
    """The kept versions' lines, newest first: the markdown between 历史版本 and the end of the page."""
    lines = [m.value for m in app.markdown]
    return [line for line in lines if re.match(r"^\*\*(今天|昨天|\d+月|\d{4}年)", line)]


def test_each_kept_version_says_when_and_what_replaced_it_and_restores(at):
    go(at, "views/sheet.py")
    by_label(at.text_input, "客户名称").input("我自己的客户").run()
    go(at, "views/files.py")
    by_label(at.button, "确定载入示例").click().run()
    by_label(at.button, "确定新建").click().run()
    lines = history(at)
    assert len(lines) == 2, lines
    assert re.fullmatch(rf"\*\*{TODAY}\*\* · 新建空白表之前  \n国网某省电力公司 · 8 人", lines[0])
    assert re.fullmatch(rf"\*\*{TODAY}\*\* · 载入示例之前  \n我自己的客户 · 0 人", lines[1])
    assert not any("版本" in line for line in lines)

    at.button(key="restore.1").click().run()  # 我自己的客户
    said = (
        rf"已恢复 {TODAY} 的版本：我自己的客户，0 位决策链人员。"
        + "恢复之前的内容已存为历史版本（恢复历史版本之前），可再恢复回去。"
    )
    assert [t.value for t in at.toast] and re.fullmatch(said, as_typed(at.toast[0].value).replace("\\", ""))
    lines = history(at)
    assert re.fullmatch(rf"\*\*{TODAY}\*\* · 恢复历史版本之前  \n未命名客户 · 0 人", lines[0])
    go(at, "views/sheet.py")
    assert by_label(at.text_input, "客户名称").value == "我自己的客户"


def test_a_version_overwritten_from_another_tab_says_so():
    laptop = new_app()
    go(laptop, "views/sheet.py")
    by_label(laptop.text_input, "客户名称").input("笔记本上填的").run()
    phone = new_app(sheet=laptop.query_params["sheet"])
    by_label(laptop.text_input, "客户名称").input("笔记本上又改的").run()
    go(phone, "views/sheet.py")
    by_label(phone.text_input, "客户名称").input("手机上改的").run()
    go(phone, "views/files.py")
    [line] = history(phone)
    assert re.fullmatch(rf"\*\*{TODAY}\*\* · 被另一窗口或设备覆盖  \n笔记本上又改的 · 0 人", line)


def test_a_v1_database_shows_its_kept_versions_with_dates(draft_db):
    shutil.copyfile(V1 / "drafts.sqlite3", make_url(draft_db).database)
    code = "eoHq33gen2muuY7W2VtZxQ"  # the v1 database's first draft: 3 kept versions
    app = new_app(sheet=code)
    go(app, "views/files.py")
    lines = history(app)
    assert len(lines) == 3
    # written on 2026-12-01 around 08:42 UTC, shown in the default zone (Asia/Shanghai) unless it is today
    when = r"(今天 16:42|昨天 16:42|12月1日 16:42|2026年12月1日 16:42)"
    assert all(re.fullmatch(rf"\*\*{when}\*\* · 较早保留的版本  \n.+ · \d+ 人", line) for line in lines), lines
    assert lines[0].endswith("某市第一人民医院 · 7 人")


def test_a_draft_from_a_newer_release_is_explained_not_silently_replaced(draft_db):
    store = DraftStore(draft_db)
    code = store.create(example_sheet(), {}).code
    with store._writer.begin() as conn:
        conn.execute(sa.update(drafts).values(format_version=FORMAT_VERSION + 1))
    store.dispose()
    app = new_app(sheet=code)
    text = " ".join(e.value for e in [*app.warning, *app.error, *app.info])
    assert "由更新版本的练习册保存" in text and code in text, text
    assert app.query_params["sheet"] != code  # the new sheet autosaves elsewhere: the newer draft is untouched


def test_a_version_kept_on_a_deletion_says_what_was_deleted(at):
    """Two "删除内容之前" lines could not be told apart (student review)."""
    go(at, "views/files.py")
    by_label(at.button, "确定载入示例").click().run()
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    name = by_label(at.text_input, "姓名或称呼").value
    by_label(at.button, "确认删除").click().run()
    at.button_group[0].set_value("④ 竞争情况").run()
    by_label(at.button, "删除友商 1").click().run()
    go(at, "views/files.py")
    lines = history(at)
    assert re.fullmatch(
        rf"\*\*{TODAY}\*\* · 删除内容之前  \n国网某省电力公司 · 7 人 · 之后删除了友商“.+”",
        as_typed(lines[0]).replace("\\", ""),
    )
    assert as_typed(lines[1]).replace("\\", "").endswith(f"· 8 人 · 之后删除了人员“{name}”")
