"""The decision-chain graph on its own page, beside the people editor and in the class demo."""

import subprocess

from apptest_helpers import by_label, go

from ui.chain_view import BROWSER_DRAWS
from ui.text import literal
from worksheets import chain, gaps


def _load_example(at) -> None:
    go(at, "views/files.py")
    by_label(at.button, "确定载入示例").click().run()


def _svgs(at) -> list[str]:
    """The server-drawn pictures on the page (our SVG, in a raw-HTML Markdown block)."""
    return [m.value for m in at.markdown if "<svg" in m.value]


def test_empty_sheet_explains_where_the_graph_comes_from(at):
    go(at, "views/chain.py")
    assert "添加第一个人" in at.info[0].value
    assert not _svgs(at)


def test_example_graph_is_drawn_by_the_server_not_the_browser(at):
    _load_example(at)
    go(at, "views/chain.py")
    [svg] = _svgs(at)
    assert "采购组长" in svg and "毕工" in svg
    assert not at.get("graphviz_chart")  # the browser only paints; it never lays out DOT again
    assert 'role="img" aria-label="决策链图"' in svg


def test_gaps_are_listed_under_the_graph(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    by_label(at.button, "＋ 添加人员").click().run()
    [shown] = [w.value for w in at.warning if w.value.startswith("**这张图还缺什么**")]  # one element for all
    assert f"- {literal(gaps.NO_BRIDGE.message)}" in shown and f"- {literal(gaps.NO_COACH.message)}" in shown, shown


def test_sheet_page_shows_the_graph_beside_the_people_editor(at):
    _load_example(at)
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    assert _svgs(at)
    assert by_label(at.selectbox, "选择要编辑的人")


def test_editing_a_relation_changes_the_graph(at):
    _load_example(at)
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    [before] = _svgs(at)
    relation = by_label(at.selectbox, "关系")
    relation.set_value(relation.options[-1]).run()
    [after] = _svgs(at)
    assert after != before


def test_a_picture_graphviz_cannot_draw_is_explained_and_the_page_still_works(at, monkeypatch):
    """If `dot` ever fails, the page says so in Chinese, lists the people by level, and keeps working."""
    _load_example(at)

    def failing_run(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, b"", b"Error: trouble in init_rank")

    monkeypatch.setattr(chain.subprocess, "run", failing_run)
    monkeypatch.setattr(chain.graphviz_helper, "draw", lambda *args: None)  # the helper could not draw it either
    chain._page_svg.cache_clear()
    go(at, "views/chain.py")
    assert [e.value for e in at.error] == [chain.RENDER_FAILED]
    outline = [h.proto.body for h in at.get("html") if "<table" in h.proto.body]
    assert outline and "采购组长" in outline[0] and "招采中心某工" in outline[0]
    assert by_label(at.get("download_button"), "下载 DOT 源文件")
    go(at, "views/sheet.py")  # the rest of the app is unaffected
    at.button_group[0].set_value("③ 决策链").run()
    assert by_label(at.selectbox, "选择要编辑的人")


def test_without_graphviz_the_browser_draws_and_the_page_says_how_to_install(at, monkeypatch):
    _load_example(at)
    monkeypatch.setenv("PATH", "/nonexistent")
    chain._page_svg.cache_clear()
    go(at, "views/chain.py")
    assert at.get("graphviz_chart")
    assert BROWSER_DRAWS in [i.value for i in at.info]  # says how to install, and that the browser draws meanwhile
    assert "下载 SVG" not in [b.label for b in at.get("download_button")]


def test_with_graphviz_the_image_downloads_are_offered(at):
    _load_example(at)
    go(at, "views/chain.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 SVG", "下载 PNG", "下载 DOT 源文件"]


def test_projector_type_lets_the_demo_graph_grow(at):
    go(at, "views/trainer_demo.py")
    [big] = _svgs(at)
    by_label(at.toggle, "投影大字号").set_value(False).run()
    [normal] = _svgs(at)
    width = big.split('width="', 1)[1].split("px", 1)[0]
    assert f"width:clamp({width}px,100%,{float(width) * 1.6:.0f}px)" in big
    assert "clamp(" not in normal


def _demo_heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**第 "))


def test_demo_buttons_step_forward_and_back_and_bold_the_new_people(at):
    go(at, "views/trainer_demo.py")
    assert _demo_heading(at) == "**第 1/5 步：从基层切入**"
    by_label(at.button, "下一步 →").click().run()
    by_label(at.button, "下一步 →").click().run()
    assert _demo_heading(at) == "**第 3/5 步：中层：技术交流、普遍关系**"
    [svg] = _svgs(at)
    bold = [g for g in svg.split('<g id="node')[1:] if 'stroke-width="4"' in g]
    assert sorted(g.split('font-size="13.00">', 1)[1].split("<", 1)[0] for g in bold) == ["A主任", "采购中层"]
    by_label(at.button, "← 上一步").click().run()
    assert _demo_heading(at) == "**第 2/5 步：顺藤摸瓜：谁引荐了谁**"
    by_label(at.button, "← 上一步").click().run()
    assert _demo_heading(at) == "**第 1/5 步：从基层切入**"
    assert by_label(at.button, "← 上一步").disabled
