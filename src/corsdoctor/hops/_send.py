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

from corsdoctor.engine import (
    Done,
    ExchangeKind,
    PageRequest,
    Response,
    Transaction,
    Verdict,
    WireRequest,
)
from corsdoctor.hops._model import Fault, PathSpec, Resolve, Sent
from corsdoctor.probe._browser import transport_headers
from corsdoctor.probe._neterrors import net_error_for

BODY_CAP = 256 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class SendOptions:
    timeout: float = 10.0
    verify_tls: bool = True
    http2: bool = False
    #: The ``Cookie`` header of credentialed actual requests (never of preflights: a CORS-preflight
    #: request never includes credentials, https://fetch.spec.whatwg.org/#cors-preflight-fetch).
    cookie: str | None = None


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


#: net::ERR_* names that mean the hop answered something that is not HTTP, or nothing at all.
_GARBAGE = frozenset(
    {"net::ERR_EMPTY_RESPONSE", "net::ERR_INVALID_HTTP_RESPONSE", "net::ERR_CONTENT_DECODING_FAILED"}
)


def _classify(exc: BaseException) -> tuple[Fault, str]:
    """The fault of the hop and the net::ERR_* name the page would see (shared with ``check``)."""
    net_error = net_error_for(exc)
    if net_error in ("net::ERR_TIMED_OUT", "net::ERR_CONNECTION_TIMED_OUT"):
        return Fault.TIMEOUT, net_error
    if net_error in _GARBAGE:
        return Fault.GARBAGE, net_error
    return Fault.DOWN, net_error


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
        )
        for name in list(self._client.headers):  # httpx's own defaults never go out
            del self._client.headers[name]

    def close(self) -> None:
        self._client.close()

    def send(self, request: WireRequest, browser: str = "chromium") -> Sent:
        url, extra, extensions = _target(request.url, self.spec.resolve)
        page_origin = request.header("Origin") or "null"
        headers = [*extra.items(), *request.headers, *transport_headers(request, browser, page_origin)]
        if not self.options.http2:
            # Browsers say so on HTTP/1.1; servers answer in kind (Apache's 'Keep-Alive: timeout=5,
            # max=100' is how an Apache reverse proxy is told apart from the app it forwards).
            headers.append(("Connection", "keep-alive"))
        cookie = self.options.cookie
        with_cookie = bool(cookie) and request.include_credentials and request.kind is ExchangeKind.ACTUAL
        if with_cookie and cookie:
            headers.append(("Cookie", cookie))
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
        except (httpx.HTTPError, OSError) as exc:
            fault, net_error = _classify(exc)
            return Sent(
                request=request,
                fault=fault,
                net_error=net_error,
                detail=(str(exc) or type(exc).__name__).splitlines()[0][:200],
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        except ValueError as exc:  # malformed URL parts
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
            cookie_sent=with_cookie,
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
        item = sender.send(action.request, profile)
        sent.append(item)
        if item.response is not None:
            tx.receive(item.response)
        else:
            tx.receive_network_error(item.net_error or "net::ERR_FAILED")
