"""A `streamlit run` server and simulated browser tabs that speak Streamlit's own websocket protocol.

The benchmarks measure what a student waits for: a BackMsg `rerun_script` sent, until the ForwardMsg
`script_finished` arrives. The handshake mirrors the 1.67 frontend: `/_stcore/stream`, subprotocol
"streamlit" (its 2nd/3rd entries carry an XSRF token and a session id only for auth and reconnects),
a same-origin Origin header, binary protobuf frames both ways.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
STARTUP_S = 60
COMPRESSION = os.environ.get("BENCH_WS_COMPRESSION", "deflate") or None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `streamlit run` on 127.0.0.1 with the repo's production config and its own data folder."""

    def __init__(self, script: str = "app.py", data_dir: Path | None = None, *args: str, nodelay: bool = False) -> None:
        self.script, self.args, self.nodelay = script, args, nodelay
        self._tmp = None if data_dir else tempfile.TemporaryDirectory(prefix="bench-data-")
        self.data_dir = data_dir or Path(self._tmp.name)
        self.port = _free_port()
        self.log = self.data_dir / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'drafts.sqlite3'}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def __enter__(self) -> Server:
        """Start the server and wait for /_stcore/health; the production config is read from the repo root."""
        env = {**os.environ, "WORKBOOK_DATA_DIR": str(self.data_dir)}
        env.pop("WORKBOOK_DB_URL", None)
        launcher = [str(ROOT / "scripts" / "serve.py")] if self.nodelay else ["-m", "streamlit"]
        command = [
            sys.executable,
            *launcher,
            "run",
            self.script,
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            *self.args,
        ]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"streamlit did not start within {STARTUP_S} s; see {self.log}")

    def __exit__(self, *_: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self._tmp:
            self._tmp.cleanup()

    def rss_mb(self) -> float:
        """Resident memory from /proc (psutil is not installed)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_s(self) -> float:
        """User + system CPU seconds the server has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def errors_logged(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]


@dataclass
class Run:
    """One script run as the tab saw it."""

    ms: float
    status: str  # script_finished status name, or "timeout" / "disconnected"
    exceptions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"} and not self.exceptions


class Tab:
    """One browser tab: remembers the page, query string and widget values the way the frontend does."""

    def __init__(self, ws_url: str, page: str = "", query: str = "") -> None:
        self.ws_url, self.page, self.query = ws_url, page, query
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path -> page_script_hash, from the navigation message
        self.widgets: dict[str, WidgetState] = {}  # what the tab has set; sent with every rerun
        self.labels: dict[str, str] = {}  # widget label -> element id, from the last run's deltas
        self.fragments: dict[str, str] = {}  # widget id -> id of the st.fragment drawing it ("" = none)
        self.fragment = ""  # the fragment the next rerun is for, as the frontend sends it
        self.ws: ClientConnection | None = None

    async def open(self) -> None:
        port = self.ws_url.split(":")[2].split("/")[0]
        self.ws = await connect(
            self.ws_url,
            subprotocols=["streamlit"],
            origin=f"http://127.0.0.1:{port}",
            proxy=None,
            compression=COMPRESSION,
            max_size=None,
            open_timeout=30,
        )

    async def close(self) -> None:
        if self.ws:
            await self.ws.close()

    def go(self, page: str) -> None:
        """Clicking a page link: the frontend sends the target's hash and path, without query params."""
        self.page, self.page_hash, self.query = page, self.pages.get(page, ""), ""
        self.widgets.clear()

    def type_text(self, label: str, text: str) -> None:
        state = WidgetState(id=self.labels[label], string_value=text)
        self.widgets[state.id] = state
        self.fragment = self.fragments.get(state.id, "")  # a widget in a fragment reruns only that fragment

    def choose(self, label: str, *options: str) -> None:
        """Pick options of a segmented control, pills or multiselect, by their shown text."""
        state = WidgetState(id=self.labels[label])
        state.string_array_value.data.extend(options)
        self.widgets[state.id] = state

    async def rerun(self, timeout: float = 30.0) -> Run:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string, client.page_script_hash, client.page_name = self.query, self.page_hash, self.page
        client.widget_states.widgets.extend(self.widgets.values())
        client.fragment_id = self.fragment
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        try:
            status, exceptions = await _until_finished(self, started + timeout)
        except TimeoutError:
            status, exceptions = "timeout", []
        except OSError as exc:  # the socket went away under us
            status, exceptions = "disconnected", [repr(exc)]
        except Exception as exc:  # websockets' ConnectionClosed and friends
            status, exceptions = "disconnected", [repr(exc)]
        return Run((time.perf_counter() - started) * 1000, status, exceptions)


async def _until_finished(tab: Tab, deadline: float) -> tuple[str, list[str]]:
    """Read ForwardMsgs, noting pages, query string, widget ids and exceptions, until script_finished."""
    exceptions: list[str] = []
    labels: dict[str, str] = {}
    fragment_run = bool(tab.fragment)
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError
        data = await asyncio.wait_for(tab.ws.recv(), left)
        fwd = ForwardMsg.FromString(data)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            what = element.WhichOneof("type")
            if what == "exception":
                exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
            elif what and "label" in (fields := getattr(element, what).DESCRIPTOR.fields_by_name) and "id" in fields:
                widget = getattr(element, what)
                labels[widget.label] = widget.id
                tab.fragments[widget.id] = fwd.delta.fragment_id
        elif kind == "navigation":
            tab.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            tab.page_hash = fwd.navigation.page_script_hash
        elif kind == "page_info_changed":
            tab.query = fwd.page_info_changed.query_string
        elif kind == "page_not_found":
            exceptions.append(f"page not found: {tab.page}")
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            if status == "FINISHED_EARLY_FOR_RERUN":
                continue
            tab.labels = {**tab.labels, **labels} if fragment_run else labels
            tab.fragment = ""
            return status, exceptions
