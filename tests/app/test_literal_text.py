"""What a student typed is shown as typed wherever it lands in Markdown (names in gaps, imports, history)."""

import pytest
from apptest_helpers import by_label, go

from ui.text import WORD_JOINER, as_typed, literal

J = WORD_JOINER


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("**粗体**", r"\*\*粗体\*\*"),
        ("[点我](http://example.com)", rf"\[点我\]\(http\:{J}//example\.com\)"),
        ("$x^2$", r"\$x^2\$"),
        (":red[警告]", rf"\:{J}red\[警告\]"),
        ("# 标题", r"\# 标题"),
        ("毕工", "毕工"),
        # Streamlit rewrites these after parsing, where escapes no longer count: a joiner breaks each pattern.
        ("https://evil.example", rf"https\:{J}//evil\.example"),
        ("WWW.evil.example", rf"WWW{J}\.evil\.example"),
        ("boss@evil.example", rf"boss{J}@evil\.example"),
        (":material/home:", rf"\:{J}material/home\:{J}"),
        (":streamlit:", rf"\:{J}streamlit\:{J}"),
        ("a -> b <= c", rf"a \-{J}\> b \<{J}\= c"),
    ],
)
def test_markdown_marks_are_escaped(typed, escaped):
    assert literal(typed) == escaped
    assert as_typed(literal(typed)).replace("\\", "") == typed.replace("\\", "")


def test_a_typed_name_appears_literally_in_the_delete_question(at):
    go(at, "views/sheet.py")
    at.button_group[0].set_value("③ 决策链").run()
    by_label(at.button, "＋ 添加人员").click().run()
    by_label(at.text_input, "姓名或称呼").input("**采购组长**").run()
    assert any(r"确定删除“\*\*采购组长\*\*”吗" in m.value for m in at.markdown)
