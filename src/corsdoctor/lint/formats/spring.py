"""Spring: ``@CrossOrigin``, ``CorsRegistry`` chains, ``CorsConfiguration`` and Spring Security,
parsed with tree-sitter-java.

Semantics (Spring Framework ``CorsConfiguration``, configs.md §6): ``allowedOrigins("*")`` with
``allowCredentials(true)`` throws ``IllegalArgumentException`` in ``validateAllowCredentials``
(every CORS request → 500); ``allowedOriginPatterns("*")`` with credentials reflects any origin;
a glob belongs in ``allowedOriginPatterns``, not ``allowedOrigins``; trailing slashes are
trimmed.  A bare ``new CorsConfiguration()`` allows only GET/HEAD and no headers;
``addMapping``/``@CrossOrigin`` apply permit-defaults (GET, HEAD, POST; headers ``*``).
Spring Security rejects the credential-less preflight unless ``http.cors(...)`` is configured.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from corsdoctor.lint.formats._syntax import syntax_problems
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

_HINT = re.compile(r"CrossOrigin|CorsRegistry|CorsConfiguration|addCorsMappings")


def claims(name: str, text: str) -> bool:
    return name.endswith(".java") and bool(_HINT.search(text))


@cache
def _parser() -> Any:
    import tree_sitter_java as tsjava
    from tree_sitter import Language, Parser

    return Parser(Language(tsjava.language()))


class _J:
    def __init__(self, src: Source, data: bytes) -> None:
        self.src = src
        self.data = data

    def text(self, n: Any) -> str:
        return self.data[n.start_byte:n.end_byte].decode("utf-8", "replace")

    def loc(self, n: Any) -> Location:
        return Location(path=self.src.path, line=n.start_point[0] + 1, column=n.start_point[1] + 1)

    def strings(self, n: Any) -> list[Located[str]]:
        """Every string literal under ``n`` (``"a"``, ``List.of("a", "b")``, ``{"a"}``)."""
        out: list[Located[str]] = []
        stack = [n]
        while stack:
            c = stack.pop()
            if c.type == "string_literal":
                out.append(Located(value=self.text(c)[1:-1], at=self.loc(c)))
                continue
            stack.extend(reversed(c.children))
        return out


def _walk(root: Any, kind: str) -> list[Any]:
    out = []
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == kind:
            out.append(n)
        stack.extend(reversed(n.children))
    return out


class _Acc:
    """Accumulates one configuration's settings."""

    def __init__(self, scope: str, at: Location, defaults: str) -> None:
        self.scope = scope
        self.at = at
        self.defaults = defaults  # "permit" (registry/@CrossOrigin) or "bare" (new CorsConfiguration)
        self.origins: list[Located[str]] = []
        self.patterns: list[Located[str]] = []
        self.credentials: Located[bool] | None = None
        self.methods: list[Located[str]] | None = None
        self.headers: list[Located[str]] | None = None
        self.exposed: list[Located[str]] | None = None

    def policy(self) -> CorsPolicy:
        facts: list[Fact] = []
        cred = self.credentials is not None and self.credentials.value
        origins: list[OriginRule] = []
        origin_list = self.origins
        if self.defaults == "permit" and not self.origins and not self.patterns:
            origin_list = [Located(value="*", at=self.at)]
        for o in origin_list:
            if o.value == "*":
                if cred:
                    facts.append(Fact(
                        code="CORS805", at=o.at, value='allowedOrigins("*") + allowCredentials(true)',
                        message=('Spring throws IllegalArgumentException "When allowCredentials is true, '
                                 'allowedOrigins cannot contain the special value \\"*\\"" on every CORS '
                                 "request (500)"),
                        fix='allowedOriginPatterns("https://*.example.com") or list the exact origins'))
                    continue
                origins.append(OriginRule(kind=OriginKind.WILDCARD, value=o, option="allowedOrigins"))
            else:
                origins.append(OriginRule(kind=OriginKind.EXACT, value=o, option="allowedOrigins",
                                          trims_slash=True))
        for p in self.patterns:
            if p.value == "*":
                origins.append(OriginRule(kind=OriginKind.REFLECT_ANY if cred else OriginKind.WILDCARD, value=p,
                                          option="allowedOriginPatterns"))
            else:
                origins.append(OriginRule(kind=OriginKind.EXACT if "*" not in p.value else OriginKind.PATTERN,
                                          value=p, mode=RegexMode.GLOB, glob_ok=True, trims_slash=True,
                                          option="allowedOriginPatterns"))
        if self.methods is None:
            default = ("GET", "HEAD", "POST") if self.defaults == "permit" else ("GET", "HEAD")
            methods = ValueList(items=tuple(Located(value=m, at=self.at) for m in default), at=self.at,
                                implicit=True)
            if self.defaults == "bare":
                facts.append(Fact(
                    code="CORS212", at=self.at, value="new CorsConfiguration() without setAllowedMethods",
                    message="a CorsConfiguration without setAllowedMethods allows only GET and HEAD: "
                            "POST/PUT/PATCH/DELETE preflights are rejected with 403 Invalid CORS request",
                    fix='config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));',
                    severity="warning"))
        else:
            methods = ValueList(items=tuple(self.methods), at=self.methods[0].at if self.methods else self.at,
                                mirrors_request=any(m.value == "*" for m in self.methods))
        if self.headers is None:
            headers = ValueList(items=(), at=self.at, implicit=True, mirrors_request=self.defaults == "permit")
        else:
            headers = ValueList(items=tuple(self.headers), at=self.headers[0].at if self.headers else self.at,
                                mirrors_request=any(h.value == "*" for h in self.headers))
        return CorsPolicy(format="spring", scope=self.scope, at=self.at, layer=Layer.APP, origins=tuple(origins),
                          credentials=self.credentials, methods=methods, allow_headers=headers,
                          preflight=Preflight.ANSWERED, facts=tuple(facts))


