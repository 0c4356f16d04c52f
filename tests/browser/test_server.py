"""The scripted server over real loopback sockets (raw bytes, so duplicates stay visible)."""

from __future__ import annotations

import socket

from corsdoctor.browser import ScriptedResponse, ScriptedRoute, ScriptedServer
from corsdoctor.browser._server import render_response


def _raw(port: int, request: bytes) -> bytes:
    """Send raw request bytes; read the raw response up to its Content-Length."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            body += sock.recv(65536)
        return head + b"\r\n\r\n" + body


def test_duplicate_headers_preflight_routing_and_log() -> None:
    acao = ("Access-Control-Allow-Origin", "http://a.test")
    with ScriptedServer() as srv:
        srv.script(
            "abc",
            {
                "0": ScriptedRoute(
                    preflight=ScriptedResponse(
                        status=204, headers=(acao, ("Access-Control-Allow-Methods", "PUT"))
                    ),
                    response=ScriptedResponse(status=200, headers=(acao, acao), body=b"ok"),
                )
            },
        )
        pre = _raw(
            srv.port,
            b"OPTIONS /s/abc/0 HTTP/1.1\r\nHost: x\r\nOrigin: http://a.test\r\n"
            b"Access-Control-Request-Method: PUT\r\n\r\n",
        )
        actual = _raw(srv.port, b"GET /s/abc/0 HTTP/1.1\r\nHost: x\r\nOrigin: http://a.test\r\n\r\n")
        other = _raw(srv.port, b"GET /s/zzz/0 HTTP/1.1\r\nHost: x\r\n\r\n")
        log = srv.log("abc")
    assert pre.startswith(b"HTTP/1.1 204 No Content\r\n")
    assert b"Access-Control-Allow-Methods: PUT" in pre
    assert actual.startswith(b"HTTP/1.1 200 OK\r\n")
    assert actual.count(b"Access-Control-Allow-Origin: http://a.test\r\n") == 2
    assert actual.endswith(b"\r\n\r\nok")
    assert other.startswith(b"HTTP/1.1 404")
    assert [(e.method, e.is_preflight) for e in log] == [("OPTIONS", True), ("GET", False)]
    assert log[1].header("origin") == "http://a.test"


def test_render_is_one_buffer_with_length() -> None:
    raw = render_response(ScriptedResponse(status=299, headers=(("X-A", " padded "),), body=b"abc"))
    assert (
        raw
        == b"HTTP/1.1 299 Status\r\nX-A:  padded \r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc"
    )
    assert b"Content-Length" not in render_response(ScriptedResponse(status=204))
