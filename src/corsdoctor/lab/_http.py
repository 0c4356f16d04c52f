"""A small asyncio HTTP/1.1 server on h11 (already an httpx dependency) for the lab.

Each response goes out in one ``write`` (status line, headers and body together) with
TCP_NODELAY, so keep-alive requests do not stall on Nagle/delayed ACK (chromium-oracle.md §7.1).
Header lists are written as given: order, casing and duplicates (two ACAO lines) survive.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus

import h11

from corsdoctor.engine import HeaderList


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpRequest:
    method: str
    target: str
    headers: HeaderList
    body: bytes
    #: ``scheme://host:port`` this listener is reached at.
    base: str

    def header(self, name: str) -> str | None:
        lower = name.lower()
        values = [v for n, v in self.headers if n.lower() == lower]
        return ", ".join(values) if values else None


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpResponse:
    status: int
    headers: HeaderList = ()
    body: bytes = b""


Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]


def _reason(status: int) -> bytes:
    try:
        return HTTPStatus(status).phrase.encode("ascii")
    except ValueError:
        return b""


def _encode(conn: h11.Connection, request: HttpRequest, response: HttpResponse) -> bytes:
    no_body = response.status in (204, 304) or 100 <= response.status < 200
    body = b"" if no_body or request.method == "HEAD" else response.body
    headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in response.headers]
    if not no_body:
        headers.append((b"Content-Length", str(len(response.body)).encode()))
    out = conn.send(
        h11.Response(status_code=response.status, headers=headers, reason=_reason(response.status))
    )
    out = out or b""
    if body:
        out += conn.send(h11.Data(data=body)) or b""
    out += conn.send(h11.EndOfMessage()) or b""
    return out


async def _next(conn: h11.Connection, reader: asyncio.StreamReader) -> object:
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        conn.receive_data(await reader.read(65536))


async def _serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, handler: Handler, base: str
) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn = h11.Connection(h11.SERVER)
    try:
        while True:
            event = await _next(conn, reader)
            if not isinstance(event, h11.Request):
                break
            body = b""
            while True:
                part = await _next(conn, reader)
                if isinstance(part, h11.Data):
                    body += bytes(part.data)
                elif isinstance(part, h11.EndOfMessage):
                    break
                else:
                    return
            request = HttpRequest(
                method=event.method.decode("ascii"),
                target=event.target.decode("latin-1"),
                headers=tuple(
                    (n.decode("latin-1"), v.decode("latin-1")) for n, v in event.headers.raw_items()
                ),
                body=body,
                base=base,
            )
            try:
                response = await handler(request)
            except Exception as exc:  # a lab bug must not look like a CORS verdict
                response = HttpResponse(status=599, body=f"lab handler failed: {exc!r}".encode())
            writer.write(_encode(conn, request, response))
            await writer.drain()
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                break
            conn.start_next_cycle()
    except (h11.RemoteProtocolError, h11.LocalProtocolError, ConnectionError, asyncio.IncompleteReadError):
        pass
    except asyncio.CancelledError:  # the lab is stopping; the connection just ends
        pass
    finally:
        writer.close()


async def start_listener(handler: Handler, host: str, port: int) -> tuple[asyncio.Server, str]:
    """Listen on ``host:port`` (0 = ephemeral); return the server and its base URL."""
    holder: list[str] = []

    async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _serve_connection(reader, writer, handler, holder[0])

    server = await asyncio.start_server(on_connection, host, port, reuse_address=True, backlog=512)
    bound = server.sockets[0].getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    holder.append(f"http://{shown}:{bound[1]}")
    return server, holder[0]
