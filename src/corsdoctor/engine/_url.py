"""URLs and origins, as much of the URL Standard as the CORS protocol needs.

https://url.spec.whatwg.org/#concept-url-origin, https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from corsdoctor.engine._errors import InputError

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
HTTP_SCHEMES = frozenset({"http", "https"})
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
_FORBIDDEN_HOST_CHARS = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Url:
    """A parsed absolute URL.  ``origin`` is its ASCII serialisation (``null`` when opaque)."""

    href: str
    scheme: str
    host: str
    port: int | None
    has_credentials: bool
    origin: str

    @property
    def is_http(self) -> bool:
        return self.scheme in HTTP_SCHEMES

    def without_credentials(self) -> Url:
        if not self.has_credentials:
            return self
        parts = urlsplit(self.href)
        netloc = parts.netloc.rpartition("@")[2]
        return parse_url(parts._replace(netloc=netloc).geturl())


def _normalise_host(host: str) -> str:
    if host.startswith("[") and host.endswith("]"):
        try:
            return "[" + ipaddress.IPv6Address(host[1:-1]).compressed + "]"
        except ValueError:
            raise InputError(f"invalid IPv6 host {host!r}") from None
    lowered = host.lower()
    try:
        lowered = lowered.encode("idna").decode("ascii") if not lowered.isascii() else lowered
    except UnicodeError:
        raise InputError(f"invalid host {host!r}") from None
    if _FORBIDDEN_HOST_CHARS.search(lowered):
        raise InputError(f"invalid host {host!r}")
    return lowered


@functools.lru_cache(maxsize=8192)
def parse_url(text: str, base: str | None = None) -> Url:
    """Parse an absolute URL (or ``text`` relative to ``base``); raise InputError when invalid."""
    if any(ch in text for ch in "\r\n\t\x00"):
        raise InputError(f"URL {text!r} contains control characters")
    raw = text.strip(" ")
    if base is not None:
        raw = urljoin(base, raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"invalid URL {text!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if not scheme or not _SCHEME_RE.match(scheme):
        raise InputError(f"invalid URL {text!r}: no scheme (expected e.g. https://host/path)")
    netloc = parts.netloc
    has_credentials = "@" in netloc
    host_part = netloc.rpartition("@")[2]
    if host_part.startswith("["):
        host = host_part[: host_part.find("]") + 1]
    else:
        host = host_part.rpartition(":")[0] if ":" in host_part else host_part
    if scheme in DEFAULT_PORTS or scheme == "file":
        if scheme != "file" and not host:
            raise InputError(f"invalid URL {text!r}: no host")
        host = _normalise_host(host) if host else ""
    if port is not None and port == DEFAULT_PORTS.get(scheme):
        port = None
    if (scheme in DEFAULT_PORTS and scheme not in ("ftp",)) or scheme == "ftp":
        origin = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    else:
        origin = "null"
    userinfo = netloc.rpartition("@")[0] if has_credentials else ""
    # The URL parser drops an empty userinfo ("@host", ":@host"): no credentials remain.
    has_credentials = bool(userinfo) and userinfo != ":"
    return Url(href=raw, scheme=scheme, host=host, port=port, has_credentials=has_credentials, origin=origin)


@functools.lru_cache(maxsize=4096)
def parse_origin(text: str) -> str:
    """Validate a serialised origin as a page would have it; return it normalised.

    ``null`` is accepted (opaque origins).  A path, query, fragment or trailing slash is an
    error: browsers never send one in ``Origin`` (https://fetch.spec.whatwg.org/#origin-header).
    """
    if text == "null":
        return text
    if any(ch in text for ch in "\r\n\t\x00"):
        raise InputError(f"origin {text!r} contains control characters")
    try:
        url = parse_url(text)
    except InputError as exc:
        # Name what was given: an origin, not a URL (parse_url says "invalid URL ...").
        message = str(exc).replace("invalid URL", "invalid origin", 1).replace("https://host/path", "https://host")
        raise InputError(message) from None
    parts = urlsplit(text.strip())
    if parts.path not in ("",) or parts.query or parts.fragment or text.strip().endswith("?"):
        if parts.path == "/" and not parts.query and not parts.fragment:
            raise InputError(
                f"origin {text!r} has a trailing slash; browsers send origins without one "
                f"(use {url.origin!r})"
            )
        raise InputError(
            f"origin {text!r} has a path, query or fragment; an origin is scheme://host[:port] "
            f"(use {url.origin!r})"
        )
    if url.has_credentials:
        raise InputError(f"origin {text!r} contains user:password@; origins never do")
    return url.origin


def same_origin(a: str, b: str) -> bool:
    """https://html.spec.whatwg.org/#same-origin on serialisations; opaque is never same-origin."""
    return a == b and a != "null"


#: https://wicg.github.io/local-network-access/#ip-address-space, ordered public < local < loopback.
ADDRESS_SPACE_RANK = {"public": 0, "local": 1, "loopback": 2}


def address_space_of_host(host: str) -> str | None:
    """The IP address space of an IP literal or ``localhost``; None for other names."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return None
    if ip.is_loopback:
        return "loopback"
    if any(ip in net for net in _LOCAL_NETWORKS if net.version == ip.version):
        return "local"
    return "public"


#: Private and link-local ranges: the ``local`` space (RFC 1918, RFC 6598, RFC 3927, RFC 4193,
#: RFC 4291).  Not Python's ``is_private``, which also counts documentation ranges such as
#: 203.0.113.0/24 that browsers treat as public.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
)


def is_potentially_trustworthy(origin: str) -> bool:
    """https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy (for origins)."""
    if origin == "null":
        return False
    scheme, _, rest = origin.partition("://")
    if scheme in ("https", "wss"):
        return True
    host = rest.rsplit(":", 1)[0] if not rest.endswith("]") else rest
    return address_space_of_host(host) == "loopback"
