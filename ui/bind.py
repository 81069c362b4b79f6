"""Form widgets bound to the canonical sheet: each change is validated, stored and autosaved.

Widgets only show the sheet; the sheet in session state is the truth, so leaving a page loses nothing.
"""

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_state import current_sheet, save, widget_key, workbook
from ui.text import literal
from worksheets.codes import Choice
from worksheets.editing import EditError, set_field, update_item
from worksheets.model import VisitSheet

_ERROR = "edit_error"

Edit = Callable[[VisitSheet, Any], VisitSheet]


def _commit(edit: Edit, key: str) -> None:
    try:
        sheet = edit(current_sheet(), st.session_state[key])
    except EditError as exc:
        st.session_state[_ERROR] = f"{exc} 已恢复为保存的内容。"
        del st.session_state[key]  # the widget is drawn again from the saved sheet: what you see is what is saved
        return
    st.session_state.pop(_ERROR, None)
    workbook().sheet = sheet
    save()


def show_edit_error() -> None:
    """The last refused edit, in Chinese; the sheet kept its previous value."""
    if message := st.session_state.pop(_ERROR, None):  # shown once, right after the refused edit
        st.error(literal(message), icon="🛑")


def field_edit(path: tuple[str, ...], label: str) -> Edit:
    return lambda sheet, value: set_field(sheet, path, value, label)


def item_edit(kind: str, item_id: str | int, field: str, label: str) -> Edit:
    return lambda sheet, value: update_item(sheet, kind, item_id, field, value, label)


def text(
    label: str, name: str, value: str, edit: Edit, *, area: bool = False, max_chars: int = 500, **kwargs: Any
) -> None:
    key = widget_key(name)
    widget = st.text_area if area else st.text_input
    widget(label, value=value, key=key, max_chars=max_chars, on_change=_commit, args=(edit, key), **kwargs)


def sheet_text(sheet: VisitSheet, field: str, label: str, **kwargs: Any) -> None:
    """A text widget for a top-level sheet field: its key, value and edit all follow from the field name."""
    text(label, field, getattr(sheet, field), field_edit((field,), label), **kwargs)


def sheet_choice(sheet: VisitSheet, field: str, label: str, options: Sequence[Any], **kwargs: Any) -> None:
    choice(label, field, getattr(sheet, field), options, field_edit((field,), label), **kwargs)


def choice(
    label: str,
    name: str,
    value: Any,
    options: Sequence[Any],
    edit: Edit,
    *,
    none_label: str | None = None,
    **kwargs: Any,
) -> None:
    """A selectbox over enum members (or ids); None shown as `none_label` when allowed."""
    key = widget_key(name)
    opts = [None, *options] if none_label is not None else list(options)

    def fmt(o: Any) -> str:
        if o is None:
            return none_label or ""
        return o.label if isinstance(o, Choice) else kwargs.get("labels", {}).get(o, str(o))

    st.selectbox(
        label,
        opts,
        index=opts.index(value) if value in opts else 0,
        format_func=fmt,
        key=key,
        on_change=_commit,
        args=(edit, key),
        **{k: v for k, v in kwargs.items() if k != "labels"},
    )


def many(label: str, name: str, value: list[Any], options: Sequence[Any], edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.multiselect(
        label,
        list(options),
        default=value,
        key=key,
        on_change=_commit,
        args=(edit, key),
        format_func=lambda o: o.label if isinstance(o, Choice) else str(o),
        **kwargs,
    )


def flag(label: str, name: str, value: bool, edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.checkbox(label, value=value, key=key, on_change=_commit, args=(edit, key), **kwargs)


def date(label: str, name: str, value: Any, edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.date_input(label, value=value, key=key, format="YYYY-MM-DD", on_change=_commit, args=(edit, key), **kwargs)


def tags(label: str, name: str, value: list[str], suggestions: Sequence[str], edit: Edit, **kwargs: Any) -> None:
    """Free-text tags: pick a suggestion or type a new one."""
    key = widget_key(name)
    st.multiselect(
        label,
        sorted({*suggestions, *value}),
        default=value,
        key=key,
        accept_new_options=True,
        on_change=_commit,
        args=(edit, key),
        **kwargs,
    )
