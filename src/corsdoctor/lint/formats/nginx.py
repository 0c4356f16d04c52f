"""nginx: ``add_header`` levels, ``if`` blocks, ``map`` allowlists, proxying — via crossplane.

Semantics (ngx_http_headers_filter_module.c, https://nginx.org/en/docs/http/ngx_http_headers_module.html):

* ``add_header`` is inherited from the previous level *only if the current level defines none*
  (``ngx_http_headers_merge_conf`` copies the parent array when ``conf->headers == NULL``);
  ``add_header_inherit merge`` (1.29.3+) appends the parent's instead.
* Without ``always`` a header is added only for 200, 201, 204, 206, 301, 302, 303, 304, 307, 308.
* ``if`` inside ``location`` is a nested pseudo-location with its own ``add_header`` array.
* ``add_header`` appends, never replaces: with ``proxy_pass`` the upstream's ACAO stays unless
  ``proxy_hide_header`` hides it.
* An empty value adds no header (the ``map ... default ""`` allowlist idiom).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from corsdoctor.lint.formats.base import Extraction, Extractor, ParseProblem, Source, column_of, split_list
from corsdoctor.lint.policy import (
    CorsPolicy,
    Coverage,
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

_NAME_HINT = re.compile(r"(^|/)(nginx[^/]*\.conf|[^/]*\.nginx|sites-(enabled|available)/[^/]+|nginx/.*\.conf)$")
_CONTENT_HINT = re.compile(r"^\s*(server|location|http|upstream)\b[^;{]*\{|^\s*add_header\s", re.M)
_PASS = ("proxy_pass", "fastcgi_pass", "uwsgi_pass", "grpc_pass", "scgi_pass")
_HIDE = {"proxy_pass": "proxy_hide_header", "fastcgi_pass": "fastcgi_hide_header",
         "uwsgi_pass": "uwsgi_hide_header", "grpc_pass": "grpc_hide_header", "scgi_pass": "scgi_hide_header"}
ACAO = "access-control-allow-origin"


def claims(name: str, text: str) -> bool:
    if name.endswith((".conf", ".nginx", ".conf.template")) or _NAME_HINT.search(name):
        if "<VirtualHost" in text or "<Directory" in text or "<IfModule" in text:
            return False
        return bool(_CONTENT_HINT.search(text))
    return False


@dataclass(slots=True)
class _Header:
    name: str
    value: str
    always: bool
    at: Location


@dataclass(slots=True)
class _Level:
    kind: str
    label: str
    at: Location
    parent: _Level | None
    headers: list[_Header] = field(default_factory=list)
    inherit: str = "on"
    hides: dict[str, set[str]] = field(default_factory=dict)
    passes: list[tuple[str, Location]] = field(default_factory=list)
    children: list[_Level] = field(default_factory=list)
    cond: list[str] = field(default_factory=list)
    returns: str | None = None
    auth: Location | None = None
    auth_directive: str = ""
    sets: dict[str, str] = field(default_factory=dict)

    def effective(self) -> list[_Header]:
        if self.parent is None:
            return list(self.headers)
        parent = self.parent.effective()
        if not self.headers:
            return [] if self.inherit == "off" else parent
        if self.inherit == "merge":
            return parent + self.headers
        return list(self.headers)

    def effective_hides(self, directive: str) -> set[str]:
        if directive in self.hides:
            return self.hides[directive]
        return self.parent.effective_hides(directive) if self.parent else set()

    def is_options_if(self) -> bool:
        return self.kind == "if" and "$request_method" in self.cond and any("OPTIONS" in c for c in self.cond)

    def origin_regexes(self) -> list[tuple[str, Location]]:
        """``if ($http_origin ~ R)`` gates on this level and the levels around it."""
        out: list[tuple[str, Location]] = []
        level: _Level | None = self
        while level is not None:
            for lv in [level, *level.children]:
                if lv.kind == "if" and lv.cond[:1] == ["$http_origin"] and len(lv.cond) == 3 \
                        and lv.cond[1] in ("~", "~*"):
                    out.append((lv.cond[2], lv.at))
            level = level.parent
        return out


@dataclass(slots=True)
class _Map:
    entries: list[tuple[str, str, Location]]


#: The statuses add_header applies to without 'always' (ngx_http_headers_filter_module.c).
_ADD_HEADER_STATUSES = frozenset({"200", "201", "204", "206", "301", "302", "303", "304", "307", "308"})


class _Builder:
    def __init__(self, src: Source, payload: dict[str, Any]) -> None:
        self.src = src
        self.config: list[dict[str, Any]] = payload["config"]
        self.lines: dict[str, list[str]] = {}
        self.maps: dict[str, _Map] = {}
        self.levels: list[_Level] = []
        #: Argument errors crossplane cannot see in fragments (no context → no checks).
        self.problems: list[ParseProblem] = []

    def display(self, file: str) -> str:
        if os.path.abspath(file) == os.path.abspath(self.src.real):
            return self.src.path
        # An included file under the including file's directory is shown relative to it, the way the
        # including file itself was named (``conf/nginx.conf`` → ``conf/conf.d/api.conf``).
        base = os.path.dirname(os.path.abspath(self.src.real))
        rel = os.path.relpath(os.path.abspath(file), base)
        if rel.startswith(os.pardir) or os.path.isabs(self.src.path):
            return file
        return os.path.join(os.path.dirname(self.src.path), rel)

    def loc(self, file: str, line: int, needle: str) -> Location:
        if file not in self.lines:
            try:
                with open(file, encoding="utf-8", errors="replace") as fh:
                    self.lines[file] = fh.read().splitlines()
            except OSError:
                self.lines[file] = []
        rows = self.lines[file]
        text = rows[line - 1] if 0 < line <= len(rows) else ""
        return Location(path=self.display(file), line=line, column=column_of(text, needle))

    def walk(self, block: list[dict[str, Any]], file: str, level: _Level) -> None:
        for d in block:
            name: str = d["directive"]
            args: list[str] = d.get("args", [])
            line: int = d["line"]
            if name == "include":
                for idx in d.get("includes", []):
                    inc = self.config[idx]
                    self.walk(inc.get("parsed", []), inc["file"], level)
                continue
            at = self.loc(file, line, name)
            if name == "map" and len(args) == 2 and "block" in d:
                entries = [(e["directive"], (e.get("args") or [""])[0],
                            self.loc(file, e["line"], e["directive"].strip('"'))) for e in d["block"]]
                self.maps[args[1]] = _Map(entries=entries) if args[0] == "$http_origin" else _Map(entries=[])
                continue
            if name in ("http", "server", "location", "if", "limit_except") and "block" in d:
                kind = name
                label = f"{name} {' '.join(args)}".strip()
                child = _Level(kind=kind, label=label, at=at, parent=level, cond=list(args))
                level.children.append(child)
                self.levels.append(child)
                self.walk(d["block"], file, child)
                continue
            if name == "add_header" and (len(args) not in (2, 3) or (len(args) == 3 and args[2] != "always")):
                reason = (f'invalid parameter "{args[2]}"' if len(args) == 3 else
                          'invalid number of arguments in "add_header" directive')
                self.problems.append(ParseProblem(at=at, message=reason))
                continue
            if name == "add_header" and len(args) >= 2:
                level.headers.append(_Header(name=args[0].lower(), value=args[1],
                                             always=len(args) > 2 and args[2] == "always", at=at))
            elif name == "add_header_inherit" and args:
                level.inherit = args[0]
            elif name.endswith("_hide_header") and args:
                level.hides.setdefault(name, set()).add(args[0].lower())
            elif name in _PASS:
                level.passes.append((name, at))
            elif name == "return" and args:
                level.returns = args[0]
            elif name in ("auth_basic", "auth_request", "auth_jwt") and args and args[0] != "off":
                level.auth = at
                level.auth_directive = f"{name} {' '.join(args)}"
            elif name == "set" and len(args) == 2:
                level.sets[args[0]] = args[1]


def _header_list(headers: list[_Header], name: str) -> ValueList | None:
    for h in headers:
        if h.name == name:
            items = tuple(
                Located(value=item, at=Location(path=h.at.path, line=h.at.line,
                                                column=h.at.column))
                for item, _ in split_list(h.value)
            )
            return ValueList(items=items, at=h.at)
    return None


class _PolicyMaker:
    def __init__(self, b: _Builder) -> None:
        self.b = b

    def var_origins(self, value: str, h: _Header, level: _Level) -> list[OriginRule]:
        var = value.strip()
        gates = level.origin_regexes()
        if "$http_origin" in var:
            if gates:
                return [OriginRule(kind=OriginKind.PATTERN, value=Located(value=r, at=at),
                                   mode=RegexMode.SEARCH, option="if ($http_origin ~ …)") for r, at in gates]
            return [OriginRule(kind=OriginKind.REFLECT_ANY, value=Located(value=value, at=h.at),
                               option="add_header")]
        m = self.b.maps.get(var)
        if m is not None:
            rules: list[OriginRule] = []
            for key, out, at in m.entries:
                if key == "default":
                    if "$http_origin" in out:
                        rules.append(OriginRule(kind=OriginKind.REFLECT_ANY,
                                                value=Located(value=f"default {out}", at=at), option="map"))
                    elif out == "*":
                        rules.append(OriginRule(kind=OriginKind.WILDCARD, value=Located(value=out, at=at),
                                                option="map"))
                    continue
                if key in ("hostnames", "volatile"):
                    continue
                if "$http_origin" in out:
                    if key.startswith("~"):
                        rx = key[2:] if key.startswith("~*") else key[1:]
                        rules.append(OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=at),
                                                mode=RegexMode.SEARCH, option="map"))
                    else:
                        rules.append(OriginRule(kind=OriginKind.EXACT, value=Located(value=key, at=at),
                                                option="map"))
                elif out and not out.startswith("$"):
                    rules.append(OriginRule(kind=OriginKind.EXACT, value=Located(value=out, at=at),
                                            option="map value"))
            return rules
        # ``set $cors $http_origin`` somewhere up the chain.
        lv: _Level | None = level
        while lv is not None:
            for c in [lv, *lv.children]:
                if var in c.sets and "$http_origin" in c.sets[var]:
                    return self.var_origins("$http_origin", h, level)
            lv = lv.parent
        return [OriginRule(kind=OriginKind.DYNAMIC, value=Located(value=value, at=h.at), option="add_header")]

    def make(self, level: _Level) -> CorsPolicy | None:
        eff = level.effective()
        cors = [h for h in eff if h.name.startswith("access-control-")]
        facts = self.facts(level)
        if not cors and not facts:
            return None
        acao = [h for h in eff if h.name == ACAO]
        origins: list[OriginRule] = []
        for h in acao:
            v = h.value
            if v == "*":
                origins.append(OriginRule(kind=OriginKind.WILDCARD, value=Located(value=v, at=h.at),
                                          option="add_header"))
            elif "$" in v:
                origins.extend(self.var_origins(v, h, level))
            elif v:
                origins.append(OriginRule(kind=OriginKind.EXACT, value=Located(value=v, at=h.at),
                                          option="add_header"))
        cred = next((h for h in eff if h.name == "access-control-allow-credentials"), None)
        vary = next((h for h in eff if h.name == "vary" and "origin" in h.value.lower()), None)
        no_always = next((h for h in cors if not h.always), None)
        if level.returns in _ADD_HEADER_STATUSES:
            no_always = None  # this block always answers with a status add_header covers without 'always'
        location_level = level if level.kind != "if" else (level.parent or level)
        answered = any(c.is_options_if() and c.returns and c.returns.startswith("2")
                       for c in [location_level, *location_level.children])
        return CorsPolicy(
            format="nginx",
            scope=level.label if level.kind != "if" else f"{location_level.label} > {level.label}",
            at=level.at,
            layer=Layer.PROXY,
            origins=tuple(origins),
            credentials=Located(value=cred.value.strip().lower() == "true", at=cred.at) if cred else None,
            methods=_header_list(eff, "access-control-allow-methods"),
            allow_headers=_header_list(eff, "access-control-allow-headers"),
            expose_headers=_header_list(eff, "access-control-expose-headers"),
            max_age=next((Located(value=h.value, at=h.at) for h in eff
                          if h.name == "access-control-max-age"), None),
            vary_origin=(Located(value=True, at=vary.at) if vary else
                         Located(value=False, at=acao[0].at) if acao else None),
            preflight=Preflight.ANSWERED if answered else Preflight.UNKNOWN,
            errors=(Coverage.SUCCESS_ONLY if no_always else Coverage.ALL) if cors else Coverage.UNKNOWN,
            errors_at=no_always.at if no_always else None,
            acao_values=tuple(Located(value=h.value, at=h.at) for h in acao),
            facts=tuple(facts),
        )

    def facts(self, level: _Level) -> list[Fact]:
        out: list[Fact] = []
        parent = level.parent
        if level.headers and parent is not None and level.inherit != "merge":
            own = {h.name for h in level.headers}
            dropped = [h for h in parent.effective() if h.name.startswith("access-control-")
                       and h.name not in own]
            if dropped:
                names = ", ".join(dict.fromkeys(_canon(h.name) for h in dropped))
                where = dropped[0].at
                if level.is_options_if():
                    out.append(Fact(
                        code="CORS801", at=level.at, value=f"if ({' '.join(level.cond)})",
                        message=(f"this OPTIONS 'if' block has its own add_header, so the preflight "
                                 f"response loses {names} (set at line {where.line})"),
                        fix=("move every CORS add_header into the 'if' block too (with 'always'), or "
                             "remove add_header from the 'if' block so it inherits the location's"),
                    ))
                else:
                    first = level.headers[0]
                    out.append(Fact(
                        code="CORS802", at=first.at, value=f"add_header {_canon(first.name)}",
                        message=(f"'{level.label}' has its own add_header, so {names} from line "
                                 f"{where.line} are not inherited here"),
                        fix=(f"repeat the CORS add_header lines inside '{level.label}' (or use "
                             "'add_header_inherit merge;' on nginx >= 1.29.3)"),
                        severity="error" if any(h.name == ACAO for h in dropped) else None,
                    ))
        eff = level.effective()
        acao = [h for h in eff if h.name == ACAO]
        if acao and level.kind in ("location", "if"):
            for directive, at in _passes(level):
                hide = _HIDE[directive]
                if ACAO not in level.effective_hides(hide):
                    out.append(Fact(
                        code="CORS108", at=acao[0].at, value=f"add_header Access-Control-Allow-Origin "
                        f"{acao[0].value}",
                        message=(f"nginx adds Access-Control-Allow-Origin and also passes the upstream's "
                                 f"({directive} at line {at.line}); if the app sets it too the browser "
                                 "sees two values"),
                        fix=(f"add '{hide} Access-Control-Allow-Origin;' (and the other "
                             "Access-Control-* names) next to the add_header, or configure CORS in one layer"),
                        severity="warning",
                    ))
                    break
        if level.kind == "location" and level.auth is not None and eff:
            # 'return' runs in the rewrite phase, before auth_basic/auth_request (access phase): an
            # OPTIONS 'if' that returns, or a location-level 'return', answers before authentication.
            answered = level.returns is not None or any(c.is_options_if() and c.returns for c in level.children)
            cors = [h for h in eff if h.name.startswith("access-control-")]
            if not answered and cors:
                acao = [h for h in cors if h.name == "access-control-allow-origin"]
                # The 401 carries Access-Control-Allow-Origin only with 'always': Chrome then reports the
                # status, otherwise the missing header.
                error = "" if acao and all(h.always for h in acao) else "PreflightMissingAllowOriginHeader"
                adds = " ".join(f"add_header {_display_name(h.name)} {_quote(h.value)} always;" for h in cors)
                out.append(Fact(
                    code="CORS209", at=level.auth, value=level.auth_directive,
                    message="OPTIONS goes through authentication here; the preflight carries no "
                            "credentials and gets 401",
                    fix=("answer the preflight before the access phase: "
                         f"if ($request_method = OPTIONS) {{ {adds} return 204; }}"),
                    chromium_error=error,
                ))
        return out


def _passes(level: _Level) -> list[tuple[str, Location]]:
    loc = level if level.kind == "location" else level.parent
    if loc is None:
        return []
    out = list(loc.passes)
    for c in loc.children:
        if c.kind == "if":
            out.extend(c.passes)
    return out


def _canon(name: str) -> str:
    return "-".join(p.capitalize() for p in name.split("-"))


def extract(src: Source) -> Extraction:
    """crossplane parses from a file name only: text not on disk goes through a temporary file."""
    if os.path.isfile(src.real):
        return _extract(src)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="corsdoctor-nginx-") as tmp:
        real = os.path.join(tmp, os.path.basename(src.path) or "nginx.conf")
        with open(real, "w", encoding="utf-8") as fh:
            fh.write(src.text)
        return _extract(Source(path=src.path, real=real, text=src.text))


def _extract(src: Source) -> Extraction:
    import crossplane

    payload: dict[str, Any] = crossplane.parse(
        src.real, catch_errors=True, check_ctx=False, check_args=True, comments=False, strict=False
    )
    b = _Builder(src, payload)
    problems: list[ParseProblem] = []
    notes: list[str] = []
    for err in payload.get("errors", []):
        msg = str(err.get("error", "parse error"))
        file = str(err.get("file", src.real))
        line = int(err.get("line") or 1)
        if "No such file" in msg or "Permission denied" in msg:
            notes.append(f"{b.display(file)}:{line}: {msg}")
            continue
        problems.append(ParseProblem(at=Location(path=b.display(file), line=line, column=1),
                                     message=_strip_loc(msg)))
    root = _Level(kind="main", label="main", at=Location(path=src.path, line=1), parent=None)
    b.levels.append(root)
    configs = payload.get("config", [])
    if configs:
        b.walk(configs[0].get("parsed", []), configs[0]["file"], root)
    problems.extend(b.problems)
    maker = _PolicyMaker(b)
    policies = []
    for level in b.levels:
        if level.kind not in ("location", "if", "server", "main"):
            continue
        if level.kind in ("server", "main") and any(c.kind in ("location", "server") for c in level.children):
            # Reported through the children; only inheritance facts of this level matter.
            if level.kind == "server":
                facts = maker.facts(level)
                if facts:
                    policies.append(CorsPolicy(format="nginx", scope=level.label, at=level.at,
                                               layer=Layer.PROXY, facts=tuple(facts)))
            continue
        p = maker.make(level)
        if p is not None:
            policies.append(p)
    covers = tuple(os.path.realpath(c["file"]) for c in configs[1:])
    return Extraction(format="nginx", policies=tuple(policies), problems=tuple(problems),
                      covers=covers, notes=tuple(notes))


def _strip_loc(msg: str) -> str:
    return re.sub(r" in \S+:\d+$", "", msg)


EXTRACTOR = Extractor(name="nginx", claims=claims, extract=extract)


def _display_name(lower: str) -> str:
    """``access-control-allow-origin`` → ``Access-Control-Allow-Origin`` (for fix text)."""
    return "-".join(part.capitalize() for part in lower.split("-"))


def _quote(value: str) -> str:
    """An nginx argument as written back into a fix: quoted when it holds spaces or ';'."""
    if value and not any(c in value for c in ' \t;{}"\''):
        return value
    return '"' + value.replace('"', '\\"') + '"'
