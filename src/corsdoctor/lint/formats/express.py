"""Express + the ``cors`` npm package (v2.8), parsed with tree-sitter-javascript, or with
tree-sitter-typescript for ``.ts``/``.mts``/``.cts`` (``.tsx`` with its TSX dialect).  NestJS on its
default Express platform is the same package: ``app.enableCors(options)`` is
``app.use(cors(options))`` and ``NestFactory.create(AppModule, { cors: options })`` (``cors: true`` =
the defaults) calls it (@nestjs/platform-express ``ExpressAdapter.enableCors``).

Semantics (expressjs/cors ``lib/index.js``): ``origin`` absent or ``'*'`` sends ``*``; ``true``
reflects any origin; a string is sent as-is to every requester; a RegExp is ``.test``-ed
(unanchored); arrays mix both; functions are dynamic.  ``methods`` defaults to
``GET,HEAD,PUT,PATCH,POST,DELETE``; ``allowedHeaders`` defaults to mirroring the request.
``app.use(cors())`` answers OPTIONS; per-route ``app.put('/x', cors(), h)`` does not.
Express 5 rejects ``app.options('*')`` at start-up (path-to-regexp v8).

TypeScript-only syntax never hides a value: ``x as T``, ``x satisfies T``, ``<T>x``, ``x!`` and
parentheses are looked through, type annotations and generic arguments are ignored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
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

_EXT = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx")
_TS_EXT = (".ts", ".mts", ".cts")
#: Expression wrappers that only carry a type; the value is the named child at the given index.
_TS_WRAPPERS = {"as_expression": 0, "satisfies_expression": 0, "non_null_expression": 0,
                "parenthesized_expression": 0, "type_assertion": -1}
_VERBS = ("get", "post", "put", "patch", "delete", "all", "head")
_ROUTER = re.compile(r"\bRouter\s*\(|\brequire\s*\(\s*['\"]\.{1,2}/")
_AUTH = re.compile(r"auth|passport|jwt|session|login|requireUser|protect|guard|verify", re.I)


#: ``import cors from 'cors'``, ``import cors, { CorsOptions } from``, ``import * as c from``,
#: ``import cors = require('cors')`` (TypeScript).
_IMPORT_CORS = re.compile(
    r"import\s+(?:\*\s+as\s+)?(\w+)\s*(?:,\s*\{[^}]*\}\s*)?(?:from|=\s*require\s*\()\s*['\"]cors['\"]")


#: NestJS: ``app.enableCors(options?)`` or ``NestFactory.create(AppModule, { cors: options | true })``.
_NEST = re.compile(r"\.enableCors\s*\(|NestFactory\s*\.\s*create\b[^;]*\bcors\s*:", re.S)


def claims(name: str, text: str) -> bool:
    if not name.endswith(_EXT):
        return False
    if "Cors" in text and _NEST.search(text):
        return True
    return "cors" in text and ("require(" in text or "import" in text) \
        and (re.search(r"\bcors\s*\(", text) is not None or _IMPORT_CORS.search(text) is not None)


@cache
def _parser(dialect: str) -> Any:
    """``js``, ``ts`` or ``tsx``: each file is parsed with its own language's grammar."""
    from tree_sitter import Language, Parser

    if dialect == "js":
        import tree_sitter_javascript as tsjs

        return Parser(Language(tsjs.language()))
    import tree_sitter_typescript as tsts

    return Parser(Language(tsts.language_tsx() if dialect == "tsx" else tsts.language_typescript()))


def dialect_of(path: str) -> str:
    low = path.lower()
    if low.endswith(".tsx"):
        return "tsx"
    return "ts" if low.endswith(_TS_EXT) else "js"


