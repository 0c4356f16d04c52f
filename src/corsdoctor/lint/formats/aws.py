"""AWS and Cloud Storage: S3 bucket CORS (console JSON, CLI JSON, XML), GCS ``cors.json``,
CloudFormation/SAM templates (S3 ``CorsConfiguration``, CloudFront distributions and
response-headers/cache policies, API Gateway REST methods, gateway responses, SAM ``Cors``,
HTTP API ``CorsConfiguration``) and OpenAPI ``x-amazon-apigateway-cors``.

References: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html,
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html,
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html
"""

from __future__ import annotations

from collections.abc import Callable

from corsdoctor.lint.formats import _jsonloc, _s3, _yamlloc
from corsdoctor.lint.formats._tree import EMPTY as _EMPTY
from corsdoctor.lint.formats._tree import Node, TreeError
from corsdoctor.lint.formats.base import Extraction, Extractor, ParseProblem, Source
from corsdoctor.lint.policy import (
    CorsPolicy,
    Fact,
    Layer,
    Located,
    Location,
    OriginKind,
    OriginRule,
    Preflight,
    ValueList,
)

#: Managed cache policies whose key has no headers (so no Origin).
_NO_ORIGIN_CACHE_POLICIES = {
    "658327ea-f89d-4fab-a63d-7e88639e58f6": "Managed-CachingOptimized",
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": "Managed-CachingOptimizedForUncompressedObjects",
    "08627262-05a9-4f76-9ded-b50ca2e3a84f": "Managed-Elemental-MediaPackage",
}


def claims(name: str, text: str) -> bool:
    low = name.lower()
    if low.endswith(".json"):
        return ("AllowedOrigin" in text or "CORSRules" in text or "AWS::" in text
                or "x-amazon-apigateway-cors" in text or ('"origin"' in text and '"method"' in text))
    if low.endswith((".yaml", ".yml", ".template")):
        return "AWS::" in text or "x-amazon-apigateway-cors" in text
    if low.endswith(".xml"):
        return "CORSConfiguration" in text or "CORSRule" in text
    return False


def _loc(src: Source, n: Node) -> Location:
    return Location(path=src.path, line=n.line, column=n.column)


