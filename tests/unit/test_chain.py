"""The decision-chain picture: structure on the lesson's example, and safety for any typed name."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from worksheets.chain import (
    GraphRenderUnavailable,
    chain_graph,
    chain_outline,
    dot_source,
    render_png,
    render_svg,
    svg_markup,
)
from worksheets.chain_demo import ChainStep, chain_steps
from worksheets.chain_style import RELATION_STYLE
from worksheets.example import example_sheet
from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from hospital import hospital_sheet

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')
STATEMENT = re.compile(r"^\s*(\S+)(?: -> (\S+))?(?: \[(.*)\])?$")


def parse(source: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]], dict]:
    """Nodes (id → attrs), edges, and which cluster / rank=same block each node was declared in."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    where: dict[str, list[str]] = {}
    block: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.endswith("{"):
            block.append(stripped.removesuffix("{").strip() or "rank")
            continue
        if stripped == "}":
            block.pop()
            continue
        if block and block[-1] == "rank" and re.fullmatch(r"\w+", stripped):
            where.setdefault("rank", []).append(stripped)
            continue
        m = STATEMENT.match(line)
        if not m or m[1] in {"graph", "node", "edge", "//"} or (m[3] is None and not m[2]):
            continue
        attrs = {k: v.strip('"') for k, v in ATTR.findall(m[3] or "")}
        if m[2]:
            edges.append((m[1], m[2], attrs))
        else:
            nodes[m[1]] = {**attrs, "_block": block[-1] if block else ""}
    return nodes, edges, where


def by_name(source: str) -> dict[str, dict[str, str]]:
    nodes, _, _ = parse(source)
    return {a["label"].split("\\n")[0]: {**a, "_id": i} for i, a in nodes.items() if i.startswith("p")}


@pytest.fixture(scope="module")
def example_source() -> str:
    return chain_graph(example_sheet()).source


def test_lines_are_clusters_in_lesson_order(example_source):
    clusters = re.findall(r'subgraph (cluster_\w+) \{\n\t\t.*label="([^"]+)"', example_source)
    assert clusters == [
        ("cluster_line0", "技术线"),
        ("cluster_line1", "采购线"),
        ("cluster_line2", "计划线"),
        ("cluster_legend", "图例"),
    ]
    people = by_name(example_source)
    assert people["毕工"]["_block"] == "subgraph cluster_line0"
    assert people["采购组长"]["_block"] == "subgraph cluster_line1"
    assert people["计划部某工"]["_block"] == "subgraph cluster_line2"


def test_levels_are_rows_top_down(example_source):
    rows = re.findall(r"\{\n\t\trank=same\n((?:\t\t\w+\n)+)", example_source)
    people = by_name(example_source)
    name_of = {a["_id"]: n for n, a in people.items()}
    assert [[name_of.get(i, i) for i in r.split()] for r in rows[:3]] == [
        ["row0", "技术副总", "采购副总", "hold2_0"],
        ["row1", "A主任", "采购中层", "采购组长", "hold2_1"],
        ["row2", "毕工", "招采中心某工", "计划部某工"],
    ]
    assert re.findall(r'row\d \[label="(.+?)"', example_source) == ["高层", "中层", "基层", " "]


@pytest.mark.parametrize(
    ("name", "color", "fill", "style"),
    [
        ("毕工", "#2563eb", "#dbeafe", "rounded,filled"),
        ("采购组长", "#dc2626", "#fee2e2", "rounded,filled,bold"),
        ("采购中层", "#60a5fa", "white", "rounded,filled"),
        ("技术副总", "#9ca3af", "white", "rounded,dashed,filled"),
    ],
)
def test_relation_colours(example_source, name, color, fill, style):
    person = by_name(example_source)[name]
    assert (person["color"], person["fillcolor"], person["style"]) == (color, fill, style)


def test_senior_relation_is_green():
    sheet = VisitSheet(people=[Person(id="boss", name="总经理", level=Level.SENIOR, relation=Relation.SENIOR)])
    assert by_name(chain_graph(sheet).source)["总经理"]["color"] == "#16a34a"


def test_coach_informant_and_bridge_are_marked(example_source):
    people = by_name(example_source)
    coach = people["招采中心某工"]
    assert coach["label"].split("\\n")[2] == "★教练 ◆线人"
    assert coach["peripheries"] == "2"
    assert people["采购组长"]["label"].split("\\n")[2] == "⇅桥梁"
    assert "peripheries" not in people["采购组长"]
    assert people["技术副总"]["label"].split("\\n")[2] == "决策者 待接触"


