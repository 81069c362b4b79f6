"""Entry point: routes the workbook's pages (routes.py) and draws the shared frame (progress, draft link)."""

import streamlit as st

from routes import SHEET, TRAINER_PAGES, navigation_pages
from ui.frame import show_frame
from views.lesson import lesson_page

st.set_page_config(page_title="第 12 课 · 初次拜访获取信息", page_icon="🧭", layout="wide")
page = st.navigation(navigation_pages(lesson_page), expanded=True)
show_frame(notice=page.url_path != SHEET, projector=page.url_path in TRAINER_PAGES)  # the form shows its own notice
page.run()