@dataclass(slots=True)
class _Walk:
    src: Source
    data: bytes
    calls: list[Any] = field(default_factory=list)
    decls: dict[str, Any] = field(default_factory=dict)

    def text(self, node: Any) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def loc(self, node: Any) -> Location:
        row, col = node.start_point
        return Location(path=self.src.path, line=row + 1, column=col + 1)

    def collect(self, root: Any) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type == "call_expression":
                self.calls.append(node)
            elif node.type == "variable_declarator":
                name = node.child_by_field_name("name")
                value = node.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier":
                    self.decls[self.text(name)] = value
            stack.extend(reversed(node.children))
        self.calls.sort(key=lambda n: n.start_byte)

    def resolve(self, node: Any) -> Any:
        """The value behind ``node``: type wrappers looked through, identifiers followed to their
        declaration (``None`` when an identifier is not declared in this file)."""
        seen = 0
        while node is not None and seen < 12:
            seen += 1
            if node.type in _TS_WRAPPERS:
                inner = [c for c in node.named_children if c.type != "comment"]
                node = inner[_TS_WRAPPERS[node.type]] if inner else None
            elif node.type == "identifier":
                node = self.decls.get(self.text(node))
            else:
                break
        return node

    def string(self, node: Any) -> str | None:
        if node is not None and node.type in ("string", "template_string"):
            return self.text(node)[1:-1]
        return None


def _args(node: Any) -> list[Any]:
    args = node.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def _pairs(w: _Walk, obj: Any) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    if obj is None or obj.type != "object":
        return out
    for child in obj.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            value = w.resolve(child.child_by_field_name("value"))
            if key is None or value is None:
                continue
            k = w.text(key).strip("'\"`")
            out[k] = (key, value)
        elif child.type == "shorthand_property_identifier":
            out[w.text(child)] = (child, w.resolve(child))
    return out


def _origins(w: _Walk, node: Any, cred: bool, facts: list[Fact]) -> tuple[list[OriginRule], list[Located[str]]]:
    """(origin rules, statically emitted ACAO values)."""
    if node is None:
        return [], []
    node = w.resolve(node)
    if node is None:
        return [], []
    at = w.loc(node)
    text = w.text(node)
    s = w.string(node)
    if s is not None:
        if s == "*":
            return [OriginRule(kind=OriginKind.WILDCARD, value=Located(value=s, at=at), option="origin")], \
                [Located(value=s, at=at)]
        return [OriginRule(kind=OriginKind.EXACT, value=Located(value=s, at=at), option="origin")], \
            [Located(value=s, at=at)]
    if node.type == "true":
        return [OriginRule(kind=OriginKind.REFLECT_ANY, value=Located(value="true", at=at), option="origin")], []
    if node.type == "false":
        return [], []
    if node.type == "regex":
        pattern = node.child_by_field_name("pattern")
        rx = w.text(pattern) if pattern is not None else text.strip("/")
        return [OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=at), mode=RegexMode.SEARCH,
                           option="origin")], []
    if node.type == "array":
        rules: list[OriginRule] = []
        for el in node.named_children:
            r, _ = _origins(w, el, cred, facts)
            rules.extend(r)
        return rules, []
    if node.type in ("arrow_function", "function_expression", "function"):
        if re.search(r"\b\w+\s*\(\s*new\s+Error\b", text):
            facts.append(Fact(
                code="CORS107", at=at, value="callback(new Error(...))",
                message=("the origin function calls back with an Error: Express answers 500 without any "
                         "CORS headers, so the browser reports a CORS error, not the rejection"),
                fix="call callback(null, false) for disallowed origins instead of callback(new Error(...))"))
        return [OriginRule(kind=OriginKind.DYNAMIC, value=Located(value="function", at=at), option="origin")], []
    return [OriginRule(kind=OriginKind.DYNAMIC, value=Located(value=text[:60], at=at), option="origin")], []


def _vlist(w: _Walk, node: Any, default: tuple[str, ...], at: Location, mirror_default: bool) -> ValueList:
    if node is None:
        return ValueList(items=tuple(Located(value=d, at=at) for d in default), at=at, implicit=True,
                         mirrors_request=mirror_default)
    node = w.resolve(node)
    if node is None:
        return ValueList(items=(), at=at, mirrors_request=True)
    s = w.string(node)
    if s is not None:
        items = [Located(value=p.strip(), at=w.loc(node)) for p in s.split(",") if p.strip()]
        return ValueList(items=tuple(items), at=w.loc(node))
    if node.type == "array":
        items = []
        for el in node.named_children:
            v = w.string(w.resolve(el))
            if v is None:
                return ValueList(items=(), at=w.loc(node), mirrors_request=True)
            items.append(Located(value=v, at=w.loc(el)))
        return ValueList(items=tuple(items), at=w.loc(node))
    return ValueList(items=(), at=w.loc(node), mirrors_request=True)


