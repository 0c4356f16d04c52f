"""The httpx transport the prober uses: HTTP/1.1 and HTTP/2, explicit TLS, and ``--resolve``.

``--resolve HOST:PORT:ADDR`` works as in curl: the TCP connection goes to ADDR while the URL, the
``Host`` header and TLS SNI keep HOST.  httpx has no resolver hook, so the connection pool is
rebuilt on an httpcore network backend that swaps the address at connect time.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Iterable

import httpcore
import httpx

from corsdoctor.probe._options import ProbeOptions, ResolveRule


class _ResolvingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, rules: Iterable[ResolveRule]) -> None:
        self._map = {(r.host, r.port): r.address for r in rules}
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = self._map.get((host.lower().strip("[]"), port), host)
        return await self._inner.connect_tcp(
            address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - never used for URLs
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def ssl_context(insecure: bool) -> ssl.SSLContext:
    """Built once per process: loading the CA bundle costs more than a loopback check."""
    return httpx.create_ssl_context(verify=not insecure)


def build_transport(options: ProbeOptions) -> httpx.AsyncBaseTransport:
    """An ``AsyncHTTPTransport`` (HTTP/1.1 + HTTP/2 via ALPN), resolving as ``--resolve`` says."""
    context = ssl_context(options.insecure)
    limits = httpx.Limits(
        max_connections=options.max_connections, max_keepalive_connections=options.max_connections
    )
    transport = httpx.AsyncHTTPTransport(verify=context, http2=options.http2, limits=limits)
    if options.resolve:
        # The one private attribute we touch: httpx exposes no network-backend argument.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=options.http2,
            network_backend=_ResolvingBackend(options.resolve),
        )
    return transport
