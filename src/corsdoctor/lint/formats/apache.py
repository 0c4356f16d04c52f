"""Apache httpd (httpd.conf, vhosts, ``.htaccess``): mod_headers, SetEnvIf allowlists, rewrites.

Semantics (https://httpd.apache.org/docs/2.4/mod/mod_headers.html): ``Header`` without
``always`` writes the ``onsuccess`` table (2xx only); ``always`` writes ``err_headers_out``,
which is *also* sent on 2xx — the same header in both tables gives two lines.  ``set``
replaces, ``add`` adds a line, ``append``/``merge`` comma-join, ``unset`` removes (a proxied
backend's ACAO lives in the ``onsuccess`` table).  ``SetEnvIf Origin R V=$0`` tests ``R``
unanchored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corsdoctor.lint.formats._apache_tokens import Arg, Directive, parse
from corsdoctor.lint.formats._tree import TreeError
from corsdoctor.lint.formats.base import Extraction, Extractor, ParseProblem, Source, split_list
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

_NAMES = (".htaccess", "httpd.conf", "apache2.conf", "apache.conf")
_CONTENT = re.compile(r"^\s*(<VirtualHost|<Directory|<Location|<IfModule|Header\s+(always\s+)?"
                      r"(set|add|append|merge|unset)\s|SetEnvIf|RewriteEngine)", re.M | re.I)
_SCOPES = ("virtualhost", "directory", "directorymatch", "location", "locationmatch", "files",
           "filesmatch", "if", "proxy")
_REFLECT_RX = {".*", "(.*)", ".+", "(.+)", "^(.*)$", "^(.+)$", "^.*$", "^.+$"}


def claims(name: str, text: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    if base in _NAMES or base.endswith(".htaccess"):
        return True
    if name.endswith(".conf") or "/apache2/" in name or "/httpd/" in name:
        return (bool(_CONTENT.search(text)) and "<" in text) or bool(
            re.search(r"^\s*Header\s+(always\s+)?set\s+Access-Control", text, re.M | re.I))
    return False


@dataclass(slots=True)
class _HeaderOp:
    always: bool
    action: str
    name: str
    value: str
    cond: str
    at: Location
    value_at: Location


class _Maker:
    def __init__(self, src: Source) -> None:
        self.src = src

    def loc(self, a: Arg | Directive) -> Location:
        return Location(path=self.src.path, line=a.line, column=a.column)

    def header_op(self, d: Directive) -> _HeaderOp | None:
        args = list(d.args)
        always = False
        if args and args[0].text.lower() in ("always", "onsuccess"):
            always = args[0].text.lower() == "always"
            args = args[1:]
        if len(args) < 2:
            return None
        action, name = args[0].text.lower(), args[1].text.lower()
        value = args[2].text if len(args) > 2 and action != "unset" else ""
        value_at = self.loc(args[2]) if len(args) > 2 else self.loc(args[1])
        cond = args[3].text if len(args) > 3 else ""
        if value.startswith("expr="):
            value, cond = value, cond
        return _HeaderOp(always=always, action=action, name=name, value=value, cond=cond,
                         at=self.loc(d), value_at=value_at)

    def build(self, scope: str, at: Location, body: list[Directive], env: dict[str, tuple[str, Location]],
              options_rewrite: Location | None, proxied: Location | None) -> CorsPolicy | None:
        ops = [op for d in body if d.name.lower() == "header" and (op := self.header_op(d))]
        cors = [op for op in ops if op.name.startswith("access-control-") and op.action != "unset"]
        if not cors:
            return None
        tables: dict[bool, list[_HeaderOp]] = {False: [], True: []}
        unset_onsuccess = None
        for op in ops:
            if op.name != "access-control-allow-origin":
                continue
            table = tables[op.always]
            if op.action == "set":
                table[:] = [op]
            elif op.action == "add":
                table.append(op)
            elif op.action in ("append", "merge"):
                if table:
                    joined = _HeaderOp(**{**op.__dict__, "value": table[-1].value + ", " + op.value})
                    table[-1] = joined
                else:
                    table.append(op)
            elif op.action == "unset":
                table.clear()
                if not op.always:
                    unset_onsuccess = op
        acao = tables[False] + tables[True]
        origins: list[OriginRule] = []
        for op in acao:
            origins.extend(self.origins_of(op, env))
        facts: list[Fact] = []
        last = {op.name: op for op in cors}
        always_names = {op.name for op in cors if op.always}
        no_always = next((op for op in cors if not op.always and op.name not in always_names), None)
        if no_always is not None and options_rewrite is not None:
            facts.append(Fact(
                code="CORS803", at=no_always.at, value=f"Header set {_canon(no_always.name)}",
                message=(f"OPTIONS is answered by the RewriteRule at line {options_rewrite.line}, and "
                         "'Header set' (onsuccess) is not applied to it: the preflight has no CORS headers"),
                fix=(f'Header always set {_canon(no_always.name)} "{no_always.value}" (and "always" on every '
                     "other Access-Control-* Header line)"),
                severity="error"))
        if proxied is not None and tables[True] and unset_onsuccess is None:
            op = tables[True][0]
            facts.append(Fact(
                code="CORS108", at=op.at, value=f"Header always set Access-Control-Allow-Origin {op.value}",
                message=(f"the backend behind ProxyPass (line {proxied.line}) keeps its own ACAO in the "
                         "onsuccess table; with 'always set' here the browser can see two values"),
                fix="add 'Header unset Access-Control-Allow-Origin' (onsuccess) before the 'always set'",
                severity="warning"))
        if any(op.action == "add" for op in cors if op.name == "access-control-allow-origin") and len(acao) < 2:
            pass
        cred = last.get("access-control-allow-credentials")
        vary = next((op for op in ops if op.name == "vary" and "origin" in op.value.lower()), None)
        return CorsPolicy(
            format="apache", scope=scope, at=at, layer=Layer.PROXY, origins=tuple(origins),
            credentials=Located(value=cred.value.strip().lower() == "true", at=cred.value_at) if cred else None,
            methods=_list(last.get("access-control-allow-methods")),
            allow_headers=_list(last.get("access-control-allow-headers")),
            expose_headers=_list(last.get("access-control-expose-headers")),
            max_age=(Located(value=last["access-control-max-age"].value,
                             at=last["access-control-max-age"].value_at)
                     if "access-control-max-age" in last else None),
            vary_origin=(Located(value=True, at=vary.at) if vary else
                         Located(value=False, at=acao[0].at) if acao else None),
            preflight=Preflight.ANSWERED if options_rewrite else Preflight.UNKNOWN,
            errors=Coverage.SUCCESS_ONLY if no_always else Coverage.ALL,
            errors_at=no_always.at if no_always else None,
            acao_values=tuple(Located(value=op.value, at=op.value_at) for op in acao),
            facts=tuple(facts),
        )

    def origins_of(self, op: _HeaderOp, env: dict[str, tuple[str, Location]]) -> list[OriginRule]:
        v = op.value
        if v == "*":
            return [OriginRule(kind=OriginKind.WILDCARD, value=Located(value=v, at=op.value_at), option="Header")]
        m = re.search(r"%\{([^}]+)\}e", v)
        gate = re.match(r"env=!?(\w+)", op.cond)
        if m or "%{req:origin}" in v.lower() or "%{http:origin}" in v.lower():
            var = m.group(1) if m else (gate.group(1) if gate else "")
            if var in env:
                rx, at = env[var]
                if rx in _REFLECT_RX:
                    return [OriginRule(kind=OriginKind.REFLECT_ANY, value=Located(value=rx, at=at),
                                       option="SetEnvIf")]
                return [OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=at),
                                   mode=RegexMode.SEARCH, option="SetEnvIf")]
            if m:
                return [OriginRule(kind=OriginKind.DYNAMIC, value=Located(value=v, at=op.value_at),
                                   option="Header")]
            return [OriginRule(kind=OriginKind.REFLECT_ANY, value=Located(value=v, at=op.value_at),
                               option="Header")]
        if gate and gate.group(1) in env:
            rx, at = env[gate.group(1)]
            return [OriginRule(kind=OriginKind.PATTERN, value=Located(value=rx, at=at), mode=RegexMode.SEARCH,
                               option="SetEnvIf"),
                    OriginRule(kind=OriginKind.EXACT, value=Located(value=v, at=op.value_at), option="Header")]
        return [OriginRule(kind=OriginKind.EXACT, value=Located(value=v, at=op.value_at), option="Header")]


def _list(op: _HeaderOp | None) -> ValueList | None:
    if op is None:
        return None
    items = tuple(Located(value=item, at=Location(path=op.value_at.path, line=op.value_at.line,
                                                  column=op.value_at.column + off + 1))
                  for item, off in split_list(op.value))
    return ValueList(items=items, at=op.value_at)


def _canon(name: str) -> str:
    return "-".join(p.capitalize() for p in name.split("-"))


def _flatten(body: list[Directive]) -> list[Directive]:
    """Expand ``<IfModule>``/``<IfDefine>`` (transparent for the model)."""
    out: list[Directive] = []
    for d in body:
        if d.section and d.name.lower() in ("ifmodule", "ifdefine", "ifversion"):
            out.extend(_flatten(d.children))
        else:
            out.append(d)
    return out


def extract(src: Source) -> Extraction:
    try:
        tree = parse(src.text)
    except TreeError as exc:
        return Extraction(format="apache", problems=(ParseProblem(
            at=Location(path=src.path, line=exc.line, column=exc.column), message=exc.message),))
    maker = _Maker(src)
    policies: list[CorsPolicy] = []

    def visit(scope: str, at: Location, body: list[Directive], inherited: list[Directive],
              env: dict[str, tuple[str, Location]]) -> None:
        flat = _flatten(body)
        env = dict(env)
        options_rewrite = None
        proxied = None
        pending_options = False
        for d in flat:
            low = d.name.lower()
            if low in ("setenvif", "setenvifnocase") and len(d.args) >= 3 and d.args[0].text.lower() == "origin":
                for assign in d.args[2:]:
                    var = assign.text.split("=", 1)[0].lstrip("!")
                    env[var] = (d.args[1].text, maker.loc(d.args[1]))
            elif low == "rewritecond" and len(d.args) >= 2 and "REQUEST_METHOD" in d.args[0].text \
                    and "OPTIONS" in d.args[1].text:
                pending_options = True
            elif low == "rewriterule":
                flags = d.args[-1].text if d.args else ""
                if pending_options and re.search(r"R=2\d\d", flags):
                    options_rewrite = maker.loc(d)
                pending_options = False
            elif low in ("proxypass", "proxypassmatch") or (low == "rewriterule" and "[P" in " ".join(
                    a.text for a in d.args)):
                proxied = maker.loc(d)
        directives = [*inherited, *[d for d in flat if not d.section]]
        p = maker.build(scope, at, directives, env, options_rewrite, proxied)
        if p is not None:
            policies.append(p)
        for d in flat:
            if d.section and d.name.lower() in _SCOPES:
                label = f"<{d.name} {' '.join(a.text for a in d.args)}>".replace(" >", ">")
                visit(label, maker.loc(d), d.children, directives, env)

    visit(src.path.rsplit("/", 1)[-1], Location(path=src.path, line=1), tree, [], {})
    return Extraction(format="apache", policies=tuple(policies))


EXTRACTOR = Extractor(name="apache", claims=claims, extract=extract)
