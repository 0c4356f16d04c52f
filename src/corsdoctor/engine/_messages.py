"""Render a :class:`Failure` as the console text each browser prints.

The wording is data in ``_templates``; this module only picks a template and fills it in.
Chromium: cors_error_string.cc (reference §2.1-2.2); Firefox: security.properties (§3.2);
WebKit: ThreadableLoader/CrossOriginAccessControl (§4.1-4.2).
"""

from __future__ import annotations

import re

from corsdoctor.engine import _templates as T
from corsdoctor.engine._model import Api, Failure, Stage

#: Control bytes (tab included), DEL and every byte >= 0x80 (each byte of a UTF-8 sequence alone).
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\xff]")
_WEBKIT_NET_ERRORS = {
    "net::ERR_CONNECTION_REFUSED": "Could not connect to the server.",
    "net::ERR_NAME_NOT_RESOLVED": "A server with the specified hostname could not be found.",
    "net::ERR_TIMED_OUT": "The request timed out.",
    "net::ERR_CONNECTION_TIMED_OUT": "The request timed out.",
    "net::ERR_CERT_AUTHORITY_INVALID": "The certificate for this server is invalid.",
    "net::ERR_TOO_MANY_REDIRECTS": T.WEBKIT_REASONS["too-many-redirects"],
    # WebKitErrorCannotUseRestrictedPort's description (WebCore localized strings; not observed live).
    "net::ERR_UNSAFE_PORT": "Not allowed to use restricted network port",
}


def _console_escape(text: str) -> str:
    """DevTools prints control characters of a hint as ``\\uXXXX`` (chromium-deviations.md), and
    so every byte >= 0x80: ``é`` sent as UTF-8 prints ``\\u00C3\\u00A9`` (Chromium 156, oracle)."""
    return _CONTROL_RE.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)


def chromium_message(failure: Failure, *, api: Api, origin: str, initial_url: str) -> str:
    """The console line Chromium prints for ``failure``."""
    if failure.renderer_error is not None:
        template = T.CHROMIUM_FETCH_API_LINES.get(failure.renderer_error) or T.CHROMIUM_RENDERER_LINES.get(
            failure.renderer_error
        )
        if template is not None:
            scheme = failure.url.partition(":")[0]
            # The page's own URL is not known to the engine: its origin stands for it.
            return template.format(url=failure.url, origin=origin, scheme=scheme, page=origin + "/")
    error = failure.chromium_error
    if error is None and failure.stage is Stage.REQUEST and failure.net_error == "net::ERR_FAILED":
        # fetch()/XHR threw a TypeError before any network activity: Chromium logs nothing
        # (differential corpus, Chromium 156); the page sees only the exception.
        return ""
    if error is None:
        return T.CHROMIUM_NET_ERROR_LINE.format(net_error=failure.net_error or "net::ERR_FAILED")
    base = (
        error[len("Preflight") :]
        if error.startswith("Preflight") and error not in T.CHROMIUM_REASONS
        else error
    )
    reason_template = T.CHROMIUM_REASONS.get(base, T.CHROMIUM_REASONS.get(error, error))
    hint = _console_escape(failure.failed_parameter)
    reason = reason_template.format(
        hint=hint,
        schemes=T.CHROMIUM_SCHEMES,
        space=failure.address_space or "",
        target=failure.address_space or "",
    )
    suffix = ""
    if api is Api.XHR:
        if base in T.CHROMIUM_SUFFIX_XHR_CREDENTIALS_ERRORS:
            suffix = T.CHROMIUM_SUFFIX_XHR_CREDENTIALS
    elif base in T.CHROMIUM_SUFFIX_VALID_VALUE_ERRORS:
        suffix = T.CHROMIUM_SUFFIX_VALID_VALUE
    url = failure.url
    if error == "CorsDisabledScheme" and failure.redirect_target:
        # Chromium follows the redirect, then refuses the new URL and names it (Chromium 156).
        url = failure.redirect_target
    redirected = T.CHROMIUM_REDIRECTED.format(initial_url=initial_url) if url != initial_url else ""
    return T.CHROMIUM_LINE.format(
        kind="XMLHttpRequest" if api is Api.XHR else "fetch",
        url=url,
        redirected=redirected,
        origin=origin,
        prefix=T.CHROMIUM_PREFLIGHT_PREFIX if error in T.CHROMIUM_PREFLIGHT_PREFIXED else "",
        reason=reason,
        suffix=suffix,
    )


def firefox_message(failure: Failure) -> str:
    """The console line Firefox prints for ``failure``."""
    key = failure.firefox_key
    if failure.rejection is not None:
        return ""  # fetch()/XHR threw in script (see script_error); nothing reaches the console
    if key is None:
        if failure.stage is Stage.REQUEST:
            return T.FIREFOX_FETCH_REJECTION
        key = "CORSDidNotSucceed2"
    status = "(null)" if failure.status is None or key == "CORSDidNotSucceed2" else str(failure.status)
    return T.FIREFOX_MESSAGES[key].format(url=failure.url, status=status, hint=failure.firefox_hint)


def webkit_message(failure: Failure, *, api: Api, origin: str) -> str:
    """The console lines Safari prints for ``failure`` (reason, then the access-control line)."""
    key = failure.webkit_key
    if failure.rejection is not None:
        return ""  # fetch()/XHR threw in script (see script_error); nothing reaches the console
    if failure.net_error is not None and key is None:
        return _WEBKIT_NET_ERRORS.get(failure.net_error, "The network connection was lost.")
    if key is None:
        return T.WEBKIT_FETCH_REJECTION
    reason = T.WEBKIT_REASONS[key].format(
        origin=origin,
        status="" if failure.status is None else failure.status,
        hint=failure.webkit_hint,
        target=failure.redirect_target or failure.url,
        url=failure.url,
        page=origin + "/",
    )
    if failure.redirect_target is not None and key not in (
        "redirect-non-cors-scheme",
        "redirect-has-credentials",
        "too-many-redirects",
    ):
        reason = T.WEBKIT_REASONS["redirect-denied"].format(target=failure.redirect_target, reason=reason)
    if failure.stage is Stage.REQUEST:
        return reason
    line = T.WEBKIT_ACCESS_CONTROL_LINE["xhr" if api is Api.XHR else "fetch"].format(url=failure.url)
    return f"{reason}\n{line}"


#: What fetch() rejects with after a network or CORS failure, per browser (browser-cors.md §5).
_FETCH_FAILED = {
    "chromium": T.CHROMIUM_FETCH_REJECTION,
    "firefox": T.FIREFOX_FETCH_REJECTION,
    "webkit": T.WEBKIT_FETCH_REJECTION,
}


def script_error(failure: Failure, *, api: Api, browser: str) -> str:
    """What the page's script sees for ``failure`` in ``browser``: the exception's text, or for
    XMLHttpRequest the ``error`` event.  Request-construction errors are exact for Chromium
    (measured); other browsers get the exception class the standards prescribe.
    """
    kind = "xhr" if api is Api.XHR else "fetch"
    if failure.rejection is not None:
        key = (kind, failure.rejection)
        if browser == "chromium":
            template = T.CHROMIUM_SCRIPT_ERRORS.get(key)
            if template is not None:
                return template.format(value=failure.rejected_value)
        name = T.SCRIPT_ERROR_CLASS.get(key, "TypeError")
        return f"{name} (thrown by {'XMLHttpRequest' if kind == 'xhr' else 'fetch()'} before anything is sent)"
    if api is Api.XHR:
        return T.XHR_NETWORK_ERROR
    return _FETCH_FAILED[browser]
