"""CORS005: ``Access-Control-Allow-Headers: *`` lets Authorization through only by a browser deviation.

https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name — the spec never lets ``*``
cover Authorization; Chromium and Firefox still do (Firefox prints a deprecation warning), so the
request breaks when they align with the spec.
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.engine._codes import Severity
from corsdoctor.engine._templates import FIREFOX_MESSAGES
from corsdoctor.lint.consequence import request_url
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule

FIXES = {
    "nginx": 'add_header Access-Control-Allow-Headers "Authorization, *" always;',
    "apache": 'Header always set Access-Control-Allow-Headers "Authorization, *"',
    "netlify": "Access-Control-Allow-Headers: Authorization, *",
}


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    headers = policy.allow_headers
    if headers is None or policy.credentialed or headers.implicit or headers.mirrors_request:
        return
    star = next((i for i in headers.items if i.value.strip() == "*"), None)
    if star is None or "authorization" in headers.names():
        return
    yield make(
        "CORS005", at=star.at, value="*",
        message="Access-Control-Allow-Headers '*' does not cover Authorization per the Fetch standard",
        consequence=("No console error in Chrome: it lets '*' cover Authorization (a deviation from the Fetch "
                     "standard, chromium-deviations.md), so the request works until it aligns. Firefox warns: "
                     + FIREFOX_MESSAGES["CORSAllowHeaderFromPreflightDeprecation"].format(url=request_url(policy))),
        fix=FIXES.get(policy.format, "list Authorization explicitly next to '*': 'Authorization, *'"),
        format=policy.format,
        scope=policy.scope, severity=Severity.INFO,
    )


RULE = Rule(code="CORS005", check=check)
