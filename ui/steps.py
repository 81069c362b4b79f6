"""Moving through the sheet's guided steps with a button as well as the step bar."""

import streamlit as st

STEP_KEY = "sheet.step"


def next_step(steps: list[str], current: str) -> str | None:
    at = steps.index(current)
    return steps[at + 1] if at + 1 < len(steps) else None


def go_to_step(step: str) -> None:
    st.session_state[STEP_KEY] = step
