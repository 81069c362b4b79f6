"""Two instances behind nginx on one PostgreSQL, started by scripts/start-cluster.sh as README 部署 describes.

Which instance served is read from what nginx itself reports: the `workbook_instance` cookie and the
`X-Workbook-Instance` header it sets from $upstream_addr, and its access log (a websocket is logged, with
the instance it was proxied to, when it closes).
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DESKTOP, ROOT, wait_ready
from helpers import commit_text, draft_code
from playwright.sync_api import Browser, BrowserContext, Page, expect

from worksheets.example import example_sheet
from worksheets.files import to_csv
from worksheets.store import DraftStore

SCRIPT = ROOT / "scripts" / "start-cluster.sh"
INSTANCES = 2
COOKIE = "workbook_instance"


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_base() -> int:
    """nginx on BASE, instance K on BASE+K, a throwaway PostgreSQL on BASE+100: all must be free."""
    for _ in range(50):
        base = random.randrange(20_000, 40_000)
        if all(_port_free(base + k) for k in (0, *range(1, INSTANCES + 1), 100)):
            return base
    raise RuntimeError("no free ports for the cluster")


@dataclass
class Cluster:
    base: int
    run_dir: Path
    env: dict[str, str]
    db_url: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.base}"

    def instance(self, address: str) -> int:
        """'127.0.0.1:PORT' (cookie, header, log) → the instance number the script uses."""
        return int(address.rsplit(":", 1)[1]) - self.base

    def script(self, *args: str) -> str:
        done = subprocess.run(
            ["bash", str(SCRIPT), *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"start-cluster.sh {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout.strip()

    def access_log(self) -> str:
        path = self.run_dir / "nginx-access.log"
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx is missing: apt-get install nginx"
    base = _free_base()
    run_dir = Path(os.environ.get("WORKBOOK_TEST_CLUSTER_DIR") or f"/tmp/workbook-cluster-e2e-{base}")
    env = {
        **os.environ,
        "WORKBOOK_CLUSTER_PORT": str(base),
        "WORKBOOK_CLUSTER_DIR": str(run_dir),
        "WORKBOOK_PG_PORT": str(base + 100),
        "NGINX_WORKERS": "1",  # one round-robin counter: new browsers alternate between the instances
        "PYTHON": sys.executable,
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",
    }
    env.pop("WORKBOOK_DATA_DIR", None)
    env.pop("WORKBOOK_DB_URL", None)
    if shared := os.environ.get("WORKBOOK_TEST_PG_URL"):  # scripts/test.sh's PostgreSQL; else the script starts one
        env["WORKBOOK_DB_URL"] = shared
    cluster = Cluster(base, run_dir, env, "")
    failed_before = request.session.testsfailed
    try:
        assert cluster.script("start", str(INSTANCES)) == cluster.url
        cluster.db_url = subprocess.run(
            ["bash", "-c", f'source "{run_dir}/env" && echo "$WORKBOOK_DB_URL"'], capture_output=True, text=True
        ).stdout.strip()
        yield cluster
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], cwd=ROOT, env=env, capture_output=True, timeout=120)
        if request.session.testsfailed == failed_before:
            shutil.rmtree(run_dir, ignore_errors=True)  # kept after a failure: instance and nginx logs


@pytest.fixture(scope="module")
def store(cluster: Cluster) -> Iterator[DraftStore]:
    s = DraftStore(cluster.db_url)
    yield s
    s.dispose()


def _served_by(context: BrowserContext) -> str:
    """The instance nginx last named in this browser's cookie (it follows a fail-over)."""
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), "")


def _routed_to(context: BrowserContext, cluster: Cluster) -> str:
    """Where nginx sends this browser's requests, from the header it sets with $upstream_addr; asked a few times,
    so that round robin (no stickiness) cannot pass for it by chance."""
    seen = {
        context.request.get(f"{cluster.url}/_stcore/health").headers.get("x-workbook-instance", "") for _ in range(4)
    }
    return seen.pop() if len(seen) == 1 else f"several: {sorted(seen)}"


