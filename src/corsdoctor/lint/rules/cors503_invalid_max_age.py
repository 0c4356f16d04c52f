"""CORS503: ``Access-Control-Max-Age`` is not a number of seconds.

https://fetch.spec.whatwg.org/#http-new-header-syntax — a non-integer value is ignored and the
preflight is not cached (every request pays a preflight).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    age = policy.max_age
    if age is None:
        return
    text = age.value.strip().strip("'\"")
    if text.isdigit() or text.startswith(("$", "%{")) or not text:
        return
    yield make(
        "CORS503", at=age.at, value=age.value,
        message=f"Access-Control-Max-Age {age.value!r} is not a delta-seconds integer; it is ignored",
        consequence=consequence.no_console_error("The preflight is not cached: every request sends one."),
        fix="write the number of seconds, e.g. 7200 (Chromium's cap)", format=policy.format,
        scope=policy.scope,
    )


RULE = Rule(code="CORS503", check=check)
