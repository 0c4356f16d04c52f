"""Python apps and settings via the stdlib ``ast``: Starlette/FastAPI ``CORSMiddleware``,
Flask-CORS, django-cors-headers settings and ``MIDDLEWARE`` order, aiohttp-cors, Quart-CORS.

Library semantics (configs.md §5, read from each wheel's source):

* Starlette ``CORSMiddleware``: ``allow_methods`` defaults to ``("GET",)``, ``allow_headers`` to
  the safelisted four; ``allow_origin_regex`` uses ``fullmatch``; ``["*"]`` with credentials
  reflects any origin.  Last ``add_middleware`` = outermost.
* Flask-CORS: default ``origins="*"``; a string with regex metacharacters is a regex applied
  with ``re.match`` (start-anchored only); ``*`` + ``supports_credentials`` reflects any origin
  (``send_wildcard=True`` raises ``ValueError``).
* django-cors-headers: ``CORS_ALLOWED_ORIGIN_REGEXES`` use ``re.match``; allow-all + credentials
  reflects; ``CorsMiddleware`` must be above ``CommonMiddleware``/WhiteNoise.
* aiohttp-cors always reflects (never ``*``) and never sends ``Vary: Origin``.
* Quart-CORS raises ``ValueError`` on every request for ``*`` + credentials.
"""

from __future__ import annotations

import ast
import re
from typing import Any

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
    RegexMode,
    ValueList,
)

_HINT = re.compile(r"CORSMiddleware|flask_cors|CORS_ALLOW|CORS_ORIGIN|corsheaders|aiohttp_cors|quart_cors")
_FLASK_REGEX_CHARS = set("*\\]?$^[]()")
_SAFELISTED = ("accept", "accept-language", "content-language", "content-type")
_ROUTE_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route", "route"}
_DJANGO_BEFORE = ("CommonMiddleware", "WhiteNoiseMiddleware", "CacheMiddleware", "UpdateCacheMiddleware",
                  "FetchFromCacheMiddleware", "LoginRequiredMiddleware", "GZipMiddleware")


def claims(name: str, text: str) -> bool:
    return name.endswith(".py") and bool(_HINT.search(text))