def _routes_back(cluster: Cluster, instance: str) -> None:
    """After a restart nginx skips the instance for fail_timeout (3 s); wait until it routes its browsers to it."""
    deadline = time.monotonic() + 30
    while True:
        request = urllib.request.Request(f"{cluster.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={instance}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            if response.headers.get("X-Workbook-Instance") == instance:
                return
        assert time.monotonic() < deadline, f"nginx never sent {instance}'s browsers back to it"
        time.sleep(0.2)


def _student(browser: Browser, cluster: Cluster, path: str = "/sheet", *, avoid: str = "", want: str = "") -> Page:
    """A new browser (own cookies) on the cluster; new ones until nginx places one as asked (bounded)."""
    deadline = time.monotonic() + 45
    while True:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        page.goto(f"{cluster.url}{path}")
        wait_ready(page)
        instance = _served_by(context)
        if instance and instance != avoid and want in ("", instance):
            assert _routed_to(context, cluster) == instance, "nginx does not follow the cookie"
            return page
        context.close()
        assert time.monotonic() < deadline, f"nginx never placed a new browser on {want or 'another instance'}"


def _saved(store: DraftStore, code: str, field: str, value: str) -> None:
    deadline = time.monotonic() + 10
    while (draft := store.load(code)) is None or getattr(draft.sheet, field) != value:
        have = getattr(draft.sheet, field) if draft else "no draft"
        assert time.monotonic() < deadline, f"{field}={value!r} never reached the database (it has {have!r})"
        time.sleep(0.2)


def test_two_students_on_different_instances_never_see_each_others_draft(
    browser: Browser, cluster: Cluster, store: DraftStore
) -> None:
    first = _student(browser, cluster)
    second = _student(browser, cluster, avoid=_served_by(first.context))
    commit_text(first, "客户名称", "学员甲的客户")
    commit_text(second, "客户名称", "学员乙的客户")
    assert draft_code(first) != draft_code(second)
    for page, mine, theirs in ((first, "学员甲的客户", "学员乙的客户"), (second, "学员乙的客户", "学员甲的客户")):
        page.reload()
        wait_ready(page)
        expect(page.get_by_label("客户名称", exact=True)).to_have_value(mine, timeout=30_000)
        expect(page.get_by_text(theirs)).to_have_count(0)
        _saved(store, draft_code(page), "customer", mine)
    first.context.close()
    second.context.close()


def test_an_upload_reaches_the_instance_that_holds_the_session(browser: Browser, cluster: Cluster) -> None:
    page = _student(browser, cluster, "/files")
    instance = _served_by(page.context)
    sheet = example_sheet().model_copy(update={"customer": "经均衡器上传的客户"})
    with page.expect_response(lambda r: "/_stcore/upload_file/" in r.url) as upload:
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            {"name": "上传.csv", "mimeType": "text/csv", "buffer": to_csv(sheet)}
        )
    assert upload.value.ok, f"upload answered {upload.value.status}"
    assert upload.value.headers["x-workbook-instance"] == instance
    expect(page.get_by_text(f"已读取：经均衡器上传的客户，{len(sheet.people)} 位决策链人员。")).to_be_visible(
        timeout=30_000
    )
    page.get_by_role("button", name="用导入的内容替换当前表").click()
    wait_ready(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="拜访信息表", exact=True).click()
    wait_ready(page)
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("经均衡器上传的客户", timeout=30_000)
    page.context.close()


def test_instance_killed_mid_edit_browser_moves_on_and_the_instance_comes_back(
    browser: Browser, cluster: Cluster, store: DraftStore
) -> None:
    page = _student(browser, cluster)
    dying = _served_by(page.context)
    commit_text(page, "客户名称", "故障转移电力公司")
    commit_text(page, "项目名称", "配网终端改造")
    code = draft_code(page)
    page.get_by_label("学员姓名", exact=True).fill("正在输入还没提交")  # mid-edit: typed, not committed
    cluster.script("kill", str(cluster.instance(dying)))

    # The browser reconnects by itself (no reload) and nginx hands it to the other instance.
    deadline = time.monotonic() + 45
    while _served_by(page.context) in ("", dying):
        assert time.monotonic() < deadline, "the browser was never moved to another instance"
        page.wait_for_timeout(250)
    wait_ready(page)
    survivor = _served_by(page.context)
    assert _routed_to(page.context, cluster) == survivor
    stream = [line for line in cluster.access_log().splitlines() if " /_stcore/stream 101 " in line]
    assert any(f"upstream={dying}" in line for line in stream), "the killed instance did not hold the websocket"
    assert draft_code(page) == code
    expect(page.get_by_label("客户名称", exact=True)).to_have_value("故障转移电力公司", timeout=30_000)
    expect(page.get_by_label("项目名称", exact=True)).to_have_value("配网终端改造")
    commit_text(page, "项目名称", "转移后继续填写")
    _saved(store, code, "project", "转移后继续填写")
    page.reload()
    wait_ready(page)
    assert _served_by(page.context) == survivor
    expect(page.get_by_label("项目名称", exact=True)).to_have_value("转移后继续填写", timeout=30_000)

    # Back up: it takes new browsers again, and they are served from the same database.
    cluster.script("instance", str(cluster.instance(dying)))
    _routes_back(cluster, dying)
    revived = _student(browser, cluster, f"/sheet?sheet={code}", want=dying)
    expect(revived.get_by_label("项目名称", exact=True)).to_have_value("转移后继续填写", timeout=30_000)
    commit_text(revived, "客户名称", "回来的实例也能保存")
    _saved(store, code, "customer", "回来的实例也能保存")
    assert _served_by(page.context) == survivor  # the first browser stays where it was moved
    revived.context.close()
    page.context.close()
