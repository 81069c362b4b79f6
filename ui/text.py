"""Text that may carry what a student typed, shown literally wherever it reaches Streamlit's Markdown.

Two layers. Markdown marks are backslash-escaped, so `**x**`, `[a](b)`, `$x$` or `:red[x]` are never formatting.
But Streamlit's Markdown also rewrites text *after* parsing, where an escape no longer counts: bare URLs,
`www.…` and e-mail addresses become links (GFM autolink literals), `:material/…:`, `:streamlit:` and `:smile:`
become icons, and ` -> `, ` <= `, ` -- ` … become arrows and signs. An invisible U+2060 WORD JOINER inside each
such pattern (after every `:`, before every `@`, after `www`, inside the two-character signs) keeps it from
matching: the screen shows exactly what was typed, no link is made and nothing is fetched.
"""

import re

WORD_JOINER = "\u2060"

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")
_AFTER_PARSE = re.compile(r"(?<=:)|(?=@)|(?i:(?<=www)(?=\.))|(?<=<)(?=-)|(?<=-)(?=[->])|(?<=[<>~])(?==)")


def literal(text: str) -> str:
    """`**x**`, `[a](b)`, `https://x.cn`, `a@b.cn`, `:material/home:` or `a -> b` typed by a student stay as typed."""
    return _MARKDOWN.sub(r"\\\1", _AFTER_PARSE.sub(WORD_JOINER, text))


def as_typed(shown: str) -> str:
    """What `literal(text)` shows, read back as text (for tests and copies): the joiners removed."""
    return shown.replace(WORD_JOINER, "")
