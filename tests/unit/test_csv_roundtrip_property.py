"""Any valid sheet, however odd its text, survives CSV and Excel export and import unchanged."""

import datetime as dt
import types
from enum import Enum
from functools import cache
from typing import Annotated, Union, get_args, get_origin

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError, create_model

from worksheets import from_csv, from_xlsx, to_csv, to_xlsx
from worksheets.model import ControlPoint, ControlPointCheck, Person, ShortText, VisitSheet

CHARACTERS = list("拜访客户，,\"'“”；;\n\r\t 　=+-@😀🚀\u2028\x00")
PREFIXES = ["", "", "=", "+", "-", "@", "\t", "'", "'=", "''+", " -", "\n="]
SUFFIXES = ["", "", "\r\n", "'=", "（表格结束）", "拜访信息表", "部分"]
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIST_SIZE = 4  # items per list: the properties are about odd content, not about the models' maxima


def text(size: int = 12) -> st.SearchStrategy[str]:
    """Chinese, emoji, quotes, commas, newlines, formula triggers and our own marker words."""
    alphabet = st.one_of(st.sampled_from(CHARACTERS), st.characters(codec="utf-8"))
    return st.builds(
        lambda head, body, tail: head + body + tail,
        st.sampled_from(PREFIXES),
        st.text(alphabet=alphabet, max_size=size),
        st.sampled_from(SUFFIXES),
    )


def _limit(metadata: tuple, name: str) -> int | None:
    found = [getattr(m, name) for m in metadata if getattr(m, name, None) is not None]
    return min(found) if found else None


def _valid(annotation: object):
    adapter = TypeAdapter(annotation)

    def check(value: object) -> bool:
        try:
            adapter.validate_python(value)
        except ValidationError:
            return False
        return True

    return check


def strings(metadata: tuple) -> st.SearchStrategy[str]:
    """A str field's strategy from its constraints: a pattern, or odd text within max_length that the field's
    own validators (cleaning, min_length) accept."""
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    if pattern:
        return st.from_regex(pattern, fullmatch=True)
    longest = _limit(metadata, "max_length") or 2000
    return text(max(1, min(12, longest - 10))).filter(_valid(Annotated[str, *metadata]))


def for_type(annotation: object, metadata: tuple = (), where: str = "") -> st.SearchStrategy:
    """A strategy for any annotation the model uses; an annotation it does not know fails loudly, so a new kind
    of field is never silently left out of the properties."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *inner = get_args(annotation)
        return for_type(base, (*inner, *metadata), where)
    if origin in (Union, types.UnionType):
        return st.one_of(*[for_type(a, metadata, where) for a in get_args(annotation)])
    if origin is list:
        (item,) = get_args(annotation)
        size = min(LIST_SIZE, _limit(metadata, "max_length") or LIST_SIZE)
        return st.lists(for_type(item, (), f"{where}[]"), max_size=size)
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is dt.date:
        return st.dates(min_value=dt.date(1, 1, 1))
    if annotation is str:
        return strings(metadata)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fields_of(annotation, where)
    raise TypeError(f"no strategy for {where}: {annotation!r}; teach for_type() this kind of field")


# Rules that live in model validators, across fields, where drawing each field alone cannot satisfy them.
OVERRIDES = {
    # the five control points, each once, in lesson order (VisitSheet._consistent)
    (VisitSheet, "control_points"): lambda: st.tuples(
        *[fields_of(ControlPointCheck, "control_points[]").map(lambda d, p=p: {**d, "point": p}) for p in ControlPoint]
    ).map(list),
}


@cache
def fields_of(model: type[BaseModel], where: str = "") -> st.SearchStrategy[dict]:
    """Every field of the model (and of its nested models), from its annotation and constraints."""
    chosen = {}
    for name, info in model.model_fields.items():
        rule = next(
            (make for (kind, field), make in OVERRIDES.items() if field == name and issubclass(model, kind)), None
        )
        chosen[name] = rule() if rule else for_type(info.annotation, tuple(info.metadata), f"{where}.{name}")
    return st.fixed_dictionaries(chosen)


@st.composite
def sheets(draw, model: type[VisitSheet] = VisitSheet) -> VisitSheet:
    """Raw values passed through the model, so texts are normalised exactly as the app would store them.

    People need two cross-field rules: unique ids, and a referrer that is another person of the sheet."""
    data = draw(fields_of(model))
    people = list({p["id"]: p for p in data["people"]}.values())
    ids = [p["id"] for p in people]
    for p in people:
        others = [i for i in ids if i != p["id"]]
        p["introduced_by"] = draw(st.one_of(st.none(), st.sampled_from(others))) if others else None
    return model.model_validate({**data, "people": people})


def test_the_strategy_exercises_a_new_field_without_being_told():
    """A field added to the model is drawn like any other: no field list to forget in this file."""
    new = create_model("VisitSheet", __base__=VisitSheet, budget_owner=(ShortText, ""))
    found = find(sheets(new), lambda s: s.budget_owner != "" and s.people and s.people[0].introduced_by is None)
    assert isinstance(found, new)


def test_the_strategy_reaches_every_field_of_every_model():
    seen: dict[str, set[str]] = {"VisitSheet": set(), "Person": set()}

    def note(sheet: VisitSheet) -> bool:
        defaults = VisitSheet()
        seen["VisitSheet"] |= {n for n in VisitSheet.model_fields if getattr(sheet, n) != getattr(defaults, n)}
        for p in sheet.people:
            blank = Person(id=p.id, name=p.name)
            seen["Person"] |= {n for n in Person.model_fields if getattr(p, n) != getattr(blank, n)}
        return False

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sheets())
    def draw(sheet):
        note(sheet)

    draw()
    assert seen["VisitSheet"] == set(VisitSheet.model_fields)
    assert seen["Person"] >= set(Person.model_fields) - {"id", "name"}


def _excel_gb18030(data: bytes) -> bytes:
    """Excel's re-save on Chinese Windows: no BOM, GB18030, a trailing comma on every row."""
    return data.decode("utf-8-sig").replace("\r\n", ",\r\n").encode("gb18030")


@FAST
@given(sheets())
def test_csv_round_trip_also_after_excel_gb18030_resave(sheet):
    data = to_csv(sheet)
    assert from_csv(data) == sheet
    assert from_csv(_excel_gb18030(data)) == sheet


@FAST
@given(sheets())
def test_xlsx_round_trip(sheet):
    assert from_xlsx(to_xlsx(sheet)) == sheet
