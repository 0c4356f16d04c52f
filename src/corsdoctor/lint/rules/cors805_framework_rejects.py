"""CORS805: the framework throws on ``*`` origins with credentials.

Spring's ``CorsConfiguration.validateAllowCredentials`` (every CORS request → 500), Quart-CORS
(``ValueError`` in the after-request hook), Flask-CORS with ``send_wildcard`` (at start-up).
https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS805",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p)
    + " (the server answers 500 without CORS headers)",
)
