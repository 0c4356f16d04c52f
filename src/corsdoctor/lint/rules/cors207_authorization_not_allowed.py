"""CORS207: the allowed request headers leave out ``Authorization``.

https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name — Authorization must be
listed by name.  Reported where the list is a framework default the author never wrote
(Starlette ``allow_headers=()``, Spring ``CorsConfiguration``, rack-cors, rs/cors, gin, aiohttp-cors,
ASP.NET without ``WithHeaders``).  S3/GCS lists are not judged: browsers usually reach buckets with
presigned URLs, which send no Authorization (a rule without AllowedHeaders is CORS807).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.engine._codes import Severity
from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule, pick

FIXES = {
    "starlette": 'allow_headers=["Authorization", "Content-Type"]',
    "aiohttp": 'ResourceOptions(allow_headers=("Authorization", "Content-Type"))',
    "spring": 'config.setAllowedHeaders(List.of("Authorization", "Content-Type"));',
    "s3": '"AllowedHeaders": ["Authorization", "Content-Type"]',
    "gcs": '"responseHeader": ["Authorization", "Content-Type"]',
    "aspnet": '.WithHeaders("Authorization", "Content-Type")',
    "rack": "resource '/api/*', headers: %w[Authorization Content-Type], methods: %i[get post put delete]",
    "go": 'AllowedHeaders: []string{"Authorization", "Content-Type"}',
    "go-gin": 'AllowHeaders: []string{"Origin", "Authorization", "Content-Type"}',
    "*": "add Authorization to the allowed headers",
}


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    headers = policy.allow_headers
    if headers is None or not headers.implicit or headers.mirrors_request:
        return
    names = headers.names()
    if "authorization" in names or "*" in names:
        return
    shown = ", ".join(sorted(names)) or "(none beyond the CORS-safelisted ones)"
    yield make(
        "CORS207", at=headers.at, value=shown,
        message=(f"the default allowed request headers are {shown}: a request that sends "
                 "Authorization (or any custom header) fails its preflight"),
        consequence=consequence.refused(policy, "HeaderDisallowedByPreflightResponse", hint="authorization"),
        fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
        severity=Severity.WARNING,
    )


RULE = Rule(code="CORS207", check=check)
