"""CORS802: a nested nginx level with any ``add_header`` loses the outer level's CORS headers.

"These directives are inherited from the previous configuration level if and only if there are
no add_header directives defined on the current level."
(https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header)
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS802",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p),
)
