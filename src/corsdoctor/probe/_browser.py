"""Transport headers a browser adds to every request it puts on the wire.

The engine decides the CORS headers (``Origin``, ``Access-Control-Request-*``) and the author
headers; this module adds what the network stack adds: ``User-Agent``, ``Accept`` (``*/*`` for
fetch/XHR when the page set none), ``Accept-Language``, ``Accept-Encoding`` and the Fetch
Metadata headers (https://w3c.github.io/webappsec-fetch-metadata/).  Cookies and HTTP
authentication are added only when the engine says credentials are included.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from corsdoctor.engine import Header, WireRequest

USER_AGENTS: dict[str, str] = {
    "chromium": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36",
    "firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    "webkit": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.5 Safari/605.1.15",
}
ACCEPT_ENCODING: dict[str, str] = {
    "chromium": "gzip, deflate, br, zstd",
    "firefox": "gzip, deflate, br, zstd",
    "webkit": "gzip, deflate, br",
}


@functools.lru_cache(maxsize=1)
def _public_suffix_list() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


@functools.lru_cache(maxsize=512)
def _site(scheme: str, host: str) -> tuple[str, str]:
    """https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site: the scheme and the host's
    registrable domain (Public Suffix List, ``publicsuffixlist``), or the host itself when it has
    none (an IP address, ``localhost``, a public suffix)."""
    host = host.lower().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(host)
        return scheme, host
    except ValueError:
        registrable = _public_suffix_list().privatesuffix(host)
        return scheme, registrable or host


_DEFAULT_PORT = {"http": 80, "https": 443}


def _port(scheme: str, port: int | None) -> int | None:
    return _DEFAULT_PORT.get(scheme) if port is None else port


def sec_fetch_site(origin: str, url: str) -> str:
    """https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header"""
    if origin == "null":
        return "cross-site"
    page, target = urlsplit(origin), urlsplit(url)
    page_port, target_port = _port(page.scheme, page.port), _port(target.scheme, target.port)
    if (page.scheme, page.hostname, page_port) == (target.scheme, target.hostname, target_port):
        return "same-origin"
    if _site(page.scheme, page.hostname or "") == _site(target.scheme, target.hostname or ""):
        return "same-site"
    return "cross-site"


def transport_headers(wire: WireRequest, browser: str, page_origin: str) -> list[Header]:
    """The headers the network stack adds to ``wire`` (never cookies: see ``credential_headers``)."""
    profile = browser if browser in USER_AGENTS else "chromium"
    present = {name.lower() for name, _ in wire.headers}
    headers: list[Header] = []
    if "accept" not in present:
        headers.append(("Accept", "*/*"))
    headers += [
        ("Accept-Language", "en-US,en;q=0.9"),
        ("Accept-Encoding", ACCEPT_ENCODING[profile]),
        ("User-Agent", USER_AGENTS[profile]),
        ("Sec-Fetch-Mode", "cors"),
        ("Sec-Fetch-Site", sec_fetch_site(page_origin, wire.url)),
        ("Sec-Fetch-Dest", "empty"),
    ]
    if page_origin != "null":
        headers.append(("Referer", page_origin + "/"))
    return headers
