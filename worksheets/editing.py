"""Edits to a sheet as pure functions: each returns a new, fully validated sheet or raises EditError."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ValidationError

from worksheets.model import Competitor, ControlPointCheck, Person, VisitSheet

_ITEMS: dict[str, type[BaseModel]] = {"people": Person, "competitors": Competitor, "control_points": ControlPointCheck}


class EditError(ValueError):
    """An edit was refused; the message is Chinese and names the field. The sheet is unchanged."""


def _message(label: str, exc: ValidationError) -> str:
    err = exc.errors()[0]
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "string_too_long":
        return f"“{label}”最多 {ctx.get('max_length')} 个字，请删减后再保存。"
    if kind == "string_too_short":
        return f"“{label}”不能为空。"
    if kind == "too_long":
        return f"“{label}”条目太多，最多 {ctx.get('max_length')} 条。"
    return f"“{label}”的值无效：{err['msg']}"


def _rebuild(data: dict[str, Any], label: str) -> VisitSheet:
    try:
        return VisitSheet.model_validate(data)
    except ValidationError as exc:
        raise EditError(_message(label, exc)) from exc


def set_field(sheet: VisitSheet, path: tuple[str, ...], value: Any, label: str) -> VisitSheet:
    """Set a top-level or nested field (e.g. ("budget", "answer"))."""
    data = sheet.model_dump()
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return _rebuild(data, label)


def update_item(sheet: VisitSheet, kind: str, item_id: str | int, field: str, value: Any, label: str) -> VisitSheet:
    """Change one field of a person (by id) or a competitor / control point (by index)."""
    data = sheet.model_dump()
    items = data[kind]
    item = next(p for p in items if p["id"] == item_id) if kind == "people" else items[int(item_id)]
    item[field] = value
    return _rebuild(data, label)


def field_value(sheet: VisitSheet, path: tuple[str, ...]) -> Any:
    target: Any = sheet
    for part in path:
        target = getattr(target, part)
    return target


def _item(sheet: VisitSheet, kind: str, item_id: str | int) -> BaseModel:
    items = getattr(sheet, kind)
    return next(p for p in items if p.id == item_id) if kind == "people" else items[int(item_id)]


def item_value(sheet: VisitSheet, kind: str, item_id: str | int, field: str) -> Any:
    """The current value of one field of a person (by id) or a competitor / control point (by index)."""
    return getattr(_item(sheet, kind, item_id), field)


def add_person(sheet: VisitSheet, person: Person) -> VisitSheet:
    return _rebuild(
        {**sheet.model_dump(), "people": [*sheet.model_dump()["people"], person.model_dump()]}, "决策链人员"
    )


def remove_person(sheet: VisitSheet, person_id: str) -> VisitSheet:
    """Remove a person; whoever they introduced keeps their place but loses the referral link."""
    people = [p for p in sheet.model_dump()["people"] if p["id"] != person_id]
    for p in people:
        if p["introduced_by"] == person_id:
            p["introduced_by"] = None
    return _rebuild({**sheet.model_dump(), "people": people}, "决策链人员")


def removed(before: VisitSheet, after: VisitSheet) -> list[str]:
    """What `before` held that `after` no longer does: the line of a version kept on a deletion says it, so two
    such versions can be told apart. People by id (a renamed one is not gone); competitors by name."""
    kept = {p.id for p in after.people}
    people = [f"人员“{p.name}”" for p in before.people if p.id not in kept]
    gone = Counter(c.name for c in before.competitors) - Counter(c.name for c in after.competitors)
    return people + [f"友商“{name}”" for name in gone.elements()]


def add_competitor(sheet: VisitSheet, competitor: Competitor) -> VisitSheet:
    data = sheet.model_dump()
    data["competitors"].append(competitor.model_dump())
    return _rebuild(data, "竞争对手")


def remove_competitor(sheet: VisitSheet, index: int) -> VisitSheet:
    data = sheet.model_dump()
    del data["competitors"][index]
    return _rebuild(data, "竞争对手")


def _max_length(model: type[BaseModel], field: str) -> int | None:
    for meta in model.model_fields[field].metadata:
        if (limit := getattr(meta, "max_length", None)) is not None:
            return limit
    return None


def field_limit(path: tuple[str, ...]) -> int | None:
    """The most characters the sheet accepts at a field path such as ("customer",) or ("budget", "answer")."""
    model: type[BaseModel] = VisitSheet
    for part in path[:-1]:
        model = model.model_fields[part].annotation  # a nested model, e.g. Evidence
    return _max_length(model, path[-1])


def item_limit(kind: str, field: str) -> int | None:
    """The most characters a person's, competitor's or control point's text field accepts."""
    return _max_length(_ITEMS[kind], field)


class Clipped(BaseModel):
    """Text cut to a field's limit, and how much was cut (0 when it fitted)."""

    kept: str
    cut: int
    limit: int


def clip(value: str, limit: int) -> Clipped:
    """Keep the first `limit` characters: a paste that is too long is kept in part, never thrown away whole."""
    return Clipped(kept=value[:limit], cut=max(0, len(value) - limit), limit=limit)


def clipped_message(label: str, clipped: Clipped) -> str:
    total = clipped.limit + clipped.cut
    return (
        f"“{label}”最多 {clipped.limit} 个字，你输入或粘贴了 {total} 个字："
        f"已保存前 {clipped.limit} 个字，后面 {clipped.cut} 个字没有保存。"
        "需要的话，请删减后把要紧的内容写进来。"
    )