class _Ctx:
    def __init__(self, src: Source) -> None:
        self.src = src

    def loc(self, node: ast.AST) -> Location:
        return Location(path=self.src.path, line=getattr(node, "lineno", 1),
                        column=getattr(node, "col_offset", 0) + 1)

    def strings(self, node: ast.expr | None) -> list[Located[str]] | None:
        """A str or a list/tuple/set of str literals, located per element; ``None`` if not literal."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [Located(value=node.value, at=self.loc(node))]
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            out: list[Located[str]] = []
            for elt in node.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    out.append(Located(value=elt.value, at=self.loc(elt)))
                elif isinstance(elt, ast.Call) and _name(elt.func) == "compile" and elt.args \
                        and isinstance(elt.args[0], ast.Constant) and isinstance(elt.args[0].value, str):
                    out.append(Located(value="re:" + elt.args[0].value, at=self.loc(elt.args[0])))
                else:
                    return None
            return out
        if isinstance(node, ast.Call) and _name(node.func) == "compile" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            return [Located(value="re:" + node.args[0].value, at=self.loc(node.args[0]))]
        return None

    def const(self, node: ast.expr | None) -> Any:
        if node is None:
            return None
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return _DYNAMIC

    def vlist(self, node: ast.expr | None, default: tuple[str, ...], at: Location,
              star_mirrors: bool = True) -> ValueList:
        if node is None:
            return ValueList(items=tuple(Located(value=d, at=at) for d in default), at=at, implicit=True)
        items = self.strings(node)
        if items is None:
            return ValueList(items=(), at=self.loc(node), mirrors_request=True)
        if star_mirrors and any(i.value == "*" for i in items):
            return ValueList(items=tuple(items), at=self.loc(node), mirrors_request=True)
        return ValueList(items=tuple(items), at=self.loc(node))


_DYNAMIC = object()


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def _route_methods(ctx: _Ctx, tree: ast.AST) -> list[Located[str]]:
    out: list[Located[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) \
                        and dec.func.attr in _ROUTE_VERBS:
                    verb = dec.func.attr
                    if verb in ("route", "api_route"):
                        methods = ctx.strings(_kw(dec, "methods")) or []
                        out.extend(Located(value=m.value.upper(), at=m.at) for m in methods)
                    else:
                        out.append(Located(value=verb.upper(), at=ctx.loc(dec)))
        elif isinstance(node, ast.Call) and _name(node.func) in ("Route", "add_route", "add_api_route"):
            methods = ctx.strings(_kw(node, "methods")) or []
            out.extend(Located(value=m.value.upper(), at=m.at) for m in methods)
    return out


def _starlette(ctx: _Ctx, call: ast.Call, anchor: ast.AST, routes: list[Located[str]],
               facts: list[Fact]) -> CorsPolicy:
    at = ctx.loc(anchor)
    cred_node = _kw(call, "allow_credentials")
    cred_val = ctx.const(cred_node)
    credentials = Located(value=cred_val is True, at=ctx.loc(cred_node)) if cred_node is not None else None
    origins: list[OriginRule] = []
    items = ctx.strings(_kw(call, "allow_origins"))
    if items is None and _kw(call, "allow_origins") is not None:
        node = _kw(call, "allow_origins")
        assert node is not None
        origins.append(OriginRule(kind=OriginKind.DYNAMIC, value=Located(value=ast.unparse(node),
                                                                         at=ctx.loc(node)), option="allow_origins"))
    for item in items or []:
        if item.value == "*":
            kind = OriginKind.REFLECT_ANY if cred_val is True else OriginKind.WILDCARD
            origins.append(OriginRule(kind=kind, value=item, option="allow_origins"))
        else:
            origins.append(OriginRule(kind=OriginKind.EXACT, value=item, option="allow_origins"))
    rx = _kw(call, "allow_origin_regex")
    if isinstance(rx, ast.Constant) and isinstance(rx.value, str):
        origins.append(OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx.value, at=ctx.loc(rx)),
                                  mode=RegexMode.FULLMATCH, option="allow_origin_regex"))
    methods = ctx.vlist(_kw(call, "allow_methods"), ("GET",), at)
    headers = ctx.vlist(_kw(call, "allow_headers"), _SAFELISTED, at)
    return CorsPolicy(
        format="starlette", scope="CORSMiddleware", at=at, layer=Layer.APP, origins=tuple(origins),
        credentials=credentials, methods=methods, allow_headers=headers,
        expose_headers=ctx.vlist(_kw(call, "expose_headers"), (), at, star_mirrors=False),
        preflight=Preflight.ANSWERED, route_methods=tuple(routes), facts=tuple(facts),
    )


def _flask(ctx: _Ctx, call: ast.Call, label: str, routes: list[Located[str]]) -> list[CorsPolicy]:
    """``CORS(app, ...)`` / ``@cross_origin(...)``, including per-resource options."""
    at = ctx.loc(call)
    base = {k.arg: k.value for k in call.keywords if k.arg}
    scopes: list[tuple[str, dict[str, ast.expr]]] = []
    res = base.get("resources")
    if isinstance(res, ast.Dict):
        for key, val in zip(res.keys, res.values, strict=False):
            opts = dict(base)
            if isinstance(val, ast.Dict):
                for k2, v2 in zip(val.keys, val.values, strict=False):
                    if isinstance(k2, ast.Constant) and isinstance(k2.value, str):
                        opts[k2.value] = v2
            path = str(key.value) if isinstance(key, ast.Constant) else "?"
            scopes.append((f"{label} {path}", opts))
    else:
        scopes.append((label, base))
    out = []
    for scope, opts in scopes:
        cred_node = opts.get("supports_credentials")
        cred_val = ctx.const(cred_node)
        credentials = Located(value=cred_val is True, at=ctx.loc(cred_node)) if cred_node is not None else None
        send_wildcard = ctx.const(opts.get("send_wildcard")) is True
        facts: list[Fact] = []
        origins: list[OriginRule] = []
        onode = opts.get("origins")
        items = ctx.strings(onode) if onode is not None else [Located(value="*", at=at)]
        if items is None:
            assert onode is not None
            origins.append(OriginRule(kind=OriginKind.DYNAMIC, value=Located(value=ast.unparse(onode),
                                                                             at=ctx.loc(onode)), option="origins"))
        for item in items or []:
            v = item.value
            if v == "*" or v == ".*":
                if cred_val is True and send_wildcard:
                    facts.append(Fact(
                        code="CORS805", at=item.at, value="origins='*', supports_credentials=True",
                        message=("with send_wildcard=True Flask-CORS raises ValueError(\"Cannot use "
                                 "supports_credentials in conjunction with an origin string of '*'\"): at "
                                 "start-up for CORS(app), on every request (500) for @cross_origin"),
                        fix="origins=['https://app.example.com'] (or drop send_wildcard)"))
                    continue
                kind = OriginKind.REFLECT_ANY if cred_val is True else OriginKind.WILDCARD
                origins.append(OriginRule(kind=kind, value=item, option="origins"))
            elif v.startswith("re:") or set(v) & _FLASK_REGEX_CHARS:
                rx = v[3:] if v.startswith("re:") else v
                origins.append(OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=item.at),
                                          mode=RegexMode.PREFIX, option="origins"))
            else:
                origins.append(OriginRule(kind=OriginKind.EXACT, value=item, option="origins"))
        out.append(CorsPolicy(
            format="flask-cors", scope=scope, at=at, layer=Layer.APP, origins=tuple(origins),
            credentials=credentials,
            methods=ctx.vlist(opts.get("methods"), ("GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"),
                              at),
            allow_headers=(ctx.vlist(opts["allow_headers"], (), at) if "allow_headers" in opts
                           else ValueList(items=(), at=at, implicit=True, mirrors_request=True)),
            preflight=Preflight.ANSWERED, route_methods=tuple(routes), facts=tuple(facts),
        ))
    return out


def _django(ctx: _Ctx, tree: ast.Module) -> CorsPolicy | None:
    settings: dict[str, tuple[ast.expr, ast.AST]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            settings[node.targets[0].id] = (node.value, node.targets[0])
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            settings[node.target.id] = (node.value, node.target)
    cors_keys = [k for k in settings if k.startswith("CORS_")]
    middleware = settings.get("MIDDLEWARE") or settings.get("MIDDLEWARE_CLASSES")
    mw_items = ctx.strings(middleware[0]) if middleware else None
    if not cors_keys and not (mw_items and any("corsheaders" in m.value for m in mw_items)):
        return None

    def get(*names: str) -> tuple[ast.expr, ast.AST] | None:
        for n in names:
            if n in settings:
                return settings[n]
        return None

    first = settings[cors_keys[0]][1] if cors_keys else (middleware[1] if middleware else tree)
    at = ctx.loc(first)
    cred = get("CORS_ALLOW_CREDENTIALS")
    cred_val = ctx.const(cred[0]) if cred else False
    credentials = Located(value=cred_val is True, at=ctx.loc(cred[1])) if cred else None
    origins: list[OriginRule] = []
    allow_all = get("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")
    if allow_all and ctx.const(allow_all[0]) is True:
        kind = OriginKind.REFLECT_ANY if cred_val is True else OriginKind.WILDCARD
        name = "CORS_ALLOW_ALL_ORIGINS" if "CORS_ALLOW_ALL_ORIGINS" in settings else "CORS_ORIGIN_ALLOW_ALL"
        origins.append(OriginRule(kind=kind, value=Located(value=f"{name} = True", at=ctx.loc(allow_all[1])),
                                  option=name))
    exact = get("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST")
    for item in (ctx.strings(exact[0]) or []) if exact else []:
        origins.append(OriginRule(kind=OriginKind.EXACT, value=item, option="CORS_ALLOWED_ORIGINS"))
    regexes = get("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST")
    for item in (ctx.strings(regexes[0]) or []) if regexes else []:
        rx = item.value[3:] if item.value.startswith("re:") else item.value
        origins.append(OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=item.at),
                                  mode=RegexMode.PREFIX, option="CORS_ALLOWED_ORIGIN_REGEXES"))
    facts: list[Fact] = []
    if mw_items is not None and middleware is not None:
        cors_idx = next((i for i, m in enumerate(mw_items) if m.value.endswith("corsheaders.middleware.CorsMiddleware")),
                        None)
        if cors_idx is None:
            if cors_keys:
                facts.append(Fact(
                    code="CORS804", at=ctx.loc(middleware[1]), value="MIDDLEWARE",
                    message="CORS_* settings exist but corsheaders.middleware.CorsMiddleware is not in "
                            "MIDDLEWARE: no response gets CORS headers and preflights are not answered",
                    fix='put "corsheaders.middleware.CorsMiddleware" first in MIDDLEWARE'))
        else:
            before = [m for m in mw_items[:cors_idx] if m.value.rsplit(".", 1)[-1] in _DJANGO_BEFORE]
            if before:
                facts.append(Fact(
                    code="CORS804", at=mw_items[cors_idx].at, value=mw_items[cors_idx].value,
                    message=(f"CorsMiddleware comes after {before[0].value} (line {before[0].at.line}), "
                             "which can answer first (redirects, cached or static responses) without CORS "
                             "headers"),
                    fix=f'move "corsheaders.middleware.CorsMiddleware" above "{before[0].value}"'))
    methods = get("CORS_ALLOW_METHODS")
    headers = get("CORS_ALLOW_HEADERS")
    return CorsPolicy(
        format="django-cors-headers", scope="settings", at=at, layer=Layer.APP, origins=tuple(origins),
        credentials=credentials,
        methods=(ctx.vlist(methods[0], (), at, star_mirrors=False) if methods else
                 ctx.vlist(None, ("DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"), at)),
        allow_headers=(ctx.vlist(headers[0], (), at, star_mirrors=False) if headers else
                       ctx.vlist(None, ("accept", "authorization", "content-type", "user-agent",
                                        "x-csrftoken", "x-requested-with"), at)),
        preflight=Preflight.ANSWERED, facts=tuple(facts),
    )


def _aiohttp(ctx: _Ctx, call: ast.Call) -> CorsPolicy | None:
    defaults = _kw(call, "defaults") or (call.args[1] if len(call.args) > 1 else None)
    if not isinstance(defaults, ast.Dict):
        return None
    at = ctx.loc(call)
    origins: list[OriginRule] = []
    credentials: Located[bool] | None = None
    headers: ValueList | None = None
    for key, val in zip(defaults.keys, defaults.values, strict=False):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            continue
        opts = val if isinstance(val, ast.Call) else None
        cnode = _kw(opts, "allow_credentials") if opts else None
        if cnode is not None and ctx.const(cnode) is True:
            credentials = Located(value=True, at=ctx.loc(cnode))
        kind = OriginKind.REFLECT_ANY if key.value == "*" else OriginKind.EXACT
        origins.append(OriginRule(kind=kind, value=Located(value=key.value, at=ctx.loc(key)), option="defaults"))
        if opts is not None:
            headers = ctx.vlist(_kw(opts, "allow_headers"), (), ctx.loc(opts))
    return CorsPolicy(format="aiohttp-cors", scope="aiohttp_cors.setup", at=at, layer=Layer.APP,
                      origins=tuple(origins), credentials=credentials, allow_headers=headers,
                      vary_origin=Located(value=False, at=at), preflight=Preflight.ANSWERED)


def _quart(ctx: _Ctx, call: ast.Call, label: str) -> CorsPolicy:
    at = ctx.loc(call)
    cnode = _kw(call, "allow_credentials")
    cred = ctx.const(cnode) is True
    onode = _kw(call, "allow_origin")
    items = ctx.strings(onode) if onode is not None else [Located(value="*", at=at)]
    origins: list[OriginRule] = []
    facts: list[Fact] = []
    for item in items or []:
        if item.value == "*":
            if cred:
                facts.append(Fact(
                    code="CORS805", at=item.at, value="allow_origin='*', allow_credentials=True",
                    message=("Quart-CORS raises ValueError(\"Cannot allow credentials with wildcard allowed "
                             "origins\") in its after-request hook: every request answers 500"),
                    fix="allow_origin=['https://app.example.com']"))
                continue
            origins.append(OriginRule(kind=OriginKind.WILDCARD, value=item, option="allow_origin"))
        elif item.value.startswith("re:"):
            origins.append(OriginRule(kind=OriginKind.PATTERN, value=Located(value=item.value[3:], at=item.at),
                                      mode=RegexMode.PREFIX, option="allow_origin"))
        else:
            origins.append(OriginRule(kind=OriginKind.EXACT, value=item, option="allow_origin"))
    return CorsPolicy(format="quart-cors", scope=label, at=at, layer=Layer.APP, origins=tuple(origins),
                      credentials=Located(value=cred, at=ctx.loc(cnode)) if cnode is not None else None,
                      preflight=Preflight.ANSWERED, facts=tuple(facts))


def extract(src: Source) -> Extraction:
    try:
        tree = ast.parse(src.text, filename=src.path)
    except SyntaxError as exc:
        return Extraction(format="python", problems=(ParseProblem(
            at=Location(path=src.path, line=exc.lineno or 1, column=exc.offset or 1),
            message=f"SyntaxError: {exc.msg}"),))
    ctx = _Ctx(src)
    imports = src.text
    routes = _route_methods(ctx, tree)
    policies: list[CorsPolicy] = []
    fmt = "python"
    # Starlette/FastAPI: collect add_middleware calls in order to judge the stack.
    added: list[ast.Call] = []
    handlers: list[Fact] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "exception_handler" and node.args:
            arg = node.args[0]
            if (isinstance(arg, ast.Name) and arg.id == "Exception") or \
                    (isinstance(arg, ast.Constant) and arg.value == 500):
                handlers.append(Fact(
                    code="CORS107", at=ctx.loc(node), value=ast.unparse(node),
                    message=("a 500/Exception handler runs in ServerErrorMiddleware, outside CORSMiddleware: "
                             "crash responses carry no CORS headers"),
                    fix=("catch the exception in a middleware added before CORSMiddleware (so CORS wraps it) "
                         "or add the CORS headers in the handler itself")))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fname = _name(node.func)
        if fname == "add_middleware" and node.args:
            added.append(node)
    for idx, call in enumerate(added):
        if _name(call.args[0]) != "CORSMiddleware":
            continue
        fmt = "starlette"
        facts = list(handlers)
        later = [c for c in added[idx + 1:] if _name(c.args[0]) != "CORSMiddleware"]
        if later:
            facts.append(Fact(
                code="CORS804", at=ctx.loc(call), value=f"add_middleware(CORSMiddleware) before "
                f"add_middleware({_name(later[0].args[0])})",
                message=(f"{_name(later[0].args[0])} is added after CORSMiddleware (line {later[0].lineno}) so "
                         "it runs first (last added = outermost): its early responses (401, 429 …) and "
                         "preflight rejections carry no CORS headers"),
                fix="call app.add_middleware(CORSMiddleware, …) last"))
        handlers = []
        fake = ast.Call(func=call.func, args=call.args[1:], keywords=call.keywords)
        ast.copy_location(fake, call)
        policies.append(_starlette(ctx, fake, call, routes, facts))
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            mws = [e for e in node.elts if isinstance(e, ast.Call) and _name(e.func) == "Middleware" and e.args]
            for i, mw in enumerate(mws):
                if _name(mw.args[0]) == "CORSMiddleware":
                    fmt = "starlette"
                    facts = list(handlers)
                    handlers = []
                    if i > 0:
                        facts.append(Fact(
                            code="CORS804", at=ctx.loc(mw), value="Middleware(CORSMiddleware)",
                            message=(f"Middleware({_name(mws[0].args[0])}) comes first in the list and runs "
                                     "outside CORSMiddleware: its responses carry no CORS headers"),
                            fix="put Middleware(CORSMiddleware, …) first in the middleware list"))
                    fake = ast.Call(func=mw.func, args=mw.args[1:], keywords=mw.keywords)
                    ast.copy_location(fake, mw)
                    policies.append(_starlette(ctx, fake, mw, routes, facts))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fname = _name(node.func)
        if fname in ("CORS", "cross_origin", "init_app") and ("flask_cors" in imports):
            if fname == "init_app" and not any(k.arg for k in node.keywords):
                continue
            fmt = "flask-cors"
            policies.extend(_flask(ctx, node, f"{fname}()", routes))
        elif fname == "setup" and "aiohttp_cors" in imports and isinstance(node.func, ast.Attribute) \
                and _name(node.func.value) == "aiohttp_cors":
            fmt = "aiohttp-cors"
            p = _aiohttp(ctx, node)
            if p:
                policies.append(p)
        elif fname in ("cors", "route_cors") and "quart_cors" in imports:
            fmt = "quart-cors"
            policies.append(_quart(ctx, node, f"{fname}()"))
    if "CORS_" in src.text or "corsheaders" in src.text:
        dj = _django(ctx, tree)
        if dj is not None:
            fmt = "django-cors-headers"
            policies.append(dj)
    return Extraction(format=fmt, policies=tuple(policies))


EXTRACTOR = Extractor(name="python", claims=claims, extract=extract)
