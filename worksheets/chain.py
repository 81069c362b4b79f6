"""The decision-chain picture (决策链图) the trainer draws: lines as columns, levels as rows."""

from __future__ import annotations

import graphviz
from pydantic import BaseModel, ConfigDict

from worksheets import chain_style as style
from worksheets.model import Level, Line, Person, Role, VisitSheet

LEVELS_TOP_DOWN = [Level.SENIOR, Level.MIDDLE, Level.GRASSROOTS]


GRAPHVIZ_MISSING = "服务器未安装 Graphviz：请运行 apt-get install graphviz fonts-noto-cjk"


class GraphRenderUnavailable(RuntimeError):
    """The server cannot draw images because the Graphviz `dot` program is missing."""


class ChainStep(BaseModel):
    """One beat of the trainer's step-through; `person_ids` holds everyone shown so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    talking_point: str
    person_ids: list[str]


def _lines_in_order(people: list[Person]) -> list[Line]:
    """技术线 and 采购线 always, then the other lines as they first appear."""
    lines = [Line.TECH, Line.PROCUREMENT]
    lines += [ln for ln in dict.fromkeys(p.line for p in people) if ln not in lines]
    return lines


def entry_people(people: list[Person]) -> list[Person]:
    """Where we got in: grassroots people we have met whom nobody introduced."""
    return [p for p in people if p.level is Level.GRASSROOTS and not p.placeholder and p.introduced_by is None]


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

    `legend=False` leaves the legend out where space is narrow (beside the editor; a caption explains there).
    """
    people = [
        p
        for p in sheet.people
        if (only_levels is None or p.level in only_levels) and (only_people is None or p.id in only_people)
    ]
    highlight = highlight or set()
    node_id = {p.id: f"p{i}" for i, p in enumerate(people)}

    g = graphviz.Digraph(
        "decision_chain", graph_attr=style.GRAPH_ATTR, node_attr=style.NODE_ATTR, edge_attr=style.EDGE_ATTR
    )
    # Row labels on the left: 高层 / 中层 / 基层, then the bottom row for us and the legend.
    title = "决策链图" + (f"：{style.plain(sheet.customer, 40)}" if sheet.customer else "")
    g.attr(label=style.dot_text(title), labelloc="t", fontsize="18")
    rows = [*LEVELS_TOP_DOWN, None]
    for i, level in enumerate(rows):
        label = level.label if level else " "
        g.node(f"row{i}", label=label, shape="plaintext", fontsize="14", fontcolor="#334155", width="0.6")
    for i in range(len(rows) - 1):
        g.edge(f"row{i}", f"row{i + 1}", style="invis")

    row_members: dict[Level, list[str]] = {level: [] for level in LEVELS_TOP_DOWN}
    for c, line in enumerate(_lines_in_order(people)):
        with g.subgraph(name=f"cluster_line{c}") as col:
            col.attr(label=style.LINE_TITLES[line], **style.CLUSTER_ATTR)
            members = [p for p in people if p.line is line]
            for p in members:
                highlighted = p.id in highlight
                col.body.append(style.person_statement(node_id[p.id], p, show_pain=show_pain, highlighted=highlighted))
                row_members[p.level].append(node_id[p.id])
            # Every column spans all three rows, so lines stay side by side even when one is thin.
            for r, level in enumerate(LEVELS_TOP_DOWN):
                if any(p.level is level for p in members):
                    continue
                if not members and level is Level.GRASSROOTS:
                    col.node(f"empty{c}", label="（还没有人）", shape="plaintext", fontcolor="#94a3b8")
                    row_members[level].append(f"empty{c}")
                else:
                    col.node(f"hold{c}_{r}", label="", style="invis", width="0.3", height="0.3")
                    row_members[level].append(f"hold{c}_{r}")
    for i, level in enumerate(LEVELS_TOP_DOWN):
        with g.subgraph() as row:
            row.attr(rank="same")
            row.body.extend(f"\t{n}\n" for n in [f"row{i}", *row_members[level]])

    g.body.extend(
        f'\t{node_id[p.introduced_by]} -> {node_id[p.id]} [label="引荐" constraint=false]\n'
        for p in people
        if p.introduced_by in node_id
    )

    g.node("us", label="我方", **style.US)
    for p in entry_people(people):
        # Drawn from the person back to us so that dot keeps us below the grassroots row.
        g.edge(node_id[p.id], "us", dir="back", label="切入", color="#1e293b", penwidth="1.6")
    if legend:
        _add_legend(g, bottom_row=f"row{len(rows) - 1}")
    else:
        with g.subgraph() as bottom:
            bottom.attr(rank="same")
            bottom.node(f"row{len(rows) - 1}")
            bottom.node("us")
    return g


def _add_legend(g: graphviz.Digraph, bottom_row: str) -> None:
    with g.subgraph(name="cluster_legend") as legend:
        legend.attr(label="图例", **style.CLUSTER_ATTR)
        for i, (text, attrs) in enumerate(style.LEGEND):
            legend.node(f"legend{i}", label=text, fontsize="10", width="0.9", height="0.35", **attrs)
            if i:  # a flat edge keeps the legend in reading order
                legend.edge(f"legend{i - 1}", f"legend{i}", style="invis")
    with g.subgraph() as bottom:
        bottom.attr(rank="same")
        bottom.node(bottom_row)
        bottom.node("us")
        for i in range(len(style.LEGEND)):
            bottom.node(f"legend{i}")


STEP_TEXT = [
    ("从基层切入", "第一次拜访往往从技术基层或采购基层开始：先了解他的工作和痛点，建立普遍关系。"),
    ("顺藤摸瓜：谁引荐了谁", "请基层的朋友引荐下一个人，沿着引荐关系一个个摸清决策链。"),
    ("中层：技术交流、普遍关系", "和技术中层做技术交流，了解技术需求与技术决策路线（痛苦链）。"),
    ("桥梁", "找到能下达执行、上达领导的人，常是采购组长：他能把你带到高层面前。"),
    ("高层", "高层要经桥梁引荐，或由我方领导出面对等拜访（责权对等），不要自己直接闯。"),
]


def chain_steps(sheet: VisitSheet) -> list[ChainStep]:
    """The order the trainer tells the chain in; each step adds people to those already shown."""
    people = sheet.people
    entry = {p.id for p in entry_people(people)}
    bridge = {p.id for p in people if Role.BRIDGE in p.roles}
    # Grassroots people reached by referral, or still to be reached that way.
    referred = {p.id for p in people if p.level is Level.GRASSROOTS and p.id not in bridge}
    middle = {p.id for p in people if p.level is Level.MIDDLE and p.id not in bridge}
    everyone = {p.id for p in people}  # the last step shows the whole chain, 高层 included
    steps: list[ChainStep] = []
    shown: set[str] = set()
    for (title, talking_point), ids in zip(STEP_TEXT, [entry, referred, middle, bridge, everyone], strict=True):
        shown |= ids
        order = [p.id for p in people if p.id in shown]
        steps.append(ChainStep(title=title, talking_point=talking_point, person_ids=order))
    return steps


def dot_source(graph: graphviz.Digraph) -> str:
    return graph.source


def _render(graph: graphviz.Digraph, fmt: str) -> bytes:
    try:
        return graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound as exc:
        raise GraphRenderUnavailable(GRAPHVIZ_MISSING) from exc


def render_svg(graph: graphviz.Digraph) -> bytes:
    return _render(graph, "svg")


def render_png(graph: graphviz.Digraph) -> bytes:
    return _render(graph, "png")
