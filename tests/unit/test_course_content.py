"""The lesson's data files, checked like code: schema, ids, answers, feedback, corrected terms."""

import itertools
import os
import re
from pathlib import Path

import pytest
import yaml

from course.loader import CONTENT_DIR, check_course, load_course
from course.schema import EXAMPLE_LABELS, ILLUSTRATION_MARK, CustomerState, Example, ExampleKind
from practice.loader import SCENARIO_DIR
from worksheets.codes import Personality

_SEED = Path("shared") / "seeds" / "000_0734ee4e91d1a6ce.txt"
# Beside the main checkout (../shared) or beside a worktree of it (../../shared); COURSE_TRANSCRIPT overrides.
TRANSCRIPT = next(
    (
        p
        for p in (
            Path(os.environ.get("COURSE_TRANSCRIPT", "/nonexistent")),
            Path(__file__).resolve().parents[3] / _SEED,
            Path(__file__).resolve().parents[4] / _SEED,
        )
        if p.exists()
    ),
    Path(__file__).resolve().parents[3] / _SEED,
)
# Recognition errors of the transcript that must never be taught (the corrected term is in the comment).
RAW_ERRORS = [
    "痛苦练",
    "痛苦恋",  # 痛苦链
    "八字眉撇",
    "半字没一撇",  # 八字没一撇
    "留沟子",  # 留钩子
    "BNT",  # BANT
    "建立客群",  # 建立客情
    "标栏",
    "标率",  # 标蓝、标绿
    "信息厂家",
    "新一厂家",  # 心仪厂家
    "竞争烈士",  # 竞争劣势
    "壁工",
    "壁供",  # 毕工
    "余律",  # 疑虑
    "射箭要有把",  # 射箭要有靶
    "会议基教",  # 会议纪要
    "利息器",  # 利其器
    "毕习功",  # 毕其功于一役
    "风险一世纪",  # 风险意识
    "全新去投入",
    "全新投入",  # 全情投入
    "模型决策链",  # 摸清决策链
    "交采中心",  # 招采中心
    "扳回一程",  # 扭转局面
    "有点即面",  # 由点及面
]


def _all_text() -> dict[str, str]:
    """Every teaching text a student reads: the lesson, and the practice visits' outcomes and debrief reasons."""
    files = [*sorted(CONTENT_DIR.glob("*.yaml")), *sorted(SCENARIO_DIR.glob("*.yaml"))]
    return {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in files}


def test_every_content_file_is_valid_with_no_problem_reported():
    course, problems = check_course()
    assert problems == []
    assert course is not None


def test_the_eleven_sections_in_lesson_order():
    titles = [s.title for s in load_course().sections]
    assert len(titles) == 11
    for n, key in enumerate(
        ["带走", "挖", "决策链", "痛苦链", "竞争", "钩子", "两件事", "打哈哈", "三种状态", "五个控制点", "客情"]
    ):
        assert key in titles[n], (n, titles[n])


def test_every_question_has_one_correct_option_and_feedback_everywhere():
    course = load_course()
    questions = [q for s in course.sections for q in s.quiz] + list(course.selftest.questions)
    for q in questions:
        assert sum(o.correct for o in q.options) == 1, q.id
        assert all(o.feedback.strip() for o in q.options), q.id


def test_correct_answers_are_not_always_in_the_same_place():
    positions = {q.correct_index for s in load_course().sections for q in s.quiz}
    assert len(positions) >= 3