_SETTERS = {
    "allowedOrigins": "origins", "setAllowedOrigins": "origins", "addAllowedOrigin": "origins",
    "allowedOriginPatterns": "patterns", "setAllowedOriginPatterns": "patterns",
    "addAllowedOriginPattern": "patterns",
    "allowedMethods": "methods", "setAllowedMethods": "methods", "addAllowedMethod": "methods",
    "allowedHeaders": "headers", "setAllowedHeaders": "headers", "addAllowedHeader": "headers",
    "exposedHeaders": "exposed", "setExposedHeaders": "exposed", "addExposedHeader": "exposed",
}


def _apply(j: _J, acc: _Acc, name: str, args: Any) -> None:
    if name in ("allowCredentials", "setAllowCredentials"):
        t = j.text(args).strip("()").strip()
        acc.credentials = Located(value=t in ("true", "Boolean.TRUE", '"true"'), at=j.loc(args))
        return
    field = _SETTERS.get(name)
    if field is None:
        return
    values = j.strings(args)
    if "CorsConfiguration.ALL" in j.text(args):
        values.append(Located(value="*", at=j.loc(args)))
    current = getattr(acc, field)
    if current is None or name.startswith("set") or name in ("allowedOrigins", "allowedOriginPatterns",
                                                              "allowedMethods", "allowedHeaders"):
        current = [] if name.startswith("set") or current is None else current
    current = [*current, *values]
    setattr(acc, field, current)


