"""Methods and request headers: safelisted, forbidden, CORS-unsafe.

https://fetch.spec.whatwg.org/#methods, #cors-safelisted-request-header,
#cors-unsafe-request-header-names, #forbidden-request-header, https://mimesniff.spec.whatwg.org/#parse-a-mime-type
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from corsdoctor.engine._grammar import HTTP_WHITESPACE, get_decode_split, header_value_problem, is_token
from corsdoctor.engine._profiles import Profile

# --- methods ------------------------------------------------------------------------------------

_NORMALISED_METHODS = {m.lower(): m for m in ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT")}
CORS_SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})
FORBIDDEN_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})


def normalize_method(method: str) -> str:
    """https://fetch.spec.whatwg.org/#concept-method-normalize (PATCH is *not* normalised)."""
    return _NORMALISED_METHODS.get(method.lower(), method)


def is_forbidden_method(method: str) -> bool:
    """https://fetch.spec.whatwg.org/#forbidden-method (byte-case-insensitive)."""
    return method.upper() in FORBIDDEN_METHODS


@functools.lru_cache(maxsize=256)
def classify_method(method: str) -> tuple[str, str]:
    """("invalid" | "forbidden" | "ok", the normalised method) for a method a page passes."""
    if not method or not is_token(method):
        return "invalid", method
    if is_forbidden_method(method):
        return "forbidden", method
    return "ok", normalize_method(method)


def is_cors_safelisted_method(method: str, profile: Profile) -> bool:
    """https://fetch.spec.whatwg.org/#cors-safelisted-method (byte-exact; Chromium upper-cases)."""
    if profile.safelisted_method_case_insensitive:
        method = method.upper()
    return method in CORS_SAFELISTED_METHODS


# --- request headers ----------------------------------------------------------------------------

_FORBIDDEN_REQUEST_HEADERS = frozenset(
    [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ]
)
_METHOD_OVERRIDE_HEADERS = frozenset({"x-http-method", "x-http-method-override", "x-method-override"})
NO_CORS_SAFELISTED_HEADERS = frozenset({"accept", "accept-language", "content-language", "content-type"})
CORS_SAFELISTED_RESPONSE_HEADERS = frozenset(
    {
        "cache-control",
        "content-language",
        "content-length",
        "content-type",
        "expires",
        "last-modified",
        "pragma",
    }
)
FORBIDDEN_RESPONSE_HEADERS = frozenset({"set-cookie", "set-cookie2"})
REQUEST_BODY_HEADERS = frozenset({"content-encoding", "content-language", "content-location", "content-type"})

#: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
_UNSAFE_BYTE_RE = re.compile(r'[\x00-\x08\x0a-\x1f"():<>?@\[\\\]{}\x7f]')
_LANGUAGE_RE = re.compile(r"[0-9A-Za-z *,\-.;=]*\Z")
_SAFELISTED_ESSENCES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_DIGITS_RE = re.compile(r"[0-9]+\Z")
_ECT_VALUES = frozenset({"slow-2g", "2g", "3g", "4g"})


def is_forbidden_request_header(name: str, value: str, profile: Profile) -> bool:
    """https://fetch.spec.whatwg.org/#forbidden-request-header (plus Chromium's User-Agent)."""
    lower = name.lower()
    if lower in _FORBIDDEN_REQUEST_HEADERS or lower.startswith(("proxy-", "sec-")):
        return True
    if lower in _METHOD_OVERRIDE_HEADERS:
        # Commas inside a quoted string do not split: '"x,TRACE"' is one value, not forbidden
        # (the spec's "get, decode, and split"; Chromium 156 agrees, measured with the oracle).
        return any(is_forbidden_method(v) for v in get_decode_split(value))
    return lower == "user-agent" and profile.user_agent_forbidden


def parse_mime_type_essence(value: str) -> str | None:
    """https://mimesniff.spec.whatwg.org/#parse-a-mime-type, returning only the essence.

    Parameters never make parsing fail, so only type and subtype are validated.
    """
    text = value.strip(HTTP_WHITESPACE)
    slash = text.find("/")
    if slash <= 0:
        return None
    mime_type = text[:slash]
    if not is_token(mime_type):
        return None
    rest = text[slash + 1 :]
    semicolon = rest.find(";")
    subtype = (rest if semicolon < 0 else rest[:semicolon]).rstrip(HTTP_WHITESPACE)
    if not subtype or not is_token(subtype):
        return None
    return f"{mime_type.lower()}/{subtype.lower()}"


def parse_single_range(
    value: str, *, unit_case_sensitive: bool, max_value: int | None = None
) -> tuple[int | None, int | None] | None:
    """https://fetch.spec.whatwg.org/#simple-range-header-value with allowWhitespace false.

    ``max_value``: a position above it fails (the spec has no limit; Chromium's int64 parser
    refuses 2**63-1 and more, see ``Profile.range_max_value``).
    """
    unit = value[:5]
    if (unit != "bytes") if unit_case_sensitive else (unit.lower() != "bytes"):
        return None
    rest = value[5:]
    if not rest.startswith("="):
        return None
    start_text, dash, end_text = rest[1:].partition("-")
    if not dash or (start_text and not start_text.isdigit()) or (end_text and not end_text.isdigit()):
        return None
    if not start_text.isascii() or not end_text.isascii():
        return None
    start = int(start_text) if start_text else None
    end = int(end_text) if end_text else None
    if start is None and end is None:
        return None
    if max_value is not None and max(start or 0, end or 0) > max_value:
        return None
    if start is not None and end is not None and start > end:
        return None
    return start, end


