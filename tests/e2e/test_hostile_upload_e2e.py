"""A trainer's roll-up of every worst-case file does not stall a student's editing in another session."""

from __future__ import annotations

import re
import time

from conftest import open_page, wait_ready
from playwright.sync_api import Browser, expect

from benchmarks.hostile_corpus import CASES

SETTLE_LIMIT_S = 5.0  # an edit's rerun on a 2-core machine shared with other jobs; alone it takes ~0.3 s


def test_student_edits_settle_while_worst_case_files_are_rolled_up(
    browser: Browser, browser_context_args: dict, app_url: str
) -> None:
    trainer = browser.new_context(**browser_context_args).new_page()
    student = browser.new_context(**browser_context_args).new_page()
    open_page(student, f"{app_url}/sheet")
    open_page(trainer, f"{app_url}/rollup")
    files = [{"name": c.name, "mimeType": "application/octet-stream", "buffer": c.build()} for c in CASES]
    accepted = sum(c.expect == "accept" for c in CASES)

    trainer.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(files)
    started = time.monotonic()
    settle: list[float] = []
    overlapped = 0
    # Several accepted files hold the same sheet (encodings, line ends of one example): those count once.
    counted = re.compile(rf"成功读取 (\d+) 份，失败 {len(CASES) - accepted} 份(?:，重复 (\d+) 份（只计一次）)?。")
    summary = trainer.get_by_text(counted)
    for n in range(30):
        busy = trainer.get_by_test_id("stApp").get_attribute("data-test-script-state") == "running"
        box = student.get_by_label("客户名称", exact=True)
        begin = time.monotonic()
        box.fill(f"并发客户{n}")
        box.press("Tab")
        wait_ready(student)
        settle.append(time.monotonic() - begin)
        overlapped += busy
        if summary.count() and n >= 4:
            break
    expect(summary).to_be_visible(timeout=120_000)
    kept, repeated = counted.search(summary.inner_text()).groups()
    assert int(kept) >= 1 and int(kept) + int(repeated or 0) == accepted
    rolled_up = time.monotonic() - started
    print(
        f"\nroll-up of {len(CASES)} worst-case files: {rolled_up:.1f} s; student edits: "
        f"{len(settle)} ({overlapped} while the roll-up ran), slowest {max(settle):.2f} s, "
        f"median {sorted(settle)[len(settle) // 2]:.2f} s"
    )
    assert overlapped >= 1, "no edit happened while the roll-up ran: the test proved nothing"
    assert max(settle) < SETTLE_LIMIT_S
    expect(student.get_by_label("客户名称", exact=True)).to_have_value(f"并发客户{len(settle) - 1}")
    student.reload()
    wait_ready(student)
    expect(student.get_by_label("客户名称", exact=True)).to_have_value(f"并发客户{len(settle) - 1}")  # saved
    expect(trainer.get_by_test_id("stException")).to_have_count(0)
