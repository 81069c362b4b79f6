"""How the decision-chain picture looks, and how typed text is made safe to put in DOT."""

from __future__ import annotations

import re
from typing import NamedTuple

from graphviz import nohtml

from worksheets.model import Person, Relation, Role

FONT = "Noto Sans CJK SC"
# What the browser uses for the server-drawn SVG when the reader's device lacks Noto (phones, Windows).
FONT_STACK = f"{FONT},Noto Sans SC,PingFang SC,Microsoft YaHei,sans-serif"

# Relation → node attributes; the colours follow the trainer's slide.
RELATION_STYLE: dict[Relation, dict[str, str]] = {
    Relation.GENERAL: {
        "style": "rounded,filled",
        "color": "#2563eb",
        "fillcolor": "#dbeafe",
        "penwidth": "1.5",
    },
    Relation.KEY: {
        "style": "rounded,filled,bold",
        "color": "#dc2626",
        "fillcolor": "#fee2e2",
        "penwidth": "2.5",
    },
    Relation.SENIOR: {
        "style": "rounded,filled",
        "color": "#16a34a",
        "fillcolor": "#dcfce7",
        "penwidth": "1.5",
    },
    Relation.INITIAL: {
        "style": "rounded,filled",
        "color": "#60a5fa",
        "fillcolor": "white",
        "penwidth": "1.2",
    },
    Relation.NOT_CONTACTED: {
        "style": "rounded,dashed,filled",
        "color": "#9ca3af",
        "fillcolor": "white",
        "fontcolor": "#6b7280",
        "penwidth": "1",
    },
}

# Role → the tag shown under the name; coach and informant also get a double border.
ROLE_TAGS = {
    Role.BRIDGE: "⇅桥梁",
    Role.COACH: "★教练",
    Role.INFORMANT: "◆线人",
    Role.DECIDER: "决策者",
    Role.INFLUENCER: "影响者",
    Role.USER: "使用者",
}
NAME_LIMIT = 24
PAIN_LIMIT, PAIN_WRAP = 24, 12  # the pain shows on two short lines; the tooltip has it all
STANDOUT_ROLES = {Role.COACH, Role.INFORMANT}
# Emphasis keeps the relation colour, so a highlighted person still says what the relation is.
HIGHLIGHT = {"penwidth": "4", "fontname": f"{FONT} Bold"}

GRAPH_ATTR = {
    "rankdir": "TB",
    "splines": "true",
    "newrank": "true",
    "compound": "true",
    "nodesep": "0.35",
    "ranksep": "0.6",
    "fontname": FONT,
    "fontsize": "14",
    "bgcolor": "white",
    "pad": "0.3",
}
NODE_ATTR = {
    "shape": "box",
    "fontname": FONT,
    # Drawn at 1 pt = 1 CSS px (see chain.svg_markup): 13 pt is 13 px of text on any screen.
    "fontsize": "13",
    "margin": "0.16,0.08",
    "width": "1.3",
    "height": "0.55",
    "fixedsize": "false",
}
EDGE_ATTR = {"fontname": FONT, "fontsize": "12", "color": "#475569", "fontcolor": "#475569"}
CLUSTER_ATTR = {"style": "rounded,dashed", "color": "#cbd5e1", "fontcolor": "#334155", "labeljust": "c"}

# Control, bidi and zero-width characters, noncharacters (invalid in SVG's XML) and lone surrogates.
# The joiners U+200C/U+200D stay: they hold emoji sequences such as 👨‍👩‍👧 together.
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]+"
)


def clean(text: str) -> str:
    """One line of typed text, with no control or bidi characters and single spaces; emoji joiners kept."""
    return " ".join(_INVISIBLE.sub(" ", text).split())


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int) -> str:
    """Clean typed text, at most `limit` characters, ending with … when cut."""
    return cut(clean(text), limit)


def dot_text(*lines: str) -> str:
    r"""A DOT escString that shows `lines` literally, `\n` between lines.

    `\` is doubled (no escape sequence), `&` becomes `&amp;` (dot reads entities such as `&#x202E;` in any label,
    which would get around `clean`), and the label is never HTML-like.
    """
    return nohtml("\\n".join(line.replace("\\", "\\\\").replace("&", "&amp;") for line in lines))


def person_lines(person: Person, name: str, pain: str, *, show_pain: bool) -> list[str]:
    """The label: name, title, role tags, and the pain cut to two short lines when asked for."""
    lines = [cut(name, NAME_LIMIT)]
    if person.title:
        lines.append(plain(person.title, NAME_LIMIT))
    tags = [tag for role, tag in ROLE_TAGS.items() if role in person.roles]
    if person.placeholder:
        tags.append("待接触")
    if tags:
        lines.append(" ".join(tags))
    if show_pain and pain:
        pain = cut(pain, PAIN_LIMIT)
        lines += ["痛：" + pain[:PAIN_WRAP], pain[PAIN_WRAP:]] if len(pain) > PAIN_WRAP else ["痛：" + pain]
    return lines