def test_referral_edges_and_our_entry(example_source):
    _, edges, _ = parse(example_source)
    name_of = {a["_id"]: n for n, a in by_name(example_source).items()} | {"us": "我方"}
    referrals = sorted((name_of[a], name_of[b]) for a, b, attrs in edges if not attrs)
    assert referrals == [
        ("招采中心某工", "采购中层"),
        ("招采中心某工", "采购组长"),
        ("毕工", "A主任"),
        ("毕工", "招采中心某工"),
    ]
    entries = [(name_of[a], name_of[b], attrs["dir"]) for a, b, attrs in edges if attrs.get("headlabel") == "切入"]
    assert entries == [("毕工", "我方", "back")]
    nodes, _, _ = parse(example_source)
    assert nodes["us"]["label"] == "我方"
    assert nodes["us"]["shape"] == "house"


def test_legend_has_a_sample_per_mark(example_source):
    nodes, _, _ = parse(example_source)
    legend = [a["label"] for i, a in nodes.items() if a["_block"] == "subgraph cluster_legend"]
    assert legend == [
        "普遍客户关系",
        "关键客户关系",
        "高层客户关系",
        "初步接触（白底蓝框）",
        "未接触，待找（虚线）",
        "★教练 ◆线人（双框）",
        "→ 引荐：箭头指向被引荐的人",
    ]
    initial = next(a for a in nodes.values() if a.get("label") == "初步接触（白底蓝框）")
    assert (initial["fillcolor"], initial["color"]) == ("white", RELATION_STYLE[Relation.INITIAL]["color"])


def test_pain_on_demand_and_always_as_tooltip():
    plain = by_name(chain_graph(example_sheet()).source)["毕工"]
    painted = by_name(chain_graph(example_sheet(), show_pain=True).source)["毕工"]
    assert "痛" not in plain["label"]
    assert painted["label"].split("\\n")[3:] == ["痛：现场终端经常掉线，运维人", "员跑得辛苦；最关心设备…"]
    pain = "现场终端经常掉线，运维人员跑得辛苦；最关心设备怎么运行、可靠不可靠。"
    expected_tip = f"毕工\\n技术线·基层·普遍关系\\n痛苦链：{pain}"
    assert plain["tooltip"] == painted["tooltip"] == expected_tip


def test_only_levels_and_highlight():
    source = chain_graph(example_sheet(), only_levels={Level.GRASSROOTS}, highlight={"p002"}).source
    people = by_name(source)
    assert sorted(people) == ["招采中心某工", "毕工", "计划部某工"]
    assert people["招采中心某工"]["penwidth"] == "4"
    assert people["毕工"]["penwidth"] == "1.5"
    assert "采购组长" not in source


def test_empty_line_column_says_so():
    sheet = VisitSheet(people=[Person(id="bigo", name="毕工", relation=Relation.INITIAL)])
    nodes, _, _ = parse(chain_graph(sheet).source)
    assert nodes["empty1"]["label"] == "（还没有人）"
    assert nodes["empty1"]["_block"] == "subgraph cluster_line1"
    # The empty column still spans the upper rows, with invisible holders.
    assert (nodes["hold1_0"]["style"], nodes["hold1_1"]["style"]) == ("invis", "invis")


def test_only_people_draws_a_step_of_the_walkthrough():
    step = chain_steps(example_sheet())[1]
    source = chain_graph(example_sheet(), only_people=set(step.person_ids)).source
    assert sorted(by_name(source)) == ["招采中心某工", "毕工", "计划部某工"]
    _, edges, _ = parse(source)
    assert [(a, b) for a, b, attrs in edges if not attrs] == [("p0", "p1")]


def test_chain_steps_order_and_cumulative_ids():
    steps = chain_steps(example_sheet())
    assert [s.title for s in steps] == [
        "从基层切入",
        "顺藤摸瓜：谁引荐了谁",
        "中层：技术交流、普遍关系",
        "桥梁",
        "高层",
    ]
    assert [s.person_ids for s in steps] == [
        ["p001"],
        ["p001", "p002", "p008"],
        ["p001", "p002", "p003", "p004", "p008"],
        ["p001", "p002", "p003", "p004", "p005", "p008"],
        ["p001", "p002", "p003", "p004", "p005", "p006", "p007", "p008"],
    ]
    assert all(isinstance(s, ChainStep) and s.talking_point for s in steps)


