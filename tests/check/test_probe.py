"""The prober over real loopback sockets: net errors as the page sees them, --resolve, body cap."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

import corsdoctor
from corsdoctor.engine import InputError
from corsdoctor.lab import Lab, LabThread
from corsdoctor.probe import ProbeOptions, ResolveRule, sec_fetch_site

PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _verdict(result: corsdoctor.api.CheckResult):  # type: ignore[name-defined,no-untyped-def]
    return result.results[0].outcome("chromium").verdict


def test_connection_refused_is_status_0_and_exit_2() -> None:
    port = _free_port()
    result = corsdoctor.check(f"http://127.0.0.1:{port}/", PAGE)
    verdict = _verdict(result)
    assert verdict.failure.net_error == "net::ERR_CONNECTION_REFUSED"
    assert verdict.status == 0 and verdict.code == "CORS601"
    assert verdict.message("chromium") == "Failed to load resource: net::ERR_CONNECTION_REFUSED"
    assert result.exit_code() == 2
    assert len(result.steps) == 1, "no extra probes against a dead server"


def test_restricted_port_is_unsafe_port() -> None:
    assert _verdict(corsdoctor.check("http://127.0.0.1:9/", PAGE)).failure.net_error == "net::ERR_UNSAFE_PORT"


@pytest.fixture()
def silent_server() -> Iterator[tuple[int, str]]:
    """Accepts connections; 'hang' never answers, 'close' closes at once, 'big' sends 1 MB."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    mode = {"value": "hang"}
    conns: list[socket.socket] = []
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            conns.append(conn)
            if mode["value"] == "close":
                conn.recv(65536)
                conn.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    yield port, mode  # type: ignore[misc]
    stop.set()
    thread.join()
    for conn in conns:
        conn.close()
    listener.close()


def test_timeout(silent_server: tuple[int, dict[str, str]]) -> None:
    port, _ = silent_server
    result = corsdoctor.check(f"http://127.0.0.1:{port}/", PAGE, timeout=0.3)
    assert _verdict(result).failure.net_error == "net::ERR_TIMED_OUT"
    assert _verdict(result).code == "CORS904" and result.exit_code() == 2


def test_empty_response(silent_server: tuple[int, dict[str, str]]) -> None:
    port, mode = silent_server
    mode["value"] = "close"  # type: ignore[index]
    result = corsdoctor.check(f"http://127.0.0.1:{port}/", PAGE, timeout=2)
    assert _verdict(result).failure.net_error == "net::ERR_EMPTY_RESPONSE"


class _Big(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"x" * 1_000_000
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_body_is_capped() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Big)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = corsdoctor.check(f"http://127.0.0.1:{server.server_port}/", PAGE, extra_checks=False)
    finally:
        server.shutdown()
        server.server_close()
    record = result.steps[0].record
    assert record.body_truncated and record.body_read == ProbeOptions().body_cap
    assert _verdict(result).allowed


def test_resolve_connects_to_address_and_keeps_host(lab: Lab) -> None:
    port = int(lab.urls["app"].rsplit(":", 1)[1])
    url = f"http://api.corsdoctor.test:{port}/ok/simple"
    result = corsdoctor.check(url, PAGE, resolve=[f"api.corsdoctor.test:{port}:127.0.0.1"])
    assert _verdict(result).allowed
    assert dict(result.steps[0].record.request_headers)["Host"] == f"api.corsdoctor.test:{port}"
    assert f"--resolve api.corsdoctor.test:{port}:127.0.0.1" in result.steps[0].curl


def test_resolve_rule_parsing() -> None:
    assert ResolveRule.parse("example.com:443:10.0.0.1") == ResolveRule(
        host="example.com", port=443, address="10.0.0.1"
    )
    assert ResolveRule.parse("[::1]:8080:[::1]").address == "::1"
    for bad in ("example.com", "example.com:x:1.2.3.4", "example.com:70000:1.2.3.4"):
        with pytest.raises(InputError):
            ResolveRule.parse(bad)


def test_asgi_transport_seam() -> None:
    from starlette.applications import Starlette
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    app = Starlette(routes=[Route("/x", lambda r: PlainTextResponse("hi"))])
    app.add_middleware(CORSMiddleware, allow_origins=[PAGE])
    result = asyncio.run(corsdoctor.acheck("http://api.test/x", PAGE, transport=httpx.ASGITransport(app)))
    assert _verdict(result).allowed and result.exit_code() == 0


def test_check_inside_running_loop(lab: Lab) -> None:
    async def inner() -> bool:
        return _verdict(corsdoctor.check(lab.urls["app"] + "/ok/simple", PAGE)).allowed

    assert asyncio.run(inner())


@pytest.mark.parametrize(
    ("origin", "url", "site"),
    [
        ("http://localhost:3000", "http://localhost:8000/x", "same-site"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000/x", "same-origin"),
        ("https://app.example.com", "https://api.example.com/x", "same-site"),
        ("http://app.example.com", "https://api.example.com/x", "cross-site"),
        ("https://app.example.com", "https://api.other.test/x", "cross-site"),
        ("null", "https://api.example.com/x", "cross-site"),
        # The Public Suffix List decides the site: github.io and co.uk are public suffixes.
        ("https://alice.github.io", "https://bob.github.io/x", "cross-site"),
        ("https://app.example.co.uk", "https://api.example.co.uk/x", "same-site"),
        ("https://app.example.co.uk", "https://evil.co.uk/x", "cross-site"),
        ("https://app.example.com", "https://app.example.com:443/x", "same-origin"),  # default port
        ("http://[::1]:3000", "http://[::1]:8000/x", "same-site"),
    ],
)
def test_sec_fetch_site(origin: str, url: str, site: str) -> None:
    assert sec_fetch_site(origin, url) == site


def test_dns_failure_is_name_not_resolved_and_exit_2() -> None:
    """What the resolver raises (socket.gaierror inside httpx.ConnectError) is the page's
    net::ERR_NAME_NOT_RESOLVED; through the transport seam, so no DNS query leaves the machine."""

    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    result = corsdoctor.check("https://api.corsdoctor.invalid/items", PAGE, transport=httpx.MockTransport(handler))
    verdict = _verdict(result)
    assert verdict.failure.net_error == "net::ERR_NAME_NOT_RESOLVED" and verdict.status == 0
    assert verdict.message("chromium") == "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"
    assert result.exit_code() == 2 and result.inconclusive
