"""CORS107: error responses (4xx/5xx) lack the CORS headers, so they surface as CORS errors.

https://fetch.spec.whatwg.org/#cors-check applies to every response, including 500s: without
ACAO script sees ``TypeError: Failed to fetch`` instead of the status.
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS107",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p),
)
