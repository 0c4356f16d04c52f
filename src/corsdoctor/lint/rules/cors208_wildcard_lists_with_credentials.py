"""CORS208: ``*`` in Allow-Methods / Allow-Headers / Expose-Headers is a literal with credentials.

https://fetch.spec.whatwg.org/#cors-protocol-and-credentials — for credentialed requests the
wildcard is the header name ``*``, so no real method or header matches it.
"""

from __future__ import annotations

from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy
from corsdoctor.lint.rules._base import Rule

_WHAT = (
    ("methods", "Access-Control-Allow-Methods", "MethodDisallowedByPreflightResponse", "PUT",
     "GET, POST, PUT, DELETE"),
    ("allow_headers", "Access-Control-Allow-Headers", "HeaderDisallowedByPreflightResponse",
     "content-type", "Authorization, Content-Type"),
    ("expose_headers", "Access-Control-Expose-Headers", "", "", "ETag, Content-Disposition"),
)


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    if not policy.credentialed:
        return
    for attr, header, error, hint, example in _WHAT:
        values = getattr(policy, attr)
        if values is None or values.implicit or values.mirrors_request:
            continue
        star = next((i for i in values.items if i.value.strip() == "*"), None)
        if star is None:
            continue
        text = (consequence.chromium(error, policy, hint=hint, preflight=False) if error else
                consequence.no_console_error("response headers other than the safelisted ones read as null."))
        yield make(
            "CORS208", at=star.at, value=f"{header}: *",
            message=f"'{header}: *' with credentials means the literal name '*', not 'everything'",
            consequence=text, fix=f"list the names explicitly, e.g. '{example}'",
            format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS208", check=check)
