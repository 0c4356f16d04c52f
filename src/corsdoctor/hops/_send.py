"""Sending the browser-exact exchange along one path with httpx.

The engine's :class:`~corsdoctor.engine.Transaction` decides what goes on the wire; this module
only puts it there: no automatic redirects (the engine decides), explicit timeouts, raw header
lines (``response.headers.raw``, decoded as latin-1 once, here), and ``--resolve`` done as curl
does it (connect to another address, keep ``Host`` and TLS SNI of the URL).

Faults are split by what the user sees: the hop is *down* (refused, reset, no such host), it
*timed out*, or it answered *garbage* (not HTTP, or closed without a response).

https://fetch.spec.whatwg.org/#http-network-fetch
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from corsdoctor._version import __version__
from corsdoctor.engine import (
    Done,
    PageRequest,
    Response,
    Transaction,
    Verdict,
    WireRequest,
)
from corsdoctor.hops._model import Fault, PathSpec, Resolve, Sent

BODY_CAP = 256 * 1024
USER_AGENT = f"corsdoctor/{__version__} (hops)"


@dataclass(frozen=True, slots=True, kw_only=True)
class SendOptions:
    timeout: float = 10.0
    verify_tls: bool = True
    http2: bool = False


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _target(url: str, resolve: Resolve | None) -> tuple[str, dict[str, str], dict[str, object]]:
    """The URL to connect to, extra headers and httpx extensions for ``--resolve``."""
    if resolve is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or _default_port(parts.scheme)
    if host != resolve.host.lower() or port != resolve.port:
        return url, {}, {}
    addr = f"[{resolve.addr}]" if ":" in resolve.addr else resolve.addr
    netloc = f"{addr}:{port}"
    host_header = host if parts.port in (None, _default_port(parts.scheme)) else f"{host}:{port}"
    connect = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    extensions: dict[str, object] = {"sni_hostname": host} if parts.scheme == "https" else {}
    return connect, {"Host": host_header}, extensions


def _classify(exc: httpx.HTTPError) -> tuple[Fault, str]:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return Fault.TIMEOUT, "net::ERR_TIMED_OUT"
    if isinstance(exc, httpx.RemoteProtocolError):
        if "without sending" in text or "disconnected" in text.lower():
            return Fault.GARBAGE, "net::ERR_EMPTY_RESPONSE"
        return Fault.GARBAGE, "net::ERR_INVALID_HTTP_RESPONSE"
    if isinstance(exc, httpx.DecodingError):
        return Fault.GARBAGE, "net::ERR_CONTENT_DECODING_FAILED"
    if isinstance(exc, httpx.ConnectError):
        lowered = text.lower()
        if "name or service" in lowered or "nodename" in lowered or "no address" in lowered:
            return Fault.DOWN, "net::ERR_NAME_NOT_RESOLVED"
        if "ssl" in lowered or "certificate" in lowered:
            return Fault.DOWN, "net::ERR_CERT_INVALID"
        return Fault.DOWN, "net::ERR_CONNECTION_REFUSED"
    return Fault.DOWN, "net::ERR_CONNECTION_RESET"


class PathSender:
    """Sends wire requests along one path; one httpx client (and connection pool) per path."""

    def __init__(self, spec: PathSpec, options: SendOptions) -> None:
        self.spec = spec
        self.options = options
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            verify=options.verify_tls,
            http2=options.http2,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        self._client.close()

    def send(self, request: WireRequest) -> Sent:
        url, extra, extensions = _target(request.url, self.spec.resolve)
        headers = [(n, v) for n, v in request.headers]
        if not any(n.lower() == "accept" for n, _ in headers):
            headers.insert(0, ("Accept", "*/*"))
        headers = [*extra.items(), *headers]
        started = time.perf_counter()
        try:
            built = self._client.build_request(
                request.method, url, headers=headers, extensions=extensions or None
            )
            response = self._client.send(built, stream=True)
            try:
                digest = hashlib.sha256()
                read = 0
                for chunk in response.iter_raw():
                    take = chunk[: BODY_CAP - read]
                    digest.update(take)
                    read += len(take)
                    if read >= BODY_CAP:
                        break
            finally:
                response.close()
        except httpx.HTTPError as exc:
            fault, net_error = _classify(exc)
            return Sent(
                request=request,
                fault=fault,
                net_error=net_error,
                detail=(str(exc) or type(exc).__name__).splitlines()[0][:200],
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        except (ValueError, OSError) as exc:  # malformed URL parts, socket errors below httpx
            return Sent(
                request=request,
                fault=Fault.DOWN,
                net_error="net::ERR_FAILED",
                detail=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        raw = tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers.raw)
        return Sent(
            request=request,
            response=Response(status=response.status_code, headers=raw, reason=response.reason_phrase),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            body_digest=digest.hexdigest()[:16],
        )


@contextmanager
def open_sender(spec: PathSpec, options: SendOptions) -> Iterator[PathSender]:
    sender = PathSender(spec, options)
    try:
        yield sender
    finally:
        sender.close()


def run_transaction(sender: PathSender, request: PageRequest, profile: str) -> tuple[Verdict, list[Sent]]:
    """Drive one engine transaction along ``sender``'s path; every wire exchange is kept."""
    tx = Transaction(request, profile)
    sent: list[Sent] = []
    while True:
        action = tx.next_action()
        if isinstance(action, Done):
            return action.verdict, sent
        item = sender.send(action.request)
        sent.append(item)
        if item.response is not None:
            tx.receive(item.response)
        else:
            tx.receive_network_error(item.net_error or "net::ERR_FAILED")
