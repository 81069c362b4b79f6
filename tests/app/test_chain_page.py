"""The decision-chain graph on its own page and beside the people editor."""

from apptest_helpers import by_label, go


def _load_example(at) -> None:
    go(at, "views/files.py")
    by_label(at.button, "确定载入示例").click().run()


def test_empty_sheet_explains_where_the_graph_comes_from(at):
    go(at, "views/chain.py")
    assert "添加第一个人" in at.info[0].value


def test_example_graph_is_drawn_with_the_example_people(at):
    _load_example(at)
    go(at, "views/chain.py")
    chart = at.get("graphviz_chart")[0]
    assert "采购组长" in chart.proto.spec and "毕工" in chart.proto.spec


def test_gaps_are_listed_under_the_graph(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    by_label(at.button, "＋ 添加人员").click().run()
    assert any("还没有识别桥梁" in w.value for w in at.warning)


def test_sheet_page_shows_the_graph_beside_the_people_editor(at):
    _load_example(at)
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    assert at.get("graphviz_chart")
    assert by_label(at.selectbox, "选择要编辑的人")


def test_editing_a_relation_changes_the_graph(at):
    _load_example(at)
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    before = at.get("graphviz_chart")[0].proto.spec
    relation = by_label(at.selectbox, "关系")
    relation.set_value(relation.options[-1]).run()
    assert at.get("graphviz_chart")[0].proto.spec != before


def test_without_graphviz_the_graph_still_shows_and_says_how_to_enable_downloads(at, monkeypatch):
    _load_example(at)
    monkeypatch.setenv("PATH", "/nonexistent")
    go(at, "views/chain.py")
    assert at.get("graphviz_chart")
    assert any("apt-get install graphviz" in i.value for i in at.info)
    assert "下载 SVG" not in [b.label for b in at.get("download_button")]


def test_with_graphviz_the_image_downloads_are_offered(at):
    _load_example(at)
    go(at, "views/chain.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 SVG", "下载 PNG", "下载 DOT 源文件"]