def extract(src: Source) -> Extraction:
    data = src.text.encode("utf-8")
    tree = _parser().parse(data)
    j = _J(src, data)
    problems = list(syntax_problems(tree.root_node, path=src.path, source=lambda: src.text, loc=j.loc,
                                    node_text=j.text))
    policies: list[CorsPolicy] = []
    # @CrossOrigin annotations
    for ann in _walk(tree.root_node, "annotation") + _walk(tree.root_node, "marker_annotation"):
        name = ann.child_by_field_name("name")
        if name is None or j.text(name) != "CrossOrigin":
            continue
        acc = _Acc("@CrossOrigin", j.loc(ann), "permit")
        args = ann.child_by_field_name("arguments")
        if args is not None:
            for child in args.named_children:
                if child.type == "element_value_pair":
                    key = child.child_by_field_name("key")
                    value = child.child_by_field_name("value")
                    k = j.text(key) if key is not None else ""
                    if value is None:
                        continue
                    if k in ("origins", "value"):
                        acc.origins += j.strings(value)
                    elif k == "originPatterns":
                        acc.patterns += j.strings(value)
                    elif k == "allowCredentials":
                        acc.credentials = Located(value="true" in j.text(value), at=j.loc(value))
                    elif k == "allowedHeaders":
                        acc.headers = j.strings(value)
                    elif k == "methods":
                        acc.methods = [Located(value=j.text(m).split(".")[-1], at=j.loc(m))
                                       for m in _walk(value, "field_access")] or None
                else:
                    acc.origins += j.strings(child)
        p = acc.policy()
        if acc.methods is None:
            p = dataclasses.replace(p, methods=None)
        policies.append(p)
    # CorsRegistry chains: registry.addMapping("/**").allowedOrigins(...)...
    invocations = _walk(tree.root_node, "method_invocation")
    for inv in invocations:
        name = inv.child_by_field_name("name")
        if name is None or j.text(name) != "addMapping":
            continue
        args = inv.child_by_field_name("arguments")
        path = j.strings(args)[0].value if args is not None and j.strings(args) else "?"
        acc = _Acc(f"addMapping {path}", j.loc(inv), "permit")
        node = inv
        while node.parent is not None and node.parent.type == "method_invocation" and \
                node.parent.child_by_field_name("object") == node:
            node = node.parent
            m = node.child_by_field_name("name")
            a = node.child_by_field_name("arguments")
            if m is not None and a is not None:
                _apply(j, acc, j.text(m), a)
        policies.append(acc.policy())
    # new CorsConfiguration() per enclosing method body
    for creation in _walk(tree.root_node, "object_creation_expression"):
        typ = creation.child_by_field_name("type")
        if typ is None or j.text(typ) != "CorsConfiguration":
            continue
        body = creation.parent
        while body is not None and body.type not in ("method_declaration", "lambda_expression",
                                                     "constructor_declaration"):
            body = body.parent
        var = None
        if creation.parent is not None and creation.parent.type == "variable_declarator":
            vn = creation.parent.child_by_field_name("name")
            var = j.text(vn) if vn is not None else None
        acc = _Acc("CorsConfiguration", j.loc(creation), "bare")
        for inv in _walk(body if body is not None else tree.root_node, "method_invocation"):
            obj = inv.child_by_field_name("object")
            m = inv.child_by_field_name("name")
            a = inv.child_by_field_name("arguments")
            if obj is None or m is None or a is None:
                continue
            if var is not None and j.text(obj) != var:
                continue
            if j.text(m) == "applyPermitDefaultValues":
                acc.defaults = "permit"
            _apply(j, acc, j.text(m), a)
        policies.append(acc.policy())
    # Spring Security without .cors(...)
    if re.search(r"\bHttpSecurity\b", src.text) and not re.search(r"\.cors\s*\(", src.text):
        chain = next((inv for inv in invocations if (n := inv.child_by_field_name("name")) is not None
                      and j.text(n) in ("authorizeHttpRequests", "authorizeRequests")), None)
        at = j.loc(chain) if chain is not None else Location(path=src.path, line=1)
        policies.append(CorsPolicy(format="spring", scope="SecurityFilterChain", at=at, layer=Layer.APP,
                                   facts=(Fact(
                                       code="CORS209", at=at, value="HttpSecurity without .cors(...)",
                                       message=("Spring Security runs before Spring MVC's CORS handling and "
                                                "rejects the credential-less preflight (401/403)"),
                                       fix="http.cors(Customizer.withDefaults()) with a CorsConfigurationSource bean"),)))
    return Extraction(format="spring", policies=tuple(policies), problems=tuple(problems))


EXTRACTOR = Extractor(name="spring", claims=claims, extract=extract)
