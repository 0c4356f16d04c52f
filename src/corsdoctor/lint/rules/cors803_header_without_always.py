"""CORS803: CORS headers are added to successful responses only (nginx/Apache without ``always``).

nginx adds a header without ``always`` only for 200, 201, 204, 206, 301, 302, 303, 304, 307 and
308 (https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header); Apache's default
``onsuccess`` table misses non-2xx.  A 401/404/500 then reaches script as a CORS error.
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, Coverage
from corsdoctor.lint.rules._base import Rule, fact_rule, pick

FIXES = {
    "*": "emit the CORS headers on error responses too",
}


_facts = fact_rule("CORS803", consequence_for=lambda p, f: consequence.chromium(
    "MissingAllowOriginHeader", p, preflight=True))


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    specific = list(_facts.check(policy))
    yield from specific
    if specific:
        return
    if policy.errors is not Coverage.SUCCESS_ONLY or policy.errors_at is None:
        return
    yield make(
        "CORS803", at=policy.errors_at, value="(no always)",
        message=("the CORS headers are not added to 4xx/5xx responses: script sees a CORS error "
                 "instead of the status"),
        consequence=consequence.chromium("MissingAllowOriginHeader", policy),
        fix=_fix(policy), format=policy.format, scope=policy.scope,
    )


def _fix(policy: CorsPolicy) -> str:
    """The edit written out with this scope's own Access-Control-Allow-Origin value."""
    value = policy.acao_values[0].value if policy.acao_values else policy.first_origin()
    if policy.format == "nginx":
        shown = value if value and not any(c in value for c in " ;{}") else f'"{value}"'
        return (f"add_header Access-Control-Allow-Origin {shown} always; (and 'always' on every other "
                "add_header Access-Control-* of this block)")
    if policy.format == "apache":
        return (f'Header always set Access-Control-Allow-Origin "{value}" (and "always" on every other '
                "Access-Control-* Header line, plus 'Header unset' for the backend's)")
    return pick(FIXES, policy.format)


RULE = Rule(code="CORS803", check=check)