def test_chain_steps_on_empty_sheet_are_empty():
    assert [s.person_ids for s in chain_steps(VisitSheet())] == [[], [], [], [], []]


HOSTILE = [
    'say "hi"',
    "back\\slash",
    "\\N \\G \\l \\E \\T",
    "ends with \\",
    "{brace}",
    "a:port:x",
    "<b>x</b>",
    '<IMG SRC="/etc/passwd"/>',
    "line1\nline2",
    "emoji 🙂👍",
    "长" * 100,
    '"; rankdir=LR; "',
    "]",
    "a -> b",
    '\\"; shape=none; image="/etc/passwd',
    "<<table><tr><td>x</td></tr></table>>",
]


def hostile_sheet(name: str) -> VisitSheet:
    """Built without validation on purpose: the picture must be safe even for data that slipped past."""
    person = Person.model_construct(
        id="evil", name=name, title=name, line=Line.PROCUREMENT, level=Level.MIDDLE, roles=[Role.BRIDGE],
        relation=Relation.KEY, introduced_by=None, pain=name,
    )  # fmt: skip
    return VisitSheet.model_construct(people=[person], customer=name, student="", competitors=[])


def shown_as(name: str, limit: int = 24) -> str:
    text = " ".join(name.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def skeleton(source: str) -> str:
    """The DOT source with every quoted string emptied (and the row heights, which follow the line count):
    what typed text must never change."""
    return re.sub(r"height=[\d.]+", "height=", re.sub(r'"(?:[^"\\]|\\.)*"', '""', source))


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_name_stays_inside_quotes_and_ids_are_generated(name):
    source = chain_graph(hostile_sheet(name), show_pain=True).source
    assert skeleton(source) == skeleton(chain_graph(hostile_sheet("x y"), show_pain=True).source)
    nodes, _, _ = parse(source)
    assert "p0" in nodes
    assert all(re.fullmatch(r"p\d+|row\d|us|legend\d|empty\d|hold\d_\d", i) for i in nodes)
    assert "evil" not in source


@needs_dot
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_name_renders_literally(name):
    source = chain_graph(hostile_sheet(name), show_pain=True).source
    run = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, timeout=30, check=False)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stderr.decode() == ""
    texts = svg_texts(run.stdout)
    assert shown_as(name) in texts  # the name line
    assert f"决策链图：{shown_as(name, 40)}" in texts
    assert "<image" not in run.stdout.decode()


@needs_dot
def test_render_svg_and_png():
    graph = chain_graph(example_sheet())
    svg = render_svg(graph)
    assert svg.startswith((b"<?xml", b"<svg"))
    assert "采购组长" in svg_texts(svg)
    assert render_png(graph).startswith(b"\x89PNG\r\n\x1a\n")
    assert dot_source(graph) == graph.source


@pytest.mark.parametrize("render", [render_svg, render_png])
def test_render_without_dot_says_how_to_install(monkeypatch, render):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(GraphRenderUnavailable) as info:
        render(chain_graph(example_sheet()))
    assert str(info.value) == "服务器未安装 Graphviz：请运行 apt-get install graphviz fonts-noto-cjk"


def test_legend_can_be_left_out_for_narrow_places():
    sheet = example_sheet()
    nodes, _, _ = parse(chain_graph(sheet, legend=False).source)
    assert not [n for n in nodes if n.startswith("legend")]
    assert "us" in nodes


@needs_dot
@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("&#x202E;evil", "&#x202E;evil"),  # an entity stays text: no right-to-left override gets in
        ("R&D &amp; co", "R&D &amp; co"),
        ("👨\u200d👩\u200d👧 一家", "👨\u200d👩\u200d👧 一家"),  # the joiner holds the family emoji together
        ("A\u202eB", "A B"),  # a bidi override typed as such is removed
        ("坏\ufffe字\uffff", "坏 字"),  # noncharacters would make the SVG invalid XML
    ],
)
def test_typed_text_reaches_the_svg_literally(typed, shown):
    svg = render_svg(chain_graph(hostile_sheet(typed)))
    texts = svg_texts(svg)  # parses: the SVG is valid XML
    assert shown in texts
    assert "\u202e" not in "".join(texts)


