"""S3 and Cloud Storage CORS rules: one policy per rule, dialect-aware key checks.

S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): the console and the CLI
(``{"CORSRules": [...]}``) use ``AllowedHeaders, AllowedMethods, AllowedOrigins, ExposeHeaders,
MaxAgeSeconds, ID``; CloudFormation ``CorsRules`` uses ``ExposedHeaders, MaxAge, Id``.
``AllowedMethods`` ∈ GET, PUT, POST, DELETE, HEAD; one ``*`` per origin/header.  S3 compares each
requested header against ``AllowedHeaders``: none listed means any non-safelisted header → 403.
GCS (https://cloud.google.com/storage/docs/cors-configurations): ``origin, method,
responseHeader, maxAgeSeconds``.
"""

from __future__ import annotations

from corsdoctor.lint.formats._tree import Node
from corsdoctor.lint.policy import (
    CorsPolicy,
    Fact,
    Layer,
    Located,
    Location,
    OriginKind,
    OriginRule,
    Preflight,
    RegexMode,
    ValueList,
)

CONSOLE_KEYS = {"AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposeHeaders", "MaxAgeSeconds", "ID"}
CFN_KEYS = {"AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposedHeaders", "MaxAge", "Id"}
_TO_CFN = {"ExposeHeaders": "ExposedHeaders", "MaxAgeSeconds": "MaxAge", "ID": "Id"}
_TO_CONSOLE = {v: k for k, v in _TO_CFN.items()}
S3_METHODS = {"GET", "PUT", "POST", "DELETE", "HEAD"}
GCS_KEYS = {"origin", "method", "responseHeader", "maxAgeSeconds"}


def _loc(path: str, n: Node) -> Location:
    return Location(path=path, line=n.line, column=n.column)


def _strings(path: str, n: Node | None) -> list[Located[str]]:
    if n is None:
        return []
    return [Located(value=i.text(), at=_loc(path, i)) for i in n.items_or_self() if not i.tag]


def s3_rule(path: str, rule: Node, *, dialect: str, scope: str, key_at: dict[str, Location] | None = None
            ) -> CorsPolicy:
    """``dialect`` is ``console`` (JSON/CLI/XML) or ``cfn``."""
    facts: list[Fact] = []
    keys = CONSOLE_KEYS if dialect == "console" else CFN_KEYS
    other = _TO_CONSOLE if dialect == "console" else _TO_CFN
    at = _loc(path, rule)
    for key, node in rule.mapping.items():
        if key in keys:
            continue
        where = (key_at or {}).get(key, _loc(path, node))
        if key in other:
            facts.append(Fact(
                code="CORS807", at=where, value=key,
                message=(f"'{key}' is the {'CloudFormation' if dialect == 'console' else 'console/CLI'} "
                         f"spelling; this {'S3 JSON' if dialect == 'console' else 'CloudFormation'} "
                         f"file needs '{other[key]}' (the setting is rejected or silently lost)"),
                fix=f"rename '{key}' to '{other[key]}'"))
        else:
            facts.append(Fact(code="CORS807", at=where, value=key,
                              message=f"'{key}' is not a CORS rule key (expected one of {', '.join(sorted(keys))})",
                              fix="remove it or use the documented key name"))
    methods = _strings(path, rule.get("AllowedMethods"))
    for m in methods:
        if m.value not in S3_METHODS:
            facts.append(Fact(
                code="CORS807", at=m.at, value=m.value,
                message=(f"AllowedMethods {m.value!r} is not one of GET, PUT, POST, DELETE, HEAD"
                         + (" (S3 answers OPTIONS itself)" if m.value.upper() == "OPTIONS" else "")),
                fix="remove it" if m.value.upper() == "OPTIONS" else f"write {m.value.upper()!r}"))
    origins: list[OriginRule] = []
    for o in _strings(path, rule.get("AllowedOrigins")):
        if o.value.count("*") > 1:
            facts.append(Fact(code="CORS807", at=o.at, value=o.value,
                              message=f"AllowedOrigin {o.value!r} has more than one '*' (S3 allows one)",
                              fix="use one '*' per origin, e.g. 'https://*.example.com'"))
        if o.value == "*":
            origins.append(OriginRule(kind=OriginKind.WILDCARD, value=o, option="AllowedOrigins"))
        else:
            origins.append(OriginRule(kind=OriginKind.EXACT, value=o, option="AllowedOrigins", glob_ok=True,
                                      mode=RegexMode.GLOB))
    headers_node = rule.get("AllowedHeaders")
    headers = _strings(path, headers_node)
    uploads = [m for m in methods if m.value in ("PUT", "POST", "DELETE")]
    if headers_node is None and uploads:
        facts.append(Fact(
            code="CORS807", at=at, value="(no AllowedHeaders)",
            message=(f"the rule allows {', '.join(m.value for m in uploads)} but no AllowedHeaders: a "
                     "preflight asking for Content-Type (or any non-safelisted header) gets 403"),
            fix='add "AllowedHeaders": ["*"] (or an explicit list with Content-Type)', severity="warning"))
    return CorsPolicy(
        format="s3", scope=scope, at=at, layer=Layer.STORAGE, origins=tuple(origins),
        methods=ValueList(items=tuple(methods), at=at),
        # S3 answers with the requested headers that match AllowedHeaders (never a literal '*').
        allow_headers=ValueList(items=tuple(headers), at=_loc(path, headers_node) if headers_node else at,
                                mirrors_request=True),
        preflight=Preflight.ANSWERED, facts=tuple(facts),
    )


def gcs_rule(path: str, rule: Node, scope: str) -> CorsPolicy:
    facts: list[Fact] = []
    at = _loc(path, rule)
    for key, node in rule.mapping.items():
        if key not in GCS_KEYS:
            hint = {"origins": "origin", "methods": "method", "responseHeaders": "responseHeader",
                    "AllowedOrigins": "origin", "maxAge": "maxAgeSeconds"}.get(key)
            facts.append(Fact(code="CORS807", at=_loc(path, node), value=key,
                              message=f"'{key}' is not a Cloud Storage CORS key"
                                      + (f" (did you mean '{hint}'?)" if hint else ""),
                              fix=f"rename it to '{hint}'" if hint else "remove it"))
    methods = _strings(path, rule.get("method"))
    response = rule.get("responseHeader")
    if any(m.value.upper() in ("PUT", "POST") for m in methods):
        names = {h.value.lower() for h in _strings(path, response)}
        if "content-type" not in names and "*" not in names:
            facts.append(Fact(
                code="CORS807", at=_loc(path, response) if response else at, value="responseHeader",
                message="uploads (PUT/POST) are allowed but responseHeader lacks Content-Type: the upload "
                        "preflight fails",
                fix='"responseHeader": ["Content-Type", "x-goog-resumable"]', severity="warning"))
    origins = [OriginRule(kind=OriginKind.WILDCARD if o.value == "*" else OriginKind.EXACT, value=o,
                          option="origin", glob_ok=True)
               for o in _strings(path, rule.get("origin"))]
    return CorsPolicy(format="gcs", scope=scope, at=at, layer=Layer.STORAGE, origins=tuple(origins),
                      methods=ValueList(items=tuple(methods), at=at), preflight=Preflight.ANSWERED,
                      facts=tuple(facts))
