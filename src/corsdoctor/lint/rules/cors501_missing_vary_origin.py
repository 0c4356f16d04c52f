"""CORS501: ACAO depends on the request's Origin but ``Vary: Origin`` is not sent.

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches — a shared cache then serves one
origin's ``Access-Control-Allow-Origin`` to another origin (Chromium: AllowOriginMismatch).
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule, pick

FIXES = {
    "nginx": "add_header Vary Origin always;",
    "apache": 'Header always merge Vary "Origin"',
    "aiohttp": "add 'Vary: Origin' in an on_response_prepare signal handler",
    "go-http": 'w.Header().Add("Vary", "Origin")',
    "*": "send Vary: Origin on every response whose ACAO depends on Origin",
}
_DYNAMIC = (OriginKind.PATTERN, OriginKind.REFLECT_ANY, OriginKind.DYNAMIC)


def _cached_for(policy: CorsPolicy) -> str:
    """The other origin whose cached ACAO the page is served: a second allowed origin when the
    allowlist names one, else a placeholder sibling of the page's origin."""
    first = policy.first_origin()
    for rule in policy.origins:
        value = rule.value.value.strip()
        if rule.kind is OriginKind.EXACT and value != first and value.startswith(("https://", "http://")) \
                and "*" not in value and value.count("/") == 2:
            return value
    return "https://other.example.com" if first != "https://other.example.com" else "https://app.example.com"


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    vary = policy.vary_origin
    if vary is None or vary.value:
        return
    exact = [o for o in policy.origins if o.kind is OriginKind.EXACT and o.option in ("map", "env")]
    if not any(o.kind in _DYNAMIC for o in policy.origins) and len(exact) < 1:
        return
    yield make(
        "CORS501", at=vary.at, value="Vary: (no Origin)",
        message=("Access-Control-Allow-Origin is chosen per request Origin, but Vary: Origin is not "
                 "sent; caches mix origins up"),
        consequence=consequence.chromium("AllowOriginMismatch", policy, hint=_cached_for(policy)),
        fix=pick(FIXES, policy.format), format=policy.format, scope=policy.scope,
    )


RULE = Rule(code="CORS501", check=check)
