"""The prober moves bytes; the engine decides what to send.  One async core, one seam.

``Prober.send(wire, ...)`` puts one engine :class:`~corsdoctor.engine.WireRequest` on the wire
with the browser's transport headers, never follows redirects (the engine does), reads at most
``body_cap`` body bytes and turns every failure below HTTP into a ``net::ERR_*`` name.
Identical wire requests are sent once per prober and shared (memoised), so checking three
browsers does not triple the server's traffic.

The seam is the httpx transport: pass ``transport=httpx.ASGITransport(app)`` or
``httpx.MockTransport(handler)`` to probe an in-process application.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

import httpx

from corsdoctor.engine import Header, HeaderList, WireRequest
from corsdoctor.probe._browser import transport_headers
from corsdoctor.probe._neterrors import RESTRICTED_PORTS, net_error_for
from corsdoctor.probe._options import ProbeOptions
from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._transport import build_transport

Key = tuple[str, str, HeaderList, bool, str]


def _latin1(pairs: list[tuple[bytes, bytes]]) -> HeaderList:
    return tuple((n.decode("latin-1"), v.decode("latin-1")) for n, v in pairs)


class Prober:
    """An async HTTP client that sends engine wire requests the way a browser would."""

    def __init__(
        self, options: ProbeOptions | None = None, *, transport: httpx.AsyncBaseTransport | None = None
    ):
        self.options = options or ProbeOptions()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._memo: dict[Key, asyncio.Future[WireRecord]] = {}
        self.records: list[WireRecord] = []

    async def __aenter__(self) -> Prober:
        transport = self._transport or build_transport(self.options)
        client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(self.options.timeout),
            trust_env=False,
        )
        for name in list(client.headers):  # httpx's own defaults (python-httpx UA...) never go out
            del client.headers[name]
        self._client = client
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def send(
        self,
        wire: WireRequest,
        *,
        browser: str,
        page_origin: str,
        cookie: str | None = None,
        body: bytes | None = None,
        memo: dict[Key, asyncio.Future[WireRecord]] | None = None,
    ) -> WireRecord:
        """Send ``wire`` and return what happened.

        Memoised on what the engine put in the request, in ``memo`` (one per check: a later check
        sends again) or, without it, for the prober's lifetime.
        """
        send_body = body if wire.method not in ("GET", "HEAD", "OPTIONS") else None
        key: Key = (wire.method, wire.url, wire.headers, wire.include_credentials, repr(send_body))
        table = self._memo if memo is None else memo
        future = table.get(key)
        if future is None:
            future = asyncio.ensure_future(self._send(wire, browser, page_origin, cookie, send_body))
            table[key] = future
        return await asyncio.shield(future)

    async def _send(
        self, wire: WireRequest, browser: str, page_origin: str, cookie: str | None, body: bytes | None
    ) -> WireRecord:
        assert self._client is not None, "use 'async with Prober(...)'"
        headers: list[Header] = list(wire.headers) + transport_headers(wire, browser, page_origin)
        if wire.include_credentials and cookie:
            headers.append(("Cookie", cookie))
        started = time.perf_counter()
        base = {"method": wire.method, "url": wire.url, "body_bytes": len(body or b""), "sent_as": browser}
        try:
            url = httpx.URL(wire.url)
        except httpx.InvalidURL:
            record = WireRecord(request_headers=tuple(headers), net_error="net::ERR_INVALID_URL", **base)  # type: ignore[arg-type]
            self.records.append(record)
            return record
        if url.port is not None and url.port in RESTRICTED_PORTS:
            record = WireRecord(request_headers=tuple(headers), net_error="net::ERR_UNSAFE_PORT", **base)  # type: ignore[arg-type]
            self.records.append(record)
            return record
        request = self._client.build_request(wire.method, url, headers=headers, content=body)
        sent = _latin1(request.headers.raw)
        try:
            response = await self._client.send(request, stream=True)
        except (httpx.HTTPError, OSError) as exc:
            record = WireRecord(
                request_headers=sent,
                net_error=net_error_for(exc),
                elapsed_ms=(time.perf_counter() - started) * 1000,
                **base,  # type: ignore[arg-type]
            )
            self.records.append(record)
            return record
        read, truncated = 0, False
        try:
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read >= self.options.body_cap:
                    truncated = True
                    break
        except httpx.HTTPError:
            truncated = True  # the headers arrived; a broken body does not change a CORS verdict
        finally:
            await response.aclose()
        record = WireRecord(
            request_headers=sent,
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            response_headers=_latin1(response.headers.raw),
            body_read=min(read, self.options.body_cap),
            body_truncated=truncated,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            **base,  # type: ignore[arg-type]
        )
        self.records.append(record)
        return record
