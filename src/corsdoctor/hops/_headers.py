"""Which headers the hop diff looks at, and how their values compare.

Spec anchors: https://fetch.spec.whatwg.org/#http-responses (the CORS response headers),
https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches (``Vary: Origin``),
RFC 9111 §5.1 (``Age``), RFC 9110 §7.6.3 (``Via``).
"""

from __future__ import annotations

ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"
ACEH = "access-control-expose-headers"
ACMA = "access-control-max-age"
ACAPN = "access-control-allow-private-network"

#: The CORS response headers compared hop by hop, in the order they are reported.
CORS_HEADERS: tuple[str, ...] = (ACAO, ACAC, ACAM, ACAH, ACEH, ACMA, ACAPN)

#: Headers whose duplication by two layers breaks the CORS check (a single value is required).
SINGLE_VALUED: frozenset[str] = frozenset({ACAO, ACAC, ACMA, ACAPN})

#: Token lists: compared as sets (methods case-sensitively, header names case-insensitively).
CASE_SENSITIVE_LISTS: frozenset[str] = frozenset({ACAM})
CASE_INSENSITIVE_LISTS: frozenset[str] = frozenset({ACAH, ACEH})

#: Cache and hop evidence shown next to findings.
EVIDENCE_HEADERS: tuple[str, ...] = (
    "age",
    "x-cache",
    "x-cache-status",
    "x-cache-hits",
    "cf-cache-status",
    "x-vercel-cache",
    "x-varnish",
    "x-served-by",
    "via",
    "date",
    "etag",
    "cache-control",
    "vary",
)

#: The headers that tell a cache hit (RFC 9111 ``Age`` and the vendors' HIT markers).
HIT_HEADERS: tuple[str, ...] = (
    "age",
    "x-cache",
    "x-cache-status",
    "cf-cache-status",
    "x-vercel-cache",
    "x-varnish",
)

#: Lines every hop writes itself; their absence behind a hop proves nothing.
HOP_GENERATED: frozenset[str] = frozenset(
    {
        "date",
        "server",
        "connection",
        "keep-alive",
        "content-length",
        "content-type",
        "transfer-encoding",
        "via",
        "age",
        "x-cache",
        "x-cache-status",
        "etag",
        "last-modified",
        "accept-ranges",
        "alt-svc",
        "strict-transport-security",
    }
)


def display_name(lower: str) -> str:
    """``access-control-allow-origin`` -> ``Access-Control-Allow-Origin``."""
    return "-".join(part.capitalize() for part in lower.split("-"))


def _tokens(values: tuple[str, ...], fold: bool) -> frozenset[str]:
    items = (item.strip() for value in values for item in value.split(","))
    return frozenset((i.lower() if fold else i) for i in items if i)


def same_values(name: str, outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether two hops' values of ``name`` mean the same to a browser."""
    if name in CASE_SENSITIVE_LISTS:
        return _tokens(outer, fold=False) == _tokens(inner, fold=False)
    if name in CASE_INSENSITIVE_LISTS:
        return _tokens(outer, fold=True) == _tokens(inner, fold=True)
    return tuple(v.strip() for v in outer) == tuple(v.strip() for v in inner)


def vary_has_origin(values: list[str]) -> bool:
    tokens = {t.strip().lower() for v in values for t in v.split(",")}
    return "origin" in tokens or "*" in tokens


def age_seconds(values: list[str]) -> int | None:
    for value in values:
        text = value.strip()
        if text.isdigit():
            return int(text)
    return None


def is_cache_hit(headers: dict[str, list[str]]) -> bool:
    """RFC 9111 ``Age`` > 0 or an ``X-Cache``-style HIT."""
    age = age_seconds(headers.get("age", []))
    if age is not None and age > 0:
        return True
    for name in ("x-cache", "x-cache-status", "cf-cache-status", "x-vercel-cache"):
        if any("hit" in v.lower() for v in headers.get(name, [])):
            return True
    varnish = headers.get("x-varnish", [])
    return any(len(v.split()) >= 2 for v in varnish)
