"""Map what the socket/TLS/HTTP layer raised to the ``net::ERR_*`` name a page would see.

Names and meanings: Chromium ``net/base/net_error_list.h``.  A page sees status 0 and
``TypeError: Failed to fetch`` for all of them; DevTools shows the name.
"""

from __future__ import annotations

import errno
import socket
import ssl

import httpx

#: Chromium's restricted ports (``net/base/port_util.cc``, kRestrictedPorts): never connected to.
RESTRICTED_PORTS = frozenset(
    {1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
     103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
     512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
     995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
     6668, 6669, 6697, 10080}
)  # fmt: skip


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _from_os_error(err: BaseException) -> str | None:
    if isinstance(err, socket.gaierror):
        return "net::ERR_NAME_NOT_RESOLVED"
    if isinstance(err, ssl.SSLCertVerificationError):
        text = str(err).lower()
        if "hostname mismatch" in text or "doesn't match" in text or "ip address mismatch" in text:
            return "net::ERR_CERT_COMMON_NAME_INVALID"
        if "expired" in text or "not yet valid" in text:
            return "net::ERR_CERT_DATE_INVALID"
        return "net::ERR_CERT_AUTHORITY_INVALID"
    if isinstance(err, ssl.SSLError):
        return "net::ERR_SSL_PROTOCOL_ERROR"
    if isinstance(err, ConnectionRefusedError):
        return "net::ERR_CONNECTION_REFUSED"
    if isinstance(err, ConnectionResetError):
        return "net::ERR_CONNECTION_RESET"
    if isinstance(err, ConnectionAbortedError):
        return "net::ERR_CONNECTION_ABORTED"
    if isinstance(err, OSError) and err.errno is not None:
        return {
            errno.ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
            errno.ECONNRESET: "net::ERR_CONNECTION_RESET",
            errno.EHOSTUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
            errno.ENETUNREACH: "net::ERR_INTERNET_DISCONNECTED",
            errno.EADDRNOTAVAIL: "net::ERR_ADDRESS_INVALID",
            errno.ETIMEDOUT: "net::ERR_CONNECTION_TIMED_OUT",
        }.get(err.errno)
    return None


def net_error_for(exc: BaseException) -> str:
    """The ``net::ERR_*`` name for an exception raised while sending one request."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "net::ERR_CONNECTION_TIMED_OUT"
    if isinstance(exc, httpx.TimeoutException):
        return "net::ERR_TIMED_OUT"
    for cause in _causes(exc):
        name = _from_os_error(cause)
        if name is not None:
            return name
        text = str(cause).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return "net::ERR_NAME_NOT_RESOLVED"
        if "without sending a response" in text or "server disconnected" in text:
            return "net::ERR_EMPTY_RESPONSE"
        if "certificate" in text:
            return "net::ERR_CERT_AUTHORITY_INVALID"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.DecodingError):
        return "net::ERR_INVALID_HTTP_RESPONSE"
    if isinstance(exc, httpx.ConnectError):
        return "net::ERR_CONNECTION_FAILED"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return "net::ERR_CONNECTION_RESET"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "net::ERR_UNKNOWN_URL_SCHEME"
    return "net::ERR_FAILED"
