"""The decision-chain picture (决策链图) the trainer draws: lines as columns, levels as rows.

`chain_graph` writes the DOT; `svg_markup` has the server's `dot` draw it once per distinct picture, so the
browser only paints a finished SVG at its natural size (1 pt = 1 CSS px).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import time

import graphviz

from worksheets import chain_style as style
from worksheets import graphviz_helper
from worksheets.graphviz_lib import with_arrows
from worksheets.model import Level, Line, Person, VisitSheet

LEVELS_TOP_DOWN = [Level.SENIOR, Level.MIDDLE, Level.GRASSROOTS]
RANK = {level: i for i, level in enumerate(LEVELS_TOP_DOWN)}

GRAPHVIZ_MISSING = "服务器未安装 Graphviz：请运行 apt-get install graphviz fonts-noto-cjk"
RENDER_FAILED = (
    "决策链图这次没能画出来（Graphviz 出错）。你填的内容都在，没有受影响；"
    "下面按层级列出了图中的人，也可以下载 DOT 源文件，或把这张表发给讲师。"
)
ROUTED_ARROWS = 30
RENDER_SECONDS = 20  # far above the 300-person sheet's ~1 s; a stuck `dot` must not hold the server


class GraphRenderUnavailable(RuntimeError):
    """The server cannot draw images because the Graphviz `dot` program is missing."""


class GraphRenderFailed(RuntimeError):
    """`dot` ran but drew nothing (an error or a timeout); the message is for the student."""


def _lines_in_order(people: list[Person]) -> list[Line]:
    """技术线 and 采购线 always, then the other lines as they first appear."""
    lines = [Line.TECH, Line.PROCUREMENT]
    lines += [ln for ln in dict.fromkeys(p.line for p in people) if ln not in lines]
    return lines


def entry_people(people: list[Person]) -> list[Person]:
    """Where we got in: grassroots people we have met whom nobody introduced."""
    return [p for p in people if p.level is Level.GRASSROOTS and p.contacted and p.introduced_by is None]


def chain_graph(
    sheet: VisitSheet,
    *,
    show_pain: bool = False,
    only_levels: set[Level] | None = None,
    highlight: set[str] | None = None,
    only_people: set[str] | None = None,
    legend: bool = True,
) -> graphviz.Digraph:
    """Draw the sheet's people; node ids are generated so nothing typed ever becomes DOT syntax.

    `legend=False` leaves the legend out where the page shows it beside the picture (`style.LEGEND` both ways).
    """
    people = [
        p
        for p in sheet.people
        if (only_levels is None or p.level in only_levels) and (only_people is None or p.id in only_people)
    ]
    node_id = {p.id: f"p{i}" for i, p in enumerate(people)}
    title = "决策链图" + (f"：{style.plain(sheet.customer, 40)}" if sheet.customer else "")
    g = graphviz.Digraph(
        "decision_chain", graph_attr=style.GRAPH_ATTR, node_attr=style.NODE_ATTR, edge_attr=style.EDGE_ATTR
    )
    g.attr(label=style.dot_text(title), labelloc="t", labeljust="l", fontsize="18")
    _row_labels(g)
    cells = _columns(g, people, node_id, highlight or set(), show_pain=show_pain)
    _rows(g, cells)
    _bottom_row(g, people, node_id, legend=legend)
    _referrals(g, people, node_id)
    return g


def _columns(
    g: graphviz.Digraph, people: list[Person], node_id: dict[str, str], highlight: set[str], *, show_pain: bool
) -> dict[Level, list[list[str]]]:
    """One dashed column per line, every box of a row as tall as the row's tallest one.

    Returns, per level, each column's nodes in that row (a column without people there gets an invisible
    holder, so every column spans all three rows and the columns' tops and bottoms line up).
    """
    lines_in = {p.id: len(style.label_lines(p, show_pain=show_pain)) for p in people}
    tallest = {lv: max((lines_in[p.id] for p in people if p.level is lv), default=1) for lv in LEVELS_TOP_DOWN}
    framed = {lv: any(style.standout(p) for p in people if p.level is lv) for lv in LEVELS_TOP_DOWN}
    inner = {lv: style.row_height(tallest[lv], framed=False) for lv in LEVELS_TOP_DOWN}  # a double border's box
    height = {lv: style.row_height(tallest[lv], framed=framed[lv]) for lv in LEVELS_TOP_DOWN}
    cells: dict[Level, list[list[str]]] = {level: [] for level in LEVELS_TOP_DOWN}
    for c, line in enumerate(_lines_in_order(people)):
        members = [p for p in people if p.line is line]
        with g.subgraph(name=f"cluster_line{c}") as col:
            col.attr(label=style.dot_text(line.line_name), **style.CLUSTER_ATTR)
            for r, level in enumerate(LEVELS_TOP_DOWN):
                here = [p for p in members if p.level is level]
                col.body.extend(
                    style.person_statement(
                        node_id[p.id],
                        p,
                        show_pain=show_pain,
                        highlighted=p.id in highlight,
                        height=inner[level] if style.standout(p) else height[level],
                    )
                    for p in here
                )
                if here:
                    cells[level].append([node_id[p.id] for p in here])
                elif not members and level is Level.GRASSROOTS:
                    col.node(f"empty{c}", label="（还没有人）", shape="plaintext", fontcolor="#94a3b8")
                    cells[level].append([f"empty{c}"])
                else:
                    col.node(f"hold{c}_{r}", label="", style="invis", width="0.3", height=height[level])
                    cells[level].append([f"hold{c}_{r}"])
    return cells


def _row_labels(g: graphviz.Digraph) -> None:
    """高层 / 中层 / 基层 down the left, then a blank for the bottom row (us); declared before the columns,
    which is what keeps dot drawing them on the left."""
    labels = [level.label for level in LEVELS_TOP_DOWN] + [" "]
    for i, label in enumerate(labels):
        g.node(f"row{i}", label=label, shape="plaintext", fontsize="15", fontcolor="#334155", width="0.6")
    for i in range(len(labels) - 1):
        g.edge(f"row{i}", f"row{i + 1}", style="invis")


def _rows(g: graphviz.Digraph, cells: dict[Level, list[list[str]]]) -> None:
    """Each level on one rank: its row label and every column's nodes in that row."""
    for i, level in enumerate(LEVELS_TOP_DOWN):
        with g.subgraph() as row:
            row.attr(rank="same")
            row.body.extend(f"\t{n}\n" for n in [f"row{i}", *(n for cell in cells[level] for n in cell)])