def _xml(src: Source) -> Extraction:
    import xml.sax

    import defusedxml.sax

    class H(xml.sax.handler.ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.rules: list[tuple[int, int, dict[str, list[Node]]]] = []
            self.text: list[str] = []
            self.start = (1, 1)

        def startElement(self, name: str, attrs: object) -> None:
            local = name.split(":")[-1]
            loc = getattr(self, "_locator", None)
            line = loc.getLineNumber() if loc else 1
            col = (loc.getColumnNumber() + 1) if loc else 1
            if local == "CORSRule":
                self.rules.append((line, col, {}))
            self.text = []
            self.start = (line, col)

        def characters(self, content: str) -> None:
            self.text.append(content)

        def endElement(self, name: str) -> None:
            local = name.split(":")[-1]
            if self.rules and local not in ("CORSRule", "CORSConfiguration"):
                key = {"AllowedOrigin": "AllowedOrigins", "AllowedMethod": "AllowedMethods",
                       "AllowedHeader": "AllowedHeaders", "ExposeHeader": "ExposeHeaders"}.get(local, local)
                self.rules[-1][2].setdefault(key, []).append(
                    Node(value="".join(self.text).strip(), line=self.start[0], column=self.start[1]))

    h = H()
    try:
        defusedxml.sax.parseString(src.text.encode("utf-8"), h)
    except xml.sax.SAXParseException as exc:
        return Extraction(format="s3", problems=(ParseProblem(
            at=Location(path=src.path, line=exc.getLineNumber() or 1, column=(exc.getColumnNumber() or 0) + 1),
            message=exc.getMessage()),))
    except Exception as exc:  # defusedxml raises its own DTD/entity errors
        return Extraction(format="s3", problems=(ParseProblem(at=Location(path=src.path, line=1),
                                                              message=str(exc)),))
    policies = []
    for i, (line, col, fields) in enumerate(h.rules, start=1):
        value: dict[str, Node] = {}
        for k, nodes in fields.items():
            if k in ("MaxAgeSeconds", "ID"):
                value[k] = nodes[0]
            else:
                value[k] = Node(value=list(nodes), line=nodes[0].line, column=nodes[0].column)
        rule = Node(value=value, line=line, column=col)
        policies.append(_s3.s3_rule(src.path, rule, dialect="console", scope=f"CORSRule #{i}"))
    return Extraction(format="s3", policies=tuple(policies))


def _cfn(src: Source, root: Node) -> list[CorsPolicy]:
    resources = root.get("Resources")
    out: list[CorsPolicy] = []
    if resources is None:
        return out
    res = resources.mapping
    by_type: dict[str, list[tuple[str, Node]]] = {}
    for name, r in res.items():
        t = r.get("Type")
        by_type.setdefault(t.text() if t else "", []).append((name, r))
    s3_cors = False
    for name, r in by_type.get("AWS::S3::Bucket", []):
        props = r.get("Properties")
        rules = props.get("CorsConfiguration") if props else None
        rules = rules.get("CorsRules") if rules else None
        for i, rule in enumerate(rules.seq if rules else [], start=1):
            s3_cors = True
            out.append(_s3.s3_rule(src.path, rule, dialect="cfn", scope=f"{name} CorsRules[{i}]"))
    # CloudFront response-headers policies
    rhp_cors: set[str] = set()
    for name, r in by_type.get("AWS::CloudFront::ResponseHeadersPolicy", []):
        props = r.get("Properties")
        conf = props.get("ResponseHeadersPolicyConfig") if props else None
        cors = conf.get("CorsConfig") if conf else None
        if cors is None:
            continue
        rhp_cors.add(name)
        out.append(cloudfront_cors(src, name, cors))
    cache_has_origin: dict[str, bool] = {}
    for name, r in by_type.get("AWS::CloudFront::CachePolicy", []):
        flat = repr(r.plain())
        cache_has_origin[name] = "'Origin'" in flat or "'origin'" in flat
    for name, r in by_type.get("AWS::CloudFront::Distribution", []):
        props = r.get("Properties")
        conf = props.get("DistributionConfig") if props else None
        if conf is None:
            continue
        behaviors = [("DefaultCacheBehavior", conf.get("DefaultCacheBehavior"))]
        behaviors += [(f"CacheBehaviors[{i}]", b) for i, b in enumerate(
            conf.sub("CacheBehaviors").seq, start=1)]
        facts = distribution_facts(src, name, behaviors, s3_cors=s3_cors, rhp_cors=rhp_cors,
                                   cache_has_origin=cache_has_origin, ref=_ref)
        if facts:
            out.append(CorsPolicy(format="cloudfront", scope=name, at=_loc(src, r), layer=Layer.CDN,
                                  facts=tuple(facts)))
    out.extend(_apigw(src, root, by_type))
    return out



#: Fix texts per dialect: CloudFormation keys, or Terraform's HCL attributes.
_DIST_FIXES = {
    "cfn": ("AllowedMethods: [GET, HEAD, OPTIONS] (and CachedMethods: [GET, HEAD, OPTIONS])",
            "use a cache policy whose HeadersConfig includes Origin (plus Access-Control-Request-Method/-Headers "
            "for cached OPTIONS), or attach a response headers policy with a CorsConfig"),
    "terraform": ('allowed_methods = ["GET", "HEAD", "OPTIONS"] (and cached_methods = ["GET", "HEAD", '
                  '"OPTIONS"])',
                  "cache_policy_id = an aws_cloudfront_cache_policy whose headers_config has header_behavior = "
                  '"whitelist" and headers { items = ["Origin", "Access-Control-Request-Method", '
                  '"Access-Control-Request-Headers"] }, or response_headers_policy_id = a policy with cors_config'),
}


def distribution_facts(
    src: Source,
    name: str,
    behaviors: list[tuple[str, Node | None]],
    *,
    s3_cors: bool,
    rhp_cors: set[str],
    cache_has_origin: dict[str, bool],
    ref: Callable[[Node | None], str | None],
    dialect: str = "cfn",
) -> list[Fact]:
    """CORS210/CORS810 for a CloudFront distribution's cache behaviours (CloudFormation key names).

    A behaviour serving CORS (an S3 origin with CORS rules, a response headers policy with a CORS
    config, or OPTIONS allowed) must allow OPTIONS (else CloudFront answers the preflight 403) and,
    unless a response headers policy adds the headers at the edge, key the cache on Origin
    (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html#header-caching-web-cors).
    """
    fix_methods, fix_key = _DIST_FIXES[dialect]
    facts: list[Fact] = []
    for label, b in behaviors:
        if b is None:
            continue
        pattern = b.get("PathPattern")
        scope = f"{name} {label}" + (f" {pattern.text()}" if pattern else "")
        allowed = [m.text() for m in b.sub("AllowedMethods").items_or_self()]
        rhp = b.get("ResponseHeadersPolicyId")
        rhp_ref = ref(rhp)
        has_rhp_cors = rhp is not None and (rhp_ref in rhp_cors or (rhp_ref is None and bool(rhp.text())))
        wants_cors = s3_cors or has_rhp_cors or "OPTIONS" in allowed
        if wants_cors and allowed and "OPTIONS" not in allowed:
            am = b.get("AllowedMethods")
            assert am is not None
            facts.append(Fact(
                code="CORS210", at=_loc(src, am), value=", ".join(allowed),
                message=(f"{scope} allows only {', '.join(allowed)}: CloudFront answers the preflight "
                         "OPTIONS with 403 'This distribution is not configured to allow the HTTP request "
                         "method'"),
                fix=fix_methods))
        if has_rhp_cors or not wants_cors:
            continue
        cp = b.get("CachePolicyId")
        fv = b.get("ForwardedValues")
        problem = None
        if cp is not None:
            cp_ref = ref(cp)
            if cp_ref is not None and cp_ref in cache_has_origin and not cache_has_origin[cp_ref]:
                problem = (cp, f"cache policy {cp_ref} does not include the Origin header in the cache key")
            elif cp.text() in _NO_ORIGIN_CACHE_POLICIES:
                problem = (cp, f"{_NO_ORIGIN_CACHE_POLICIES[cp.text()]} has no headers in the cache key")
        elif fv is not None:
            hdrs = [h.text() for h in fv.sub("Headers").items_or_self()]
            if "Origin" not in hdrs and "*" not in hdrs:
                problem = (fv, "ForwardedValues.Headers does not include Origin" if dialect == "cfn"
                           else "forwarded_values.headers does not include Origin")
        if problem is not None:
            node, what = problem
            facts.append(Fact(
                code="CORS810", at=_loc(src, node),
                value=node.text() or ("ForwardedValues" if dialect == "cfn" else "forwarded_values"),
                message=(f"{scope}: {what}; the first cached response (often one fetched without Origin, "
                         "so without ACAO) is served to every origin"),
                fix=fix_key))
    return facts

def cloudfront_cors(src: Source, name: str, cors: Node, fmt: str = "cloudfront") -> CorsPolicy:
    """A response headers policy's ``CorsConfig`` (CloudFormation key names)."""

    def items(key: str) -> Node | None:
        section = cors.get(key)
        return section.get("Items") if section is not None else None

    origins = []
    for o in (items("AccessControlAllowOrigins") or _EMPTY).items_or_self():
        if o.tag:
            continue  # !Ref / var.x: a run-time value
        v = o.text()
        kind = OriginKind.WILDCARD if v in ("*", "ALL") else OriginKind.EXACT
        origins.append(OriginRule(kind=kind, value=Located(value=v, at=_loc(src, o)),
                                  option="AccessControlAllowOrigins"))
    cred = cors.get("AccessControlAllowCredentials")
    methods = items("AccessControlAllowMethods")
    headers = items("AccessControlAllowHeaders")
    return CorsPolicy(
        format=fmt, scope=f"{name} CorsConfig", at=_loc(src, cors), layer=Layer.CDN,
        origins=tuple(origins),
        credentials=Located(value=cred.is_true(), at=_loc(src, cred)) if cred else None,
        methods=ValueList(items=tuple(Located(value=m.text(), at=_loc(src, m)) for m in methods.items_or_self()),
                          at=_loc(src, methods)) if methods else None,
        allow_headers=ValueList(items=tuple(Located(value=h.text(), at=_loc(src, h))
                                            for h in headers.items_or_self()),
                                at=_loc(src, headers)) if headers else None,
        preflight=Preflight.ANSWERED,
    )


def _ref(n: Node | None) -> str | None:
    if n is None:
        return None
    if n.tag == "!Ref":
        return n.text()
    if n.tag == "!GetAtt":
        return n.text().split(".")[0]
    ref = n.get("Ref")
    if ref is not None:
        return ref.text()
    ga = n.get("Fn::GetAtt")
    if ga is not None:
        items = ga.items_or_self()
        return items[0].text().split(".")[0] if items else None
    return None


def _sam_cors(src: Source, name: str, cors: Node, auth: Node | None) -> CorsPolicy:
    facts: list[Fact] = []
    if isinstance(cors.value, str):  # Cors: "'*'" shorthand = AllowOrigin
        cors = Node(value={"AllowOrigin": cors}, line=cors.line, column=cors.column)
    for key in ("AllowOrigin", "AllowMethods", "AllowHeaders", "MaxAge"):
        n = cors.get(key)
        if n is None or n.tag or not isinstance(n.value, (str, int)):
            continue
        v = str(n.value)
        if not (v.startswith("'") and v.endswith("'")):
            facts.append(Fact(
                code="CORS808", at=_loc(src, n), value=v,
                message=(f"SAM Cors.{key} is an API Gateway mapping expression and must be wrapped in single "
                         f"quotes: {v!r} is read as an expression, not the literal value"),
                fix=f"{key}: \"'{v}'\""))
    origin = cors.get("AllowOrigin")
    ov = origin.text().strip("'") if origin is not None and not origin.tag else ""
    origins = []
    acao = []
    if origin is not None and ov:
        kind = OriginKind.WILDCARD if ov == "*" else OriginKind.EXACT
        origins.append(OriginRule(kind=kind, value=Located(value=ov, at=_loc(src, origin)), option="AllowOrigin"))
        acao.append(Located(value=ov, at=_loc(src, origin)))
    cred = cors.get("AllowCredentials")
    if auth is not None and auth.get("DefaultAuthorizer") is not None:
        flag = auth.get("AddDefaultAuthorizerToCorsPreflight")
        if flag is None or flag.is_true():
            where = auth.get("DefaultAuthorizer")
            assert where is not None
            facts.append(Fact(
                code="CORS209", at=_loc(src, where), value=f"DefaultAuthorizer: {where.text()}",
                message=("SAM adds the DefaultAuthorizer to the generated OPTIONS methods too "
                         "(AddDefaultAuthorizerToCorsPreflight defaults to true): preflights get 401"),
                fix="Auth: AddDefaultAuthorizerToCorsPreflight: false"))
    return CorsPolicy(format="apigw-rest", scope=f"{name} Cors", at=_loc(src, cors), layer=Layer.GATEWAY,
                      origins=tuple(origins), acao_values=tuple(acao),
                      credentials=Located(value=cred.is_true(), at=_loc(src, cred)) if cred else None,
                      preflight=Preflight.ANSWERED, facts=tuple(facts))


def http_api_cors(src: Source, name: str, cors: Node, fmt: str = "apigw-http") -> CorsPolicy:
    def get(*keys: str) -> Node | None:
        for k in keys:
            n = cors.get(k) or cors.get(k[0].lower() + k[1:])
            if n is not None:
                return n
        return None

    origins = []
    for o in (get("AllowOrigins") or _EMPTY).items_or_self():
        if o.tag:
            continue  # !Ref / var.x: a run-time value
        v = o.text()
        origins.append(OriginRule(kind=OriginKind.WILDCARD if v == "*" else OriginKind.EXACT,
                                  value=Located(value=v, at=_loc(src, o)), option="AllowOrigins"))
    cred = get("AllowCredentials")
    methods = get("AllowMethods")
    headers = get("AllowHeaders")

    def vl(n: Node | None) -> ValueList | None:
        if n is None:
            return None
        return ValueList(items=tuple(Located(value=i.text(), at=_loc(src, i)) for i in n.items_or_self()),
                         at=_loc(src, n))

    return CorsPolicy(format=fmt, scope=f"{name} CorsConfiguration", at=_loc(src, cors), layer=Layer.GATEWAY,
                      origins=tuple(origins),
                      credentials=Located(value=cred.is_true(), at=_loc(src, cred)) if cred else None,
                      methods=vl(methods), allow_headers=vl(headers), expose_headers=vl(get("ExposeHeaders")),
                      preflight=Preflight.ANSWERED)


def _apigw(src: Source, root: Node, by_type: dict[str, list[tuple[str, Node]]]) -> list[CorsPolicy]:
    out: list[CorsPolicy] = []
    globals_api = root.sub("Globals").get("Api")
    for name, r in by_type.get("AWS::Serverless::Api", []) + ([("Globals.Api", Node(
            value={"Properties": globals_api}, line=globals_api.line, column=globals_api.column))]
            if globals_api is not None else []):
        props = r.get("Properties")
        if props is None or props.get("Cors") is None:
            continue
        cors = props.get("Cors")
        assert cors is not None
        out.append(_sam_cors(src, name, cors, props.get("Auth")))
    for name, r in by_type.get("AWS::Serverless::HttpApi", []) + by_type.get("AWS::ApiGatewayV2::Api", []):
        props = r.get("Properties")
        cors = props.get("CorsConfiguration") if props else None
        if cors is not None and isinstance(cors.value, dict):
            out.append(http_api_cors(src, name, cors))
    # REST API methods
    methods_by_resource: dict[str, list[tuple[str, str, Node]]] = {}
    facts: list[Fact] = []
    for name, r in by_type.get("AWS::ApiGateway::Method", []):
        props = r.get("Properties")
        if props is None:
            continue
        verb_s = props.sub("HttpMethod").text().upper()
        rid = _ref(props.get("ResourceId")) or props.sub("ResourceId").text()
        methods_by_resource.setdefault(rid, []).append((verb_s, name, r))
        if verb_s == "OPTIONS":
            auth = props.get("AuthorizationType")
            key = props.get("ApiKeyRequired")
            if (auth is not None and auth.text().upper() not in ("NONE", "")) or (key is not None and key.is_true()):
                where = auth if auth is not None and auth.text().upper() != "NONE" else key
                assert where is not None
                facts.append(Fact(
                    code="CORS209", at=_loc(src, where), value=f"{name}: {where.text()}",
                    message=f"the OPTIONS method {name} requires authorization/API key; preflights carry "
                            "neither and get 401/403",
                    fix="AuthorizationType: NONE and ApiKeyRequired: false on the OPTIONS method"))
    for rid, entries in methods_by_resource.items():
        verbs = {v for v, _, _ in entries}
        if "OPTIONS" in verbs:
            continue
        for verb, mname, r in entries:
            if verb in ("PUT", "PATCH", "DELETE"):
                facts.append(Fact(
                    code="CORS210", at=_loc(src, r), value=f"{mname}: {verb}",
                    message=(f"resource {rid} has {verb} but no OPTIONS method: the preflight gets 403 "
                             "'Missing Authentication Token'"),
                    fix="add an OPTIONS method with a MOCK integration returning the Access-Control-* headers"))
                break
    if by_type.get("AWS::ApiGateway::Authorizer") or any(
            (p := r.get("Properties")) is not None and (a := p.get("AuthorizationType")) is not None
            and a.text().upper() not in ("NONE",) for _, r in by_type.get("AWS::ApiGateway::Method", [])):
        covered = set()
        for _, r in by_type.get("AWS::ApiGateway::GatewayResponse", []):
            props = r.get("Properties")
            if props is None:
                continue
            params = props.get("ResponseParameters")
            if params is not None and any("access-control-allow-origin" in k.lower() for k in params.mapping):
                t = props.get("ResponseType")
                covered.add(t.text() if t else "")
        if not covered & {"DEFAULT_4XX", "UNAUTHORIZED", "ACCESS_DENIED"}:
            anchor = (by_type.get("AWS::ApiGateway::Authorizer") or by_type.get("AWS::ApiGateway::Method") or [])[0]
            facts.append(Fact(
                code="CORS808", at=_loc(src, anchor[1]), value=anchor[0],
                message=("API Gateway's own 401/403 (authorizer deny, missing token) use gateway responses, "
                         "which carry no Access-Control-Allow-Origin here: the browser reports a CORS error "
                         "instead of 401"),
                fix=("add AWS::ApiGateway::GatewayResponse for DEFAULT_4XX and DEFAULT_5XX with ResponseParameters "
                     "gatewayresponse.header.Access-Control-Allow-Origin: \"'https://app.example.com'\""),
                severity="warning"))
    if facts:
        out.append(CorsPolicy(format="apigw-rest", scope="RestApi", at=_loc(src, root), layer=Layer.GATEWAY,
                              facts=tuple(facts)))
    return out


def _openapi(src: Source, root: Node) -> list[CorsPolicy]:
    cors = root.get("x-amazon-apigateway-cors")
    if cors is None:
        return []
    return [http_api_cors(src, "OpenAPI", cors)]


def extract(src: Source) -> Extraction:
    low = src.path.lower()
    if low.endswith(".xml"):
        return _xml(src)
    try:
        root = _jsonloc.parse(src.text) if low.endswith(".json") else _yamlloc.parse(src.text)
    except TreeError as exc:
        fmt = "s3" if "AllowedOrigin" in src.text else "aws"
        return Extraction(format=fmt, problems=(ParseProblem(
            at=Location(path=src.path, line=exc.line, column=exc.column), message=exc.message),))
    if root is None:
        return Extraction(format="aws")
    if isinstance(root.value, list):
        items = root.seq
        if items and all(isinstance(i.value, dict) for i in items):
            if any(i.get("origin") is not None or i.get("method") is not None for i in items):
                return Extraction(format="gcs", policies=tuple(
                    _s3.gcs_rule(src.path, rule, f"rule #{n}") for n, rule in enumerate(items, start=1)))
            return Extraction(format="s3", policies=tuple(
                _s3.s3_rule(src.path, rule, dialect="console", scope=f"CORSRule #{n}")
                for n, rule in enumerate(items, start=1)))
        return Extraction(format="aws")
    if root.get("CORSRules") is not None:
        rules = root.get("CORSRules")
        assert rules is not None
        return Extraction(format="s3", policies=tuple(
            _s3.s3_rule(src.path, rule, dialect="console", scope=f"CORSRules[{n}]")
            for n, rule in enumerate(rules.seq, start=1)))
    if root.get("CorsRules") is not None and root.get("Resources") is None:
        rules = root.get("CorsRules")
        assert rules is not None
        facts = (Fact(code="CORS807", at=_loc(src, rules), value="CorsRules",
                      message="'CorsRules' is the CloudFormation spelling; s3api put-bucket-cors expects 'CORSRules'",
                      fix="rename 'CorsRules' to 'CORSRules'"),)
        return Extraction(format="s3", policies=(CorsPolicy(format="s3", scope="file", at=_loc(src, rules),
                                                            layer=Layer.STORAGE, facts=facts),))
    if root.get("Resources") is not None:
        return Extraction(format="cloudformation", policies=tuple(_cfn(src, root)))
    if root.get("x-amazon-apigateway-cors") is not None:
        return Extraction(format="apigw-http", policies=tuple(_openapi(src, root)))
    return Extraction(format="aws")


EXTRACTOR = Extractor(name="aws", claims=claims, extract=extract)