def _svg_root(sheet: VisitSheet, **kwargs) -> ET.Element:
    return ET.fromstring(render_svg(chain_graph(sheet, **kwargs)))


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == cls]


def _ys(group: ET.Element) -> list[float]:
    path = next(group.iter("{http://www.w3.org/2000/svg}path"))
    return [float(y) for y in re.findall(r"[\d.]+,(-?[\d.]+)", path.get("d"))]


def _texts(group: ET.Element) -> list[ET.Element]:
    return list(group.iter("{http://www.w3.org/2000/svg}text"))


@needs_dot
@pytest.mark.parametrize("sheet", [hospital_sheet(), example_sheet()], ids=["hospital", "example"])
def test_every_column_has_the_same_top_and_bottom(sheet):
    """Issue 10 §6: the 领导层 column sat higher than the others (its one box was taller than their holders)."""
    columns = [c for c in _groups(_svg_root(sheet, legend=False), "cluster")]
    assert len(columns) >= 3
    assert {(min(_ys(c)), max(_ys(c))) for c in columns} == {(min(_ys(columns[0])), max(_ys(columns[0])))}


@needs_dot
def test_no_label_rides_on_an_arrow_and_no_two_labels_overlap():
    """Issue 10 §6: two referral labels overlapped as "引荐引荐"; "切入" sat on its arrow."""
    root = _svg_root(hospital_sheet(), legend=False)
    labelled = [(e, _texts(e)) for e in _groups(root, "edge") if _texts(e)]
    assert [[t.text for t in texts] for _, texts in labelled] == [["切入"]]  # referrals: arrows, explained in LEGEND
    edge, [label] = labelled[0]
    xs = [
        float(x)
        for x in re.findall(r"(-?[\d.]+),-?[\d.]+", next(edge.iter("{http://www.w3.org/2000/svg}path")).get("d"))
    ]
    half = 13 * len(label.text) / 2  # the label is centred on x
    assert float(label.get("x")) + half < min(xs) or float(label.get("x")) - half > max(xs)


@needs_dot
def test_row_labels_are_on_the_left_and_lines_in_lesson_order():
    root = _svg_root(hospital_sheet(), legend=False)
    columns = _groups(root, "cluster")
    titles = sorted((float(_texts(c)[0].get("x")), _texts(c)[0].text) for c in columns)
    assert [t for _, t in titles][:2] == ["技术线", "采购线"]
    rows = [t for t in _texts(root) if t.text in {"高层", "中层", "基层"}]
    left_edge = min(
        float(x)
        for c in columns
        for x in re.findall(r"M(-?[\d.]+),", next(c.iter("{http://www.w3.org/2000/svg}path")).get("d"))
    )
    assert len(rows) == 3 and all(float(t.get("x")) < left_edge for t in rows)


def test_outline_lists_the_picture_by_level_top_down():
    outline = chain_outline(hospital_sheet().people)
    assert [level for level, _ in outline] == ["高层", "中层", "基层"]
    assert outline[0][1] == ["领导层 · 郑副院长（分管信息化副院长） · 未接触 · 决策者"]
    middle = [e.split(" · ")[1] for e in outline[1][1]]
    assert middle == [
        "周主任（信息中心主任）",
        "陈组长（采购办采购组长）",
        "王护士长（护理部总护士长）",
        "钱科长（财务科科长）",
    ]


@needs_dot
@pytest.mark.parametrize("show_pain", [False, True])
def test_the_svg_put_in_the_page_as_raw_html_carries_typed_text_only_as_escaped_text(show_pain):
    """The one raw-HTML block of the app: no tag, link or blank line (which would end the HTML block and let
    Markdown read what follows) may come from what a student typed, pain and tooltips included."""
    person = Person(
        name="</svg><script>x</script>",
        title="x&#x202E;y",
        relation=Relation.GENERAL,
        pain="a\n\n\n**b** <img src=x onerror=alert(1)>\n\n[l](http://evil.example)",
    )
    markup = svg_markup(chain_graph(VisitSheet(people=[person]), show_pain=show_pain, legend=False))
    assert not re.search(r"<(script|img|iframe|foreignObject|style)\b", markup)  # <a> only as dot's tooltip holder
    assert "\n\n" not in markup and "href" not in markup
    assert "&lt;/svg&gt;&lt;script&gt;" in markup
