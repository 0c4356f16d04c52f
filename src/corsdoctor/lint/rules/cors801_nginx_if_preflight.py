"""CORS801: an nginx ``if ($request_method = OPTIONS)`` block with its own ``add_header``.

The ``if`` is a pseudo-location: having any ``add_header`` it inherits none of the location's
(https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header), so the preflight
response lacks ACAO (Chromium: PreflightMissingAllowOriginHeader).
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS801",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p, preflight=True),
)
