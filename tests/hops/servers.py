"""Real servers on loopback for the hop tests: a CORS app, Debian's nginx in front of it, and
broken hops (down, silent, garbage).  Every server binds 127.0.0.1 on an ephemeral port and is
stopped by its context manager."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ALLOWED = frozenset({"https://app.example", "https://admin.example"})


class CorsApp(BaseHTTPRequestHandler):
    """``/api/items`` (CORS + Vary), ``/api/novary`` (CORS, no Vary, preflights too),
    ``/api/error`` (500 with CORS).

    CORS as a typical middleware does it: an allowlisted Origin is echoed with Vary: Origin;
    preflights are answered 204 with the allowed methods and headers.  A preflight for a URL in
    ``fail_preflight`` is answered 500 without CORS headers (the app having a bad moment).
    """

    server_version = "BaseHTTP/0.6"
    protocol_version = "HTTP/1.1"
    counter = itertools.count(1)
    seen: list[tuple[str, str, str | None]] = []  # noqa: RUF012 (per-class log, reset by the fixture)
    #: (method, path, Cookie header or None) of every request.
    cookies: list[tuple[str, str, str | None]] = []  # noqa: RUF012
    fail_preflight: set[str] = set()  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:
        return

    def _cors(self, vary: bool) -> None:
        origin = self.headers.get("Origin")
        if vary:
            self.send_header("Vary", "Origin")
        if origin in ALLOWED:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Access-Control-Expose-Headers", "X-Request-Id")

    def _finish(
        self,
        status: int,
        body: bytes,
        vary: bool = True,
        content_type: str = "application/json",
        cors: bool = True,
    ) -> None:
        self.send_response(status)
        if cors:
            self._cors(vary)
        self.send_header("X-Request-Id", f"req-{next(self.counter)}")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _record(self) -> None:
        type(self).seen.append((self.command, self.path, self.headers.get("Origin")))
        type(self).cookies.append((self.command, self.path, self.headers.get("Cookie")))

    def do_OPTIONS(self) -> None:
        self._record()
        if self.path in self.fail_preflight:
            self._finish(500, b"upstream not ready", vary=False, content_type="text/plain", cors=False)
            return
        self.send_response(204)
        self._cors(vary=not self.path.split("?", 1)[0].endswith("/novary"))
        if self.headers.get("Origin") in ALLOWED:
            self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE")
            self.send_header("Access-Control-Allow-Headers", "content-type, x-api-key")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("X-Request-Id", f"req-{next(self.counter)}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._record()
        path = self.path.split("?", 1)[0]
        if path.endswith("/error"):
            self._finish(500, json.dumps({"error": "boom"}).encode())
        elif path.endswith("/novary"):
            self._finish(200, b'{"items": []}', vary=False)
        else:
            self._finish(200, b'{"items": [1, 2, 3]}')

    do_PUT = do_GET
    do_HEAD = do_GET


@contextmanager
def cors_app() -> Iterator[int]:
    CorsApp.seen = []
    CorsApp.cookies = []
    CorsApp.fail_preflight = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), CorsApp)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("nginx did not start listening")


NGINX_CONF = """
worker_processes 1;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    proxy_cache_path {tmp}/cache levels=1 keys_zone=hops:1m inactive=10m;
{servers}
}}
"""


@contextmanager
def nginx(servers: str, ports: list[int]) -> Iterator[Path]:
    """Run Debian's nginx with ``servers`` (server blocks) in the foreground; ``ports`` are awaited."""
    tmp = Path(tempfile.mkdtemp(prefix="corsdoctor-hops-nginx-"))
    tmp.chmod(0o755)  # run as root, nginx's workers are 'nobody': they must reach the cache dir
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, servers=servers))
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(conf), "-g", f"daemon off; pid {tmp}/nginx.pid;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "LC_ALL": "C"},
    )
    try:
        for port in ports:
            _wait_listening(port, proc, tmp / "error.log")
        yield tmp
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stderr is not None:
            proc.stderr.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def broken_server(mode: str) -> Iterator[int]:
    """``silent``: accepts and never answers; ``garbage``: answers bytes that are not HTTP."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()
    conns: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            conns.append(conn)
            if mode == "garbage":
                try:
                    conn.recv(65536)
                    conn.sendall(b"\x16\x03\x01 this is not HTTP at all\r\n\r\n")
                except OSError:
                    pass
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in conns:
            conn.close()
        listener.close()


class HalfBroken(CorsApp):
    """Answers preflights as :class:`CorsApp` does, then breaks on the actual request: ``hang``
    (never answers) or ``garbage`` (a status line that is not HTTP).  ``actual_requests`` counts
    the actual requests it received."""

    mode = "hang"
    actual_requests = 0

    def do_PUT(self) -> None:
        type(self).actual_requests += 1
        if self.mode == "garbage":
            self.wfile.write(b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok")
            self.close_connection = True
            return
        time.sleep(5)
        self.close_connection = True

    do_GET = do_PUT


@contextmanager
def half_broken(mode: str) -> Iterator[tuple[int, type[HalfBroken]]]:
    handler: type[HalfBroken] = type("HalfBrokenServer", (HalfBroken,), {"mode": mode, "actual_requests": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
