"""ASP.NET Core CORS (``Program.cs``, ``Startup.cs`` or any C# file using ``AddCors``/``UseCors``/
``[EnableCors]``), parsed with tree-sitter-c-sharp.

Semantics (https://learn.microsoft.com/aspnet/core/security/cors, ``CorsPolicyBuilder``,
``CorsService``; configs.md §8):

* ``WithOrigins`` values are compared exactly after lower-casing (no trailing-slash trimming);
  ``https://*.example.com`` only works with ``SetIsOriginAllowedToAllowWildcardSubdomains()``.
* ``AllowAnyOrigin()`` sends ``*``; together with ``AllowCredentials()`` ``CorsPolicyBuilder.Build``
  throws ``InvalidOperationException`` ("The CORS protocol does not allow specifying a wildcard
  (any) origin and credentials at the same time…").
* ``SetIsOriginAllowed(_ => true)`` reflects every origin — with ``AllowCredentials()`` any site
  reads credentialed responses.
* A policy without ``WithMethods``/``AllowAnyMethod`` or ``WithHeaders``/``AllowAnyHeader`` allows
  none: preflights asking for them fail.  The middleware adds ``Vary: Origin`` itself.
* Order: ``UseRouting → UseCors → UseAuthentication → UseAuthorization``; endpoint policies
  (``[EnableCors]``, ``RequireCors``) need ``UseCors`` after ``UseRouting``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corsdoctor.lint.formats._syntax import Doc, walk
from corsdoctor.lint.formats.base import Extraction, Extractor, Source
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

_HINT = re.compile(r"\bAddCors\b|\bUseCors\b|\bEnableCors\b|\bCorsPolicyBuilder\b")
_INSECURE = ("The CORS protocol does not allow specifying a wildcard (any) origin and credentials at the "
             "same time. Configure the CORS policy by listing individual origins if credentials needs to "
             "be supported.")
_SECONDS = {"FromSeconds": 1, "FromMinutes": 60, "FromHours": 3600, "FromDays": 86400}
_STRINGS = ("string_literal", "verbatim_string_literal", "raw_string_literal")
_PIPELINE = ("UseCors", "UseRouting", "UseAuthentication", "UseAuthorization", "UseEndpoints")


def claims(name: str, text: str) -> bool:
    return name.endswith(".cs") and bool(_HINT.search(text))


@dataclass(slots=True)
class _Cs:
    doc: Doc
    decls: dict[str, Any] = field(default_factory=dict)

    def name(self, inv: Any) -> str:
        fn = inv.child_by_field_name("function")
        if fn is None:
            return ""
        if fn.type == "member_access_expression":
            fn = fn.child_by_field_name("name")
        if fn is not None and fn.type == "generic_name":
            fn = fn.named_children[0]
        return self.doc.text(fn) if fn is not None else ""

    def args(self, inv: Any) -> list[Any]:
        a = inv.child_by_field_name("arguments")
        if a is None:
            return []
        return [c.named_children[-1] for c in a.named_children if c.type == "argument" and c.named_children]

    def string(self, node: Any) -> str | None:
        node = self.resolve(node)
        if node is None or node.type not in _STRINGS:
            return None
        t = self.doc.text(node)
        return t.lstrip("@").strip('"')

    def resolve(self, node: Any) -> Any:
        for _ in range(6):
            if node is not None and node.type == "identifier" and self.doc.text(node) in self.decls:
                node = self.decls[self.doc.text(node)]
            else:
                break
        return node

    def strings(self, node: Any) -> list[tuple[Any, str | None]]:
        """Each value an argument stands for: (node, literal or ``None`` when computed at run time)."""
        node = self.resolve(node)
        if node is None:
            return []
        if node.type in _STRINGS:
            return [(node, self.string(node))]
        if node.type in ("implicit_array_creation_expression", "array_creation_expression",
                         "initializer_expression", "collection_expression"):
            out: list[tuple[Any, str | None]] = []
            for el in walk(node, *_STRINGS, "identifier", "interpolated_string_expression", "invocation_expression"):
                if el.type == "identifier" and el.parent is not None and el.parent.type in (
                        "member_access_expression", "predefined_type", "array_type"):
                    continue
                if el.type == "identifier" and self.doc.text(el) not in self.decls:
                    continue
                out.extend(self.strings(el))
            return out
        return [(node, None)]


@dataclass(slots=True)
class _Builder:
    scope: str
    at: Location
    origins: list[OriginRule] = field(default_factory=list)
    any_origin: Any = None
    wildcard_subdomains: bool = False
    credentials: Located[bool] | None = None
    methods: ValueList | None = None
    headers: ValueList | None = None
    exposed: ValueList | None = None
    max_age: Located[str] | None = None


def _values(cs: _Cs, inv: Any, *, upper: bool, star_is_any: bool = True) -> ValueList:
    items = []
    mirrors = False
    for arg in cs.args(inv):
        for node, value in cs.strings(arg):
            if value is None:
                mirrors = True
                continue
            items.append(Located(value=value.upper() if upper else value, at=cs.doc.loc(node)))
    if star_is_any and any(i.value == "*" for i in items):  # WithMethods("*") / WithHeaders("*") = AllowAny…
        return ValueList(items=(), at=_name_at(cs, inv), mirrors_request=True)
    return ValueList(items=tuple(items), at=_name_at(cs, inv), mirrors_request=mirrors)


def _name_at(cs: _Cs, inv: Any) -> Location:
    fn = inv.child_by_field_name("function")
    name = fn.child_by_field_name("name") if fn is not None and fn.type == "member_access_expression" else fn
    return cs.doc.loc(name if name is not None else inv)


def _lambda_returns_true(cs: _Cs, lam: Any) -> bool:
    body = lam.child_by_field_name("body")
    if body is None:
        return False
    text = re.sub(r"\s+", "", cs.doc.text(body))
    return text in ("true", "{returntrue;}")


def _apply(cs: _Cs, b: _Builder, inv: Any) -> None:
    doc = cs.doc
    name = cs.name(inv)
    at = _name_at(cs, inv)
    if name == "WithOrigins":
        for arg in cs.args(inv):
            for node, value in cs.strings(arg):
                if value is None:
                    b.origins.append(OriginRule(kind=OriginKind.DYNAMIC, value=doc.located(node, doc.text(node)[:60]),
                                                option="WithOrigins"))
                elif value == "*":  # CorsPolicy.AllowAnyOrigin is "Origins contains '*'"
                    b.any_origin = node
                else:
                    b.origins.append(OriginRule(kind=OriginKind.EXACT, value=doc.located(node, value),
                                                option="WithOrigins"))
    elif name == "AllowAnyOrigin":
        b.any_origin = inv
    elif name == "SetIsOriginAllowedToAllowWildcardSubdomains":
        b.wildcard_subdomains = True
    elif name == "SetIsOriginAllowed":
        args = cs.args(inv)
        lam = args[0] if args else None
        reflect = lam is not None and lam.type == "lambda_expression" and _lambda_returns_true(cs, lam)
        b.origins.append(OriginRule(kind=OriginKind.REFLECT_ANY if reflect else OriginKind.DYNAMIC,
                                    value=doc.located(lam if lam is not None else inv,
                                                      doc.text(lam)[:60] if lam is not None else name),
                                    option="SetIsOriginAllowed"))
    elif name == "AllowCredentials":
        b.credentials = Located(value=True, at=at)
    elif name == "DisallowCredentials":
        b.credentials = Located(value=False, at=at)
    elif name == "WithMethods":
        b.methods = _values(cs, inv, upper=True)
    elif name == "AllowAnyMethod":
        b.methods = ValueList(items=(), at=at, mirrors_request=True)
    elif name == "WithHeaders":
        b.headers = _values(cs, inv, upper=False)
    elif name == "AllowAnyHeader":
        b.headers = ValueList(items=(), at=at, mirrors_request=True)
    elif name == "WithExposedHeaders":
        b.exposed = _values(cs, inv, upper=False, star_is_any=False)
    elif name == "SetPreflightMaxAge":
        args = cs.args(inv)
        if args:
            b.max_age = _max_age(cs, args[0])


def _max_age(cs: _Cs, node: Any) -> Located[str]:
    """``TimeSpan.FromMinutes(10)`` → ``"600"`` (seconds, what the header will carry)."""
    if node.type == "invocation_expression" and cs.name(node) in _SECONDS:
        args = cs.args(node)
        if args and args[0].type in ("integer_literal", "real_literal"):
            try:
                seconds = float(cs.doc.text(args[0]).rstrip("dDfFmM")) * _SECONDS[cs.name(node)]
                return Located(value=str(int(seconds)), at=cs.doc.loc(args[0]))
            except ValueError:
                pass
    return Located(value="$" + cs.doc.text(node)[:40], at=cs.doc.loc(node))  # computed: not judged


def _policy(cs: _Cs, b: _Builder) -> CorsPolicy:
    facts: list[Fact] = []
    cred = b.credentials is not None and b.credentials.value
    origins: list[OriginRule] = []
    for o in b.origins:
        if o.kind is OriginKind.EXACT and b.wildcard_subdomains and "*." in o.value.value:
            o = OriginRule(kind=OriginKind.PATTERN, value=o.value, mode=RegexMode.GLOB, glob_ok=True,
                           option="WithOrigins + SetIsOriginAllowedToAllowWildcardSubdomains")
        origins.append(o)
    if b.any_origin is not None:
        at = _name_at(cs, b.any_origin) if b.any_origin.type == "invocation_expression" else cs.doc.loc(b.any_origin)
        if cred and b.credentials is not None:
            facts.append(Fact(
                code="CORS805", at=at, value="AllowAnyOrigin() + AllowCredentials()",
                message=(f"CorsPolicyBuilder.Build() throws InvalidOperationException when the app starts "
                         f"(AllowCredentials() on line {b.credentials.at.line}): \"{_INSECURE}\""),
                fix='.WithOrigins("https://app.example.com") instead of .AllowAnyOrigin()'))
        else:
            origins.append(OriginRule(kind=OriginKind.WILDCARD, value=Located(value="AllowAnyOrigin()", at=at),
                                      option="AllowAnyOrigin"))
    methods = b.methods
    if methods is None:
        methods = ValueList(items=(), at=b.at, implicit=True)
        facts.append(Fact(
            code="CORS212", at=b.at, value=f"{b.scope} without WithMethods/AllowAnyMethod",
            message=("the policy allows no methods beyond what a simple request needs: preflights for "
                     "PUT, PATCH, DELETE (and POST with JSON) are answered without Access-Control-Allow-Methods"),
            fix='.WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")', severity="warning"))
    headers = b.headers if b.headers is not None else ValueList(items=(), at=b.at, implicit=True)
    return CorsPolicy(format="aspnet", scope=b.scope, at=b.at, layer=Layer.APP, origins=tuple(origins),
                      credentials=b.credentials, methods=methods, allow_headers=headers,
                      expose_headers=b.exposed, max_age=b.max_age, preflight=Preflight.ANSWERED,
                      facts=tuple(facts))


def _pipeline_facts(cs: _Cs, invocations: list[Any], text: str) -> list[Fact]:
    first: dict[str, Any] = {}
    for inv in invocations:
        name = cs.name(inv)
        if name in _PIPELINE and name not in first:
            first[name] = inv
    cors = first.get("UseCors")
    if cors is None:
        return []
    facts: list[Fact] = []
    line = _name_at(cs, cors)

    def where(inv: Any) -> str:
        return f"app.{cs.name(inv)}() on line {_name_at(cs, inv).line}"

    order = "app.UseRouting(); app.UseCors(...); app.UseAuthentication(); app.UseAuthorization();"
    auth = [first[n] for n in ("UseAuthentication", "UseAuthorization") if n in first
            and first[n].start_byte < cors.start_byte]
    if auth:
        facts.append(Fact(
            code="CORS209", at=line, value="UseCors after " + ", ".join(cs.name(a) for a in auth),
            message=(f"UseCors runs after {where(auth[0])}: the preflight carries no cookies or Authorization, "
                     "so a protected endpoint answers it 401 without CORS headers, and other 401/403s lose "
                     "them too (Microsoft docs: UseCors must be placed before UseAuthorization)"),
            fix=order, chromium_error="PreflightMissingAllowOriginHeader"))
    routing = first.get("UseRouting")
    endpoint_policies = "RequireCors(" in text or "[EnableCors" in text
    if routing is not None and cors.start_byte < routing.start_byte and endpoint_policies:
        facts.append(Fact(
            code="CORS804", at=line, value="UseCors before UseRouting",
            message=(f"UseCors runs before {where(routing)}: the endpoint is not selected yet, so [EnableCors]/"
                     "RequireCors policies are never applied and those requests get no CORS headers"),
            fix=order))
    endpoints = first.get("UseEndpoints")
    if endpoints is not None and endpoints.start_byte < cors.start_byte:
        facts.append(Fact(
            code="CORS804", at=line, value="UseCors after UseEndpoints",
            message=(f"UseCors comes after {where(endpoints)}: endpoints already answered, so no response "
                     "ever gets CORS headers"),
            fix=order))
    return facts


def extract(src: Source) -> Extraction:
    doc = Doc("c_sharp", src.path, src.text)
    cs = _Cs(doc)
    for decl in walk(doc.root, "variable_declarator"):
        named = decl.named_children
        if len(named) >= 2 and named[0].type == "identifier":
            cs.decls[doc.text(named[0])] = named[-1]
    invocations = sorted(walk(doc.root, "invocation_expression"), key=lambda n: n.start_byte)
    policies: list[CorsPolicy] = []
    for inv in invocations:
        name = cs.name(inv)
        args = cs.args(inv)
        if name in ("AddPolicy", "AddDefaultPolicy"):
            label = cs.string(args[0]) if name == "AddPolicy" and args else None
            scope = f'AddPolicy("{label}")' if label is not None else (
                "AddDefaultPolicy" if name == "AddDefaultPolicy" else "AddPolicy")
            body = args[-1] if args else None
        elif name == "UseCors" and args and args[-1].type == "lambda_expression":
            scope, body = "UseCors(inline policy)", args[-1]
        else:
            continue
        if body is None:
            continue
        b = _Builder(scope=scope, at=_name_at(cs, inv))
        for inner in sorted(walk(body, "invocation_expression"), key=lambda n: _name_at(cs, n).line * 10_000
                            + _name_at(cs, n).column):
            _apply(cs, b, inner)
        policies.append(_policy(cs, b))
    facts = _pipeline_facts(cs, invocations, src.text)
    if facts:
        policies.append(CorsPolicy(format="aspnet", scope="middleware pipeline", at=Location(path=src.path, line=1),
                                   layer=Layer.APP, facts=tuple(facts)))
    return Extraction(format="aspnet", policies=tuple(policies), problems=doc.problems())


EXTRACTOR = Extractor(name="aspnet", claims=claims, extract=extract)
