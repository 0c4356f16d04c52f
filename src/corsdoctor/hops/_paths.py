"""The paths to compare, from the command line: the public URL, then each ``--via URL`` and
``--resolve HOST:PORT:ADDR`` in the order given (from the browser inwards; the origin last).

* ``--via URL``: another entry point to the same resource (a load balancer, the app server).
  A URL with no path (``http://10.0.0.5:8080``) takes the public URL's path and query.
* ``--resolve HOST:PORT:ADDR``: the public URL itself, connected to ``ADDR`` instead of what DNS
  says (bypassing a CDN or load balancer), ``Host`` and TLS SNI unchanged, as curl does.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from corsdoctor.engine import InputError, parse_url
from corsdoctor.hops._model import PathSpec, Resolve


def parse_resolve(text: str) -> Resolve:
    """``HOST:PORT:ADDR`` (ADDR may be a bracketed IPv6 address)."""
    host, sep1, rest = text.partition(":")
    port_text, sep2, addr = rest.partition(":")
    if not (sep1 and sep2 and host and addr and port_text.isdigit()):
        raise InputError(f"--resolve {text!r} is not HOST:PORT:ADDR (as curl's --resolve)")
    port = int(port_text)
    if not 0 < port < 65536:
        raise InputError(f"--resolve {text!r}: port {port} is out of range")
    addr = addr.strip()
    bare = addr[1:-1] if addr.startswith("[") and addr.endswith("]") else addr
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        if not bare or any(c in bare for c in "/?#@ "):
            raise InputError(f"--resolve {text!r}: {addr!r} is not an address") from None
    return Resolve(host=host.lower(), port=port, addr=bare)


def _check_http(url: str, what: str) -> str:
    try:
        parsed = parse_url(url)
    except InputError as exc:
        raise InputError(f"{what} {url!r}: {exc}") from None
    if not parsed.is_http:
        raise InputError(f"{what} {url!r} is not an http(s) URL")
    return parsed.href


def _via_url(public: str, via: str) -> str:
    try:
        parts = urlsplit(via)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise InputError(f"--via {via!r}: {exc}") from None
    if parts.path in ("", "/") and not parts.query:
        pub = urlsplit(public)
        return urlunsplit((parts.scheme, parts.netloc, pub.path or "/", pub.query, ""))
    return via


def build_paths(public_url: str, hops: Sequence[tuple[str, str]]) -> list[PathSpec]:
    """``hops``: ("via", URL) or ("resolve", HOST:PORT:ADDR), in command-line order."""
    public = _check_http(public_url, "URL")
    parts = urlsplit(public)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    paths = [PathSpec(label="public URL", url=public)]
    for kind, value in hops:
        if kind == "via":
            url = _check_http(_via_url(public, value.strip()), "--via")
            netloc = urlsplit(url).netloc
            paths.append(PathSpec(label=f"via {netloc}", url=url))
        elif kind == "resolve":
            rule = parse_resolve(value.strip())
            if (rule.host, rule.port) != (host, port):
                raise InputError(f"--resolve {value!r} does not match the URL's host and port {host}:{port}")
            paths.append(PathSpec(label=f"resolve {rule.addr}", url=public, resolve=rule))
        else:
            raise InputError(f"unknown path kind {kind!r}")
    return paths
