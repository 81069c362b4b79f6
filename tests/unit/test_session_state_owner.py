"""Issue 14 finding 2: app_state.py is the one place that touches st.session_state."""

import ast
from pathlib import Path

import app_state

ROOT = Path(__file__).resolve().parents[2]


def _touches_session_state(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "session_state"]


def test_no_page_or_ui_part_touches_session_state():
    files = [*sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]
    offenders = {str(f.relative_to(ROOT)): lines for f in files if (lines := _touches_session_state(f))}
    assert offenders == {}


def test_every_fixed_key_is_listed_once_in_the_registry():
    keys = [slot.key for slot in app_state.SLOTS]
    assert len(keys) == len(set(keys))
    for key in [*keys, app_state.SHEET_STEP_KEY, app_state.SHOW_PAIN_KEY, app_state.DEMO_BIG_KEY]:
        assert key in app_state.__doc__, key
