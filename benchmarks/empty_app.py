"""The baseline for bench_pages: an empty Streamlit page, so a page's cost is read as a ratio to this."""
