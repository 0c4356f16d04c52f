"""CORS804: the CORS middleware runs after one that can answer or reject first.

Responses produced before the CORS middleware (CommonMiddleware redirects, auth 401, static
files) carry no CORS headers (https://fetch.spec.whatwg.org/#cors-check; django-cors-headers
README: "as high as possible").
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS804",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p),
)
