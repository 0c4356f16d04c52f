"""CORS805: the framework throws on ``*`` origins with credentials.

Spring's ``CorsConfiguration.validateAllowCredentials`` (every CORS request → 500), Quart-CORS
(``ValueError`` in the after-request hook), Flask-CORS with ``send_wildcard``, rack-cors
(``CorsMisconfigurationError`` at boot) and ASP.NET Core (``InvalidOperationException`` when the
policy is built).  https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.policy import CorsPolicy, Fact
from corsdoctor.lint.rules._base import fact_rule

#: Extractors say "at boot" / "when the app starts" when the exception stops the app from starting.
_AT_START = ("at boot", "when the app starts")


def _consequence(policy: CorsPolicy, fact: Fact) -> str:
    if any(marker in fact.message for marker in _AT_START):
        return ("No console line: the application does not start, so every request fails before any "
                "CORS check (connection refused or the platform's 502/503 page).")
    return consequence.chromium("MissingAllowOriginHeader", policy) + " (the server answers 500 without CORS headers)"


RULE = fact_rule("CORS805", consequence_for=_consequence)