@cache
def _express_major(directory: str) -> int | None:
    """The major version of ``express`` in the nearest package.json, if any."""
    d = directory
    for _ in range(12):
        path = os.path.join(d, "package.json")
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as fh:
                    pkg = json.load(fh)
            except (OSError, ValueError):
                return None
            for key in ("dependencies", "devDependencies"):
                spec = (pkg.get(key) or {}).get("express")
                if isinstance(spec, str):
                    m = re.search(r"(\d+)", spec)
                    return int(m.group(1)) if m else None
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def _member(w: _Walk, call: Any) -> tuple[str, str] | None:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return None
    obj = fn.child_by_field_name("object")
    prop = fn.child_by_field_name("property")
    if obj is None or prop is None:
        return None
    return w.text(obj), w.text(prop)


def extract(src: Source) -> Extraction:
    data = src.text.encode("utf-8")
    tree = _parser(dialect_of(src.path)).parse(data)
    w = _Walk(src=src, data=data)
    problems = list(syntax_problems(tree.root_node, path=src.path, source=lambda: src.text, loc=w.loc,
                                    node_text=w.text, find=_first_error))
    w.collect(tree.root_node)
    cors_names = {"cors"}
    for name, value in w.decls.items():
        if value.type == "call_expression" and "require" in w.text(value) and "'cors'" in w.text(value).replace(
                '"', "'"):
            cors_names.add(name)
    for m in _IMPORT_CORS.finditer(src.text):
        cors_names.add(m.group(1))

    def is_cors(node: Any) -> bool:
        if node is None or node.type != "call_expression":
            return False
        fn = node.child_by_field_name("function")
        return fn is not None and w.text(fn) in cors_names

    global_cors: list[Any] = []
    scoped_cors: list[str] = []
    options_paths: dict[str, Location] = {}
    route_calls: list[tuple[str, str, Any, bool]] = []
    first_route: Any = None
    auth_use: Any = None
    policies: list[CorsPolicy] = []
    facts_global: list[Fact] = []
    major = _express_major(os.path.dirname(src.real))
    for call in w.calls:
        mem = _member(w, call)
        if mem is None:
            continue
        obj, prop = mem
        args = _args(call)
        path = w.string(args[0]) if args else None
        has_cors = any(is_cors(w.resolve(a)) for a in args)
        if prop == "use":
            if has_cors and path is not None and path != "/":
                scoped_cors.append(path)
            elif has_cors:
                global_cors.append(call)
                if auth_use is not None:
                    facts_global.append(Fact(
                        code="CORS209", at=w.loc(call), value=w.text(call)[:60],
                        message=(f"app.use(cors…) is registered after the auth middleware "
                                 f"{w.text(auth_use)[:40]!r} (line {auth_use.start_point[0] + 1}): the "
                                 "preflight carries no cookies or Authorization, so it is rejected there "
                                 "(401) before cors() can answer it"),
                        fix=(f"register app.use(cors(corsOptions)) before {w.text(auth_use)[:40]} (and "
                             "before every router)"),
                        chromium_error="PreflightMissingAllowOriginHeader"))
                elif first_route is not None:
                    before = first_route
                    facts_global.append(Fact(
                        code="CORS804", at=w.loc(call), value=w.text(call)[:60],
                        message=(f"app.use(cors…) is registered after {w.text(before)[:40]!r} (line "
                                 f"{before.start_point[0] + 1}); requests answered or rejected there (401, "
                                 "404, preflights) get no CORS headers"),
                        fix="register app.use(cors(corsOptions)) before every router and auth middleware"))
            elif auth_use is None and any(_AUTH.search(w.text(a)) for a in args):
                auth_use = call
            elif first_route is None and (
                    (path is not None and path.startswith("/"))
                    or any(_ROUTER.search(w.text(r)) for a in args if (r := w.resolve(a)) is not None)):
                first_route = call  # a mounted sub-app or router answers before a later cors()
        elif prop == "options":
            if path is not None:
                options_paths[path] = w.loc(call)
                if path == "*" and major is not None and major >= 5:
                    facts_global.append(Fact(
                        code="CORS806", at=w.loc(args[0]), value=f"{obj}.options('*', …)",
                        message=("Express 5 (package.json) rejects the path '*': the app throws "
                                 "'Missing parameter name at index 1: *' at start-up"),
                        fix="app.options('/{*splat}', cors(corsOptions))"))
        elif prop in _VERBS and path is not None:
            if first_route is None:
                first_route = call
            route_calls.append((prop, path, call, has_cors))
    configured: list[tuple[Any, Any, str, str]] = []  # (call, options node or None, scope, format)
    for call in w.calls:
        args = _args(call)
        if is_cors(call):
            configured.append((call, w.resolve(args[0]) if args else None,
                               w.text(call)[:40].split("(")[0] + "()", "express"))
            continue
        mem = _member(w, call)
        if mem is None:
            continue
        obj, prop = mem
        if prop == "enableCors":
            # NestJS (Express platform): enableCors(options) is app.use(cors(options)).
            configured.append((call, w.resolve(args[0]) if args else None, f"{obj}.enableCors()", "express-nestjs"))
        elif obj == "NestFactory" and prop.startswith("create") and len(args) >= 2:
            flag = _pairs(w, w.resolve(args[1])).get("cors")
            if flag is None or flag[1].type == "false":
                continue
            # cors: true is enableCors() with the cors package's defaults.
            configured.append((call, None if flag[1].type == "true" else flag[1],
                               "NestFactory.create({ cors })", "express-nestjs"))
    for call, opts, scope, fmt in configured:
        pairs = _pairs(w, opts)
        at = w.loc(call)
        facts: list[Fact] = []
        cred_pair = pairs.get("credentials")
        cred = cred_pair is not None and cred_pair[1].type == "true"
        if "origin" in pairs:
            origins, emitted = _origins(w, pairs["origin"][1], cred, facts)
        else:
            origins = [OriginRule(kind=OriginKind.WILDCARD, value=Located(value="* (default)", at=at),
                                  option="origin")]
            emitted = [Located(value="*", at=at)]
        headers_node = (pairs.get("allowedHeaders") or pairs.get("headers") or (None, None))[1]
        policies.append(CorsPolicy(
            format=fmt, scope=scope, at=at, layer=Layer.APP,
            origins=tuple(origins),
            credentials=Located(value=cred, at=w.loc(cred_pair[1])) if cred_pair else None,
            methods=_vlist(w, (pairs.get("methods") or (None, None))[1],
                           ("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"), at, False),
            allow_headers=_vlist(w, headers_node, (), at, True),
            expose_headers=_vlist(w, (pairs.get("exposedHeaders") or (None, None))[1], (), at, False),
            acao_values=tuple(emitted), preflight=Preflight.UNKNOWN, facts=tuple(facts),
        ))
    if not global_cors:
        for verb, path, call, has_cors in route_calls:
            if not has_cors or any(path.startswith(prefix) for prefix in scoped_cors):
                continue
            if verb in ("put", "patch", "delete") and path not in options_paths and "*" not in options_paths \
                    and not any(k.startswith("/{*") or k.startswith("(") for k in options_paths):
                facts_global.append(Fact(
                    code="CORS210", at=w.loc(call), value=f"express app.{verb}({path!r}, cors(), …)",
                    message=(f"cors() is only on the {verb.upper()} route: the preflight OPTIONS {path} is "
                             "answered by Express's automatic OPTIONS handler without any CORS headers"),
                    fix=f"add app.options({path!r}, cors(corsOptions)) or use app.use(cors(corsOptions))"))
    if facts_global:
        policies.append(CorsPolicy(format="express", scope="app", at=Location(path=src.path, line=1),
                                   layer=Layer.APP, facts=tuple(facts_global)))
    return Extraction(format="express", policies=tuple(policies), problems=tuple(problems))


def _first_error(node: Any) -> Any:
    stack = [node]
    while stack:
        n = stack.pop(0)
        if n.type == "ERROR" or n.is_missing:
            return n
        stack.extend(n.children)
    return node


EXTRACTOR = Extractor(name="express", claims=claims, extract=extract)
