"""A full self-test round in the browser: feedback after each answer, the score, the review of misses."""

from conftest import open_page, wait_ready
from playwright.sync_api import Page, expect

from course.loader import load_course
from course.selftest import percent_of

BANK = load_course().selftest
MISSED = 3  # the last three questions are answered wrongly on purpose


def _question_on_screen(prompt: str, options: list[str]):
    """The bank question shown: options are shuffled and shared by several questions, so the prompt decides."""
    found = [
        q
        for q in BANK.questions
        if {o.text for o in q.options} == set(options) and q.prompt.splitlines()[0][:16] in prompt
    ]
    assert len(found) == 1, (prompt, options)
    return found[0]


def test_full_round_scores_and_reviews(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/selftest")
    expect(page.get_by_text("你还没有做过自测。")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="开始一轮自测（10 题）").click()

    for n in range(1, 11):
        expect(page.get_by_text(f"第 {n} 题")).to_be_visible(timeout=30_000)
        wait_ready(page)
        choices = page.get_by_role("radiogroup", name="选项", exact=True)
        expect(choices.get_by_test_id("stRadioOption").first).to_be_enabled()
        options = [t.strip() for t in choices.get_by_test_id("stRadioOption").all_inner_texts()]
        prompt = page.get_by_test_id("stMarkdownContainer").filter(has_text=f"第 {n} 题").inner_text()
        question = _question_on_screen(prompt, options)
        right = question.options[question.correct_index].text
        pick = right if n <= 10 - MISSED else next(o.text for o in question.options if not o.correct)
        choices.get_by_text(pick, exact=True).click()
        marked = page.get_by_role("listitem")
        if pick == right:
            expect(page.get_by_text("回答正确。", exact=False)).to_be_visible(timeout=30_000)
            expect(marked.filter(has_text="你的选择（正确）：" + right)).to_be_visible()
        else:
            expect(marked.filter(has_text="你的选择：" + pick)).to_be_visible(timeout=30_000)
            expect(marked.filter(has_text="正确答案：" + right)).to_be_visible()
        expect(choices).to_have_count(0)  # the first answer is final: nothing left to click
        page.get_by_role("button", name="查看结果 →" if n == 10 else "下一题 →").click()

    percent = percent_of(10 - MISSED, 10)
    expect(page.get_by_role("heading", name=f"本轮得分：{percent} 分（{10 - MISSED}/10）")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("heading", name="错题回顾")).to_be_visible()
    expect(page.get_by_role("link", name="回到第", exact=False)).to_have_count(MISSED)
    expect(page.get_by_text("全部答对！")).to_have_count(0)
    expect(page.get_by_text(f"自测最佳 {percent} 分")).to_be_visible()
    with page.expect_download() as result:
        page.get_by_role("button", name="下载本轮结果（CSV，交给讲师）").click()
    assert result.value.path().read_bytes().startswith(b"\xef\xbb\xbf")
