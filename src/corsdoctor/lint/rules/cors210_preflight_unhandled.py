"""CORS210: no layer answers the preflight (OPTIONS) for this route.

https://fetch.spec.whatwg.org/#cors-preflight-fetch — the preflight needs an ok status with the
CORS headers (Chromium: PreflightInvalidStatus or PreflightMissingAllowOriginHeader).
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS210",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p, preflight=True)
    if f.value.startswith("express") else consequence.chromium("PreflightInvalidStatus", p, preflight=True),
)
