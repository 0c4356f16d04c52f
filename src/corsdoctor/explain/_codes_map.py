"""Map a browser's reason (Chromium CorsError, Firefox key, WebKit template) to a finding code.

The registry (``corsdoctor.engine._codes``) records, per code, the Chromium ``CorsError``, the
Firefox ``security.properties`` key and the WebKit template it surfaces as.  Several codes share
one browser reason (``MissingAllowOriginHeader`` is CORS101, CORS107, CORS506, CORS507): the
first registered code is the primary answer, the others are alternatives, and :func:`refine`
moves to a more specific code when the message itself shows why (a status, a value, a redirect).

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from corsdoctor.engine._codes import all_codes
from corsdoctor.explain._patterns import Browser

#: Where the registry's first candidate is not the best primary answer (or there is none).
_OVERRIDES: dict[tuple[Browser, str], str] = {
    (Browser.CHROMIUM, "CorsDisabledScheme"): "CORS605",  # CORS303 only after a redirect (refine)
    (Browser.CHROMIUM, "PreflightInvalidAllowPrivateNetwork"): "CORS211",
    (Browser.CHROMIUM, "FetchAPI.DisallowedByMode"): "CORS606",
    (Browser.CHROMIUM, "FetchAPI.NoCorsRedirectModeNotFollow"): "CORS607",
    (Browser.CHROMIUM, "FetchAPI.CorsDisabledScheme"): "CORS605",
    (Browser.CHROMIUM, "FetchAPI.LocalResource"): "CORS605",  # a file: URL from an http(s) page
    (Browser.FIREFOX, "CORSDidNotSucceed2"): "CORS601",
    (Browser.FIREFOX, "CORSRequestNotHttp"): "CORS605",
    (Browser.WEBKIT, "redirect-not-http"): "CORS303",
    (Browser.CHROMIUM, "FetchAPI.MixedContent"): "CORS610",
    (Browser.FIREFOX, "BlockMixedActiveContent"): "CORS610",
    (Browser.WEBKIT, "mixed-content"): "CORS610",
}


def _candidates() -> dict[tuple[Browser, str], tuple[str, ...]]:
    table: dict[tuple[Browser, str], list[str]] = {}
    for info in all_codes():
        for browser, key in ((Browser.CHROMIUM, info.chromium_error), (Browser.FIREFOX, info.firefox_key),
                             (Browser.WEBKIT, info.safari)):
            if key:
                table.setdefault((browser, key), []).append(info.code)
    return {k: tuple(v) for k, v in table.items()}


_CANDIDATES = _candidates()


def candidates(browser: Browser, key: str) -> tuple[str, ...]:
    """Every code the reason can stand for, the primary one first."""
    found = _CANDIDATES.get((browser, key), ())
    primary = _OVERRIDES.get((browser, key))
    if primary is None:
        return found
    return (primary, *(c for c in found if c != primary))


_BARE_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?$|^localhost(?::\d+)?$", re.IGNORECASE)


def _is_serialized_origin(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and value == f"{parts.scheme}://{parts.netloc}"


def refine(code: str, *, stage: str, value: str | None, status: int | None, origin: str | None,
           redirected: bool) -> str:
    """A more specific code when the message shows it (see the module docstring)."""
    if code == "CORS101" and stage == "actual" and status is not None and status >= 400:
        return "CORS107"  # an error page without CORS headers
    if code == "CORS101" and origin == "null":
        return "CORS306"  # WebKit: "Origin null is not allowed" after a redirect
    if code == "CORS102" and value is not None:
        if origin is not None and value == origin:
            return "CORS306"  # allowed the page origin, but the request said Origin: null
        if value == "null" or value == "*":
            return code
        if "*" in value or not _is_serialized_origin(value):
            return "CORS109"  # trailing slash, path, glob, missing scheme
    if code == "CORS104" and value is not None and _BARE_HOST.match(value):
        return "CORS109"  # a configured origin without its scheme
    if code == "CORS103" and value is not None:
        items = [v.strip() for v in value.split(",") if v.strip()]
        if len(items) >= 2 and (len(set(items)) < len(items) or "*" in items):
            return "CORS108"  # the same header from two layers
    if code == "CORS204" and value is not None and value.lower() == "authorization":
        return "CORS207"
    if code == "CORS201" and status is not None:
        if status in (401, 403):
            return "CORS209"
        if status in (404, 405):
            return "CORS210"
        if 300 <= status < 400 and status not in (300, 304):
            return "CORS202"
    if code == "CORS605" and redirected:
        return "CORS303"
    return code
