"""CORS701: any origin is reflected into ACAO together with ``Access-Control-Allow-Credentials: true``.

https://fetch.spec.whatwg.org/#cors-protocol-and-credentials — the CORS check passes for every
site, so any page the user visits can read credentialed responses.  Library quirks that reflect
(Starlette/Flask-CORS/django ``*`` with credentials, nginx ``$http_origin``) are modelled by the
extractors as ``REFLECT_ANY``.
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule, pick

FIXES = {
    "nginx": ('gate the reflection with a map: map $http_origin $cors_origin { default ""; '
              '"~^https://app\\.example\\.com$" $http_origin; } and add_header '
              "Access-Control-Allow-Origin $cors_origin always;"),
    "apache": ('set the value only for allowed origins: SetEnvIf Origin "^https://app\\.example\\.com$" '
               'CORS_ORIGIN=$0 and Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" '
               "env=CORS_ORIGIN"),
    "express": "origin: ['https://app.example.com'] instead of origin: true",
    "starlette": 'allow_origins=["https://app.example.com"] (never ["*"] with allow_credentials=True)',
    "flask": 'origins=["https://app.example.com"] with supports_credentials=True',
    "django": 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"] instead of CORS_ALLOW_ALL_ORIGINS = True',
    "aiohttp": 'key the defaults by exact origins: {"https://app.example.com": ResourceOptions(...)}',
    "spring": 'allowedOriginPatterns("https://*.example.com") instead of "*"',
    "aspnet": '.WithOrigins("https://app.example.com") instead of .SetIsOriginAllowed(_ => true)',
    "rack": "origins 'https://app.example.com' instead of a block that accepts every origin",
    "go": 'AllowedOrigins: []string{"https://app.example.com"} instead of an AllowOriginFunc returning true',
    "go-gin": 'AllowOrigins: []string{"https://app.example.com"} instead of an AllowOriginFunc returning true',
    "go-http": ('if allowed[origin] { w.Header().Set("Access-Control-Allow-Origin", origin) } with '
                'allowed := map[string]bool{"https://app.example.com": true}'),
    "*": "replace reflect-any with an exact allowlist of origins",
}


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    if not policy.credentialed or policy.credentials is None:
        return
    for rule in policy.origins:
        if rule.kind is OriginKind.REFLECT_ANY:
            yield make(
                "CORS701", at=rule.value.at, value=rule.value.value,
                message=("every Origin is echoed into Access-Control-Allow-Origin with "
                         f"Access-Control-Allow-Credentials: true (line {policy.credentials.at.line}): "
                         "any website can read this API as the logged-in user"),
                consequence=consequence.no_console_error(
                    f"A page on {consequence.ATTACKER_ORIGIN} gets 'Access-Control-Allow-Origin: "
                    f"{consequence.ATTACKER_ORIGIN}' and 'Access-Control-Allow-Credentials: true' and reads "
                    "the response."),
                fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
            )


RULE = Rule(code="CORS701", check=check)
