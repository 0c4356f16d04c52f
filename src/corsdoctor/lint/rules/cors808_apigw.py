"""CORS808: API Gateway CORS settings never reach proxy-integration or gateway error responses.

https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS808",
    consequence_for=lambda p, f: consequence.chromium("MissingAllowOriginHeader", p),
)
