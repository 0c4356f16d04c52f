"""Browser profiles as data: where Chromium, Firefox and WebKit depart from the Fetch Standard.

Every field cites its source in ../shared/reference/browser-cors.md (section numbers) or
chromium-deviations.md (measured on Chromium 156 over 3,218 scenarios).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PreflightCheck(enum.Enum):
    """The checks run on a preflight response; a profile lists them in its own order."""

    REDIRECT = "redirect"  # a 3xx with Location
    ACCESS = "access"  # ACAO / ACAC (the CORS check)
    STATUS = "status"  # ok status (2xx)
    PARSE_METHODS = "parse-methods"  # Access-Control-Allow-Methods is a #method list
    PARSE_HEADERS = "parse-headers"  # Access-Control-Allow-Headers is a #field-name list
    METHOD = "method"  # the request method is allowed
    HEADERS = "headers"  # every CORS-unsafe request header is allowed


class RefusedHeaderOrder(enum.Enum):
    """Which refused request header a failed preflight names when several are refused."""

    SORTED = "sorted"  # the first of the sorted-lowercase set (the order of ACRH)
    #: The first in Blink's header-map order (non-safelisted names, then — past the 1024-byte
    #: total — the safelisted ones); see _blink_header_order.py.
    BLINK_HEADER_MAP = "blink-header-map"


class MaxAgeParsing(enum.Enum):
    SPEC = "spec"  # delta-seconds, else 5 (https://fetch.spec.whatwg.org/#cors-preflight-fetch step 8)
    CHROMIUM = "chromium"  # base::StringToInt64; invalid -> 5; negative -> 0 (§2.4)
    FIREFOX = "firefox"  # digits only; other characters -> not cached; empty -> 5 (§3.4)
    WEBKIT = "webkit"  # parseInteger<int64_t>: leading +/- accepted; invalid -> 5 (§4.4)


#: https://fetch.spec.whatwg.org/#bad-port
FETCH_BAD_PORTS = frozenset(
    {0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
     104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514,
     515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723,
     2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080}
)

#: Chromium's extra safelisted request headers and their value rules (§2.5, deviations #1).
CHROMIUM_CLIENT_HINT_RULES: dict[str, str] = {
    "device-memory": "number",
    "dpr": "number",
    "downlink": "number",
    "width": "digits",
    "viewport-width": "digits",
    "rtt": "digits",
    "ect": "ect",
    "save-data": "on",
    "intervention": "any",
    **{
        name: "any"
        for name in [
            "sec-ch-ua",
            "sec-ch-ua-arch",
            "sec-ch-ua-platform",
            "sec-ch-ua-model",
            "sec-ch-ua-mobile",
            "sec-ch-ua-full-version",
            "sec-ch-ua-platform-version",
            "sec-ch-prefers-color-scheme",
            "sec-ch-ua-bitness",
            "sec-ch-viewport-height",
            "sec-ch-device-memory",
            "sec-ch-dpr",
            "sec-ch-width",
            "sec-ch-viewport-width",
            "sec-ch-ua-full-version-list",
            "sec-ch-ua-wow64",
            "sec-ch-prefers-reduced-motion",
            "sec-ch-ua-form-factors",
            "sec-ch-prefers-reduced-transparency",
        ]
    },
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """How one browser applies the CORS protocol."""

    name: str
    display: str
    #: Order in which a preflight response's checks are reported (first failure wins).
    preflight_order: tuple[PreflightCheck, ...]
    #: ``Access-Control-Allow-Headers: *`` also covers ``Authorization`` (uncredentialed).
    wildcard_covers_authorization: bool
    #: Extra CORS-safelisted request headers: name -> value rule.
    extra_safelisted_headers: dict[str, str]
    #: The 1024-byte total of safelisted header values (Fetch "CORS-unsafe request-header names").
    safelist_total_limit: bool
    #: ``User-Agent`` is a forbidden request header (dropped silently).
    user_agent_forbidden: bool
    #: The unit ``bytes`` of a safelisted Range must be lower-case.
    range_unit_case_sensitive: bool
    #: The largest byte position a safelisted Range may name (None: unbounded, as in the spec).
    #: Chromium 156 preflights ``bytes=9223372036854775807-`` and ``bytes=0-9223372036854775807``
    #: but not ``…806`` (measured with the oracle); leading zeros do not count.
    range_max_value: int | None = None
    #: Access-Control-Max-Age cap in seconds (None: no UA limit modelled).
    max_age_cap: int | None
    max_age_parsing: MaxAgeParsing
    #: Method safelisting upper-cases first (Chromium's IsCorsSafelistedMethod).
    safelisted_method_case_insensitive: bool
    #: A same-origin redirect to a URL with credentials is cancelled (net::ERR_ABORTED).
    cancels_same_origin_credentialed_redirect: bool
    #: Local Network Access (Chromium 142+): public pages need permission for local/loopback.
    local_network_access: bool
    #: Script-set headers removed whenever a redirect is followed, same-origin or not: the client
    #: hints, which Chromium's client-hints throttle re-derives per hop.  Measured in Chromium 156
    #: (tests/data/differential/chromium-156.jsonl: ``ECT``, ``Width`` and ``DPR`` vanish from the next
    #: hop's request and its ACRH; ``Save-Data`` stays); the other hints follow the same mechanism.
    dropped_on_redirect: frozenset[str] = frozenset()
    #: http://localhost and http://127.0.0.1 count as potentially trustworthy, so an https page may
    #: fetch them (https://w3c.github.io/webappsec-mixed-content/ "a priori authenticated").
    #: WebKit blocks them as mixed content (reference §4.4, OBSERVED).
    loopback_exempt_from_mixed_content: bool = True
    #: Ports an http(s) URL may not use: a network error before anything is sent.  Chromium 156
    #: refuses every Fetch bad port but 4190 and 6679 with net::ERR_UNSAFE_PORT (oracle, all 83).
    bad_ports: frozenset[int] = FETCH_BAD_PORTS
    #: Which of several refused request headers the failure names (failedParameter).
    refused_header_order: RefusedHeaderOrder = RefusedHeaderOrder.SORTED


_CHROMIUM_ORDER = (
    PreflightCheck.REDIRECT,
    PreflightCheck.ACCESS,
    PreflightCheck.STATUS,
    PreflightCheck.PARSE_METHODS,
    PreflightCheck.PARSE_HEADERS,
    PreflightCheck.METHOD,
    PreflightCheck.HEADERS,
)

SPEC = Profile(
    name="spec",
    display="Fetch Standard",
    preflight_order=_CHROMIUM_ORDER,
    wildcard_covers_authorization=False,
    extra_safelisted_headers={},
    safelist_total_limit=True,
    user_agent_forbidden=False,
    range_unit_case_sensitive=False,
    max_age_cap=None,
    max_age_parsing=MaxAgeParsing.SPEC,
    safelisted_method_case_insensitive=False,
    cancels_same_origin_credentialed_redirect=False,
    local_network_access=False,
)

#: Chromium 156.  With several refused request headers, failedParameter (and the console line)
#: names the first in Blink's HTTPHeaderMap order — a WTF hash table keyed by the case-folded
#: name, which also holds User-Agent (and the UA client hints for trustworthy URLs); modelled in
#: _blink_header_order.py, measured live (docs/chromium-header-order.md).
CHROMIUM = Profile(
    name="chromium",
    display="Chrome",
    # Measured: redirect > ACAO > ACAC > status > ACAM parse > ACAH parse > method > headers.
    preflight_order=_CHROMIUM_ORDER,
    wildcard_covers_authorization=True,
    extra_safelisted_headers=CHROMIUM_CLIENT_HINT_RULES,
    safelist_total_limit=True,
    user_agent_forbidden=True,
    range_unit_case_sensitive=True,
    range_max_value=2**63 - 2,
    max_age_cap=7200,
    max_age_parsing=MaxAgeParsing.CHROMIUM,
    safelisted_method_case_insensitive=True,
    cancels_same_origin_credentialed_redirect=True,
    local_network_access=True,
    dropped_on_redirect=frozenset(
        {"device-memory", "dpr", "downlink", "ect", "rtt", "viewport-width", "width"}
    ),
    refused_header_order=RefusedHeaderOrder.BLINK_HEADER_MAP,
    bad_ports=FETCH_BAD_PORTS - {4190, 6679},
)

FIREFOX = Profile(
    name="firefox",
    display="Firefox",
    # nsCORSListenerProxy::CheckRequestApproved runs first (ACAO/ACAC), then the redirect veto,
    # then CheckPreflightRequestApproved: status, ACAM parse, method, ACAH parse, headers (§3.3).
    preflight_order=(
        PreflightCheck.ACCESS,
        PreflightCheck.REDIRECT,
        PreflightCheck.STATUS,
        PreflightCheck.PARSE_METHODS,
        PreflightCheck.METHOD,
        PreflightCheck.PARSE_HEADERS,
        PreflightCheck.HEADERS,
    ),
    wildcard_covers_authorization=True,
    extra_safelisted_headers={},
    safelist_total_limit=False,
    user_agent_forbidden=False,
    range_unit_case_sensitive=False,
    max_age_cap=86400,
    max_age_parsing=MaxAgeParsing.FIREFOX,
    safelisted_method_case_insensitive=True,
    cancels_same_origin_credentialed_redirect=False,
    local_network_access=False,
)

WEBKIT = Profile(
    name="webkit",
    display="Safari",
    # validatePreflightResponse: isSuccessful first (a redirect is just a non-2xx), then ACAO (§4.3).
    preflight_order=(
        PreflightCheck.STATUS,
        PreflightCheck.REDIRECT,
        PreflightCheck.ACCESS,
        PreflightCheck.PARSE_METHODS,
        PreflightCheck.PARSE_HEADERS,
        PreflightCheck.METHOD,
        PreflightCheck.HEADERS,
    ),
    wildcard_covers_authorization=True,
    extra_safelisted_headers={},
    safelist_total_limit=False,
    user_agent_forbidden=False,
    range_unit_case_sensitive=False,
    max_age_cap=600,
    max_age_parsing=MaxAgeParsing.WEBKIT,
    loopback_exempt_from_mixed_content=False,
    safelisted_method_case_insensitive=False,
    cancels_same_origin_credentialed_redirect=False,
    local_network_access=False,
)

PROFILES: dict[str, Profile] = {p.name: p for p in (SPEC, CHROMIUM, FIREFOX, WEBKIT)}
ALIASES = {"chrome": "chromium", "edge": "chromium", "safari": "webkit", "gecko": "firefox"}


def get_profile(name: str | Profile) -> Profile:
    if isinstance(name, Profile):
        return name
    found = PROFILES.get(name)
    if found is not None:
        return found
    key = ALIASES.get(name.lower(), name.lower())
    try:
        return PROFILES[key]
    except KeyError:
        from corsdoctor.engine._errors import InputError

        choices = ", ".join(sorted(PROFILES))
        raise InputError(f"unknown browser profile {name!r} (choose from {choices})") from None
