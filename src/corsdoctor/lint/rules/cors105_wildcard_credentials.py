"""CORS105: ``Access-Control-Allow-Origin: *`` together with credentials.

https://fetch.spec.whatwg.org/#cors-protocol-and-credentials — for a request whose credentials
mode is "include", ``*`` fails the CORS check (Chromium: WildcardOriginNotAllowed).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule, pick

FIXES = {
    "nginx": ('replace "*" with a map allowlist: map $http_origin $cors_origin { default ""; '
              '"~^https://app\\.example\\.com$" $http_origin; } and '
              "add_header Access-Control-Allow-Origin $cors_origin always; add_header Vary Origin always;"),
    "apache": ('SetEnvIf Origin "^https://app\\.example\\.com$" CORS_ORIGIN=$0 and '
               'Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN'),
    "express": "cors({ origin: ['https://app.example.com'], credentials: true })",
    "express-nestjs": "app.enableCors({ origin: ['https://app.example.com'], credentials: true })",
    "netlify": ("static headers cannot reflect an allowlist: set Access-Control-Allow-Origin to the one "
                "front-end origin, or remove Access-Control-Allow-Credentials"),
    "vercel": ('set "value" of Access-Control-Allow-Origin to the one front-end origin (or use Routing '
               "Middleware for several), or remove Access-Control-Allow-Credentials"),
    "firebase": ('set "value" of Access-Control-Allow-Origin to the one front-end origin, or remove '
                 "Access-Control-Allow-Credentials"),
    "cloudfront": ("list the origins in AccessControlAllowOrigins.Items, or set "
                   "AccessControlAllowCredentials: false"),
    "apigw": 'list the exact origins (allowOrigins: ["https://app.example.com"]) instead of "*"',
    "terraform-apigw": 'allow_origins = ["https://app.example.com"] (never ["*"] with allow_credentials = true)',
    "terraform-cloudfront": ('access_control_allow_origins { items = ["https://app.example.com"] }, or '
                             "access_control_allow_credentials = false"),
    "go": 'AllowedOrigins: []string{"https://app.example.com"}',
    "go-gin": 'AllowOrigins: []string{"https://app.example.com"} instead of AllowAllOrigins: true / "*"',
    "go-http": ('w.Header().Set("Access-Control-Allow-Origin", origin) only when allowed[origin], with '
                'w.Header().Add("Vary", "Origin")'),
    "*": "list the exact origins instead of '*', or stop sending credentials",
}


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    if not policy.credentialed or policy.credentials is None:
        return
    for rule in policy.origins:
        if rule.kind is OriginKind.WILDCARD:
            yield make(
                "CORS105", at=rule.value.at, value=rule.value.value,
                message=(f"Access-Control-Allow-Origin is '*' while credentials are allowed "
                         f"(line {policy.credentials.at.line}); credentialed requests fail"),
                consequence=consequence.chromium("WildcardOriginNotAllowed", policy),
                fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
            )


RULE = Rule(code="CORS105", check=check)
