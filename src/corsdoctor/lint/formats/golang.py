"""Go: ``github.com/rs/cors``, ``github.com/gin-contrib/cors``, ``github.com/go-chi/cors`` and
hand-written ``w.Header().Set("Access-Control-Allow-Origin", …)``, parsed with tree-sitter-go.

Semantics (configs.md §9; rs/cors ``cors.go``, gin-contrib/cors ``config.go``/``cors.go``,
go-chi/cors ``cors.go``):

* rs/cors and go-chi/cors ``Options``: no ``AllowedOrigins`` (and no ``AllowOriginFunc``) means
  every origin, sent as ``*``; ``"*"`` likewise; one ``*`` inside an origin is a glob.  With
  ``AllowCredentials`` the ``*`` is still sent (README "Allow * With Credentials Security
  Protection"; releases before that reflected the Origin), so credentialed requests fail.  An
  ``AllowOriginFunc`` replaces the list and its ``true`` echoes the Origin.  Defaults: methods
  GET, POST, HEAD; headers Accept, Content-Type, X-Requested-With (rs) / Origin, Accept,
  Content-Type (chi ``New``: "Use sensible defaults").
  ``Vary: Origin`` is added by the library.  ``cors.Default()`` = ``Options{}``; ``cors.AllowAll()``
  = every origin, method and header.
* gin-contrib/cors ``Config``: ``AllowAllOrigins`` (or ``"*"`` in ``AllowOrigins``) sends ``*``;
  ``"/…/"`` values are regexes (``MatchString``, unanchored); a ``*`` glob needs
  ``AllowWildcard``; origins without ``http://``/``https://`` panic in ``Validate()``.
  ``DefaultConfig()`` lists GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS and the headers Origin,
  Content-Length, Content-Type; ``cors.Default()`` adds ``AllowAllOrigins``.  Middleware attached
  to a ``RouterGroup`` never sees an OPTIONS that matches no route, so the preflight gets 404.
* Hand-written handlers: echoing ``r.Header.Get("Origin")`` outside any ``if`` reflects every
  origin; the handler must add ``Vary: Origin`` itself.
"""

from __future__ import annotations

import dataclasses
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

_LIBS = {"github.com/rs/cors": "rscors", "github.com/gin-contrib/cors": "gin", "github.com/go-chi/cors": "chi"}
_DEFAULT_HEADERS = {"rscors": ("Accept", "Content-Type", "X-Requested-With"), "chi": ("Origin", "Accept", "Content-Type"),
                    "gin": ("Origin", "Content-Length", "Content-Type")}
_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
#: Field names per library: origins, origin func, methods, headers, exposed, credentials, max age.
_FIELDS = {
    "rscors": ("AllowedOrigins", "AllowOriginFunc", "AllowedMethods", "AllowedHeaders", "ExposedHeaders",
               "AllowCredentials", "MaxAge"),
    "gin": ("AllowOrigins", "AllowOriginFunc", "AllowMethods", "AllowHeaders", "ExposeHeaders",
            "AllowCredentials", "MaxAge"),
}
_FIELDS["chi"] = _FIELDS["rscors"]
_ROUTE_VERB = re.compile(r"^(?:PUT|PATCH|DELETE|POST|Put|Patch|Delete|Post)$")
_HANDLE_PATTERN = re.compile(r"^(PUT|PATCH|DELETE|POST)\s+/")
_STRINGS = ("interpreted_string_literal", "raw_string_literal")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def claims(name: str, text: str) -> bool:
    return name.endswith(".go") and ("Access-Control-Allow-Origin" in text or any(lib in text for lib in _LIBS))


