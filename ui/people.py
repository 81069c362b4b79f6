"""The decision-chain people editor: one person at a time (phone-friendly), graph redrawn beside it."""

import streamlit as st

from app_state import (
    SHOW_PAIN_KEY,
    current_sheet,
    select_person,
    selected_person,
    set_sheet,
    widget_key,
    widget_value,
)
from ui import bind
from ui.chain_view import show_chain
from ui.text import literal
from worksheets.editing import add_competitor, add_person, remove_competitor, remove_person
from worksheets.model import (
    Competitor,
    CompetitorClue,
    Level,
    Line,
    MetVia,
    Person,
    Personality,
    Relation,
    Role,
    VisitSheet,
)
from worksheets.store import KeptReason


def _add() -> None:
    sheet = current_sheet()
    person = Person(name=f"新联系人 {len(sheet.people) + 1}")
    set_sheet(add_person(sheet, person))
    select_person(person.id)


def _remove(person_id: str) -> None:
    ids = [p.id for p in current_sheet().people]
    at = ids.index(person_id)
    set_sheet(remove_person(current_sheet(), person_id), kept=KeptReason.DELETE)
    rest = ids[:at] + ids[at + 1 :]
    select_person(rest[min(at, len(rest) - 1)] if rest else None)  # the next one down, as in a list


def _pick(key: str) -> None:
    select_person(widget_value(key))


def _numbered(n: int, p: Person) -> str:
    """Numbered, so two people with the same name are still two different choices."""
    return f"{n}. {p.name}"


def _summary(n: int, p: Person) -> str:
    roles = "、".join(r.label for r in p.roles)
    text = f"{_numbered(n, p)} · {p.line.label}/{p.level.label} · {p.relation.label}"
    return text + (f" · {roles}" if roles else "")


def _person_form(sheet: VisitSheet, p: Person) -> None:
    def edit(field: str, label: str) -> bind.Edit:
        return bind.item_edit("people", p.id, field, label)

    name = f"person.{p.id}"
    bind.text_field(
        "姓名或称呼",
        f"{name}.name",
        p.name,
        edit("name", "姓名"),
        help="还没见到的人可以先写岗位，如“采购副总（待接触）”。",
    )
    bind.text_field("职务", f"{name}.title", p.title, edit("title", "职务"))
    left, right = st.columns(2)
    with left:
        bind.choice("条线", f"{name}.line", p.line, list(Line), edit("line", "条线"))
        bind.choice("关系", f"{name}.relation", p.relation, list(Relation), edit("relation", "关系"))
    with right:
        bind.choice("层级", f"{name}.level", p.level, list(Level), edit("level", "层级"))
        bind.choice("性格", f"{name}.personality", p.personality, list(Personality), edit("personality", "性格"))
    st.caption("关系：未接触 = 占位；普遍关系蓝色，关键关系（桥梁）红色，高层关系绿色。")
    bind.many("在项目中的角色（可多选）", f"{name}.roles", p.roles, list(Role), edit("roles", "角色"))
    others = [o.id for o in sheet.people if o.id != p.id]
    bind.choice(
        "谁引荐了他",
        f"{name}.introduced_by",
        p.introduced_by,
        others,
        edit("introduced_by", "引荐人"),
        none_label="无（我方直接接触）",
        labels={o.id: _numbered(n, o) for n, o in enumerate(sheet.people, 1)},
    )
    bind.choice("怎么认识他的（结识途径）", f"{name}.met_via", p.met_via, list(MetVia), edit("met_via", "结识途径"))
    bind.text_field(
        "他的痛点与关注（痛苦链）", f"{name}.pain", p.pain, edit("pain", "痛点与关注"), area=True, height=104
    )
    bind.text_field(
        "下一步怎么接触他", f"{name}.next_step", p.next_step, edit("next_step", "下一步"), area=True, height=104
    )
    with st.popover("删除此人", icon="🗑️"):
        st.markdown(f"确定删除“{literal(p.name)}”吗？他引荐的人会保留，但引荐关系会清空。")
        st.button("确认删除", key=widget_key(f"{name}.delete"), type="primary", on_click=_remove, args=(p.id,))


def _picker(sheet: VisitSheet) -> Person | None:
    """Which person to edit. The choice is kept in our own state (app_state.selected_person), never read back
    from the widget alone: the widget is redrawn from it whenever a label changes (see bind.labels_key)."""
    ids = [p.id for p in sheet.people]
    chosen = selected_person(ids)
    if not ids:
        return None
    labels = {p.id: _summary(n, p) for n, p in enumerate(sheet.people, 1)}
    key = widget_key(bind.labels_key("people.pick", list(labels.values())))
    st.selectbox(
        "选择要编辑的人",
        ids,
        index=ids.index(chosen),
        format_func=labels.__getitem__,  # raises on a stale id: Streamlit then falls back to `index` (ours)
        key=key,
        on_change=_pick,
        args=(key,),
        placeholder=bind.PICK,
        required=True,
    )
    return sheet.person(chosen)


def people_editor() -> None:
    """One person at a time beside the live graph. Typing never reruns (fields commit on leaving them);
    not an st.fragment, because a fragment's pending change was lost when a sidebar link was clicked."""
    sheet = current_sheet()
    editor, graph = st.columns([4, 7], gap="large")
    with editor:
        st.subheader(f"决策链人员（{len(sheet.people)} 人）")
        chosen = _picker(sheet)
        st.button("＋ 添加人员", on_click=_add, width="stretch")
        if chosen is not None:
            with st.container(border=True):
                _person_form(sheet, chosen)
    with graph:
        st.subheader("决策链图")
        show_pain = st.toggle("在图中显示痛点", key=SHOW_PAIN_KEY)
        show_chain(sheet, show_pain=show_pain)


def competition(sheet: VisitSheet) -> None:
    st.subheader("竞争情况")
    st.caption("看桌面（台历、本子、笔、宣传资料），在走廊、电梯间多待一会儿；至少待一个下午。")
    for n, c in enumerate(sheet.competitors):
        with st.container(border=True):
            bind.text_field(
                f"友商 {n + 1} 名称",
                f"comp.{n}.name",
                c.name,
                bind.item_edit("competitors", n, "name", "友商名称"),
            )
            bind.many(
                f"友商 {n + 1} 的线索",
                f"comp.{n}.clues",
                c.clues,
                list(CompetitorClue),
                bind.item_edit("competitors", n, "clues", "线索"),
            )
            bind.text_field(
                f"友商 {n + 1} 备注", f"comp.{n}.note", c.note, bind.item_edit("competitors", n, "note", "备注")
            )
            st.button(
                f"删除友商 {n + 1}",
                key=widget_key(f"comp.{n}.delete"),
                on_click=lambda i=n: set_sheet(
                    remove_competitor(current_sheet(), i), fresh_widgets=True, kept=KeptReason.DELETE
                ),
            )
    st.button(
        "＋ 添加友商",
        on_click=lambda: set_sheet(
            add_competitor(current_sheet(), Competitor(name=f"友商{len(current_sheet().competitors) + 1}"))
        ),
    )
    bind.sheet_text(
        sheet,
        "favoured_vendor",
        "客户似乎更倾向于谁",
        placeholder="例如：友商A / 我方 / 看不出",
    )
