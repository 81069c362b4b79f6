"""Large type for the classroom projector: our own fixed CSS, never user text, and a larger graph."""

import streamlit as st

GRAPH_SCALE = 1.6  # node text 13 px → 21 px on the projector; 1.0 otherwise

_CSS = """
<style>
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.45rem; line-height: 1.7; }
.stMainBlockContainer h1 { font-size: 3rem; }
.stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 2.2rem; }
</style>
"""


def projector_mode(on: bool) -> float:
    """Turn the large type on; returns the scale to draw the decision chain at."""
    if on:
        st.html(_CSS)
    return GRAPH_SCALE if on else 1.0
