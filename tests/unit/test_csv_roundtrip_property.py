"""Any valid sheet, however odd its text, survives CSV and Excel export and import unchanged."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from worksheets.files.csv_io import from_csv, to_csv
from worksheets.files.xlsx_io import from_xlsx, to_xlsx
from worksheets.model import (
    CompetitorClue,
    ControlPoint,
    FundingStatus,
    Investment,
    Level,
    Line,
    Name,
    Personality,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
    VisitSheet,
)

CHARACTERS = list("拜访客户，,\"'“”；;\n\r\t 　=+-@😀🚀\u2028\x00")
PREFIXES = ["", "", "=", "+", "-", "@", "\t", "'", "'=", "''+", " -", "\n="]
SUFFIXES = ["", "", "\r\n", "'=", "（表格结束）", "拜访信息表", "部分"]
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_NAME = TypeAdapter(Name)


def _is_name(text: str) -> bool:
    try:
        _NAME.validate_python(text)
    except ValidationError:
        return False
    return True


def text(size: int = 12) -> st.SearchStrategy[str]:
    """Chinese, emoji, quotes, commas, newlines, formula triggers and our own marker words."""
    alphabet = st.one_of(st.sampled_from(CHARACTERS), st.characters(codec="utf-8"))
    return st.builds(
        lambda head, body, tail: head + body + tail,
        st.sampled_from(PREFIXES),
        st.text(alphabet=alphabet, max_size=size),
        st.sampled_from(SUFFIXES),
    )


names = text(10).filter(_is_name)
ids = st.from_regex(r"[a-z0-9]{4,16}", fullmatch=True)


def evidence() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"answer": text(), "source": st.one_of(st.none(), st.sampled_from(Source))})


@st.composite
def people(draw) -> list[dict]:
    person_ids = draw(st.lists(ids, max_size=5, unique=True))
    return [
        {
            "id": pid,
            "name": draw(names),
            "title": draw(text(6)),
            "line": draw(st.sampled_from(Line)),
            "level": draw(st.sampled_from(Level)),
            "roles": draw(st.lists(st.sampled_from(Role), max_size=4)),
            "relation": draw(st.sampled_from(Relation)),
            "personality": draw(st.sampled_from(Personality)),
            "introduced_by": draw(st.one_of(st.none(), st.sampled_from([i for i in person_ids if i != pid] or [None]))),
            "pain": draw(text()),
            "next_step": draw(text()),
        }
        for pid in person_ids
    ]


competitors = st.lists(
    st.fixed_dictionaries(
        {"name": names, "clues": st.lists(st.sampled_from(CompetitorClue), max_size=3), "note": text()}
    ),
    max_size=3,
)
control_points = st.tuples(
    *[st.fixed_dictionaries({"point": st.just(p), "met": st.booleans(), "evidence": text()}) for p in ControlPoint]
).map(list)


@st.composite
def sheets(draw) -> VisitSheet:
    """Raw values passed through the model, so texts are normalised exactly as the app would store them."""
    data = {
        "student": draw(text(6)),
        "customer": draw(text(6)),
        "project": draw(text(6)),
        "visit_date": draw(st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1)))),
        "departments_visited": draw(st.lists(text(4), max_size=3)),
        "why_meet": draw(text()),
        "workflow_help": draw(text()),
        "budget": draw(evidence()),
        "funding": draw(evidence()),
        "funding_status": draw(st.sampled_from(FundingStatus)),
        "authority": draw(evidence()),
        "need": draw(evidence()),
        "timeline": draw(evidence()),
        "people": draw(people()),
        "competitors": draw(competitors),
        "favoured_vendor": draw(text(6)),
        "signals": draw(st.lists(st.sampled_from(StateSignal), max_size=5)),
        "quality": draw(st.sampled_from(ProjectQuality)),
        "investment": draw(st.sampled_from(Investment)),
        "quality_reason": draw(text()),
        "suggestions": draw(text()),
        "agreed_next_step": draw(text()),
        "rapport_actions": draw(text()),
        "control_points": draw(control_points),
    }
    return VisitSheet.model_validate(data)


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