REFERRALS = "\t// 引荐 (referrals): drawn after the columns are laid out, see _layout\n"


def _referrals(g: graphviz.Digraph, people: list[Person], node_id: dict[str, str]) -> None:
    """An arrow from whoever introduced a person to that person (the legend explains the arrow).

    They come last, after the REFERRALS line, so that `_layout` can lay out the grid without them: dot 2.43
    fails ("trouble in init_rank") or runs for minutes when edges between clustered rows of a `newrank`
    graph are added to it (found by tests/unit/test_chain_property.py).
    """
    g.body.append(REFERRALS)
    g.body.extend(f"\t{node_id[p.introduced_by]} -> {node_id[p.id]}\n" for p in people if p.introduced_by in node_id)


def _bottom_row(g: graphviz.Digraph, people: list[Person], node_id: dict[str, str], *, legend: bool) -> None:
    """Us below the grassroots row with an arrow up to where we got in, and the legend beside us."""
    g.node("us", label="我方", **style.US)
    for p in entry_people(people):
        # Drawn from the person back to us so that dot keeps us below the grassroots row; the label floats
        # beside the arrow's head instead of sitting on the line.
        g.edge(node_id[p.id], "us", dir="back", **style.ENTRY_EDGE)
    bottom = ["row3", "us"]
    if legend:
        with g.subgraph(name="cluster_legend") as box:
            box.attr(label="图例", **style.CLUSTER_ATTR)
            for i, item in enumerate(style.LEGEND):
                box.node(f"legend{i}", label=style.dot_text(item.text), fontsize="12", **item.attrs)
                if i:  # a flat edge keeps the legend in reading order
                    box.edge(f"legend{i - 1}", f"legend{i}", style="invis")
        bottom += [f"legend{i}" for i in range(len(style.LEGEND))]
    with g.subgraph() as row:
        row.attr(rank="same")
        row.body.extend(f"\t{n}\n" for n in bottom)


def chain_outline(people: list[Person]) -> list[tuple[str, list[str]]]:
    """The picture as text, top level first: "高层" → ["领导层 · 郑副院长（分管信息化副院长）· 未接触 · 决策者", …]."""
    outline = []
    for level in LEVELS_TOP_DOWN:
        entries = []
        for line in _lines_in_order(people):
            for p in people:
                if p.level is level and p.line is line:
                    who = style.clean(p.name) + (f"（{style.clean(p.title)}）" if p.title else "")
                    roles = "、".join(role.label for role in p.roles)
                    entries.append(" · ".join(filter(None, [line.line_name, who, p.relation.label, roles])))
        if entries:
            outline.append((level.label, entries))
    return outline