@dataclass(slots=True)
class _Go:
    doc: Doc
    #: variable → value expression (``x := …``, ``var x = …``)
    vars: dict[str, Any] = field(default_factory=dict)
    #: ``x.Field = value`` assignments, by variable
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def string(self, node: Any) -> str | None:
        node = self.resolve(node)
        if node is None or node.type not in _STRINGS:
            return None
        body = self.doc.text(node)[1:-1]
        if node.type == "raw_string_literal":
            return body
        return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)

    def resolve(self, node: Any) -> Any:
        for _ in range(6):
            if node is not None and node.type in ("literal_element", "parenthesized_expression") \
                    and node.named_children:
                node = node.named_children[0]
            elif node is not None and node.type == "identifier" and self.doc.text(node) in self.vars:
                node = self.vars[self.doc.text(node)]
            else:
                break
        return node

    def elements(self, node: Any) -> list[Any] | None:
        """The items of ``[]string{…}``; ``None`` when computed at run time."""
        node = self.resolve(node)
        if node is None or node.type != "composite_literal":
            return None
        body = node.child_by_field_name("body")
        return [self.resolve(e) for e in body.named_children if e.type != "comment"] if body is not None else []

    def fields(self, lit: Any) -> dict[str, Any]:
        body = lit.child_by_field_name("body") if lit is not None else None
        out: dict[str, Any] = {}
        for el in body.named_children if body is not None else []:
            if el.type == "keyed_element" and len(el.named_children) >= 2:
                out[self.doc.text(el.named_children[0])] = el.named_children[1]
        return out

    def call_name(self, call: Any) -> tuple[str, str]:
        """(operand, field) of ``pkg.Fn(…)`` / ``x.Method(…)``, or ("", name) for ``fn(…)``."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return "", ""
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            name = fn.child_by_field_name("field")
            return (self.doc.text(operand) if operand is not None else "",
                    self.doc.text(name) if name is not None else "")
        return "", self.doc.text(fn)

    def args(self, call: Any) -> list[Any]:
        a = call.child_by_field_name("arguments")
        return [c for c in a.named_children if c.type != "comment"] if a is not None else []


def _is_true(go: _Go, node: Any) -> bool:
    node = go.resolve(node)
    return node is not None and node.type == "true"


def _returns_true(go: _Go, func: Any) -> bool:
    body = func.child_by_field_name("body")
    return body is not None and re.sub(r"\s+", "", go.doc.text(body)) == "{returntrue}"


def _vlist(go: _Go, node: Any, *, upper: bool, star_is_any: bool = True) -> ValueList:
    at = go.doc.loc(node)
    elements = go.elements(node)
    if elements is None:
        return ValueList(items=(), at=at, mirrors_request=True)
    items = []
    for el in elements:
        s = go.string(el)
        if s is None:
            return ValueList(items=(), at=at, mirrors_request=True)
        items.append(Located(value=s.upper() if upper else s, at=go.doc.loc(el)))
    star = star_is_any and any(i.value == "*" for i in items)
    return ValueList(items=() if star else tuple(items), at=at, mirrors_request=star)


def _origins(go: _Go, lib: str, opts: dict[str, Any], at: Location) -> list[OriginRule]:
    doc = go.doc
    names = _FIELDS[lib]
    func = opts.get(names[1])
    if func is not None:
        fn = go.resolve(func)
        reflect = fn is not None and fn.type == "func_literal" and _returns_true(go, fn)
        return [OriginRule(kind=OriginKind.REFLECT_ANY if reflect else OriginKind.DYNAMIC,
                           value=doc.located(func, doc.text(func)[:60]), option=names[1])]
    if lib == "gin" and _is_true(go, opts.get("AllowAllOrigins")):
        node = opts["AllowAllOrigins"]
        return [OriginRule(kind=OriginKind.WILDCARD, value=doc.located(node, "AllowAllOrigins: true"),
                           option="AllowAllOrigins")]
    node = opts.get(names[0])
    if node is None:
        if lib == "gin":
            return []  # Validate() panics "conflict settings: all origins disabled"
        return [OriginRule(kind=OriginKind.WILDCARD, value=Located(value=f"* (no {names[0]})", at=at),
                           option=names[0])]
    elements = go.elements(node)
    if elements is None:
        return [OriginRule(kind=OriginKind.DYNAMIC, value=doc.located(node, doc.text(node)[:60]), option=names[0])]
    wildcard_ok = lib != "gin" or _is_true(go, opts.get("AllowWildcard"))
    rules = []
    for el in elements:
        s = go.string(el)
        if s is None:
            rules.append(OriginRule(kind=OriginKind.DYNAMIC, value=doc.located(el, doc.text(el)[:60]),
                                    option=names[0]))
        elif s == "*":
            rules.append(OriginRule(kind=OriginKind.WILDCARD, value=doc.located(el, s), option=names[0]))
        elif lib == "gin" and len(s) > 2 and s.startswith("/") and s.endswith("/"):
            rules.append(OriginRule(kind=OriginKind.PATTERN, value=doc.located(el, s[1:-1]), mode=RegexMode.SEARCH,
                                    option=f"{names[0]} (regex, MatchString)"))
        elif "*" in s and wildcard_ok:
            rules.append(OriginRule(kind=OriginKind.PATTERN, value=doc.located(el, s), mode=RegexMode.GLOB,
                                    glob_ok=True, option=names[0]))
        else:
            rules.append(OriginRule(kind=OriginKind.EXACT, value=doc.located(el, s), option=names[0]))
    return rules


def _library_policy(go: _Go, lib: str, opts: dict[str, Any], *, base: str, at: Location, scope: str,
                    routes: tuple[Located[str], ...], facts: list[Fact], defaults_at: Location | None = None
                    ) -> CorsPolicy:
    """``base``: ``literal`` (a bare Options/Config), ``default-config`` (gin DefaultConfig()),
    ``all`` (rs/cors AllowAll()).  Implicit lists are located at ``defaults_at`` (the
    ``DefaultConfig()`` call) when given, else at the constructor."""
    doc = go.doc
    call_at, at = at, defaults_at or at
    names = _FIELDS[lib]
    origins = _origins(go, lib, opts, call_at)
    cred_node = opts.get(names[5])
    credentials = Located(value=_is_true(go, cred_node), at=doc.loc(cred_node)) if cred_node else None
    if names[2] in opts:
        methods = _vlist(go, opts[names[2]], upper=True)
    elif base in ("default-config", "all"):
        methods = ValueList(items=tuple(Located(value=m, at=at) for m in _ALL_METHODS), at=at, implicit=True,
                            mirrors_request=base == "all")
    else:
        default = () if lib == "gin" else ("GET", "POST", "HEAD")
        methods = ValueList(items=tuple(Located(value=m, at=at) for m in default), at=at, implicit=True)
    if names[3] in opts:
        headers = _vlist(go, opts[names[3]], upper=False)
    elif base == "all":
        headers = ValueList(items=(), at=at, implicit=True, mirrors_request=True)
    else:
        default_h = _DEFAULT_HEADERS[lib] if (lib != "gin" or base == "default-config") else ()
        headers = ValueList(items=tuple(Located(value=h, at=at) for h in default_h), at=at, implicit=True)
    max_age = opts.get(names[6])
    return CorsPolicy(
        format=f"go-{lib}", scope=scope, at=call_at, layer=Layer.APP, origins=tuple(origins), credentials=credentials,
        methods=methods, allow_headers=headers,
        expose_headers=_vlist(go, opts[names[4]], upper=False, star_is_any=False) if names[4] in opts else None,
        max_age=Located(value=_seconds(doc.text(max_age)), at=doc.loc(max_age)) if max_age is not None else None,
        route_methods=routes, preflight=Preflight.ANSWERED, facts=tuple(facts))


def _seconds(text: str) -> str:
    """``600`` stays; ``12 * time.Hour`` (gin's time.Duration) becomes seconds; otherwise unjudged."""
    t = text.replace(" ", "")
    m = re.fullmatch(r"(\d+)\*time\.(Second|Minute|Hour)", t) or re.fullmatch(r"time\.(Second|Minute|Hour)\*(\d+)", t)
    if m:
        n, unit = (m.group(1), m.group(2)) if m.group(1).isdigit() else (m.group(2), m.group(1))
        return str(int(n) * {"Second": 1, "Minute": 60, "Hour": 3600}[unit])
    return t if t.lstrip("-").isdigit() else "$" + t


def _routes(go: _Go, calls: list[Any]) -> tuple[Located[str], ...]:
    out = []
    for call in calls:
        _, name = go.call_name(call)
        args = go.args(call)
        if _ROUTE_VERB.match(name) and args and go.string(args[0]) is not None:
            out.append(Located(value=name.upper(), at=go.doc.loc(call)))
        elif name == "Methods":
            out.extend(Located(value=(go.string(a) or "").upper(), at=go.doc.loc(a)) for a in args if go.string(a))
        elif name in ("HandleFunc", "Handle") and args:
            m = _HANDLE_PATTERN.match(go.string(args[0]) or "")
            if m:
                out.append(Located(value=m.group(1), at=go.doc.loc(args[0])))
    return tuple(out)


def _enclosing(node: Any, *types: str) -> Any:
    n = node.parent
    while n is not None and n.type not in types:
        n = n.parent
    return n


def _handwritten(go: _Go, calls: list[Any]) -> list[CorsPolicy]:
    """One policy per function that sets Access-Control-Allow-Origin itself."""
    doc = go.doc
    by_func: dict[int, list[Any]] = {}
    funcs: dict[int, Any] = {}
    for call in calls:
        _, name = go.call_name(call)
        args = go.args(call)
        if name in ("Set", "Add") and len(args) == 2 and (go.string(args[0]) or "").lower().startswith(
                ("access-control-", "vary")):
            fn = _enclosing(call, "function_declaration", "method_declaration", "func_literal")
            key = fn.start_byte if fn is not None else -1
            by_func.setdefault(key, []).append(call)
            funcs[key] = fn
    out = []
    for key, sets in by_func.items():
        origins: list[OriginRule] = []
        acao: list[Located[str]] = []
        credentials: Located[bool] | None = None
        vary: Located[bool] | None = None
        first_acao = None
        for call in sets:
            header_node, value = go.args(call)
            header = (go.string(header_node) or "").lower()
            literal = go.string(value)
            if header == "access-control-allow-origin":
                first_acao = first_acao or call
                if literal is not None:
                    acao.append(doc.located(value, literal))
                    kind = OriginKind.WILDCARD if literal == "*" else OriginKind.EXACT
                    origins.append(OriginRule(kind=kind, value=doc.located(value, literal), option="Header().Set"))
                    continue
                echoed = _echoes_origin(go, value)
                guarded = _enclosing(call, "if_statement", "expression_case", "function_declaration",
                                     "method_declaration", "func_literal")
                checked = guarded is not None and guarded.type in ("if_statement", "expression_case")
                kind = OriginKind.REFLECT_ANY if echoed and not checked else OriginKind.DYNAMIC
                origins.append(OriginRule(kind=kind, value=doc.located(value, doc.text(value)[:60]),
                                          option="Header().Set"))
            elif header == "access-control-allow-credentials":
                credentials = Located(value=(literal or "").strip().lower() == "true", at=doc.loc(value))
            elif header == "vary" and literal is not None and "origin" in literal.lower():
                vary = Located(value=True, at=doc.loc(call))
        if first_acao is None:
            continue
        if vary is None and any(o.kind is not OriginKind.WILDCARD for o in origins):
            vary = Located(value=False, at=doc.loc(first_acao))
        fn = funcs[key]
        fname = fn.child_by_field_name("name") if fn is not None and fn.type != "func_literal" else None
        scope = f"func {doc.text(fname)}" if fname is not None else "handler"
        out.append(CorsPolicy(format="go-http", scope=scope, at=doc.loc(first_acao), layer=Layer.APP,
                              origins=tuple(origins), credentials=credentials, acao_values=tuple(acao),
                              vary_origin=vary))
    return out


def _echoes_origin(go: _Go, value: Any) -> bool:
    """``r.Header.Get("Origin")`` directly, or through a variable assigned from it."""
    text = go.doc.text(go.resolve(value) if value.type == "identifier" else value)
    return re.search(r"Header\.Get\(\s*\"origin\"\s*\)|Header\[\s*\"Origin\"\s*\]", text, re.I) is not None


def extract(src: Source) -> Extraction:
    doc = Doc("go", src.path, src.text)
    go = _Go(doc)
    libs: dict[str, str] = {}
    for spec in walk(doc.root, "import_spec"):
        path = spec.child_by_field_name("path")
        lib = _LIBS.get(doc.text(path)[1:-1]) if path is not None else None
        if lib is not None:
            alias = spec.child_by_field_name("name")
            libs[doc.text(alias) if alias is not None else "cors"] = lib
    for decl in walk(doc.root, "short_var_declaration", "var_spec", "assignment_statement"):
        left = decl.child_by_field_name("left") or decl.child_by_field_name("name")
        right = decl.child_by_field_name("right") or decl.child_by_field_name("value")
        if left is None or right is None:
            continue
        lhs = left.named_children if left.type == "expression_list" else [left]
        rhs = right.named_children if right.type == "expression_list" else [right]
        for target, value in zip(lhs, rhs, strict=False):
            if target.type == "identifier":
                go.vars[doc.text(target)] = value
            elif target.type == "selector_expression":
                operand = target.child_by_field_name("operand")
                fld = target.child_by_field_name("field")
                if operand is not None and fld is not None:
                    go.sets.setdefault(doc.text(operand), {})[doc.text(fld)] = value
    calls = sorted(walk(doc.root, "call_expression"), key=lambda n: n.start_byte)
    routes = _routes(go, calls)
    groups = {name for name, v in go.vars.items() if v.type == "call_expression" and go.call_name(v)[1] == "Group"}
    policies: list[CorsPolicy] = []
    for call in calls:
        pkg, name = go.call_name(call)
        lib = libs.get(pkg)
        if lib is None or name not in ("New", "Handler", "Default", "AllowAll"):
            continue
        at = doc.loc(call)
        defaults_at: Location | None = None
        facts: list[Fact] = []
        user = _enclosing(call, "call_expression")
        if lib == "gin" and user is not None and go.call_name(user)[1] == "Use" \
                and go.call_name(user)[0] in groups:
            facts.append(Fact(
                code="CORS210", at=doc.loc(user), value=f"{go.call_name(user)[0]}.Use(cors…)",
                message=(f"the CORS middleware is attached to the route group {go.call_name(user)[0]!r}: a "
                         "preflight OPTIONS matches no route there, so gin answers 404 without CORS headers"),
                fix="attach it to the engine before the groups: r := gin.New(); r.Use(cors.New(config))"))
        if name == "Default":
            opts: dict[str, Any] = {}
            base = "default-config" if lib == "gin" else "literal"
            scope = f"{pkg}.Default()"
        elif name == "AllowAll":
            opts, base, scope = {}, "all", f"{pkg}.AllowAll()"
        else:
            args = go.args(call)
            if not args:
                continue
            arg = go.resolve(args[0])
            base, opts = "literal", {}
            if arg is not None and arg.type == "unary_expression" and arg.named_children:
                arg = go.resolve(arg.named_children[-1])
            if arg is not None and arg.type == "composite_literal":
                opts = go.fields(arg)
            elif arg is not None and arg.type == "call_expression" and go.call_name(arg)[1] == "DefaultConfig":
                base, defaults_at = "default-config", doc.loc(arg)
            else:
                continue
            if args[0].type == "identifier":
                opts.update(go.sets.get(doc.text(args[0]), {}))
            head = doc.text(args[0]).splitlines()[0].split("//")[0].strip()[:30]
            scope = f"{pkg}.{name}({head}…)"
        policy = _library_policy(go, lib, opts, base=base, at=at, scope=scope, routes=routes, facts=facts,
                                 defaults_at=defaults_at)
        if name == "Default" and lib == "gin":
            policy = _gin_default(policy, at)
        policies.append(policy)
    policies.extend(_handwritten(go, calls))
    return Extraction(format="go", policies=tuple(policies), problems=doc.problems())


def _gin_default(policy: CorsPolicy, at: Location) -> CorsPolicy:
    """gin ``cors.Default()``: DefaultConfig() + AllowAllOrigins."""
    return dataclasses.replace(policy, origins=(OriginRule(kind=OriginKind.WILDCARD, value=Located(value="cors.Default()", at=at),
                                               option="AllowAllOrigins"),))


EXTRACTOR = Extractor(name="go", claims=claims, extract=extract)
