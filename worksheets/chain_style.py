"""How the decision-chain picture looks, and how typed text is made safe to put in DOT."""

from __future__ import annotations

import re

from graphviz import nohtml

from worksheets.model import Line, Person, Relation, Role

FONT = "Noto Sans CJK SC"

LINE_TITLES = {
    Line.TECH: "技术线",
    Line.PROCUREMENT: "采购线",
    Line.PLANNING: "计划线",
    Line.DEMAND: "需求部门",
    Line.LEADERSHIP: "领导层",
    Line.OTHER: "其他",
}

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
    "fontsize": "12",
    # viz.js in the browser measures CJK text narrower than dot does: leave room.
    "margin": "0.22,0.1",
    "width": "1.3",
    "height": "0.55",
    "fixedsize": "false",
}
EDGE_ATTR = {"fontname": FONT, "fontsize": "10", "color": "#475569", "fontcolor": "#475569"}
CLUSTER_ATTR = {"style": "rounded,dashed", "color": "#cbd5e1", "fontcolor": "#334155", "labeljust": "c"}

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+")


def clean(text: str) -> str:
    """One line of typed text, with no control or bidi characters and single spaces."""
    return " ".join(_INVISIBLE.sub(" ", text).split())


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int) -> str:
    """Clean typed text, at most `limit` characters, ending with … when cut."""
    return cut(clean(text), limit)


def dot_text(*lines: str) -> str:
    r"""A DOT escString that shows `lines` literally: `\` doubled, never HTML-like, `\n` between lines."""
    return nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines))


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


def person_statement(node_id: str, person: Person, *, show_pain: bool, highlighted: bool) -> str:
    """The person's DOT node line, written directly: the graphviz package's quoting is the slow part."""
    name, pain = clean(person.name), clean(person.pain)
    tip = [cut(name, 40), f"{LINE_TITLES[person.line]}·{person.level.label}·{person.relation.label}"]
    if pain:
        tip.append("痛苦链：" + cut(pain, 200))
    label = dot_text(*person_lines(person, name, pain, show_pain=show_pain))
    fixed = _FIXED[person.relation, not STANDOUT_ROLES.isdisjoint(person.roles), highlighted]
    return f"\t{node_id} [label={quoted(label)} {fixed} tooltip={quoted(dot_text(*tip))}]\n"


LEGEND: list[tuple[str, dict[str, str]]] = [
    ("普遍客户关系", RELATION_STYLE[Relation.GENERAL]),
    ("关键客户关系", RELATION_STYLE[Relation.KEY]),
    ("高层客户关系", RELATION_STYLE[Relation.SENIOR]),
    ("初步接触", RELATION_STYLE[Relation.INITIAL]),
    ("未接触（待找）", RELATION_STYLE[Relation.NOT_CONTACTED]),
    ("★教练 ◆线人", {**RELATION_STYLE[Relation.GENERAL], "peripheries": "2"}),
]
US = {
    "shape": "house",
    "style": "filled",
    "fillcolor": "#1e293b",
    "fontcolor": "white",
    "color": "#1e293b",
    "width": "0.9",
}
