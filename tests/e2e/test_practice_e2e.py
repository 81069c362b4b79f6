"""模拟初访 in Chromium: play a scenario to the debrief, survive a reload, get the result file and a practice sheet."""

import pytest
from conftest import PHONE, Server, open_page, screenshot, wait_ready
from playwright.sync_api import Page, expect

from practice import engine
from practice.loader import load_scenarios

SCENARIOS = {s.id: s for s in load_scenarios()}


def _label(choice) -> str:
    return choice.text + (f"（{choice.minutes} 分钟）" if choice.minutes else "")


def _start(page: Page, sid: str) -> None:
    """Each scenario's card has its own 开始拜访 button, in the order of the scenario files."""
    expect(page.get_by_text(SCENARIOS[sid].title)).to_be_visible()
    page.get_by_role("button", name="开始拜访").nth(list(SCENARIOS).index(sid)).click()


def _play(page: Page, sid: str, choices, done=()) -> engine.Visit:
    s = SCENARIOS[sid]
    visit = engine.replay(s, done)
    for choice_id in choices:
        choice = next(c for c in engine.available(s, visit) if c.id == choice_id)
        page.get_by_role("button", name=_label(choice), exact=True).click()
        visit = engine.choose(s, visit, choice_id)
        expect(page.get_by_text(f"还剩 {engine.remaining(s, visit)} 分钟", exact=False)).to_be_visible()
        wait_ready(page)
    return visit


def _phone_shot(page: Page, name: str) -> None:
    """The same draft opened on a phone: a new session finds the run by the draft code in the URL."""
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    open_page(phone, page.url)
    expect(phone.get_by_role("heading", name="模拟初访")).to_be_visible()
    screenshot(phone, name)
    phone.close()


def _judge(page: Page, sid: str) -> None:
    s = SCENARIOS[sid]
    from worksheets.diagnosis import STATE_LABELS

    page.get_by_role("radiogroup", name="客户处于哪种状态？").get_by_text(STATE_LABELS[s.state], exact=True).click()
    page.get_by_role("radiogroup", name="你打算怎么打？").get_by_text(s.play.label, exact=True).click()
    page.get_by_role("button", name="提交判断，查看复盘").click()
    expect(page.get_by_role("heading", name="复盘")).to_be_visible()
    wait_ready(page)