def test_checker_reports_every_problem_at_once(tmp_path):
    for p in CONTENT_DIR.glob("*.yaml"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    first = yaml.safe_load((tmp_path / "s01-first-visit-goal.yaml").read_text(encoding="utf-8"))
    first["quiz"][0]["options"][0]["correct"] = True
    first["quiz"][0]["options"][1]["correct"] = True
    first["quiz"][1]["options"][0]["feedback"] = ""
    (tmp_path / "s01-first-visit-goal.yaml").write_text(yaml.safe_dump(first, allow_unicode=True), "utf-8")
    second = yaml.safe_load((tmp_path / "s02-what-to-dig.yaml").read_text(encoding="utf-8"))
    second["id"] = "s03-decision-chain"
    (tmp_path / "s02-what-to-dig.yaml").write_text(yaml.safe_dump(second, allow_unicode=True), "utf-8")
    course, problems = check_course(tmp_path)
    assert course is None
    assert any("s01-first-visit-goal.yaml: quiz.0" in p and "恰好有一个正确选项" in p for p in problems)
    assert any("s01-first-visit-goal.yaml: quiz.1.options.0.feedback" in p for p in problems)
    assert "编号重复：s03-decision-chain" in problems


@pytest.mark.parametrize("raw", RAW_ERRORS)
def test_no_transcription_error_is_taught(raw):
    hits = [name for name, text in _all_text().items() if raw in text]
    assert hits == []


@pytest.mark.skipif(not TRANSCRIPT.exists(), reason="the trainer's transcript is not beside the checkout")
def test_no_passage_of_the_transcript_is_copied():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    seed = "".join(cjk.findall(TRANSCRIPT.read_text(encoding="utf-8")))
    grams = {seed[i : i + 20] for i in range(len(seed) - 19)}
    copied = []
    for name, text in _all_text().items():
        ours = "".join(cjk.findall(text))
        copied += [f"{name}: {ours[i : i + 20]}" for i in range(len(ours) - 19) if ours[i : i + 20] in grams]
    assert copied == []


# ───────────── content lint: every problem of every file in one report ─────────────

CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201f"
# A half-width blank between two Chinese characters or marks (“见你。 弄清了”) is always a slip.
STRAY_SPACE = re.compile(f"[{CJK}][ \t]+[{CJK}]")
# Markdown that starts a new block: a line break before it is meant; any other single break is a soft wrap,
# which the browser shows as a stray blank inside the sentence.
BLOCK_START = re.compile(r"^(- |\* |> |>$|\||#|\d+\. )")
# The pages put their own verdict before the feedback (“回答正确。” / “还不对，再想想。” / “不对。”).
CJK_MARKS = "。：？！，；、）」』”’"
VERDICT = re.compile(r"^(回答正确|正确|错误|还不对|不对|对|错)[。，！!,.：:]")


def _texts(course):
    """(where, kind, text) for every text a student reads."""
    for s in course.sections:
        yield s.id, "summary", s.summary
        for n, o in enumerate(s.objectives):
            yield f"{s.id} objectives.{n}", "line", o
        for n, k in enumerate(s.key_points):
            yield f"{s.id} key_points.{n}", "line", k.title
            yield f"{s.id} key_points.{n}.body", "prose", k.body
            if k.example:
                yield f"{s.id} key_points.{n}.example", "prose", k.example.text
        for n, m in enumerate(s.sayings + s.mistakes):
            yield f"{s.id} sayings/mistakes.{n}", "line", m
    questions = [(s.id, q) for s in course.sections for q in s.quiz]
    questions += [("selftest", q) for q in course.selftest.questions]
    for where, q in questions:
        yield f"{where} {q.id}.prompt", "prompt", q.prompt
        for n, o in enumerate(q.options):
            yield f"{where} {q.id}.options.{n}.text", "line", o.text
            yield f"{where} {q.id}.options.{n}.feedback", "feedback", o.feedback


def lint_problems(course) -> list[str]:
    problems = []
    for where, kind, text in _texts(course):
        for hit in STRAY_SPACE.finditer(text.replace("**", "")):  # bold marks hide nothing from the reader
            problems.append(f"{where}: 中文之间有半角空格：“{hit.group()}”")
        for line in text.split("\n"):
            parts = line.split("**")
            for bold, after in zip(parts[1::2], parts[2::2], strict=False):
                # “**打法：**自上而下”: a closing mark after a full-width mark and before a letter stays literal
                if bold and after and bold[-1] in CJK_MARKS and re.match(f"[^{CJK_MARKS}\\s]", after):
                    problems.append(
                        f"{where}: 粗体在标点后收尾、紧跟文字，页面会显示星号：“**{bold[-6:]}**{after[:4]}”"
                    )
        lines = text.strip().split("\n")
        if kind in ("line", "feedback") and len(lines) > 1:
            problems.append(f"{where}: 不应换行（选项、解析和短句在页面和结果表里都是一行）")
        if kind == "prompt" and where.startswith("selftest") and len(lines) > 1:
            problems.append(f"{where}: 自测题干不应换行（会拆断结果 CSV 的一格）")
        for a, b in itertools.pairwise(lines):
            if a.strip() and b.strip() and not BLOCK_START.match(b.strip()) and not a.strip().startswith("|"):
                problems.append(f"{where}: 段落中间断行，页面上会显示成多余的空格：“{a.strip()[-8:]}⏎{b.strip()[:8]}”")
        if kind == "feedback" and (hit := VERDICT.match(text.strip())):
            problems.append(f"{where}: 解析以“{hit.group()}”开头，页面已经加了对错提示，会重复")
    return problems


def test_content_lint_finds_nothing():
    assert lint_problems(load_course()) == []


def test_lint_reports_every_kind_of_slip_at_once():
    course = load_course()
    section = course.sections[0]
    q = section.quiz[0]
    bad_q = q.model_copy(
        update={
            "options": [
                o.model_copy(update={"feedback": "不对。" + o.feedback}) if i == 0 else o
                for i, o in enumerate(q.options)
            ],
            "prompt": "第一次见你。 弄清了吗？",
        }
    )
    point = section.key_points[0].model_copy(update={"body": "第一行\n第二行，**打法：**自上而下"})
    bad = section.model_copy(update={"quiz": [bad_q, *section.quiz[1:]], "key_points": [point]})
    st = course.selftest.questions[0].model_copy(update={"prompt": "客户说\n你先报价"})
    bank = course.selftest.model_copy(update={"questions": [st, *course.selftest.questions[1:]]})
    problems = lint_problems(course.model_copy(update={"sections": [bad], "selftest": bank}))
    assert any("半角空格" in p and "。 弄" in p and "s01-first-visit-goal s01-q1.prompt" in p for p in problems)
    assert any("“不对。”开头" in p for p in problems)
    assert any("key_points.0.body" in p and "断行" in p for p in problems)
    assert any("自测题干不应换行" in p for p in problems)
    assert any("显示星号" in p and "打法：" in p for p in problems)


def test_examples_marked_as_ours_are_never_labelled_the_trainers():
    course = load_course()
    examples = [k.example for s in course.sections for k in s.key_points if k.example]
    assert {e.kind for e in examples} == set(ExampleKind)
    trainer = EXAMPLE_LABELS[ExampleKind.TRAINER]
    for e in examples:
        assert (e.label == trainer) == (e.kind is ExampleKind.TRAINER)
        if ILLUSTRATION_MARK in e.text:
            assert e.kind is ExampleKind.OURS, e.text[:30]
    assert "讲师" not in EXAMPLE_LABELS[ExampleKind.OURS]


def test_an_illustration_marked_as_the_trainers_is_refused():
    with pytest.raises(ValueError, match="示意"):
        Example(kind=ExampleKind.TRAINER, text="示意：假设客户……")
    assert Example(kind=ExampleKind.OURS, text="示意：假设客户……").label.startswith("🧩 示意案例")


def test_every_example_names_its_kind_in_the_files():
    missing = []
    for name, text in _all_text().items():
        data = yaml.safe_load(text)
        for n, point in enumerate(data.get("key_points", []) if isinstance(data, dict) else []):
            ex = point.get("example")
            if ex is not None and not (isinstance(ex, dict) and ex.get("kind") in {k.value for k in ExampleKind}):
                missing.append(f"{name} key_points.{n}")
    assert missing == []


def test_no_personality_type_the_trainer_never_named():
    """He names 孔雀 (a good coach), 猫头鹰 and 老虎 (whose privacy you must not probe); no 考拉, no traits as his."""
    assert {p.label for p in Personality} == {"孔雀", "猫头鹰", "老虎", "未知"}
    hits = [name for name, text in _all_text().items() if "考拉" in text]
    assert hits == []
    claims = ["重规矩和数据", "重效率和权威", "讲原则", "重分寸", "外向、爱交流"]
    assert [(n, c) for n, t in _all_text().items() for c in claims if c in t] == []
    typed = [(n, m) for n, t in _all_text().items() for m in re.findall(r"(?:孔雀|猫头鹰|老虎)型的人[^，。；]*", t)]
    assert typed == []  # "X型的人……" describes a type; he only says what happens if you probe one


def test_every_state_goes_by_its_one_name():
    """已锁定 / 塑造期 / 萌芽期: the old double name “商机初期” for two states is gone."""
    names = {s.label for s in CustomerState}
    assert names == {"已锁定", "塑造期", "萌芽期"}
    text = "".join(_all_text().values())
    assert "商机初期" not in text
    assert "从商机到线索孵化" not in text
    course = load_course()
    for q in [*course.selftest.questions, *(q for s in course.sections for q in s.quiz)]:
        for o in q.options:
            for s in CustomerState:
                if o.text.startswith(s.gloss):
                    raise AssertionError(f"{q.id}: 选项用了状态的长说法，应以“{s.label}：”开头")