def dot_source(graph: graphviz.Digraph) -> str:
    return graph.source


def _run(program: str, args: list[str], data: bytes, deadline: float) -> bytes:
    try:
        run = subprocess.run(
            [program, *args], input=data, capture_output=True, timeout=max(deadline - time.monotonic(), 0.1)
        )
    except FileNotFoundError as exc:
        raise GraphRenderUnavailable(GRAPHVIZ_MISSING) from exc
    except subprocess.TimeoutExpired as exc:
        raise GraphRenderFailed(RENDER_FAILED) from exc
    if run.returncode != 0 or not run.stdout:
        raise GraphRenderFailed(RENDER_FAILED)
    return run.stdout


def _layout(source: str, fmt: str) -> bytes:
    """Two passes that hold for any sheet: dot lays out the grid (rows, columns, us, legend) without the
    referrals, then `neato -n2` keeps every position dot chose and routes the referral arrows around the boxes."""
    deadline = time.monotonic() + RENDER_SECONDS
    grid, _, referrals = source.partition(REFERRALS)
    # Routing arrows around every box grows fast with their number (68 arrows: 1.6 s); beyond a class-sized
    # chain they are drawn as simple curves, which take milliseconds.
    routing = "" if referrals.count("->") <= ROUTED_ARROWS else "\tgraph [splines=curved]\n"
    grid_dot, tail = (grid + "}\n").encode("utf-8"), (routing + referrals).encode("utf-8")
    if fmt == "svg" and shutil.which("dot"):  # the page's picture: no program start when the helper can draw it
        try:
            svg = graphviz_helper.draw(grid_dot, tail, deadline)
        except graphviz_helper.HelperTimeout as exc:
            raise GraphRenderFailed(RENDER_FAILED) from exc
        if svg is not None:
            return svg
    placed = _run("dot", ["-Tdot"], grid_dot, deadline)
    return _run("neato", ["-n2", f"-T{fmt}"], with_arrows(placed, tail), deadline)


def render_svg(graph: graphviz.Digraph) -> bytes:
    return _layout(graph.source, "svg")


def render_png(graph: graphviz.Digraph) -> bytes:
    return _layout(graph.source, "png")


_SVG_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_PROLOGUE = re.compile(r"\A.*?(?=<svg )", re.S)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")  # node ids and cluster names, not user text
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_BLANK_LINES = re.compile(r"\n\s*\n")


@functools.lru_cache(maxsize=64)
def _page_svg(source: str) -> str:
    """The SVG for a page, once per distinct DOT text: an edit elsewhere on the sheet draws nothing again."""
    svg = _PROLOGUE.sub("", _layout(source, "svg").decode("utf-8"), count=1)
    svg = _TITLE.sub("", svg)  # leaves each node's tooltip (xlink:title) as the one that shows
    svg = _BLANK_LINES.sub("\n", _COMMENT.sub("", svg))  # one raw HTML block in Markdown: no blank line
    svg = svg.replace(f'font-family="{style.FONT}"', f'font-family="{style.FONT_STACK}"')
    # The page puts the SVG in Markdown, whose renderer turns every ":material/" of its source into
    # ":material_" before parsing, raw HTML included; as a character reference the colon reads the same.
    return svg.replace(":material/", "&#58;material/")


def svg_markup(graph: graphviz.Digraph, *, scale: float = 1.0) -> str:
    """Our own SVG, 1 pt of the drawing = 1 CSS px (13 pt node text: 13 px), never shrunk to fit.

    `scale` > 1 (the projector) lets it grow up to that factor as far as the page's width allows, so the whole
    chain stays on the screen in class. Safe to put in the page: every typed character reaches it only as
    escaped XML text, it links nothing and loads nothing (no href, no image).
    Raises GraphRenderUnavailable / GraphRenderFailed.
    """

    def size(m: re.Match[str]) -> str:
        width, height = float(m[1]), float(m[2])
        grow = f"width:clamp({width:.0f}px,100%,{width * scale:.0f}px);height:auto;" if scale > 1 else ""
        return (
            f'<svg role="img" aria-label="决策链图" width="{width:.0f}px" height="{height:.0f}px" '
            f'style="{grow}max-width:none"'
        )

    return _SVG_SIZE.sub(size, _page_svg(graph.source), count=1)
