"""Regenerate tests/explain/golden/ (review the diff before committing).

    .venv/bin/python tests/explain/regen_goldens.py

Template goldens: each console template rendered with the sample values of
``corsdoctor.explain._samples``; the expected fields come from the sample values and the hand-written
table below (code and stage per template), never from the parser.  Text goldens: the plain output of
``corsdoctor explain`` for the inputs in golden/text/*.in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from corsdoctor.explain import _samples as S
from corsdoctor.knowledge import Example

HERE = Path(__file__).parent / "golden"

#: id -> (code, stage).  Written by hand from _codes.py and the reference tables.
EXPECTED: dict[str, tuple[str | None, str]] = {
    "chromium:FetchAPI.MixedContent": ("CORS610", "request"),
    "firefox:BlockMixedActiveContent": ("CORS610", "request"),
    "webkit:mixed-content": ("CORS610", "request"),
    "chromium:DisallowedByMode": ("CORS606", "request"),
    "chromium:InvalidResponse": ("CORS615", "actual"),
    "chromium:WildcardOriginNotAllowed": ("CORS105", "actual"),
    "chromium:WildcardOriginNotAllowed+preflight": ("CORS105", "preflight"),
    "chromium:WildcardOriginNotAllowed+xhr": ("CORS105", "actual"),
    "chromium:MissingAllowOriginHeader": ("CORS101", "actual"),
    "chromium:MissingAllowOriginHeader+preflight": ("CORS101", "preflight"),
    "chromium:MissingAllowOriginHeader+redirected": ("CORS101", "actual"),
    "chromium:MissingAllowOriginHeader+xhr": ("CORS101", "actual"),
    "chromium:MissingAllowOriginHeader+legacy1": ("CORS101", "actual"),
    "chromium:MultipleAllowOriginValues": ("CORS103", "actual"),
    "chromium:MultipleAllowOriginValues+preflight": ("CORS103", "preflight"),
    "chromium:MultipleAllowOriginValues+xhr": ("CORS103", "actual"),
    "chromium:InvalidAllowOriginValue": ("CORS109", "actual"),  # 'app.example.com': no scheme
    "chromium:InvalidAllowOriginValue+preflight": ("CORS109", "preflight"),
    "chromium:InvalidAllowOriginValue+xhr": ("CORS109", "actual"),
    "chromium:AllowOriginMismatch": ("CORS102", "actual"),
    "chromium:AllowOriginMismatch+preflight": ("CORS102", "preflight"),
    "chromium:AllowOriginMismatch+xhr": ("CORS102", "actual"),
    "chromium:AllowOriginMismatch+legacy2": ("CORS102", "actual"),
    "chromium:InvalidAllowCredentials": ("CORS106", "actual"),
    "chromium:InvalidAllowCredentials+preflight": ("CORS106", "preflight"),
    "chromium:InvalidAllowCredentials+xhr": ("CORS106", "actual"),
    "chromium:CorsDisabledScheme": ("CORS605", "request"),
    "chromium:PreflightInvalidStatus": ("CORS201", "preflight"),
    "chromium:PreflightDisallowedRedirect": ("CORS202", "preflight"),
    "chromium:InvalidAllowMethodsPreflightResponse": ("CORS205", "preflight"),
    "chromium:InvalidAllowHeadersPreflightResponse": ("CORS206", "preflight"),
    "chromium:MethodDisallowedByPreflightResponse": ("CORS203", "preflight"),
    "chromium:HeaderDisallowedByPreflightResponse": ("CORS204", "preflight"),
    "chromium:RedirectContainsCredentials": ("CORS301", "redirect"),
    "chromium:InsecureLocalNetwork": ("CORS602", "request"),
    "chromium:InvalidLocalNetworkAccess": ("CORS604", "request"),
    "chromium:LocalNetworkAccessPermissionDenied": ("CORS603", "request"),
    "chromium:PreflightMissingAllowPrivateNetwork": ("CORS211", "preflight"),
    "chromium:PreflightInvalidAllowPrivateNetwork": ("CORS211", "preflight"),
    "chromium:FetchAPI.DisallowedByMode": ("CORS606", "request"),
    "chromium:FetchAPI.NoCorsRedirectModeNotFollow": ("CORS607", "request"),
    "chromium:FetchAPI.CorsDisabledScheme": ("CORS605", "request"),
    "chromium:FetchAPI.LocalResource": ("CORS605", "request"),
    "chromium:NetError": ("CORS601", "network"),
    "firefox:CORSDisabled": ("CORS613", "request"),
    "firefox:CORSDidNotSucceed2": ("CORS601", "network"),
    "firefox:CORSOriginHeaderNotAdded": ("CORS614", "request"),
    "firefox:CORSExternalRedirectNotAllowed": ("CORS202", "redirect"),
    "firefox:CORSRequestNotHttp": ("CORS605", "request"),
    "firefox:CORSMissingAllowOrigin2": ("CORS101", "actual"),
    "firefox:CORSMultipleAllowOriginNotAllowed": ("CORS103", "actual"),
    "firefox:CORSAllowOriginNotMatchingOrigin": ("CORS102", "actual"),
    "firefox:CORSNotSupportingCredentials": ("CORS105", "actual"),
    "firefox:CORSMethodNotFound": ("CORS203", "preflight"),
    "firefox:CORSMissingAllowCredentials": ("CORS106", "actual"),
    "firefox:CORSPreflightDidNotSucceed3": ("CORS210", "preflight"),  # status 404
    "firefox:CORSInvalidAllowMethod": ("CORS205", "preflight"),
    "firefox:CORSInvalidAllowHeader": ("CORS206", "preflight"),
    "firefox:CORSMissingAllowHeaderFromPreflight2": ("CORS204", "preflight"),
    "firefox:CORSAllowHeaderFromPreflightDeprecation": ("CORS005", "preflight"),
    "webkit:wildcard-with-credentials": ("CORS105", "actual"),
    "webkit:multiple-origins": ("CORS103", "actual"),
    "webkit:origin-not-allowed": ("CORS101", "actual"),
    "webkit:credentials-not-true": ("CORS106", "actual"),
    "webkit:preflight-not-successful": ("CORS210", "preflight"),  # status 404
    "webkit:invalid-allow-methods": ("CORS205", "preflight"),
    "webkit:invalid-allow-headers": ("CORS206", "preflight"),
    "webkit:method-not-allowed": ("CORS203", "preflight"),
    "webkit:header-not-allowed": ("CORS204", "preflight"),
    "webkit:redirect-denied": ("CORS101", "redirect"),
    "webkit:redirect-non-cors-scheme": ("CORS303", "redirect"),
    "webkit:redirect-has-credentials": ("CORS301", "redirect"),
    "webkit:too-many-redirects": ("CORS302", "redirect"),
    "webkit:redirect-mode-error": ("CORS304", "redirect"),
    "webkit:same-origin-mode": ("CORS606", "request"),
    "webkit:only-http": ("CORS605", "request"),
    "webkit:redirect-not-http": ("CORS303", "redirect"),
    "webkit:access-control.fetch": (None, "actual"),
    "webkit:access-control.xhr": (None, "actual"),
}

_TARGET = "https://other.example.com/v1/items"
_NO_URL = {"chromium:NetError", "webkit:wildcard-with-credentials", "webkit:multiple-origins",
           "webkit:origin-not-allowed", "webkit:credentials-not-true", "webkit:preflight-not-successful",
           "webkit:invalid-allow-methods", "webkit:invalid-allow-headers", "webkit:method-not-allowed",
           "webkit:header-not-allowed", "webkit:too-many-redirects", "webkit:only-http",
           "webkit:redirect-not-http"}
_VALUES = {"InsecureLocalNetwork": "local", "InvalidLocalNetworkAccess": "local",
           "LocalNetworkAccessPermissionDenied": "local", "PreflightMissingAllowPrivateNetwork": "local",
           "FetchAPI.CorsDisabledScheme": "file", "NetError": "net::ERR_CONNECTION_REFUSED",
           "CORSAllowHeaderFromPreflightDeprecation": "Authorization",
           "redirect-denied": _TARGET, "redirect-non-cors-scheme": _TARGET, "redirect-has-credentials": _TARGET}
_STATUS = {"firefox:CORSMissingAllowOrigin2": 200, "firefox:CORSPreflightDidNotSucceed3": 404,
           "webkit:origin-not-allowed": 200, "webkit:preflight-not-successful": 404, "webkit:redirect-denied": 302}
_CREDENTIALS = ("WildcardOriginNotAllowed", "InvalidAllowCredentials", "CORSNotSupportingCredentials",
                "CORSMissingAllowCredentials", "wildcard-with-credentials", "credentials-not-true")


def expected(sample: S.Sample) -> dict[str, object]:
    code, stage = EXPECTED[sample.id]
    key = sample.key
    url: str | None = S.URL
    if sample.id in _NO_URL:
        url = None
    elif key in ("CorsDisabledScheme", "FetchAPI.CorsDisabledScheme", "FetchAPI.LocalResource"):
        url = "file:///home/me/data.json" if key.startswith("FetchAPI") else S.URL
    elif sample.browser.value == "webkit" and key.startswith("redirect-") and key != "redirect-mode-error":
        url = _TARGET
    elif key in ("FetchAPI.MixedContent", "BlockMixedActiveContent", "mixed-content"):
        url = S.URL.replace("https://", "http://", 1)  # the insecure resource
    origin = S.ORIGIN if sample.browser.value == "chromium" and not key.startswith(("FetchAPI.No", "Net")) else None
    if sample.id in ("webkit:origin-not-allowed", "webkit:same-origin-mode", "webkit:redirect-denied",
                     "webkit:mixed-content"):
        origin = S.ORIGIN  # Safari's mixed-content line names the page, whose origin this is
    if key in ("FetchAPI.CorsDisabledScheme", "FetchAPI.LocalResource"):
        origin = None
    value = _VALUES.get(key, S.HINTS.get(key))
    api = "xhr" if sample.id.endswith("+xhr") or sample.id == "webkit:access-control.xhr" else "fetch"
    method = "PUT" if key in ("MethodDisallowedByPreflightResponse", "method-not-allowed") else None
    header = S.HINTS.get(key) if key in ("HeaderDisallowedByPreflightResponse",
                                         "CORSMissingAllowHeaderFromPreflight2", "header-not-allowed") else None
    if key == "CORSAllowHeaderFromPreflightDeprecation":
        header = "Authorization"
    credentials = key in _CREDENTIALS
    headers: tuple[str, ...] = (header,) if header else ()
    if (stage == "preflight" and not headers and method is None and "PrivateNetwork" not in key
            and key != "CORSMethodNotFound"):
        headers = ("Content-Type",)  # a preflight of a GET needs an unsafe header: JSON's is the usual one
    example = Example(url=url or "<url>", origin=origin or "<page origin>", method=method or "GET",
                      request_headers=headers, credentials=credentials, api=api)
    return {
        "code": code, "stage": stage, "url": url, "origin": origin, "value": value,
        "status": _STATUS.get(sample.id), "api": api, "method": method, "request_header": header,
        "credentials": credentials,
        "initial_url": S.INITIAL_URL if sample.id.endswith("+redirected") else None,
        "check_command": example.check_command(),
    }


def main() -> int:
    target = HERE / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*/*.json"):
        old.unlink()
    for sample in S.all_samples():
        browser, name = sample.id.split(":", 1)
        path = target / browser / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        payload = {"id": sample.id, "input": sample.text, "expected": expected(sample)}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for source in sorted((HERE / "text").glob("*.in")):
        out = subprocess.run([sys.executable, "-m", "corsdoctor", "explain", "-"], input=source.read_bytes(),
                             capture_output=True, check=False)
        source.with_suffix(".out").write_bytes(out.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
