"""One function per check, each returning a :class:`Problem` or ``None``.

A ``Problem`` carries the finding code plus the wording keys of each browser, so a verdict can be
printed in Chromium's, Firefox's and Safari's own words.  The order in which checks run is not
decided here but by the profile (``Profile.preflight_order``).

https://fetch.spec.whatwg.org/#cors-check, #cors-preflight-fetch, #concept-filtered-response-cors
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corsdoctor.engine._fastinit import fast_frozen_init
from corsdoctor.engine._grammar import parse_token_list, split_list
from corsdoctor.engine._model import Response
from corsdoctor.engine._profiles import MaxAgeParsing, Profile
from corsdoctor.engine._safelist import (
    CORS_SAFELISTED_RESPONSE_HEADERS,
    FORBIDDEN_RESPONSE_HEADERS,
    is_cors_safelisted_method,
)

ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"
ACEH = "access-control-expose-headers"
ACMA = "access-control-max-age"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
_GURL_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """A failed check.  ``chromium_error`` is the actual-request name (the engine derives the
    ``Preflight…`` twin); ``lines`` are the raw header lines that prove it."""

    code: str
    chromium_error: str | None
    hint: str = ""
    firefox_key: str | None = None
    firefox_hint: str = ""
    webkit_key: str | None = None
    webkit_hint: str = ""
    value: str | None = None
    lines: tuple[str, ...] = ()
    summary: str = ""


def is_redirect(response: Response) -> bool:
    """A redirect status with a Location (https://fetch.spec.whatwg.org/#redirect-status)."""
    if response.status not in REDIRECT_STATUSES:
        return False
    location = response.get("location")
    # An empty Location is no redirect target: the response is handled as final (Chromium 156,
    # differential corpus #111, #275).
    return location is not None and location != ""


#: https://url.spec.whatwg.org/#forbidden-domain-code-point (tab/newline are removed before).
_FORBIDDEN_DOMAIN_RE = re.compile(r"[\x00-\x20#/:<>?@\[\\\]^|%\x7f]")
_C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def _ipv4_number(part: str) -> int | None:
    """https://url.spec.whatwg.org/#ipv4-number-parser (decimal, 0x hex, leading-0 octal)."""
    if not part:
        return None
    if part[:2] in ("0x", "0X"):
        digits, base = part[2:], 16
        if digits == "":
            return 0
    elif len(part) > 1 and part[0] == "0":
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    try:
        return int(digits, base) if digits.isascii() and digits.isalnum() else None
    except ValueError:
        return None


def _ipv4_host_is_valid(host: str) -> bool | None:
    """None when ``host`` does not end in a number (not an IPv4 address), else whether it parses.

    https://url.spec.whatwg.org/#ends-in-a-number-checker and #concept-ipv4-parser.
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    last = parts[-1]
    if not (last.isascii() and last.isdigit()) and not (
        last[:2] in ("0x", "0X") and all(c in "0123456789abcdefABCDEF" for c in last[2:])
    ):
        return None
    if len(parts) > 4:
        return False
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return False
    values = [n for n in numbers if n is not None]
    if any(n > 255 for n in values[:-1]):
        return False
    limit: int = 256 ** (5 - len(values))
    return values[-1] < limit


def _chromium_gurl_is_valid(value: str) -> bool:
    """``GURL(value).is_valid()`` as far as an Access-Control-Allow-Origin value can reach it.

    Measured on Chromium 156 with the oracle (InvalidAllowOriginValue vs AllowOriginMismatch): a
    scheme is needed; for special schemes a host without forbidden domain code points (``^``,
    ``|``, a bare ``%``, C0 controls, DEL; ``"`` ``{`` ``}`` `` ` `` ``*`` ``_`` are fine), a
    valid IPv4 address when the host ends in a number (``1.2.3.256`` is invalid), a port of
    digits up to 65535 (or empty), and bytes that are valid UTF-8 (IDN hosts are fine).
    Leading/trailing C0 controls and spaces are trimmed and tabs removed first, as URL parsers do.
    """
    value = value.strip(_C0_CONTROL_OR_SPACE).replace("\t", "")
    match = _GURL_SCHEME_RE.match(value)
    if match is None:
        return False
    scheme = match.group(0)[:-1].lower()
    if scheme not in _SPECIAL_SCHEMES or scheme == "file":
        return True
    rest = value[match.end() :].lstrip("/\\")
    authority = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return host.endswith("]") or "]:" in host
    host, _, port = host.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return False
    if not host:
        return False
    try:
        decoded = host.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    decoded = _PERCENT_RE.sub(lambda m: chr(int(m.group(1), 16)), decoded)
    if _FORBIDDEN_DOMAIN_RE.search(decoded):
        return False
    return _ipv4_host_is_valid(decoded) is not False


def check_access(response: Response, origin: str, include_credentials: bool) -> Problem | None:
    """https://fetch.spec.whatwg.org/#cors-check, with each browser's classification of failures.

    Chromium: network::cors::CheckAccess (reference §2.3); Firefox: CheckRequestApproved (§3.3);
    WebKit: passesAccessControlCheck (§4.3).
    """
    acao = response.get(ACAO)
    if acao is not None and (acao == origin or (acao == "*" and not include_credentials)):
        if not include_credentials:
            return None
        return _check_credentials_flag(response, include_credentials, response.lines(ACAO, ACAC))
    lines = response.get_all(ACAO)
    evidence = response.lines(ACAO, ACAC)
    status = str(response.status)
    if acao is None:
        return Problem(
            code="CORS107" if response.status >= 400 else "CORS101",
            chromium_error="MissingAllowOriginHeader",
            firefox_key="CORSMissingAllowOrigin2",
            firefox_hint=status,
            webkit_key="origin-not-allowed",
            lines=evidence,
            summary="the response has no Access-Control-Allow-Origin header"
            + (f" (status {response.status})" if response.status >= 400 else ""),
        )
    if acao == "*" and not include_credentials:
        return _check_credentials_flag(response, include_credentials, evidence)
    if acao != origin:
        firefox_key = "CORSAllowOriginNotMatchingOrigin"
        if len(lines) > 1:
            firefox_key = "CORSMultipleAllowOriginNotAllowed"
        elif acao == "*":
            firefox_key = "CORSNotSupportingCredentials"
        webkit_key = "origin-not-allowed"
        if acao == "*":
            webkit_key = "wildcard-with-credentials"
        elif "," in acao:
            webkit_key = "multiple-origins"
        if acao == "*":
            code, chromium = "CORS105", "WildcardOriginNotAllowed"
            summary = "'*' cannot be used when the request includes credentials"
            hint = ""
        elif " " in acao or "," in acao:
            code = "CORS103" if ("," in acao or len(lines) > 1) else "CORS104"
            chromium, hint = "MultipleAllowOriginValues", acao
            summary = f"Access-Control-Allow-Origin has several values: {acao!r}"
        elif acao == "null":
            code, chromium, hint = ("CORS306" if origin == "null" else "CORS102"), "AllowOriginMismatch", acao
            summary = f"Access-Control-Allow-Origin is 'null' but the request's Origin is {origin!r}"
        elif not _chromium_gurl_is_valid(acao):
            code, chromium, hint = "CORS104", "InvalidAllowOriginValue", acao
            summary = f"Access-Control-Allow-Origin {acao!r} is not a valid origin"
        else:
            code = "CORS306" if origin == "null" else "CORS102"
            chromium, hint = "AllowOriginMismatch", acao
            summary = f"Access-Control-Allow-Origin {acao!r} does not equal the Origin {origin!r}"
            if acao.rstrip("/") == origin:
                summary += " (trailing slash)"
            elif acao.lower() == origin:
                summary += " (origins are compared case-sensitively)"
        return Problem(
            code=code,
            chromium_error=chromium,
            hint=hint,
            firefox_key=firefox_key,
            firefox_hint=acao,
            webkit_key=webkit_key,
            value=acao,
            lines=evidence,
            summary=summary,
        )
    return _check_credentials_flag(response, include_credentials, evidence)


def _check_credentials_flag(
    response: Response, include_credentials: bool, evidence: tuple[str, ...]
) -> Problem | None:
    """Steps 5-7 of the CORS check: ACAC must be exactly ``true`` for credentialed requests."""
    if not include_credentials:
        return None
    acac = response.get(ACAC)
    if acac == "true":
        return None
    return Problem(
        code="CORS106",
        chromium_error="InvalidAllowCredentials",
        hint=acac or "",
        firefox_key="CORSMissingAllowCredentials",
        webkit_key="credentials-not-true",
        value=acac,
        lines=evidence,
        summary="credentialed request, but Access-Control-Allow-Credentials is "
        + (f"{acac!r}" if acac is not None else "missing")
        + " (must be exactly 'true')",
    )


# --- preflight-only checks ----------------------------------------------------------------------


def check_preflight_redirect(response: Response) -> Problem | None:
    """A preflight must not redirect (https://fetch.spec.whatwg.org/#cors-preflight-fetch)."""
    if not is_redirect(response):
        return None
    return Problem(
        code="CORS202",
        chromium_error="PreflightDisallowedRedirect",
        firefox_key="CORSExternalRedirectNotAllowed",
        webkit_key="preflight-not-successful",
        value=response.get("location"),
        lines=response.lines("location"),
        summary=f"the preflight was answered with a {response.status} redirect to {response.get('location')}",
    )


def check_preflight_status(response: Response) -> Problem | None:
    """An ok status (200-299) is required."""
    if 200 <= response.status <= 299:
        return None
    code = "CORS209" if response.status in (401, 403, 407) else "CORS201"
    if is_redirect(response):
        code = "CORS202"  # WebKit reports a redirected preflight as a non-ok status
    return Problem(
        code=code,
        chromium_error="PreflightInvalidStatus",
        firefox_key="CORSPreflightDidNotSucceed3",
        firefox_hint=str(response.status),
        webkit_key="preflight-not-successful",
        value=str(response.status),
        summary=f"the preflight (OPTIONS) was answered with status {response.status}, not 2xx",
    )


#: header -> (code, Chromium CorsError, Firefox key, WebKit key, what an item must be)
_LIST_HEADERS = {
    ACAM: (
        "CORS205",
        "InvalidAllowMethodsPreflightResponse",
        "CORSInvalidAllowMethod",
        "invalid-allow-methods",
        "a method token",
    ),
    ACAH: (
        "CORS206",
        "InvalidAllowHeadersPreflightResponse",
        "CORSInvalidAllowHeader",
        "invalid-allow-headers",
        "a header-name token",
    ),
}


def _check_list_header(response: Response, header: str) -> Problem | None:
    """``#method`` / ``#field-name`` must parse (https://fetch.spec.whatwg.org/#cors-preflight-fetch)."""
    value = response.get(header)
    _, bad = parse_token_list(value)
    if bad is None:
        return None
    code, chromium, firefox, webkit, token = _LIST_HEADERS[header]
    name = "-".join(part.capitalize() for part in header.split("-"))
    return Problem(
        code=code,
        chromium_error=chromium,
        firefox_key=firefox,
        firefox_hint=bad,
        webkit_key=webkit,
        webkit_hint=value or "",
        value=value,
        lines=response.lines(header),
        summary=f"{name} item {bad!r} is not {token}",
    )


def check_parse_methods(response: Response) -> Problem | None:
    return _check_list_header(response, ACAM)


def check_parse_headers(response: Response) -> Problem | None:
    return _check_list_header(response, ACAH)


def check_method(
    response: Response, method: str, include_credentials: bool, force_preflight: bool, profile: Profile
) -> Problem | None:
    """Step 5 of https://fetch.spec.whatwg.org/#cors-preflight-fetch (byte-exact compare)."""
    methods, _ = parse_token_list(response.get(ACAM))
    if methods is None and force_preflight:
        methods = (method,)
    methods = methods or ()
    if method in methods or is_cors_safelisted_method(method, profile):
        return None
    if not include_credentials and "*" in methods:
        return None
    summary = f"method {method} is not in Access-Control-Allow-Methods"
    if not methods:
        summary = f"method {method} needs Access-Control-Allow-Methods, which is missing"
    elif "*" in methods:
        summary += " ('*' is literal for credentialed requests)"
    elif method.upper() in methods or method in (m.upper() for m in methods):
        summary += " (methods are compared case-sensitively)"
    return Problem(
        code="CORS208" if ("*" in methods and include_credentials) else "CORS203",
        chromium_error="MethodDisallowedByPreflightResponse",
        hint=method,
        firefox_key="CORSMethodNotFound",
        webkit_key="method-not-allowed",
        webkit_hint=method,
        value=method,
        lines=response.lines(ACAM),
        summary=summary,
    )


def check_headers(
    response: Response,
    unsafe_names: Sequence[str],
    original_names: dict[str, str],
    include_credentials: bool,
    profile: Profile,
) -> tuple[Problem | None, bool]:
    """Steps 6-7 of https://fetch.spec.whatwg.org/#cors-preflight-fetch.

    Returns the problem (if any) and whether ``Authorization`` passed only through ``*`` (a
    browser deviation worth a warning).
    """
    names, _ = parse_token_list(response.get(ACAH))
    allowed = {n.lower() for n in names or []}
    wildcard = "*" in allowed and not include_credentials
    via_wildcard = False
    for name in unsafe_names:
        if name in allowed:
            continue
        if wildcard and name != "authorization":
            continue
        if wildcard and name == "authorization" and profile.wildcard_covers_authorization:
            via_wildcard = True
            continue
        if name == "authorization":
            code = "CORS207"
            summary = "Authorization is not listed in Access-Control-Allow-Headers"
            if wildcard:
                summary += " ('*' never covers Authorization in the Fetch Standard)"
        elif "*" in allowed and include_credentials:
            code = "CORS208"
            summary = f"request header {name} is not allowed ('*' is literal for credentialed requests)"
        else:
            code = "CORS204"
            summary = f"request header {name} is not in Access-Control-Allow-Headers"
            if names is None:
                summary += " (the header is missing)"
        return (
            Problem(
                code=code,
                chromium_error="HeaderDisallowedByPreflightResponse",
                hint=name,
                firefox_key="CORSMissingAllowHeaderFromPreflight2",
                firefox_hint=name,
                webkit_key="header-not-allowed",
                webkit_hint=original_names.get(name, name),
                value=name,
                lines=response.lines(ACAH),
                summary=summary,
            ),
            via_wildcard,
        )
    return None, via_wildcard


# --- after success ------------------------------------------------------------------------------


def parse_max_age(response: Response, profile: Profile) -> tuple[int, str | None]:
    """Seconds the preflight may be cached, clamped to the profile's cap, and the raw value.

    https://fetch.spec.whatwg.org/#cors-preflight-fetch step 8 (default 5 s).
    """
    values = response.get_all(ACMA)
    raw = ", ".join(values) if values else None
    if raw is None:
        return 5, None
    parsing = profile.max_age_parsing
    seconds: int
    if len(values) > 1 and parsing is MaxAgeParsing.SPEC:
        seconds = 5
    elif parsing is MaxAgeParsing.SPEC:
        seconds = int(raw) if raw.isascii() and raw.isdigit() else 5
    elif parsing is MaxAgeParsing.FIREFOX:
        seconds = 5 if raw == "" else int(raw) if raw.isascii() and raw.isdigit() else 0
    else:
        text = raw.lstrip("+") if parsing is MaxAgeParsing.WEBKIT else raw
        sign = -1 if text.startswith("-") else 1
        digits = text[1:] if text.startswith("-") else text
        seconds = sign * int(digits) if digits.isascii() and digits.isdigit() else 5
        seconds = max(seconds, 0)
    if profile.max_age_cap is not None:
        seconds = min(seconds, profile.max_age_cap)
    return seconds, raw


def exposed_header_names(response: Response, include_credentials: bool) -> tuple[list[str], str | None, bool]:
    """Names script can read on a CORS-filtered response.

    Returns (names, bad ACEH value or None, wildcard-was-literal).
    https://fetch.spec.whatwg.org/#concept-filtered-response-cors and #main-fetch step 14.
    """
    present = response.names
    aceh = response.get(ACEH)
    listed: set[str] = set()
    bad: str | None = None
    literal_star = False
    if aceh is not None:
        items, bad_item = parse_token_list(aceh)
        if bad_item is not None:
            bad = aceh
        elif items is not None:
            listed = {i.lower() for i in items}
            if "*" in listed:
                if include_credentials:
                    literal_star = True
                else:
                    listed.update(present)
    readable = CORS_SAFELISTED_RESPONSE_HEADERS | listed if listed else CORS_SAFELISTED_RESPONSE_HEADERS
    names = [n for n in present if n in readable and n not in FORBIDDEN_RESPONSE_HEADERS]
    return names, bad, literal_star


@functools.lru_cache(maxsize=1024)
def _vary_covers_origin(vary: str) -> bool:
    items = {item.lower() for item in split_list(vary)}
    return "origin" in items or "*" in items


def vary_includes_origin(response: Response) -> bool:
    vary = response.get("vary")
    return vary is not None and _vary_covers_origin(vary)
