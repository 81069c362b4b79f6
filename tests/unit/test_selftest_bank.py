"""The self-test bank is content checked like code: enough per state, every kind, a sound answer key."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from course.schema import CustomerState, QuestionKind, SelfTestBank

BANK_FILE = Path(__file__).parents[2] / "course" / "content" / "selftest.yaml"
SECTION_IDS = {
    "s01-first-visit-goal",
    "s02-what-to-dig",
    "s03-decision-chain",
    "s04-pain-chain",
    "s05-competition",
    "s06-hooks-and-coach",
    "s07-two-more-things",
    "s08-evasive-customer",
    "s09-customer-states",
    "s10-control-points",
    "s11-rapport",
}


@pytest.fixture(scope="module")
def bank() -> SelfTestBank:
    return SelfTestBank.model_validate(yaml.safe_load(BANK_FILE.read_text(encoding="utf-8")))


def test_bank_has_enough_questions_for_every_state(bank):
    per_state = Counter(q.state for q in bank.questions)
    assert len(bank.questions) >= 30
    assert {state: per_state[state] >= 8 for state in CustomerState} == dict.fromkeys(CustomerState, True)


def test_every_kind_is_asked_for_every_state(bank):
    pairs = {(q.state, q.kind) for q in bank.questions}
    missing = [(s.value, k.value) for s in CustomerState for k in QuestionKind if (s, k) not in pairs]
    assert missing == []


def test_ids_are_unique_and_name_their_state(bank):
    ids = [q.id for q in bank.questions]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert [q.id for q in bank.questions if not q.id.startswith(f"st-{q.state.value}-")] == []


def test_every_question_links_to_a_lesson_section(bank):
    assert [(q.id, q.section) for q in bank.questions if q.section not in SECTION_IDS] == []


def test_questions_have_three_or_four_options_with_feedback(bank):
    bad = [q.id for q in bank.questions if not 3 <= len(q.options) <= 4]
    assert bad == []
    assert [q.id for q in bank.questions if len({o.text for o in q.options}) != len(q.options)] == []


def test_correct_option_is_not_always_in_the_same_place(bank):
    positions = Counter(q.correct_index for q in bank.questions)
    assert len(positions) >= 3
    assert max(positions.values()) <= len(bank.questions) // 2


def test_correct_option_is_not_usually_the_longest(bank):
    """Students must not learn to pick the longest option; state-name options are alike, so skip signals."""
    judged = [q for q in bank.questions if q.kind is not QuestionKind.SIGNAL]
    longest = [
        q.id for q in judged if max(range(len(q.options)), key=lambda i: len(q.options[i].text)) == q.correct_index
    ]
    assert len(longest) <= len(judged) // 3, longest


# Answer key agreed with the lesson: question id -> a fragment of the option that must be the correct one.
ANSWER_KEY = {
    "st-locked-01": "心仪厂家已定",  # 照方抓药 -> locked
    "st-locked-02": "心仪厂家已定",  # 甲方没有未知, guards against you like a thief
    "st-locked-05": "自上而下",  # locked -> top-down, to the VP or the GM with the purse
    "st-locked-06": "扩容",  # only a big-scope project is worth the fight
    "st-locked-07": "陈胜吴广",  # bottom-up in a lost deal is the trap
    "st-locked-11": "导游",  # the coach guides, does not sway the decision
    "st-shaping-01": "还没理清思路",  # invited into the technical process -> shaping
    "st-shaping-05": "全情投入",  # shaping with funding in place -> all in
    "st-shaping-07": "资金和配套",  # all in only once funding and supporting conditions are there
    "st-shaping-09": "桥梁",  # map the decision chain: find the bridge first
    "st-nascent-01": "八字没一撇",  # no procurement, sporadic technicians -> nascent
    "st-nascent-04": "八字没一撇",  # joining the design without money is still nascent
    "st-nascent-05": "温水煮青蛙",
    "st-nascent-08": "装大尾巴狼",
    "st-nascent-09": "狼来了",
    "st-nascent-10": "小鸡被别人叼走",
}


@pytest.mark.parametrize(("question_id", "fragment"), ANSWER_KEY.items())
def test_answer_key_agrees_with_the_lesson(bank, question_id, fragment):
    question = next(q for q in bank.questions if q.id == question_id)
    assert fragment in question.options[question.correct_index].text
    assert [o.text for o in question.options if fragment in o.text and not o.correct] == []
