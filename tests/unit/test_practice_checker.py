"""The scenario checker: the real scenarios pass; broken files report every problem at once."""

import shutil
from pathlib import Path

import yaml

from practice.loader import SCENARIO_DIR, check_scenarios, lesson_ids, load_scenarios

LESSONS = lesson_ids()


def _copy(tmp_path: Path) -> Path:
    for path in SCENARIO_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _choice(data, choice_id):
    return next(c for c in data["choices"] if c["id"] == choice_id)


def test_the_scenarios_pass_every_rule():
    scenarios, problems = check_scenarios(lessons=LESSONS)
    assert problems == []
    assert {s.state for s in scenarios} == {"locked", "shaping", "nascent"}
    assert len({s.industry for s in scenarios}) == 3
    assert sum(len(s.choices) for s in scenarios) >= 25
    assert len(load_scenarios()) == 3


def test_a_broken_scenario_reports_every_problem_at_once(tmp_path):
    folder = _copy(tmp_path)

    def break_locked(data):
        data["places"].append(
            {"id": "roof", "name": "天台", "text": "没人来过。", "exits": [{"to": "lobby", "minutes": 5}]}
        )
        _choice(data, "sun-guide")["requires"] = {"facts": ["no-such-fact"]}  # a fact referenced, not defined
        _choice(data, "qian-pitch")["outcomes"][0].pop("openness")  # a mistake without a consequence
        _choice(data, "qian-pitch")["outcomes"][0].pop("flags")
        _choice(data, "li-ask")["requires"] = {"flags": ["never-set"]}  # a choice no path can reach
        _choice(data, "linger")["outcomes"][0]["reveal"] = []  # a dead end: does nothing
        _choice(data, "zhao-gift")["mistake"] = {"type": "other", "lesson": "s99-none", "why": "没有这一节。"}
        _choice(data, "zhao-gift")["outcomes"][0]["openness"] = {"zhao": -1}

    _edit(folder / "hospital-cssd.yaml", break_locked)
    _, problems = check_scenarios(folder, lessons=LESSONS)
    text = "\n".join(problems)
    assert "选择 sun-guide 的条件引用了未定义的事实 no-such-fact" in text
    assert "选择 zhao-gift 要重读的章节 s99-none 不存在" in text
    assert len(problems) >= 2 and all(p.startswith("hospital-cssd.yaml: ") for p in problems)
    _edit(folder / "hospital-cssd.yaml", lambda d: _choice(d, "sun-guide").update(requires={}))
    _edit(
        folder / "hospital-cssd.yaml",
        lambda d: _choice(d, "zhao-gift").update(
            mistake={"type": "other", "lesson": "s01-first-visit-goal", "why": "示意。"}
        ),
    )
    _, problems = check_scenarios(folder, lessons=LESSONS)
    text = "\n".join(problems)
    for expected in (
        "地点 roof 无论怎么走都到不了",
        "选择 li-ask 永远不会出现",
        "标记 never-set 被用作条件，却没有任何选择会设置它",
        "事实 timeline 没有任何路线能发现",
        "失误 qian-pitch 的第 1 个结果没有后果",
        "选择 linger 的第 1 个结果什么也不改变（死路）",
        "参考路线第 7 步 zhao-gift 是失误",
    ):
        assert expected in text, expected


def test_a_truth_that_does_not_diagnose_to_its_state_or_does_not_fit_the_budget(tmp_path):
    folder = _copy(tmp_path)

    def weaken(data):
        data["facts"] = [f for f in data["facts"] if f.get("kind") != "signal"]
        for c in data["choices"]:
            for o in c["outcomes"]:
                o["reveal"] = [x for x in o.get("reveal", []) if x in {f["id"] for f in data["facts"]}]
        data["minutes"] = 120

    _edit(folder / "hospital-cssd.yaml", weaken)
    _edit(folder / "factory-welding.yaml", lambda d: d.update(industry="医疗", state="locked", play="top_down"))
    _, problems = check_scenarios(folder, lessons=LESSONS)
    text = "\n".join(problems)
    assert "hospital-cssd.yaml: 真相按练习册的诊断是“证据不足，暂不能判断”" in text
    assert "hospital-cssd.yaml: 参考路线第" in text and "时间不够" in text
    assert "factory-welding.yaml: 真相按练习册的诊断是“塑造期（客户还没理清思路，你来得早、有优势）”" in text
    assert "缺少“塑造期（客户还没理清思路，你来得早、有优势）”状态的场景" in text
    assert "行业重复：医疗" in text


def test_schema_errors_in_several_files_are_all_listed(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "college-lab.yaml", lambda d: d["people"][0].update(line="财务线", shoe_size=42))
    _edit(folder / "factory-welding.yaml", lambda d: d["choices"][0].update(minutes=-5))
    (folder / "zz-broken.yaml").write_text("id: [unclosed", encoding="utf-8")
    _, problems = check_scenarios(folder, lessons=LESSONS)
    text = "\n".join(problems)
    assert "college-lab.yaml: people.0.line" in text
    assert "college-lab.yaml: people.0.shoe_size: Extra inputs are not permitted" in text
    assert "factory-welding.yaml: choices.0.minutes" in text
    assert "zz-broken.yaml: 无法读取 YAML" in text


def test_chain_rules_people_lines_levels_bridge_coach_informant_competitors_evasive(tmp_path):
    folder = _copy(tmp_path)

    def flatten(data):
        keep = {"liu", "sun"}
        data["people"] = [
            dict(p, line="tech", level="grassroots", evasive=None) for p in data["people"] if p["id"] in keep
        ]
        data["facts"] = [
            f
            for f in data["facts"]
            if f.get("person", "liu") in keep and f.get("by", "liu") in keep and f["kind"] not in ("competitor", "role")
        ]
        ids = {f["id"] for f in data["facts"]}
        for c in data["choices"]:
            c["requires"] = {k: v for k, v in c.get("requires", {}).items() if k not in ("facts", "open")}
            for o in c["outcomes"]:
                o["reveal"] = [x for x in o.get("reveal", []) if x in ids]
                o["openness"] = {p: d for p, d in o.get("openness", {}).items() if p in keep}
                o.setdefault("flags", []).append("x") if not (o["reveal"] or o["openness"] or o.get("move")) else None
            c.get("requires", {}).pop("below", None)
        for place in data["places"]:
            place["reveal"] = [x for x in place.get("reveal", []) if x in ids]

    _edit(folder / "college-lab.yaml", flatten)
    _, problems = check_scenarios(folder, lessons=LESSONS)
    text = "\n".join(problems)
    for expected in (
        "决策链应有 6 到 9 人，现在是 2 人",
        "决策链至少要跨两条线",
        "决策链要覆盖基层、中层、高层三个层级",
        "必须恰好有一位桥梁，现在有 0 位",
        "缺少教练候选人",
        "缺少关键线人",
        "缺少友商的痕迹",
        "至少要有一位打哈哈的联系人",
    ):
        assert expected in text, expected


def test_no_transcription_error_of_the_lesson_reaches_a_scenario():
    from test_course_content import RAW_ERRORS  # the corrected terms the lesson's content test guards

    texts = {p.name: p.read_text(encoding="utf-8") for p in SCENARIO_DIR.glob("*.yaml")}
    assert [(name, raw) for name, text in texts.items() for raw in RAW_ERRORS if raw in text] == []
    assert all(text.startswith("# 虚构的客户和人物，仅供练习（示意）。") for text in texts.values())
