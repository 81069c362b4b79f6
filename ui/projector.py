"""Large type for the classroom projector: our own fixed CSS, never user text."""

import streamlit as st

_CSS = """
<style>
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.45rem; line-height: 1.7; }
.stMainBlockContainer h1 { font-size: 3rem; }
.stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 2.2rem; }
</style>
"""


def projector_mode(on: bool) -> None:
    if on:
        st.html(_CSS)
