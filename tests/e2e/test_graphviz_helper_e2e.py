"""A real server draws the chain through its Graphviz helper, and the helper goes when the server goes."""

import time
from pathlib import Path

from conftest import Server, open_page, wait_ready
from playwright.sync_api import Page, expect


def _helpers_of(pid: int) -> list[int]:
    """The server's Graphviz helper processes (python -m worksheets.graphviz_helper), by parent pid."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"worksheets.graphviz_helper" in cmdline:
            found.append(int(proc.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_picture_comes_from_the_helper_and_it_stops_with_the_server(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/files")
    page.get_by_role("button", name="载入示例（国网案例）").click()
    page.get_by_role("button", name="确定载入示例").click()
    wait_ready(page)
    open_page(page, f"{server.url}/chain?{page.url.split('?', 1)[1]}")
    expect(page.get_by_role("img", name="决策链图")).to_be_visible(timeout=30_000)
    [helper] = _helpers_of(server.proc.pid)  # one helper per server, started by the first picture
    server.kill()  # as a crash would: SIGKILL, nothing runs in the server to stop the helper
    deadline = time.monotonic() + 10
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert not _alive(helper), "the helper outlived its server"
    finally:
        server.start()  # the session's other tests use the same server
