"""CORS704: an ``http://`` origin (not loopback) is trusted.

https://fetch.spec.whatwg.org/#cors-check — a network attacker can inject script into the
plain-http origin and read what the API returns to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule

_LOCAL = ("localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0")


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    for rule in policy.origins:
        value = rule.value.value.strip()
        if rule.kind is not OriginKind.EXACT or not value.lower().startswith("http://"):
            continue
        host = (urlsplit(value).hostname or "").lower()
        if not host or host in _LOCAL or host.endswith((".localhost", ".test", ".local")):
            continue
        yield make(
            "CORS704", at=rule.value.at, value=value,
            message=f"plain-http origin {value!r} is trusted; anyone on its network path can use it",
            consequence=consequence.no_console_error(
                "A network attacker injects script into the http:// page and reads the response."),
            fix=f"use https://{value[len('http://'):]}", format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS704", check=check)
