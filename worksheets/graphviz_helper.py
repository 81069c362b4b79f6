"""A helper process that draws the chain's pictures without starting Graphviz twice for each one.

Each picture takes two Graphviz passes (worksheets.chain), and starting the `dot` and `neato` programs costs
10–15 ms each (plugins, fontconfig) before any layout: a name edit on step ③ waited ~30 ms, and more on a
busy machine, for program starts. The helper loads libgvc and the fonts once (worksheets.graphviz_lib), then
forks a child per picture, so every picture is drawn by a pristine copy that only lays it out (~5 ms).

A crash or a hang hurts only the child (or the helper, which is then restarted); the server never loads
libgvc itself. Anything unusual (the helper busy with another session, no libgvc, an error) hands the
picture back to the one-shot programs, which give the messages they always gave; only the deadline is final.

Protocol on the helper's stdin/stdout: request `b"<len grid> <len tail>\\n" + grid + tail`; reply
`b"OK <len>\\n" + svg` or `b"NO 0\\n"` (draw it one-shot instead).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RETRY_S = 60.0  # after a helper failed to start, draw with the programs this long before trying again


class HelperTimeout(RuntimeError):
    """The picture was not finished by its deadline; the helper was stopped."""


# --- the helper process ------------------------------------------------------------------------------------


def _read_exact(stream, n: int) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise EOFError
    return data


def _child(library, grid: bytes, tail: bytes, out: int) -> None:
    try:
        svg = library.two_pass(grid, tail)
        os.write(out, b"OK %d\n" % len(svg))
        view = memoryview(svg)
        while view:
            view = view[os.write(out, view) :]
        os._exit(0)
    except BaseException:  # any refusal: the one-shot programs will say what is wrong
        os._exit(1)


def _draw(library, grid: bytes, tail: bytes) -> bytes:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(library, grid, tail, write_end)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb") as reply:
        while chunk := reply.read(1 << 16):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    head, _, svg = data.partition(b"\n")
    if status != 0 or not head.startswith(b"OK ") or int(head[3:]) != len(svg):
        return b"NO 0\n"
    return head + b"\n" + svg


def serve() -> None:
    from worksheets.graphviz_lib import Library

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        library = Library()
    except OSError:
        library = None
    stdout.write(b"READY\n" if library else b"NOLIB\n")
    stdout.flush()
    if library is None:
        return
    while True:
        try:
            sizes = stdin.readline()
            if not sizes:
                return  # the server went away
            grid_len, tail_len = (int(n) for n in sizes.split())
            grid, tail = _read_exact(stdin, grid_len), _read_exact(stdin, tail_len)
        except (EOFError, ValueError):
            return
        stdout.write(_draw(library, grid, tail))
        stdout.flush()


# --- the server's side ---------------------------------------------------------------------------------------


class _Client:
    """The helper as seen from one server process: started on first use, restarted when it dies or hangs."""

    command = (sys.executable, "-m", "worksheets.graphviz_helper")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.retry_at = 0.0  # monotonic time before which no helper is started (after a failed start)

    def stop(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the helper and a child it may be waiting for
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe:
                    pipe.close()
        self.proc = None

    def _wait(self, fd: int, event: int, deadline: float) -> None:
        """Until `fd` is ready for `event` (poll, not select: a busy server's descriptors pass 1024)."""
        poller = select.poll()
        poller.register(fd, event)
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(left * 1000):
            raise HelperTimeout

    def _write(self, data: bytes, deadline: float) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        fd, view = self.proc.stdin.fileno(), memoryview(data)
        while view:
            self._wait(fd, select.POLLOUT, deadline)
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                continue

    def _reply_line(self, deadline: float) -> bytes:
        """One line from the helper, waiting no longer than the deadline."""
        assert self.proc is not None and self.proc.stdout is not None
        fd, line = self.proc.stdout.fileno(), bytearray()
        while not line.endswith(b"\n"):
            self._wait(fd, select.POLLIN, deadline)
            byte = os.read(fd, 1)
            if not byte:
                raise EOFError
            line += byte
        return bytes(line)

    def _read(self, n: int, deadline: float) -> bytes:
        assert self.proc is not None and self.proc.stdout is not None
        fd, data = self.proc.stdout.fileno(), bytearray()
        while len(data) < n:
            self._wait(fd, select.POLLIN, deadline)
            chunk = os.read(fd, n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def _ready(self, deadline: float) -> bool:
        if self.proc is not None and self.proc.poll() is None:
            return True
        self.stop()
        if time.monotonic() < self.retry_at:
            return False
        self.proc = subprocess.Popen(
            self.command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # Graphviz's own warnings; the one-shot run reports real errors
            start_new_session=True,
        )
        os.set_blocking(self.proc.stdin.fileno(), False)
        try:
            greeting = self._reply_line(deadline)
        except EOFError:
            greeting = b""
        if greeting != b"READY\n":
            self.stop()
            # No libgvc here (NOLIB), or the helper died on its way up: the programs draw every picture for a
            # while, rather than paying a failed start on each one.
            self.retry_at = time.monotonic() + (float("inf") if greeting == b"NOLIB\n" else RETRY_S)
            return False
        return True

    def draw(self, grid: bytes, tail: bytes, deadline: float) -> bytes | None:
        try:
            if not self._ready(deadline):
                return None
            self._write(b"%d %d\n" % (len(grid), len(tail)) + grid + tail, deadline)
            head = self._reply_line(deadline)
            size = int(head.split()[1])
            svg = self._read(size, deadline)
        except HelperTimeout:
            self.stop()
            raise
        except (OSError, EOFError, ValueError, IndexError):
            self.stop()
            return None
        return svg if head.startswith(b"OK ") else None


_CLIENT = _Client()


def draw(grid: bytes, tail: bytes, deadline: float) -> bytes | None:
    """The chain's SVG from the helper, or None: draw it with the programs instead (the helper is busy with
    another session, has no libgvc, or could not draw this one). Raises HelperTimeout at the deadline."""
    if os.environ.get("WORKBOOK_GRAPHVIZ_HELPER", "on") == "off" or not _CLIENT.lock.acquire(blocking=False):
        return None
    try:
        return _CLIENT.draw(grid, tail, deadline)
    finally:
        _CLIENT.lock.release()


@atexit.register
def stop() -> None:
    with _CLIENT.lock:
        _CLIENT.stop()
        _CLIENT.retry_at = 0.0


if __name__ == "__main__":
    serve()
