"""CORS809: static-host header rules do not apply to functions, proxies or SSR responses.

Netlify: "Custom headers apply only to files Netlify serves from our own backing store"
(https://docs.netlify.com/routing/headers/).
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS809",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p),
)
