"""Scrolling the page back to its top: Streamlit keeps the scroll position when the content below changes."""

import streamlit.components.v1 as components

# Streamlit 1.67 scrolls its main section; older layouts scrolled the app view or the window itself.
_SCRIPT = """<script>/* %d */
const doc = window.parent.document;
for (const id of ["stMain", "stAppScrollToBottomContainer", "stAppViewContainer"]) {
  const el = doc.querySelector(`[data-testid="${id}"]`);
  if (el) el.scrollTo({top: 0});
}
window.parent.scrollTo({top: 0});
</script>"""


def scroll_to_top(nonce: int) -> None:
    """A zero-height frame whose script scrolls its parent page up; `nonce` makes each request a new frame."""
    components.html(_SCRIPT % nonce, height=0)
