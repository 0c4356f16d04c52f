"""The stage a browser reason belongs to: request (never sent), preflight, actual, redirect, network.

Spec anchors: https://fetch.spec.whatwg.org/#main-fetch (request), #cors-preflight-fetch
(preflight), #cors-check (actual), #http-redirect-fetch (redirect), #concept-network-error.
"""

from __future__ import annotations

from corsdoctor.engine import _templates as T
from corsdoctor.explain._patterns import Browser

#: Reasons Chromium only reports for a preflight (their CorsError names say so).
_CHROMIUM_ALWAYS_PREFLIGHT = frozenset(k for k in T.CHROMIUM_REASONS if "Preflight" in k)
_CHROMIUM_REQUEST = {"DisallowedByMode", "InsecureLocalNetwork", "InvalidLocalNetworkAccess",
                     "LocalNetworkAccessPermissionDenied"}

_FIREFOX = {
    "CORSPreflightDidNotSucceed3": "preflight", "CORSMethodNotFound": "preflight",
    "CORSMissingAllowHeaderFromPreflight2": "preflight", "CORSInvalidAllowMethod": "preflight",
    "CORSInvalidAllowHeader": "preflight", "CORSAllowHeaderFromPreflightDeprecation": "preflight",
    "CORSExternalRedirectNotAllowed": "redirect", "CORSDidNotSucceed2": "network",
    "CORSRequestNotHttp": "request", "CORSDisabled": "request", "CORSOriginHeaderNotAdded": "request",
    "BlockMixedActiveContent": "request",
}
_WEBKIT = {
    "preflight-not-successful": "preflight", "invalid-allow-methods": "preflight",
    "invalid-allow-headers": "preflight", "method-not-allowed": "preflight", "header-not-allowed": "preflight",
    "redirect-denied": "redirect", "redirect-non-cors-scheme": "redirect", "redirect-has-credentials": "redirect",
    "too-many-redirects": "redirect", "redirect-mode-error": "redirect", "redirect-not-http": "redirect",
    "same-origin-mode": "request", "only-http": "request", "mixed-content": "request",
}


def stage_of(browser: Browser, key: str, *, prefixed: bool = False, redirected: bool = False) -> str:
    if browser is Browser.CHROMIUM:
        if key.startswith("FetchAPI.") or key in _CHROMIUM_REQUEST:
            return "request"
        if key.startswith("net::"):
            return "network"
        if prefixed or key in _CHROMIUM_ALWAYS_PREFLIGHT:
            return "preflight"
        if key == "RedirectContainsCredentials" or (key == "CorsDisabledScheme" and redirected):
            return "redirect"
        if key == "CorsDisabledScheme":
            return "request"
        return "actual"
    if browser is Browser.FIREFOX:
        return _FIREFOX.get(key, "actual")
    return _WEBKIT.get(key, "actual")


def chromium_error_name(key: str, *, prefixed: bool) -> str:
    """The CorsError DevTools shows: the ``Preflight…`` twin when the preflight prefix is present."""
    twin = "Preflight" + key
    if prefixed and twin in T.CHROMIUM_PREFLIGHT_PREFIXED:
        return twin
    return key
