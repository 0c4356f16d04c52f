"""Render "what Chrome will print" for a finding, from the engine's message templates.

The wording is never written here: it comes from ``corsdoctor.engine._templates`` (Chromium's
``cors_error_string.cc``), filled for a placeholder request to the policy's scope from its first
configured origin (or ``https://app.example.com``).
"""

from __future__ import annotations

from corsdoctor.engine._codes import CODES
from corsdoctor.engine._templates import (
    CHROMIUM_LINE,
    CHROMIUM_PREFLIGHT_PREFIX,
    CHROMIUM_REASONS,
    CHROMIUM_SUFFIX_VALID_VALUE,
    CHROMIUM_SUFFIX_VALID_VALUE_ERRORS,
)
from corsdoctor.lint.policy import CorsPolicy

API_ORIGIN = "https://api.example.com"
ATTACKER_ORIGIN = "https://attacker.example"


def request_url(policy: CorsPolicy) -> str:
    scope = policy.scope
    if scope.lstrip("<").lower().startswith(("directory", "files", "virtualhost")):
        return API_ORIGIN + "/"  # a filesystem path or a host, not a URL path
    for raw in scope.split():
        token = raw.strip("\"'<>")
        if token.startswith("/") and not token.startswith("//"):
            path = token.replace("*", "x").replace("(.*)", "x").rstrip("$")
            return API_ORIGIN + (path if path.startswith("/") else "/" + path)
    return API_ORIGIN + "/"


def chromium(
    error: str,
    policy: CorsPolicy,
    *,
    hint: str = "",
    preflight: bool = False,
    origin: str | None = None,
) -> str:
    """The console line Chromium prints for CorsError ``error`` on a fetch() to the policy's scope."""
    reason = CHROMIUM_REASONS[error].format(hint=hint, schemes="", space="", target="")
    suffix = CHROMIUM_SUFFIX_VALID_VALUE if error in CHROMIUM_SUFFIX_VALID_VALUE_ERRORS else ""
    prefix = CHROMIUM_PREFLIGHT_PREFIX if preflight else ""
    return CHROMIUM_LINE.format(
        kind="fetch",
        url=request_url(policy),
        redirected="",
        origin=origin or policy.first_origin(),
        prefix=prefix,
        reason=reason,
        suffix=suffix,
    )


def for_code(code: str, policy: CorsPolicy, *, hint: str = "", preflight: bool = False) -> str:
    """The console line for the CorsError the registry maps ``code`` to."""
    error = CODES[code].chromium_error
    if error is None:
        return ""
    return for_error(error, policy, hint=hint, preflight=preflight)


def for_error(error: str, policy: CorsPolicy, *, hint: str = "", preflight: bool = False) -> str:
    """The console line for a Chromium CorsError name (``Preflight…`` names are preflight lines)."""
    if error.startswith("Preflight") and error[len("Preflight"):] in CHROMIUM_REASONS:
        error = error[len("Preflight"):]
        preflight = True
    if error == "PreflightInvalidStatus":
        preflight = True
    return chromium(error, policy, hint=hint, preflight=preflight)


#: Frameworks that judge the preflight's method and headers themselves and answer a refusal in a way
#: the browser reports before it ever compares the lists (configs.md §5.1, §5.4, §6, §7, §9.1):
#: Starlette 400 "Disallowed CORS method/headers" with the origin allowed → the status; aiohttp-cors
#: 403, Spring 403 "Invalid CORS request", rack-cors 200 and rs/cors / go-chi 204, all without CORS
#: headers → the missing Access-Control-Allow-Origin.  Others send their lists and let Chrome decide.
REFUSED_PREFLIGHT = {
    "starlette": "PreflightInvalidStatus",
    "aiohttp-cors": "PreflightMissingAllowOriginHeader",
    "spring": "PreflightMissingAllowOriginHeader",
    "rack": "PreflightMissingAllowOriginHeader",
    "go-rscors": "PreflightMissingAllowOriginHeader",
    "go-chi": "PreflightMissingAllowOriginHeader",
}


def refused(policy: CorsPolicy, error: str, *, hint: str) -> str:
    """The console line when a preflight asks for a method/header (``error``, ``hint``) the policy refuses."""
    own = REFUSED_PREFLIGHT.get(policy.format)
    if own is not None:
        return for_error(own, policy)
    return chromium(error, policy, hint=hint)


def no_console_error(what: str) -> str:
    """For security smells the browser *allows* the read: say so instead of a console line."""
    return f"No console error: the browser allows it. {what}"