def _client_hint_ok(rule: str, value: str) -> bool:
    if rule == "number":
        return _NUMBER_RE.match(value) is not None
    if rule == "digits":
        return _DIGITS_RE.match(value) is not None
    if rule == "ect":
        return value in _ECT_VALUES
    if rule == "on":
        return value == "on"
    return True


def is_cors_safelisted_request_header(name: str, value: str, profile: Profile) -> bool:
    """https://fetch.spec.whatwg.org/#cors-safelisted-request-header"""
    if len(value.encode("latin-1", "replace")) > 128:
        return False
    lower = name.lower()
    if lower == "accept":
        return _UNSAFE_BYTE_RE.search(value) is None
    if lower in ("accept-language", "content-language"):
        return _LANGUAGE_RE.match(value) is not None
    if lower == "content-type":
        if _UNSAFE_BYTE_RE.search(value):
            return False
        return parse_mime_type_essence(value) in _SAFELISTED_ESSENCES
    if lower == "range":
        parsed = parse_single_range(
            value, unit_case_sensitive=profile.range_unit_case_sensitive, max_value=profile.range_max_value
        )
        return parsed is not None and parsed[0] is not None
    rule = profile.extra_safelisted_headers.get(lower)
    return rule is not None and _client_hint_ok(rule, value)


#: (profile name, header list) -> CORS-unsafe names.  Header lists repeat endlessly in real
#: traffic (a HAR, a probe over several origins), and the answer is a pure function of them.
_UNSAFE_CACHE: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, ...]] = {}
_UNSAFE_CACHE_MAX = 4096
#: The profile object the cached answers were computed for, per name.
_PROFILE_IDS: dict[str, Profile] = {}


def _check_profile(profile: Profile) -> None:
    """A new (or custom) profile object under a known name: earlier cached answers may not hold."""
    if _PROFILE_IDS.get(profile.name) is not profile:
        _UNSAFE_CACHE.clear()
        _HEADER_CACHE.clear()
        _PROFILE_IDS[profile.name] = profile


def cors_unsafe_request_header_names(headers: Iterable[tuple[str, str]], profile: Profile) -> list[str]:
    """https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names

    Returns the byte-lowercased, de-duplicated names, sorted (the spec's "sorted-lowercase set").
    """
    _check_profile(profile)
    key = (profile.name, tuple(headers))
    cached = _UNSAFE_CACHE.get(key)
    if cached is not None:
        return list(cached)
    unsafe: set[str] = set()
    potentially_unsafe: list[str] = []
    total = 0
    for name, value in key[1]:
        lower = name.lower()
        if not is_cors_safelisted_request_header(name, value, profile):
            unsafe.add(lower)
        else:
            potentially_unsafe.append(lower)
            total += len(value.encode("latin-1", "replace"))
    if profile.safelist_total_limit and total > 1024:
        unsafe.update(potentially_unsafe)
    result = sorted(unsafe)
    if len(_UNSAFE_CACHE) >= _UNSAFE_CACHE_MAX:
        _UNSAFE_CACHE.clear()
    _UNSAFE_CACHE[key] = tuple(result)
    return result


def cors_unsafe_names_in_vector_order(
    headers: Iterable[tuple[str, str]], order: Iterable[str], profile: Profile
) -> list[str]:
    """Chromium's ``CorsUnsafeNotForbiddenRequestHeaderNames`` over a header vector in ``order``.

    The names that are not safelisted, in ``order``; past the 1024-byte total of safelisted
    values the safelisted names follow, also in ``order``
    (services/network/public/cpp/cors/cors.cc; measured on Chromium 156, see
    docs/chromium-header-order.md).  Names in ``order`` without a header are skipped.
    """
    values = {name.lower(): value for name, value in headers}
    unsafe: list[str] = []
    safelisted: list[str] = []
    total = 0
    for lower in order:
        value = values.get(lower)
        if value is None:
            continue
        if is_cors_safelisted_request_header(lower, value, profile):
            safelisted.append(lower)
            total += len(value.encode("latin-1", "replace"))
        else:
            unsafe.append(lower)
    if profile.safelist_total_limit and total > 1024:
        unsafe.extend(safelisted)
    return unsafe


#: (profile, name, value) -> what fetch() makes of the header; see classify_author_header.
_HEADER_CACHE: dict[tuple[str, str, str], tuple[str | None, str | None, bool, str, str]] = {}


def classify_author_header(
    name: str, value: str, profile: Profile
) -> tuple[str | None, str | None, bool, str, str]:
    """What fetch()/setRequestHeader() make of one author header.

    Returns (why it is invalid or None, the offending part — the name or the value —, whether it
    is forbidden and silently dropped, the lower-case name, the value with leading/trailing HTTP
    tab-or-space removed).
    https://fetch.spec.whatwg.org/#concept-headers-append, #concept-header-value-normalize
    """
    _check_profile(profile)
    key = (profile.name, name, value)
    cached = _HEADER_CACHE.get(key)
    if cached is not None:
        return cached
    problem: str | None = None
    offending: str | None = None
    if not name or not is_token(name):
        problem, offending = f"{name!r} is not a valid header name", name
    else:
        bad = header_value_problem(value)
        if bad is not None:
            problem, offending = f"header {name} {bad}", value
    stripped = value.strip(" \t")
    forbidden = problem is None and is_forbidden_request_header(name, stripped, profile)
    result = (problem, offending, forbidden, name.lower(), stripped)
    if len(_HEADER_CACHE) >= _UNSAFE_CACHE_MAX:
        _HEADER_CACHE.clear()
    _HEADER_CACHE[key] = result
    return result
