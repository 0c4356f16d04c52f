"""IP address spaces for Chromium's Local Network Access (Chrome 142+).

A page in the ``public`` space that fetches a ``local`` (private) or ``loopback`` address needs the
user's permission, and a non-secure public page is blocked outright (reference §2.8; measured in
chromium-oracle.md §4).  The engine decides; this module only finds the spaces: the target's from
the address the prober will connect to (``--resolve`` included), the page's from its origin's
host.  A space that cannot be found (a name that does not resolve here, such as the
``app.example`` of a local test) stays unknown, and the engine then does not apply the rule.

https://wicg.github.io/local-network-access/#ip-address-space
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from urllib.parse import urlsplit

from corsdoctor.engine._url import address_space_of_host
from corsdoctor.probe._options import ProbeOptions

#: Seconds one DNS look-up may take before the space is left unknown.
LOOKUP_TIMEOUT = 1.0


#: Special-use names that never resolve in the public DNS (RFC 6761 §6.2-6.4, RFC 2606): asking
#: the resolver would only wait for an NXDOMAIN (or a timeout) and send traffic off the machine.
_NEVER_RESOLVED = (".test", ".example", ".invalid")

#: host -> (space, expiry on the monotonic clock): a page origin is looked up once per run of many
#: checks, not once per check; a failed look-up is retried sooner than a good one ages out.
_CACHE: dict[str, tuple[str | None, float]] = {}
_TTL_FOUND = 300.0
_TTL_MISSING = 30.0


async def _lookup(host: str, port: int) -> str | None:
    """The address space of ``host``'s first address, or None when it cannot be resolved."""
    known = address_space_of_host(host)
    if known is not None:
        return known
    bare = host.rstrip(".")
    if bare.endswith(_NEVER_RESOLVED) or bare in ("test", "example", "invalid"):
        return None
    now = time.monotonic()
    cached = _CACHE.get(host)
    if cached is not None and cached[1] > now:
        return cached[0]
    space = await _resolve(host, port)
    _CACHE[host] = (space, now + (_TTL_FOUND if space is not None else _TTL_MISSING))
    return space


async def _resolve(host: str, port: int) -> str | None:
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=LOOKUP_TIMEOUT
        )
    except (TimeoutError, OSError, UnicodeError):
        return None
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            return address_space_of_host(str(ipaddress.ip_address(sockaddr[0])))
        except ValueError:
            continue
    return None


async def target_spaces(url: str, options: ProbeOptions) -> tuple[tuple[str, str], ...]:
    """(host, space) for the URL's host, from ``--resolve`` or DNS; empty when unknown."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for rule in options.resolve:
        if rule.host == host and rule.port == port:
            space = address_space_of_host(rule.address)
            return ((host, space),) if space is not None else ()
    space = await _lookup(host, port)
    return ((host, space),) if space is not None else ()


async def client_space(origin: str) -> str | None:
    """The page's address space, from its origin's host; None when it cannot be found."""
    if origin == "null":
        return None
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return await _lookup(host, port)
