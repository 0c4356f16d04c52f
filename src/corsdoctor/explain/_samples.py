"""Every console message the browsers can print, rendered from the templates with sample values.

Used to show the closest known message when a paste is not recognised, and by the golden tests
(render → parse back → compare the extracted fields).  Variants cover Chromium's preflight
twins, XMLHttpRequest wording, "(redirected from …)" and the suffixes of older versions.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine import _templates as T
from corsdoctor.explain._patterns import Browser

URL = "https://api.example.com/v1/items"
INITIAL_URL = "http://api.example.com/v1/items"
ORIGIN = "https://app.example.com"

#: The offending value quoted in each message (Chromium CorsError / Firefox key / WebKit key).
HINTS: dict[str, str] = {
    "MultipleAllowOriginValues": "https://app.example.com, https://admin.example.com",
    "InvalidAllowOriginValue": "app.example.com",
    "AllowOriginMismatch": "https://evil.example",
    "InvalidAllowCredentials": "",
    "MethodDisallowedByPreflightResponse": "PUT",
    "HeaderDisallowedByPreflightResponse": "x-api-key",
    "RedirectContainsCredentials": "",
    "PreflightInvalidAllowPrivateNetwork": "false",
    "CORSAllowOriginNotMatchingOrigin": "https://evil.example",
    "CORSInvalidAllowMethod": "GET;",
    "CORSInvalidAllowHeader": "x-api-key;",
    "CORSMissingAllowHeaderFromPreflight2": "x-api-key",
    "invalid-allow-methods": "GET; POST",
    "invalid-allow-headers": "X-Api-Key; Content-Type",
    "method-not-allowed": "PUT",
    "header-not-allowed": "X-Api-Key",
}
_STATUS = {"CORSDidNotSucceed2": "(null)", "CORSMissingAllowOrigin2": "200",
           "CORSPreflightDidNotSucceed3": "404", "origin-not-allowed": "200",
           "preflight-not-successful": "404"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One rendered message; ``id`` is ``browser:key`` plus ``+variant`` tags."""

    id: str
    browser: Browser
    key: str
    text: str


def _chromium_line(key: str, *, kind: str = "fetch", preflight: bool = False, redirected: bool = False,
                   suffix: str | None = None) -> str:
    reason = T.CHROMIUM_REASONS[key].format(
        hint=HINTS.get(key, ""), schemes=T.CHROMIUM_SCHEMES, space="local", target="private"
    )
    if suffix is None:
        suffix = ""
        if kind == "fetch" and key in T.CHROMIUM_SUFFIX_VALID_VALUE_ERRORS:
            suffix = T.CHROMIUM_SUFFIX_VALID_VALUE
        if kind == "XMLHttpRequest" and key in T.CHROMIUM_SUFFIX_XHR_CREDENTIALS_ERRORS:
            suffix = T.CHROMIUM_SUFFIX_XHR_CREDENTIALS
    return T.CHROMIUM_LINE.format(
        kind=kind,
        url=URL,
        redirected=T.CHROMIUM_REDIRECTED.format(initial_url=INITIAL_URL) if redirected else "",
        origin=ORIGIN,
        prefix=T.CHROMIUM_PREFLIGHT_PREFIX if preflight or key in T.CHROMIUM_PREFLIGHT_PREFIXED else "",
        reason=reason,
        suffix=suffix,
    )


def chromium() -> list[Sample]:
    out: list[Sample] = []
    for key in T.CHROMIUM_REASONS:
        out.append(Sample(id=f"chromium:{key}", browser=Browser.CHROMIUM, key=key, text=_chromium_line(key)))
        if "Preflight" + key in T.CHROMIUM_PREFLIGHT_PREFIXED:
            out.append(Sample(id=f"chromium:{key}+preflight", browser=Browser.CHROMIUM, key=key,
                              text=_chromium_line(key, preflight=True)))
        if key in T.CHROMIUM_SUFFIX_XHR_CREDENTIALS_ERRORS or key in T.CHROMIUM_SUFFIX_VALID_VALUE_ERRORS:
            out.append(Sample(id=f"chromium:{key}+xhr", browser=Browser.CHROMIUM, key=key,
                              text=_chromium_line(key, kind="XMLHttpRequest")))
    out.append(Sample(id="chromium:MissingAllowOriginHeader+redirected", browser=Browser.CHROMIUM,
                      key="MissingAllowOriginHeader",
                      text=_chromium_line("MissingAllowOriginHeader", redirected=True)))
    out.append(Sample(id="chromium:MissingAllowOriginHeader+xhr", browser=Browser.CHROMIUM,
                      key="MissingAllowOriginHeader",
                      text=_chromium_line("MissingAllowOriginHeader", kind="XMLHttpRequest")))
    for n, legacy in enumerate(T.CHROMIUM_LEGACY_SUFFIXES, 1):
        key = "MissingAllowOriginHeader" if n == 1 else "AllowOriginMismatch"
        out.append(Sample(id=f"chromium:{key}+legacy{n}", browser=Browser.CHROMIUM, key=key,
                          text=_chromium_line(key, suffix=legacy)))
    for key, text in {**T.CHROMIUM_FETCH_API_LINES, "LocalResource": T.CHROMIUM_RENDERER_LINES["LocalResource"]}.items():
        out.append(Sample(id=f"chromium:FetchAPI.{key}", browser=Browser.CHROMIUM, key=f"FetchAPI.{key}",
                          text=text.format(url=_fetch_api_url(key), origin=ORIGIN, scheme="file",
                                           page=ORIGIN + "/")))
    out.append(Sample(id="chromium:NetError", browser=Browser.CHROMIUM, key="NetError",
                      text=T.CHROMIUM_NET_ERROR_LINE.format(net_error="net::ERR_CONNECTION_REFUSED")))
    return out


def _fetch_api_url(key: str) -> str:
    if "Scheme" in key or key == "LocalResource":
        return "file:///home/me/data.json"
    if key == "MixedContent":
        return URL.replace("https://", "http://", 1)
    return URL


def firefox() -> list[Sample]:
    return [
        Sample(id=f"firefox:{key}", browser=Browser.FIREFOX, key=key,
               text=text.format(url=_fetch_api_url("MixedContent") if "Mixed" in key else URL,
                                status=_STATUS.get(key, "200"), hint=HINTS.get(key, "")))
        for key, text in T.FIREFOX_MESSAGES.items()
    ]


def webkit() -> list[Sample]:
    target = "https://other.example.com/v1/items"
    values = {"url": URL, "origin": ORIGIN, "target": target, "page": ORIGIN + "/"}
    out = [
        Sample(id=f"webkit:{key}", browser=Browser.WEBKIT, key=key,
               text=text.format(**{**values, "url": _fetch_api_url("MixedContent")} if key == "mixed-content"
                                else values, status=_STATUS.get(key, "200"), hint=HINTS.get(key, ""),
                                reason=T.WEBKIT_REASONS["origin-not-allowed"].format(origin=ORIGIN, status="302")))
        for key, text in T.WEBKIT_REASONS.items()
    ]
    out += [
        Sample(id=f"webkit:access-control.{api}", browser=Browser.WEBKIT, key=f"access-control.{api}",
               text=text.format(url=URL))
        for api, text in T.WEBKIT_ACCESS_CONTROL_LINE.items()
    ]
    return out


def all_samples() -> list[Sample]:
    return chromium() + firefox() + webkit()
