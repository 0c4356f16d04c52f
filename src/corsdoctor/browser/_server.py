"""A scripted loopback HTTP server: the far side of every browser scenario.

Each scenario owns the path prefix ``/s/<sid>/`` and scripts, per leaf, the answer to the CORS
preflight (an ``OPTIONS`` carrying ``Access-Control-Request-Method``) and to every other request.
Header lists keep order, casing and duplicates, so two ``Access-Control-Allow-Origin`` lines reach
the browser as two lines.  Every request is logged per scenario, which tells which requests
really reached the wire.

Measured rules this file follows (../shared/reference/chromium-oracle.md §2, §7):

* the status line, headers and body go out in **one** ``write`` — a separate body write stalls
  keep-alive requests by ~40 ms (Nagle + delayed ACK);
* a unique path per scenario defeats Chromium's preflight cache (keyed by URL);
* no ``WWW-Authenticate`` is ever added: headless Chromium would wait for a login prompt;
* ``tls=True`` serves https with a throw-away self-signed certificate (§4: Chromium accepts it
  with ``--ignore-certificate-errors``); the TLS handshake runs in the connection's own thread.
"""

from __future__ import annotations

import http
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from corsdoctor.browser._certificate import LocalCertificate

Headers = tuple[tuple[str, str], ...]

_NO_BODY_STATUSES = frozenset({204, 304})


@dataclass(frozen=True, slots=True, kw_only=True)
class ScriptedResponse:
    """One response as the server sends it.  ``delay`` holds the answer back (seconds)."""

    status: int
    headers: Headers = ()
    body: bytes = b""
    delay: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ScriptedRoute:
    """What ``/s/<sid>/<leaf>`` answers: ``preflight`` to a CORS preflight, ``response`` otherwise.

    A preflight to a route without ``preflight`` gets ``response`` (what a naive server does).
    """

    response: ScriptedResponse
    preflight: ScriptedResponse | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedRequest:
    """A request as it reached the server (header names as the browser spelled them)."""

    method: str
    path: str
    headers: Headers
    body: bytes = b""
    is_preflight: bool = False

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for n, v in self.headers if n.lower() == low), None)


_NOT_SCRIPTED = ScriptedResponse(status=404, headers=(("Content-Type", "text/plain"),), body=b"not scripted")


@dataclass(slots=True)
class _State:
    routes: dict[str, dict[str, ScriptedRoute]] = field(default_factory=dict)
    logs: dict[str, list[LoggedRequest]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def render_response(resp: ScriptedResponse, *, head: bool = False) -> bytes:
    """Serialise a response to bytes (latin-1 header text), ``Content-Length`` added when absent."""
    reason = _reason(resp.status)
    body = b"" if resp.status in _NO_BODY_STATUSES else resp.body
    lines = [f"HTTP/1.1 {resp.status} {reason}"]
    names = {n.lower() for n, _ in resp.headers}
    lines.extend(f"{n}: {v}" for n, v in resp.headers)
    if "content-length" not in names and resp.status not in _NO_BODY_STATUSES:
        lines.append(f"Content-Length: {len(body)}")
    if "connection" not in names:
        lines.append("Connection: keep-alive")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return raw if head else raw + body


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Status"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        is_preflight = self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers
        entry = LoggedRequest(
            method=self.command,
            path=self.path,
            headers=tuple((n, v) for n, v in self.headers.items()),
            body=body,
            is_preflight=is_preflight,
        )
        resp = self.server.lookup(self.path, entry)
        if resp.delay > 0:
            time.sleep(resp.delay)
        try:
            self.wfile.write(render_response(resp, head=self.command == "HEAD"))
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def __getattr__(self, name: str) -> object:
        # Every method token (PUT, PATCH, chicken, …) is served by the same handler.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: _State, tls: ssl.SSLContext | None = None) -> None:
        self.state = state
        self.tls = tls
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = super().get_request()
        if self.tls is not None:
            # The handshake happens on the first read, in the connection's thread.
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()

    def lookup(self, path: str, entry: LoggedRequest) -> ScriptedResponse:
        parts = path.split("?", 1)[0].split("/")
        # ["", "s", sid, leaf...]
        if len(parts) < 4 or parts[1] != "s":
            return _NOT_SCRIPTED
        sid, leaf = parts[2], "/".join(parts[3:])
        with self.state.lock:
            self.state.logs.setdefault(sid, []).append(entry)
            route = self.state.routes.get(sid, {}).get(leaf)
        if route is None:
            return _NOT_SCRIPTED
        if entry.is_preflight and route.preflight is not None:
            return route.preflight
        return route.response


class ScriptedServer:
    """A loopback ``ThreadingHTTPServer`` on an ephemeral port; use as a context manager.

    ``tls=True`` serves https with a fresh self-signed certificate for ``cert_hosts``.
    """

    def __init__(
        self, host: str = "127.0.0.1", *, tls: bool = False, cert_hosts: tuple[str, ...] = ()
    ) -> None:
        self._state = _State()
        self.certificate = LocalCertificate.create((*cert_hosts, "localhost", "127.0.0.1")) if tls else None
        context = self.certificate.server_context() if self.certificate is not None else None
        self._server = _Server((host, 0), self._state, context)
        self._thread: threading.Thread | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.certificate is not None else "http"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def base_url(self, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}"

    def start(self) -> ScriptedServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()
        if self.certificate is not None:
            self.certificate.remove()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, sid: str, routes: Mapping[str, ScriptedRoute]) -> None:
        """Install the routes of scenario ``sid`` (replacing earlier ones) and clear its log."""
        if "/" in sid or not sid:
            raise ValueError(f"invalid scenario id {sid!r}")
        with self._state.lock:
            self._state.routes[sid] = dict(routes)
            self._state.logs[sid] = []

    def log(self, sid: str) -> tuple[LoggedRequest, ...]:
        with self._state.lock:
            return tuple(self._state.logs.get(sid, ()))

    def forget(self, sid: str) -> None:
        with self._state.lock:
            self._state.routes.pop(sid, None)
            self._state.logs.pop(sid, None)
