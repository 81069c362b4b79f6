"""The decision-chain picture with the lesson's gaps beneath it, and its downloads.

The server draws the SVG (cached per picture, see worksheets.chain.svg_markup); the browser only paints it at its
natural size in a box that scrolls sideways, so node text is 13 CSS px on a phone, beside the editor and in the
full-width page alike, and larger on the projector (`scale`).
"""

import html
import shutil

import graphviz
import streamlit as st

from ui.text import literal
from worksheets.chain import (
    GRAPHVIZ_MISSING,
    GraphRenderFailed,
    GraphRenderUnavailable,
    chain_graph,
    chain_outline,
    dot_source,
    render_png,
    render_svg,
    svg_markup,
)
from worksheets.chain_style import LEGEND as LEGEND_ITEMS
from worksheets.chain_style import legend_css
from worksheets.gaps import chain_gaps
from worksheets.model import VisitSheet

# The legend as one line of text, for places that draw the graph themselves (the practice debrief).
LEGEND = "　".join(item.text for item in LEGEND_ITEMS)
HINT_CSS = "font-size:14px;color:rgba(49,51,63,0.6);margin-top:4px"  # as st.caption looks
BROWSER_DRAWS = f"{GRAPHVIZ_MISSING}。这张图暂由浏览器绘制（较慢）；安装后由服务器绘制。"


def legend_html(scale: float = 1.0) -> str:
    """The one legend (worksheets.chain_style.LEGEND) as small boxes that wrap on a narrow screen."""
    chips = "".join(f'<span style="{legend_css(item.attrs)}">{html.escape(item.text)}</span>' for item in LEGEND_ITEMS)
    return f'<div style="display:flex;flex-wrap:wrap;gap:6px;font-size:{13 * scale:.0f}px">{chips}</div>'


def show_graph(
    graph: graphviz.Digraph, sheet: VisitSheet, *, scale: float = 1.0, legend: bool = True, legend_below: bool = False
) -> None:
    """Legend, then the picture at natural size; if it cannot be drawn, say so and list the people instead.
    `legend_below`: on the projector the picture comes first, so more of it is on the screen.

    Legend, picture and the line under it are one element: every element costs the browser a re-render on
    each rerun (benchmarks/README.md, issue 16)."""
    try:
        svg = svg_markup(graph, scale=scale)
    except GraphRenderUnavailable:
        if legend:
            st.html(legend_html(scale))
        st.info(BROWSER_DRAWS)
        st.graphviz_chart(graph, width="stretch")
        return
    except GraphRenderFailed as exc:
        st.error(str(exc), icon="🛑")
        show_outline(sheet, expanded=True)
        return
    hint = "图随屏幕放大；放不下时，左右滑动查看。" if scale > 1 else "图按原大显示：比屏幕宽时，左右滑动查看。"
    # st.html's sanitiser keeps HTML only (no SVG), so the picture goes in as one raw HTML block: our own SVG,
    # in which every typed character is escaped XML text (see svg_markup); it has no blank line to end the block.
    key = legend_html(scale) if legend else ""
    picture = f'<div class="chain-graph" style="overflow-x:auto;padding-bottom:4px">{svg}</div>'
    hint_html = f'<div class="chain-hint" style="{HINT_CSS}">{hint}</div>'
    blocks = (picture, hint_html, key) if legend_below else (key, picture, hint_html)
    st.markdown("".join(blocks), unsafe_allow_html=True)


def show_outline(sheet: VisitSheet, *, expanded: bool = False) -> None:
    """The same people as a list by level: readable on any phone, and the fallback when no picture comes."""
    with st.expander("按层级列出图中的人", expanded=expanded):
        rows = "".join(
            f"<tr><th style='text-align:left;padding:2px 8px'>{html.escape(level)}</th>"
            f"<td style='padding:2px 8px'>{'<br>'.join(html.escape(entry) for entry in entries)}</td></tr>"
            for level, entries in chain_outline(sheet.people)
        )
        st.html(f"<table style='border-collapse:collapse;font-size:14px'>{rows}</table>")


def show_chain(sheet: VisitSheet, *, show_pain: bool = False) -> None:
    if not sheet.people:
        st.info("决策链图会在你添加第一个人后出现。", icon="🕸️")
        return
    show_graph(chain_graph(sheet, show_pain=show_pain, legend=False), sheet)
    show_outline(sheet)
    gaps = chain_gaps(sheet)
    if gaps:  # one element for all of them (see show_graph)
        st.warning("**这张图还缺什么**\n\n" + "\n".join(f"- {literal(gap.message)}" for gap in gaps), icon="🕳️")
    else:
        st.success("决策链的关键角色都已识别：桥梁、教练、采购线和技术线都已接触。", icon="✅")


def show_downloads(sheet: VisitSheet, filename_stem: str) -> None:
    """Images (legend included) are drawn by `dot` only when a button is clicked, never on every rerun."""
    graph = chain_graph(sheet, show_pain=True)
    svg_col, png_col, dot_col = st.columns(3)
    dot_col.download_button(
        "下载 DOT 源文件",
        dot_source(graph).encode("utf-8"),
        f"{filename_stem}.dot",
        mime="text/vnd.graphviz",
        width="stretch",
        on_click="ignore",
    )
    if shutil.which("dot") is None:
        svg_col.info(f"{GRAPHVIZ_MISSING}。安装后即可下载 SVG 和 PNG；上面的图不受影响。")
        return
    svg_col.download_button(
        "下载 SVG",
        lambda: render_svg(graph),
        f"{filename_stem}.svg",
        mime="image/svg+xml",
        width="stretch",
        on_click="ignore",
    )
    png_col.download_button(
        "下载 PNG",
        lambda: render_png(graph),
        f"{filename_stem}.png",
        mime="image/png",
        width="stretch",
        on_click="ignore",
    )
