"""The lab: the endpoint table served on loopback, plus the hops that cause trouble in real life.

Listeners (all on ``host``; ``port`` picks the main one, the others are ephemeral):

* ``app``: every endpoint of :data:`ENDPOINTS`.
* ``alt``: the same app on another port, i.e. another origin (a cross-origin redirect target).
* ``proxy``: a reverse proxy forwarding to ``app`` over HTTP; it strips
  ``Access-Control-Allow-Origin`` from ``/proxy-strips-acao`` and adds its own to
  ``/duplicate-acao`` (two owners of the header).
* ``cache``: a shared cache in front of ``app`` that keys on the URL only and ignores
  ``Vary: Origin``, so the second origin gets the first origin's answer.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from corsdoctor.lab._endpoints import Endpoint, Reply, find
from corsdoctor.lab._http import HttpRequest, HttpResponse, start_listener

_SERVER = ("Server", "corsdoctor-lab")
_STRIP = "/proxy-strips-acao"
_DUP = "/duplicate-acao"


def _render(reply: Reply, request: HttpRequest, endpoint: Endpoint, alt: str) -> HttpResponse:
    origin = request.header("origin")
    allowed = origin is not None and (endpoint.allow is None or origin in endpoint.allow)
    headers = [_SERVER]
    for name, value in reply.headers:
        if "{origin}" in value:
            if not allowed or origin is None:
                continue
            value = value.replace("{origin}", origin)
        headers.append((name, value.replace("{base}", request.base).replace("{alt}", alt)))
    return HttpResponse(status=reply.status, headers=tuple(headers), body=reply.body.encode())


@dataclass(slots=True)
class _CacheEntry:
    response: HttpResponse
    stored: float


@dataclass(slots=True)
class Lab:
    """The running lab (use ``async with Lab(...)`` or :class:`LabThread`)."""

    host: str = "127.0.0.1"
    port: int = 0
    urls: dict[str, str] = field(default_factory=dict)
    _servers: list[asyncio.Server] = field(default_factory=list)
    _client: httpx.AsyncClient | None = None
    _cache: dict[tuple[str, str], _CacheEntry] = field(default_factory=dict)
    requests: int = 0

    # --- handlers ----------------------------------------------------------------------------------

    async def app(self, request: HttpRequest) -> HttpResponse:
        self.requests += 1
        path = urlsplit(request.target).path
        found = find(path)
        if found is None:
            return HttpResponse(status=404, headers=(_SERVER,), body=b"no such lab endpoint\n")
        endpoint, below = found
        is_preflight = (
            request.method == "OPTIONS" and request.header("access-control-request-method") is not None
        )
        if below:
            reply = endpoint.errors or Reply(status=404, headers=endpoint.actual.headers, body="not found\n")
        elif is_preflight:
            reply = endpoint.preflight or Reply(status=404, body="not found\n")
        else:
            reply = endpoint.actual
        return _render(reply, request, endpoint, self.urls.get("alt", request.base))

    async def _forward(self, request: HttpRequest) -> HttpResponse:
        assert self._client is not None
        hop = {"host", "connection", "content-length", "transfer-encoding", "keep-alive"}
        headers = [(n, v) for n, v in request.headers if n.lower() not in hop]
        upstream = await self._client.request(
            request.method, self.urls["app"] + request.target, headers=headers, content=request.body or None
        )
        raw = tuple(
            (n.decode("latin-1"), v.decode("latin-1"))
            for n, v in upstream.headers.raw
            if n.lower() not in (b"content-length", b"transfer-encoding", b"connection")
        )
        return HttpResponse(status=upstream.status_code, headers=raw, body=upstream.content)

    async def proxy(self, request: HttpRequest) -> HttpResponse:
        response = await self._forward(request)
        path = urlsplit(request.target).path
        headers = list(response.headers)
        if path == _STRIP or path.startswith(_STRIP + "/"):
            headers = [(n, v) for n, v in headers if n.lower() != "access-control-allow-origin"]
        origin = request.header("origin")
        if (path == _DUP or path.startswith(_DUP + "/")) and origin:
            headers.append(("Access-Control-Allow-Origin", origin))
        headers.append(("Via", "1.1 corsdoctor-lab-proxy"))
        return HttpResponse(status=response.status, headers=tuple(headers), body=response.body)

    async def cache(self, request: HttpRequest) -> HttpResponse:
        key = (request.method, request.target)  # no Origin in the key: the bug
        entry = self._cache.get(key)
        now = time.monotonic()
        if request.method == "GET" and entry is not None and now - entry.stored < 60:
            age = str(int(now - entry.stored))
            headers = (
                *entry.response.headers,
                ("Age", age),
                ("X-Cache", "HIT"),
                ("Via", "1.1 corsdoctor-lab-cache"),
            )
            return HttpResponse(status=entry.response.status, headers=headers, body=entry.response.body)
        response = await self._forward(request)
        if request.method == "GET" and response.status == 200:
            self._cache[key] = _CacheEntry(response=response, stored=now)
        headers = (*response.headers, ("X-Cache", "MISS"), ("Via", "1.1 corsdoctor-lab-cache"))
        return HttpResponse(status=response.status, headers=headers, body=response.body)

    # --- life cycle --------------------------------------------------------------------------------

    async def start(self) -> Lab:
        self._client = httpx.AsyncClient(trust_env=False, timeout=10.0)
        for name, handler, port in (
            ("app", self.app, self.port),
            ("alt", self.app, 0),
            ("proxy", self.proxy, 0),
            ("cache", self.cache, 0),
        ):
            server, base = await start_listener(handler, self.host, port)
            self._servers.append(server)
            self.urls[name] = base
        return self

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for server in self._servers:
            await server.wait_closed()
        self._servers.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> Lab:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- addresses ---------------------------------------------------------------------------------

    def url(self, endpoint: Endpoint) -> str:
        listener = {"app": "app", "proxy-strip": "proxy", "proxy-dup": "proxy", "cache": "cache"}[
            endpoint.via
        ]
        return self.urls[listener] + endpoint.path


class LabThread:
    """The lab on its own event loop in a daemon thread (tests, benchmarks, the blocking CLI)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.lab = Lab(host=host, port=port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="corsdoctor-lab", daemon=True)

    def start(self) -> Lab:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.lab.start(), self._loop).result(timeout=10)
        return self.lab

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.lab.stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
