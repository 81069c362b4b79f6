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
