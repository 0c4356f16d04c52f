"""CORS103: one response carries several Access-Control-Allow-Origin values.

https://fetch.spec.whatwg.org/#cors-check — ACAO must be a single value; a comma list or two
header lines fail (Chromium: MultipleAllowOriginValues).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule, pick

FIXES = {
    "nginx": ('keep one add_header Access-Control-Allow-Origin and choose the value with '
              'map $http_origin $cors_origin { default ""; "https://a.example.com" $http_origin; ... }'),
    "apache": ('one "Header always set Access-Control-Allow-Origin" fed by SetEnvIf Origin '
               '"^https://(a|b)\\.example\\.com$" CORS_ORIGIN=$0'),
    "netlify": "keep a single Access-Control-Allow-Origin line per path (duplicates are joined with ', ')",
    "express": "origin: ['https://a.example.com', 'https://b.example.com'] (an array, not one string)",
    "go": ('allowed := map[string]bool{"https://a.example.com": true, "https://b.example.com": true}; '
           'if o := r.Header.Get("Origin"); allowed[o] { w.Header().Set("Access-Control-Allow-Origin", o) }; '
           'w.Header().Add("Vary", "Origin")'),
    "firebase": ('"value": "https://a.example.com" (one origin: Hosting headers cannot vary by Origin; for '
                 "several, answer CORS in the Cloud Function / Cloud Run service behind the rewrite)"),
    "vercel": ('"value": "https://a.example.com" (one origin; for several, choose it per request in '
               "Routing Middleware and add Vary: Origin)"),
    "*": "send exactly one origin: pick the request's Origin from an allowlist instead of a list",
}


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    values = policy.acao_values
    for v in values:
        text = v.value.strip().strip("'\"")
        items = [p for p in text.replace(",", " ").split() if p]
        if len(items) > 1:
            yield make(
                "CORS103", at=v.at, value=v.value,
                message=f"Access-Control-Allow-Origin value {v.value!r} lists {len(items)} origins",
                consequence=consequence.chromium("MultipleAllowOriginValues", policy, hint=text),
                fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
            )
    if len(values) > 1:
        joined = ", ".join(v.value for v in values)
        yield make(
            "CORS103", at=values[1].at, value=values[1].value,
            message=(f"{len(values)} Access-Control-Allow-Origin headers reach one response "
                     f"(first at line {values[0].at.line})"),
            consequence=consequence.chromium("MultipleAllowOriginValues", policy, hint=joined),
            fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS103", check=check)
