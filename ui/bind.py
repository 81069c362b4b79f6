"""Form widgets bound to the canonical sheet: each change is validated, stored and autosaved.

Widgets only show the sheet; the sheet in session state is the truth, so leaving a page loses nothing.
A refused edit, or text cut to its field's limit, is explained right under the field.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_state import (
    current_sheet,
    field_note,
    first_draw,
    set_field_note,
    set_sheet,
    set_widget_value,
    widget_key,
    widget_value,
)
from ui.text import literal
from worksheets.codes import Choice
from worksheets.editing import (
    EditError,
    clip,
    clipped_message,
    field_limit,
    field_value,
    item_limit,
    item_value,
    set_field,
    update_item,
)
from worksheets.model import VisitSheet

PICK = "请选择"
PICK_MANY = "请选择（可多选）"


@dataclass(frozen=True)
class Edit:
    """How one widget's value becomes a new sheet; `limit` is the model's length limit for text fields."""

    apply: Callable[[VisitSheet, Any], VisitSheet]
    label: str
    saved: Callable[[VisitSheet], Any]  # the value the sheet holds now, to show again after a refused edit
    limit: int | None = None


def _commit(edit: Edit, key: str) -> None:
    value = widget_value(key)
    note = None
    if edit.limit is not None and isinstance(value, str) and len(value) > edit.limit:
        clipped = clip(value, edit.limit)  # keep what fits and say so, rather than dropping the whole paste
        value, note = clipped.kept, (False, clipped_message(edit.label, clipped))
    try:
        sheet = edit.apply(current_sheet(), value)
    except EditError as exc:
        set_field_note(key, (True, f"{exc}已恢复为保存的内容。"))
        set_widget_value(key, edit.saved(current_sheet()))  # what you see is what is saved
        return
    set_field_note(key, note)
    saved = edit.saved(sheet)
    if isinstance(value, str) and saved != widget_value(key):
        set_widget_value(key, saved)  # the box shows exactly what was saved: cut to fit, or spaces trimmed
    set_sheet(sheet)


def _drawn(edit: Edit, key: str) -> None:
    """After each widget is drawn: when a browser reconnects to a fresh server session (an instance died, or the
    server restarted) without reloading, its first rerun carries the value the student just typed, but Streamlit
    runs no on_change for a widget that session never drew. Commit such a value once, as the lost callback would."""
    if not first_draw(key) or widget_value(key) == edit.saved(current_sheet()):
        return
    before = current_sheet()
    _commit(edit, key)
    if current_sheet() != before:
        st.rerun()  # draw everything (graph, meter) from the sheet that now holds the edit


def _show_note(key: str) -> None:
    if note := field_note(key):
        refused, message = note
        if refused:
            st.error(literal(message), icon="🛑")
        else:
            st.warning(literal(message), icon="✂️")


def field_edit(path: tuple[str, ...], label: str) -> Edit:
    return Edit(
        lambda sheet, value: set_field(sheet, path, value, label),
        label,
        lambda sheet: field_value(sheet, path),
        field_limit(path),
    )


def item_edit(kind: str, item_id: str | int, field: str, label: str) -> Edit:
    return Edit(
        lambda sheet, value: update_item(sheet, kind, item_id, field, value, label),
        label,
        lambda sheet: item_value(sheet, kind, item_id, field),
        item_limit(kind, field),
    )


def text_field(label: str, name: str, value: str, edit: Edit, *, area: bool = False, **kwargs: Any) -> None:
    """No max_chars on the widget: the browser would silently drop a paste that is too long; we cut it."""
    key = widget_key(name)
    widget = st.text_area if area else st.text_input
    widget(label, value=value, key=key, on_change=_commit, args=(edit, key), **kwargs)
    _drawn(edit, key)
    _show_note(key)


def sheet_text(sheet: VisitSheet, field: str, label: str, **kwargs: Any) -> None:
    """A text widget for a top-level sheet field: its key, value and edit all follow from the field name."""
    text_field(label, field, getattr(sheet, field), field_edit((field,), label), **kwargs)


def sheet_choice(sheet: VisitSheet, field: str, label: str, options: Sequence[Any], **kwargs: Any) -> None:
    choice(label, field, getattr(sheet, field), options, field_edit((field,), label), **kwargs)


def labels_key(name: str, labels: Sequence[str]) -> str:
    """A widget name that changes with the option labels. Streamlit identifies a selectbox's value by its label:
    when a label changes, a keyed selectbox falls back to its default. A new key draws it from the sheet."""
    digest = hashlib.blake2s("\n".join(labels).encode("utf-8"), digest_size=4).hexdigest()
    return f"{name}.{digest}"


def choice(
    label: str,
    name: str,
    value: Any,
    options: Sequence[Any],
    edit: Edit,
    *,
    none_label: str | None = None,
    labels: dict[Any, str] | None = None,
    **kwargs: Any,
) -> None:
    """A selectbox over enum members (or ids with `labels`, which must be unique); None shown as `none_label`."""
    opts = [None, *options] if none_label is not None else list(options)

    def fmt(o: Any) -> str:
        if o is None:
            return none_label or ""
        return o.label if isinstance(o, Choice) else (labels or {}).get(o, str(o))

    key = widget_key(labels_key(name, [fmt(o) for o in opts]) if labels is not None else name)
    st.selectbox(
        label,
        opts,
        index=opts.index(value) if value in opts else 0,
        format_func=fmt,
        key=key,
        on_change=_commit,
        args=(edit, key),
        placeholder=PICK,
        required=True,
        **kwargs,
    )
    _drawn(edit, key)
    _show_note(key)


def _choice_label(o: Any) -> str:
    return o.label if isinstance(o, Choice) else str(o)


def many(label: str, name: str, value: list[Any], options: Sequence[Any], edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.multiselect(
        label,
        list(options),
        default=value,
        key=key,
        on_change=_commit,
        args=(edit, key),
        format_func=_choice_label,
        placeholder=PICK_MANY,
        select_all=False,  # Streamlit's "Select all" cannot be translated; choosing every role is never meant
        **kwargs,
    )
    _drawn(edit, key)
    _show_note(key)


def flag(label: str, name: str, value: bool, edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.checkbox(label, value=value, key=key, on_change=_commit, args=(edit, key), **kwargs)
    _drawn(edit, key)


def date(label: str, name: str, value: Any, edit: Edit, **kwargs: Any) -> None:
    key = widget_key(name)
    st.date_input(label, value=value, key=key, format="YYYY-MM-DD", on_change=_commit, args=(edit, key), **kwargs)
    _drawn(edit, key)
    _show_note(key)


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
        select_all=False,
        **kwargs,
    )
    _drawn(edit, key)
    _show_note(key)
