"""Run Streamlit with TCP_NODELAY on every browser connection: `python scripts/serve.py run app.py`.

Streamlit 1.67 binds its listening socket without proto=IPPROTO_TCP, so asyncio skips TCP_NODELAY on the
connections it accepts; Nagle's algorithm and the browser's delayed ACK then hold the later messages of each
run for ~40 ms (measured in benchmarks/bench_pages.py). This launcher turns TCP_NODELAY on for TCP sockets.
"""

import asyncio.base_events
import socket
import sys

from streamlit.web.cli import main


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


if __name__ == "__main__":
    asyncio.base_events._set_nodelay = _set_nodelay
    sys.argv[0] = "streamlit"
    sys.exit(main())
