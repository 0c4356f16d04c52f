"""Hostile servers: redirect loops, resets, garbage and slow answers are diagnosed as what the page
would see (status 0, the net::ERR_ name), exit 2, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

ORIGIN = "https://app.example"
pytestmark = pytest.mark.slow


def _serve(conn: socket.socket) -> None:
    try:
        head = conn.recv(65536).decode("latin-1")
        path = head.split(" ")[1] if head.count(" ") >= 2 else "/"
        if path.startswith("/loop"):
            conn.sendall(
                b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nAccess-Control-Allow-Origin: https://app.example\r\n"
                b"Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
        elif path.startswith("/reset"):
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        elif path.startswith("/garbage"):
            conn.sendall(b"\x00\x01 this is not HTTP\r\n\r\n")
        elif path.startswith("/slow"):
            time.sleep(3)
    except OSError:
        pass
    finally:
        conn.close()


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=_serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    server.close()


@pytest.mark.parametrize(
    ("path", "net_error"),
    [
        ("/loop", "net::ERR_TOO_MANY_REDIRECTS"),
        ("/reset", "net::ERR_CONNECTION_RESET"),
        ("/garbage", "net::ERR_INVALID_HTTP_RESPONSE"),
        ("/slow", "net::ERR_TIMED_OUT"),
    ],
)
def test_hostile_server_is_exit_2_with_the_net_error(hostile: str, path: str, net_error: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "corsdoctor", "check", hostile + path, "--origin", ORIGIN, "--timeout", "1",
         "--no-extra-checks"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert net_error in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