def test_a_student_plays_to_the_debrief_and_gets_a_practice_sheet(page: Page, server: Server, tmp_path) -> None:
    app_url = server.url
    sid = "hospital-cssd"
    s = SCENARIOS[sid]
    open_page(page, f"{app_url}/practice")
    _start(page, sid)
    expect(page.get_by_text("还剩 240 分钟", exact=False)).to_be_visible()
    half = s.solution.index("cssd-walkin")
    _play(page, sid, s.solution[:half])
    screenshot(page, "practice-play-1366")
    visit = engine.replay(s, s.solution[:half])
    page.reload()  # a refresh keeps the afternoon ...
    wait_ready(page)
    expect(page.get_by_text(f"还剩 {engine.remaining(s, visit)} 分钟", exact=False)).to_be_visible()
    server.restart()  # ... and so does a server restart
    open_page(page, page.url)
    expect(page.get_by_text(f"还剩 {engine.remaining(s, visit)} 分钟", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stAlertContentInfo").get_by_text(visit.steps[-1].result)).to_be_visible()
    _phone_shot(page, "practice-play-390")
    _play(page, sid, s.solution[half:], done=s.solution[:half])
    _judge(page, sid)
    expect(page.get_by_text("100 / 100")).to_be_visible()
    expect(page.get_by_text("真实状态：", exact=False)).to_be_visible()
    expect(page.locator(".chain-graph")).to_have_count(2)  # drawn on the server, painted by the browser
    with page.expect_download() as result:
        page.get_by_role("button", name="下载模拟结果（交给讲师汇总）").click()
    data = result.value.path().read_bytes()
    assert data.startswith("\ufeff模拟初访结果".encode())
    (tmp_path / "张三.csv").write_bytes(data)
    (tmp_path / "改过的.csv").write_bytes(data.replace(b"\xe5\xbe\x97\xe5\x88\x86,100", "得分,99".encode()))
    page.get_by_role("button", name="把这次拜访整理成拜访信息表").click()
    expect(page.get_by_text("练习表：江北市第二人民医院（虚构）", exact=False)).to_be_visible()
    wait_ready(page)
    expect(page.locator(".chain-graph")).to_have_count(3)
    screenshot(page, "practice-debrief-1366")
    _phone_shot(page, "practice-debrief-390")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="在拜访信息表中打开练习表", exact=False).click()
    sheet = opened.value
    wait_ready(sheet)
    expect(sheet.get_by_label("客户名称")).to_have_value("江北市第二人民医院（虚构）")
    expect(sheet.get_by_label("项目名称")).to_have_value("【练习】消毒供应中心器械追溯系统更新")
    # the homework tab is untouched: a new sheet there has no customer
    page.get_by_role("link", name="拜访信息表").first.click()
    wait_ready(page)
    expect(page.get_by_label("客户名称")).to_have_value("")
    # the trainer's roll-up takes the result file and tells the edited copy apart
    open_page(page, f"{app_url}/rollup")
    page.get_by_role("tab", name="模拟初访结果").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").nth(2).set_input_files(
        [tmp_path / "张三.csv", tmp_path / "改过的.csv"]
    )
    expect(page.get_by_text("成功读取 2 份，失败 0 份。")).to_be_visible()
    expect(page.get_by_text("改过的.csv：签名不符", exact=False)).to_be_visible()
    expect(page.get_by_text("没有漏掉的信息。")).to_be_visible()
    wait_ready(page)
    screenshot(page, "practice-rollup-1366")


def test_the_trainer_plays_a_scenario_on_the_projector(page: Page, app_url: str) -> None:
    sid = "college-lab"
    open_page(page, f"{app_url}/demo")
    page.get_by_role("tab", name="模拟初访").click()
    _start(page, sid)
    _play(page, sid, SCENARIOS[sid].solution[:3])
    screenshot(page, "practice-projector-1366")


# Paths a hurried student might take: mistakes made, people missed (drawn dashed in the true chain).
HURRIED = {
    "factory-welding": [
        "go-equip",
        "chen-why",
        "chen-pitch",
        "chen-gift",
        "chen-refer-ma",
        "ma-ask",
        "ma-design",
        "ma-press",
        "go-office",
        "stairs-linger",
        "leave",
    ],
    "college-lab": [
        "go-info",
        "liu-why",
        "liu-when",
        "liu-overpromise",
        "liu-gift",
        "go-workshop",
        "sun-walkin",
        "sun-ask",
        "sun-money",
        "wu-dinner",
        "leave",
    ],
}


@pytest.mark.parametrize("sid", sorted(HURRIED))
def test_debrief_of_a_hurried_visit(page: Page, app_url: str, sid: str) -> None:
    """The closing note shows the three debriefs (the locked one above); these show mistakes and missed people."""
    s = SCENARIOS[sid]
    open_page(page, f"{app_url}/practice")
    _start(page, sid)
    expect(page.get_by_text("还剩 240 分钟", exact=False)).to_be_visible()
    visit = _play(page, sid, HURRIED[sid])
    _judge(page, sid)
    expect(page.get_by_role("link", name="重读第", exact=False)).to_have_count(2)
    missed = [
        p.name
        for p in s.people
        if not any(
            f.id in visit.revealed and getattr(f, "person", None) == p.id and f.kind in ("meet", "hear")
            for f in s.facts
        )
    ]
    assert missed
    expect(page.get_by_text("100 / 100")).to_have_count(0)
    screenshot(page, f"practice-debrief-{sid}-1366")
