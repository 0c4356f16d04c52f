"""CORS205/CORS206: Allow-Methods / Allow-Headers items that are not HTTP tokens.

https://fetch.spec.whatwg.org/#http-new-header-syntax — the whole header then fails to parse
(Chromium: InvalidAllowMethodsPreflightResponse / InvalidAllowHeadersPreflightResponse).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _check(policy: CorsPolicy, attr: str, code: str, error: str, header: str) -> Iterator[LintFinding]:
    values = getattr(policy, attr)
    if values is None or values.implicit:
        return
    for item in values.items:
        v = item.value
        if v.startswith(("$", "%{")) or _TOKEN.match(v):
            continue
        yield make(
            code, at=item.at, value=v,
            message=f"{header} item {v!r} is not a token: browsers reject the whole header",
            consequence=consequence.chromium(error, policy, preflight=True),
            fix=f"write {header} as a comma-separated list of names, e.g. 'GET, POST, PUT'"
            if code == "CORS205" else f"write {header} as a comma-separated list, e.g. 'Authorization, Content-Type'",
            format=policy.format, scope=policy.scope,
        )


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    yield from _check(policy, "methods", "CORS205", "InvalidAllowMethodsPreflightResponse",
                      "Access-Control-Allow-Methods")
    yield from _check(policy, "allow_headers", "CORS206", "InvalidAllowHeadersPreflightResponse",
                      "Access-Control-Allow-Headers")


RULE = Rule(code="CORS205", check=check)
