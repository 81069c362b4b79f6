"""The decision-chain picture with the lesson's gaps beneath it, and its downloads."""

import shutil

import streamlit as st

from ui.text import literal
from worksheets.chain import GRAPHVIZ_MISSING, chain_graph, dot_source, render_png, render_svg
from worksheets.gaps import chain_gaps
from worksheets.model import VisitSheet

LEGEND = "蓝：普遍客户关系　红：关键客户关系（桥梁）　绿：高层客户关系　虚线：尚未接触　★ 教练　◆ 关键线人"


def show_chain(sheet: VisitSheet, *, show_pain: bool = False) -> None:
    """On screen the legend is a caption, so the graph itself stays narrow and large enough to read."""
    if not sheet.people:
        st.info("决策链图会在你添加第一个人后出现。", icon="🕸️")
        return
    st.caption(LEGEND)
    st.graphviz_chart(chain_graph(sheet, show_pain=show_pain, legend=False), width="stretch")
    gaps = chain_gaps(sheet)
    if gaps:
        st.markdown("**这张图还缺什么**")
        for gap in gaps:
            st.warning(literal(gap.message), icon="🕳️")
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
