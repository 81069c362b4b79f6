"""The baseline for bench_browser: the same kinds of action on a Streamlit app with almost nothing on it.

One text field, a two-step segmented control, a toggle and a second page, served with this project's
settings (.streamlit/config.toml at the repo root, scripts/serve.py), so a ratio to it is the app's own cost.
"""

import streamlit as st


def first() -> None:
    st.title("最小应用")
    step = st.segmented_control("步骤", ["甲", "乙"], default="甲", key="step", required=True)
    st.text_input("一个字段" if step == "甲" else "另一个字段", key=f"field.{step}")
    st.toggle("一个开关", key="flag")


def second() -> None:
    st.title("第二页")


st.navigation([st.Page(first, title="第一页", default=True), st.Page(second, title="第二页", url_path="second")]).run()
