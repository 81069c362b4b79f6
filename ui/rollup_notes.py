"""What every roll-up tab says about the files it was given, besides their content."""

import streamlit as st

from ui.text import literal
from worksheets.files.repeats import Repeat


def show_repeats(repeats: list[Repeat]) -> None:
    """One note for all files handed in twice: they are not errors, and the class's figures count each once."""
    if repeats:
        st.info("  \n".join(literal(r.message) for r in repeats), icon="🔁")  # one line each (Markdown break)
