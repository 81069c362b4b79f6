"""Text that may carry what a student typed, shown literally: Markdown and LaTeX marks are escaped."""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def literal(text: str) -> str:
    """`**x**`, `[a](b)`, `$x$` or `:red[x]` typed by a student stay as typed, never become formatting."""
    return _MARKDOWN.sub(r"\\\1", text)
