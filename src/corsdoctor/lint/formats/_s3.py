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

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Dialect:
    """How one tool spells an S3 CORS rule."""

    #: logical name (origins, methods, headers) → this dialect's key
    names: dict[str, str]
    keys: frozenset[str]
    #: another dialect's spelling → this dialect's
    others: dict[str, str]
    #: (what the other spelling is, what this file is) for the wrong-dialect message
    labels: tuple[str, str]
    headers_fix: str


_S3_NAMES = {"origins": "AllowedOrigins", "methods": "AllowedMethods", "headers": "AllowedHeaders"}
_TF_KEYS = frozenset({"allowed_headers", "allowed_methods", "allowed_origins", "expose_headers", "max_age_seconds",
                      "id"})
DIALECTS = {
    "console": Dialect(names=_S3_NAMES, keys=frozenset(CONSOLE_KEYS), others=_TO_CONSOLE,
                       labels=("CloudFormation", "S3 JSON"),
                       headers_fix='add "AllowedHeaders": ["*"] (or an explicit list with Content-Type)'),
    "cfn": Dialect(names=_S3_NAMES, keys=frozenset(CFN_KEYS), others=_TO_CFN, labels=("console/CLI", "CloudFormation"),
                   headers_fix='add "AllowedHeaders": ["*"] (or an explicit list with Content-Type)'),
    # Terraform aws_s3_bucket_cors_configuration / legacy aws_s3_bucket cors_rule blocks.
    "terraform": Dialect(
        names={"origins": "allowed_origins", "methods": "allowed_methods", "headers": "allowed_headers"},
        keys=_TF_KEYS,
        others={"exposed_headers": "expose_headers", "max_age": "max_age_seconds", "allowed_header":
                "allowed_headers", "allowed_method": "allowed_methods", "allowed_origin": "allowed_origins",
                "expose_header": "expose_headers", **{k: v for k, v in zip(
                    ("AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposeHeaders", "MaxAgeSeconds", "ID"),
                    ("allowed_headers", "allowed_methods", "allowed_origins", "expose_headers", "max_age_seconds",
                     "id"), strict=True)}},
        labels=("S3 API/CloudFormation", "Terraform"),
        headers_fix='allowed_headers = ["*"] (or a list with Content-Type)'),
}


def _loc(path: str, n: Node) -> Location:
    return Location(path=path, line=n.line, column=n.column)


def _strings(path: str, n: Node | None) -> list[Located[str]]:
    if n is None:
        return []
    return [Located(value=i.text(), at=_loc(path, i)) for i in n.items_or_self() if not i.tag]


def s3_rule(path: str, rule: Node, *, dialect: str, scope: str, key_at: dict[str, Location] | None = None,
            fmt: str = "s3") -> CorsPolicy:
    """``dialect`` is ``console`` (JSON/CLI/XML), ``cfn`` or ``terraform``."""
    facts: list[Fact] = []
    d = DIALECTS[dialect]
    keys = d.keys
    other = d.others
    at = _loc(path, rule)
    for key, node in rule.mapping.items():
        if key in keys:
            continue
        where = (key_at or {}).get(key, _loc(path, node))
        if key in other:
            facts.append(Fact(
                code="CORS807", at=where, value=key,
                message=(f"'{key}' is the {d.labels[0]} spelling; this {d.labels[1]} "
                         f"file needs '{other[key]}' (the setting is rejected or silently lost)"),
                fix=f"rename '{key}' to '{other[key]}'"))
        else:
            facts.append(Fact(code="CORS807", at=where, value=key,
                              message=f"'{key}' is not a CORS rule key (expected one of {', '.join(sorted(keys))})",
                              fix="remove it or use the documented key name"))
    methods = _strings(path, rule.get(d.names["methods"]))
    for m in methods:
        if m.value not in S3_METHODS:
            facts.append(Fact(
                code="CORS807", at=m.at, value=m.value,
                message=(f"{d.names['methods']} {m.value!r} is not one of GET, PUT, POST, DELETE, HEAD"
                         + (" (S3 answers OPTIONS itself)" if m.value.upper() == "OPTIONS" else "")),
                fix="remove it" if m.value.upper() == "OPTIONS" else f"write {m.value.upper()!r}"))
    origins: list[OriginRule] = []
    for o in _strings(path, rule.get(d.names["origins"])):
        if o.value.count("*") > 1:
            facts.append(Fact(code="CORS807", at=o.at, value=o.value,
                              message=f"AllowedOrigin {o.value!r} has more than one '*' (S3 allows one)",
                              fix="use one '*' per origin, e.g. 'https://*.example.com'"))
        if o.value == "*":
            origins.append(OriginRule(kind=OriginKind.WILDCARD, value=o, option=d.names["origins"]))
        else:
            origins.append(OriginRule(kind=OriginKind.EXACT, value=o, option=d.names["origins"], glob_ok=True,
                                      mode=RegexMode.GLOB))
    headers_node = rule.get(d.names["headers"])
    headers = _strings(path, headers_node)
    uploads = [m for m in methods if m.value in ("PUT", "POST", "DELETE")]
    if headers_node is None and uploads:
        facts.append(Fact(
            code="CORS807", at=at, value=f"(no {d.names['headers']})",
            message=(f"the rule allows {', '.join(m.value for m in uploads)} but no {d.names['headers']}: a "
                     "preflight asking for Content-Type (or any non-safelisted header) gets 403"),
            fix=d.headers_fix, severity="warning"))
    return CorsPolicy(
        format=fmt, scope=scope, at=at, layer=Layer.STORAGE, origins=tuple(origins),
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