def quoted(text: str) -> str:
    """A DOT quoted string for `dot_text` output: backslashes come in pairs, so `\"` is a literal quote."""
    return '"' + text.replace('"', '\\"') + '"'


def _attr_list(attrs: dict[str, str]) -> str:
    return " ".join(f"{key}={quoted(value)}" for key, value in attrs.items())


# Built once: the fixed part of each person's attributes, by relation, standout and highlight.
_FIXED = {
    (relation, standout, highlighted): _attr_list(
        {**RELATION_STYLE[relation], **({"peripheries": "2"} if standout else {}),
         **(HIGHLIGHT if highlighted else {})}
    )
    for relation in Relation
    for standout in (False, True)
    for highlighted in (False, True)
}  # fmt: skip


def label_lines(person: Person, *, show_pain: bool) -> list[str]:
    return person_lines(person, clean(person.name), clean(person.pain), show_pain=show_pain)


def standout(person: Person) -> bool:
    """Coach and informant get a double border."""
    return not STANDOUT_ROLES.isdisjoint(person.roles)


def row_height(line_count: int, *, framed: bool) -> str:
    """The box height (inches) that fits `line_count` label lines; every box of a row gets the row's tallest
    height, so that the columns' tops and bottoms line up (measured with dot 2.43: 14 pt a line plus 12 pt).
    `framed`: the row has a double-bordered box (4 pt more on each side), so a single-bordered one grows by 8 pt."""
    return f"{max(0.55, (14 * line_count + 14) / 72) + (8 / 72 if framed else 0):.2f}"


def person_statement(node_id: str, person: Person, *, show_pain: bool, highlighted: bool, height: str) -> str:
    """The person's DOT node line, written directly: the graphviz package's quoting is the slow part."""
    name, pain = clean(person.name), clean(person.pain)
    tip = [cut(name, 40), f"{person.line.line_name}·{person.level.label}·{person.relation.label}"]
    if pain:
        tip.append("痛苦链：" + cut(pain, 200))
    label = dot_text(*person_lines(person, name, pain, show_pain=show_pain))
    fixed = _FIXED[person.relation, standout(person), highlighted]
    return f"\t{node_id} [label={quoted(label)} {fixed} height={height} tooltip={quoted(dot_text(*tip))}]\n"


class LegendItem(NamedTuple):
    text: str
    attrs: dict[str, str]  # the DOT node attributes of the sample; the page's legend draws the same marks


# The one legend: inside the downloaded picture, and beside it on the page (ui/chain_view.py).
LEGEND: list[LegendItem] = [
    LegendItem("普遍客户关系", RELATION_STYLE[Relation.GENERAL]),
    LegendItem("关键客户关系", RELATION_STYLE[Relation.KEY]),
    LegendItem("高层客户关系", RELATION_STYLE[Relation.SENIOR]),
    LegendItem("初步接触（白底蓝框）", RELATION_STYLE[Relation.INITIAL]),
    LegendItem("未接触，待找（虚线）", RELATION_STYLE[Relation.NOT_CONTACTED]),
    LegendItem("★教练 ◆线人（双框）", {**RELATION_STYLE[Relation.GENERAL], "peripheries": "2"}),
    LegendItem("→ 引荐：箭头指向被引荐的人", {"shape": "plaintext"}),
]


def legend_css(attrs: dict[str, str]) -> str:
    """The CSS of a legend box drawn with the same marks as a DOT node with `attrs` (our constants only)."""
    if attrs.get("shape") == "plaintext":
        return "padding:2px 4px;color:#334155"
    styles = attrs.get("style", "")
    line = "double" if attrs.get("peripheries") == "2" else "dashed" if "dashed" in styles else "solid"
    width = 4 if line == "double" else round(float(attrs.get("penwidth", "1")))
    return (
        f"border:{width}px {line} {attrs['color']};background:{attrs.get('fillcolor', 'white')};"
        f"color:{attrs.get('fontcolor', '#0f172a')};border-radius:6px;padding:2px 8px"
    )


US = {
    "shape": "house",
    "style": "filled",
    "fillcolor": "#1e293b",
    "fontcolor": "white",
    "color": "#1e293b",
    "width": "0.9",
}
# The arrow from us up to where we got in; its label stands off to the side of the arrow, never on it.
ENTRY_EDGE = {
    "headlabel": "切入",
    "labelangle": "-50",
    "labeldistance": "3",
    "color": "#1e293b",
    "labelfontcolor": "#1e293b",
    "labelfontsize": "12",
    "penwidth": "1.6",
}
