"""CORS108: two layers (proxy and app, CDN and origin) both set Access-Control-Allow-Origin.

https://fetch.spec.whatwg.org/#cors-check — the response then has two ACAO values
(Chromium: MultipleAllowOriginValues).
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS108",
    consequence_for=lambda p, f: consequence.chromium(
        "MultipleAllowOriginValues", p, hint=f"{p.first_origin()}, {p.first_origin()}"),
)
