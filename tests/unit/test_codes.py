"""Stable codes and their labels: codes never collide within a kind, labels read back, old labels import."""

import pytest

from worksheets import codes
from worksheets.codes import CHOICES, Line, Relation, Role, Source


def test_every_choice_has_one_label_and_unique_codes_and_labels():
    for kind in CHOICES:
        assert set(codes.LABELS[kind]) == set(kind), kind
        assert len({m.label for m in kind}) == len(kind), kind
        assert all(m.value.isascii() and m.value == m.value.lower() for m in kind), kind


def test_from_text_takes_code_label_or_old_label(monkeypatch):
    assert Line.from_text("tech") is Line.TECH
    assert Line.from_text(" 技术 ") is Line.TECH
    monkeypatch.setitem(codes.OLD_LABELS, Relation, {Relation.KEY: ("关键客户关系",)})
    assert Relation.from_text("关键客户关系") is Relation.KEY
    with pytest.raises(ValueError):
        Relation.from_text("普通")


def test_same_code_in_two_kinds_keeps_its_own_label():
    assert Role.COACH == Source.COACH == "coach"
    assert (Role.COACH.label, Source.COACH.label) == ("教练", "教练或线人说")


def test_retired_and_reworded_labels_still_import():
    from worksheets.codes import Investment, MetVia, Personality

    assert Personality.from_text("考拉") is Personality.UNKNOWN  # a type the trainer never named
    assert "考拉" not in Personality.labels()
    assert Investment.TOP_DOWN.label == "自上而下攻坚"
    assert Investment.from_text("自上而下攻坚，或放弃") is Investment.TOP_DOWN
    assert MetVia.from_text("同学校友等熟人") is MetVia.ACQUAINTANCE


def test_a_draft_with_the_retired_koala_code_still_loads():
    from worksheets.model import Person, Personality

    person = Person.model_validate_json('{"id": "p0001", "name": "毕工", "personality": "koala"}')
    assert person.personality is Personality.UNKNOWN
    assert person.met_via.label == "未知"  # drafts made before the field existed


def test_every_state_has_one_name_and_its_meaning():
    from worksheets.codes import CustomerState

    assert [s.label for s in CustomerState] == ["已锁定", "塑造期", "萌芽期"]
    assert CustomerState.LOCKED.long_label == "已锁定（技术路线和心仪厂家已定，但不是你）"
