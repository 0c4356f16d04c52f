"""CORS810: the CDN caches without Origin in the cache key.

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches — the first cached response (often
fetched without Origin, so without ACAO) is served to every origin, intermittently.
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS810",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p) + " (intermittently)",
)
