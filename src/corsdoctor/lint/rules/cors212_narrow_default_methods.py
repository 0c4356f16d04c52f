"""CORS212: the framework's default allowed methods are narrower than the routes use.

https://fetch.spec.whatwg.org/#cors-preflight-fetch — a method outside Access-Control-Allow-Methods
fails the preflight (Starlette default ``("GET",)``, Spring ``CorsConfiguration`` GET/HEAD).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule, fact_rule, pick

FIXES = {
    "starlette": 'allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"]',
    "spring": 'config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));',
    "aiohttp": 'ResourceOptions(allow_methods=["GET", "POST", "PUT", "DELETE"])',
    "go": 'AllowedMethods: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}',
    "go-gin": 'AllowMethods: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}',
    "*": "list every method the routes use",
}
_SAFELISTED = {"GET", "HEAD", "POST"}
_facts = fact_rule("CORS212", consequence_for=lambda p, f: consequence.refused(
    p, "MethodDisallowedByPreflightResponse", hint="PUT"))


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    yield from _facts.check(policy)
    methods = policy.methods
    if methods is None or not methods.implicit or methods.mirrors_request:
        return
    allowed = {m.upper() for m in methods.names()}
    if "*" in allowed:
        return
    missing = [r for r in policy.route_methods if r.value.upper() not in allowed | _SAFELISTED
               or (r.value.upper() == "POST" and "POST" not in allowed)]
    seen: set[str] = set()
    for route in missing:
        method = route.value.upper()
        if method in seen:
            continue
        seen.add(method)
        yield make(
            "CORS212", at=methods.at, value=", ".join(sorted(allowed)),
            message=(f"the default allowed methods are {', '.join(sorted(allowed))}, but a route at line "
                     f"{route.at.line} handles {method}: its preflight fails"),
            consequence=consequence.refused(policy, "MethodDisallowedByPreflightResponse", hint=method),
            fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS212", check=check)
