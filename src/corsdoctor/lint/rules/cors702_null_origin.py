"""CORS702: the origin ``null`` is allowed.

https://fetch.spec.whatwg.org/#origin-header — sandboxed iframes, ``file:`` pages and
cross-origin redirects (tainted origin) all send ``Origin: null``, so any site can obtain it.
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    for rule in policy.origins:
        if rule.kind is OriginKind.EXACT and rule.value.value.strip().strip("'\"").lower() == "null":
            yield make(
                "CORS702", at=rule.value.at, value=rule.value.value,
                message="'null' is trusted: any page can send Origin: null from a sandboxed iframe",
                consequence=consequence.no_console_error(
                    "An attacker page that embeds <iframe sandbox=\"allow-scripts\"> sends Origin: null "
                    "and reads the response."),
                fix="remove 'null' from the allowed origins", format=policy.format, scope=policy.scope,
            )


RULE = Rule(code="CORS702", check=check)
