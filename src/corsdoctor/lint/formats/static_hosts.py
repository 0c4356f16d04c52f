"""Static hosts: Netlify ``_headers`` and ``netlify.toml``, ``vercel.json``, ``firebase.json``.

These emit static header values per path pattern, so ACAO is one literal for every requester.
Netlify joins the same header given twice for one path with ``", "`` (netlify/build
headers-parser ``merge.ts``) and applies custom headers only to files it serves itself, never to
functions, edge functions or 200-status proxies (https://docs.netlify.com/routing/headers/).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field

from corsdoctor.lint.formats import _jsonloc
from corsdoctor.lint.formats._tree import Node, TreeError
from corsdoctor.lint.formats.base import Extraction, Extractor, ParseProblem, Source, split_list
from corsdoctor.lint.policy import (
    CorsPolicy,
    Fact,
    Layer,
    Located,
    Location,
    OriginKind,
    OriginRule,
    ValueList,
)

_NAMES = ("_headers", "netlify.toml", "vercel.json", "firebase.json")


def claims(name: str, text: str) -> bool:
    return name.rsplit("/", 1)[-1] in _NAMES


@dataclass(slots=True)
class _Rule:
    pattern: str
    at: Location
    headers: list[tuple[str, Located[str]]] = field(default_factory=list)


def _policy(fmt: str, rule: _Rule, facts: list[Fact]) -> CorsPolicy | None:
    by: dict[str, list[Located[str]]] = {}
    for name, value in rule.headers:
        by.setdefault(name.lower(), []).append(value)
    if not any(k.startswith("access-control-") for k in by) and not facts:
        return None
    acao = by.get("access-control-allow-origin", [])
    if fmt == "netlify" and len(acao) > 1:  # joined into one value
        acao = [Located(value=", ".join(v.value for v in acao), at=acao[1].at)]
    origins = []
    for v in acao:
        for item in [v.value] if "," not in v.value else []:
            kind = OriginKind.WILDCARD if item.strip() == "*" else OriginKind.EXACT
            origins.append(OriginRule(kind=kind, value=Located(value=item.strip(), at=v.at), option="header"))
    creds = by.get("access-control-allow-credentials") or []
    cred = creds[-1] if creds else None

    def vl(name: str) -> ValueList | None:
        values = by.get(name)
        if not values:
            return None
        v = values[-1]
        return ValueList(items=tuple(Located(value=i, at=Location(path=v.at.path, line=v.at.line,
                                                                   column=v.at.column + off))
                                     for i, off in split_list(v.value)), at=v.at)

    age = by.get("access-control-max-age")
    return CorsPolicy(
        format=fmt, scope=rule.pattern, at=rule.at, layer=Layer.STATIC_HOST, origins=tuple(origins),
        credentials=Located(value=cred.value.strip().lower() == "true", at=cred.at) if cred else None,
        methods=vl("access-control-allow-methods"), allow_headers=vl("access-control-allow-headers"),
        expose_headers=vl("access-control-expose-headers"),
        max_age=age[-1] if age else None, acao_values=tuple(acao), facts=tuple(facts),
    )


def _covers(pattern: str, target: str) -> bool:
    """Does Netlify path ``pattern`` (splats ``*``, ``:placeholders``) match the path ``target``?"""
    rx = "^" + re.sub(r":[A-Za-z_]\w*", "[^/]+", re.escape(pattern).replace(r"\*", ".*")) + "$"
    probe = target.replace("*", "x").replace(":splat", "x")
    return re.match(rx, probe) is not None or pattern.rstrip("*") == target.rstrip("*")


def _function_facts(rule: _Rule, proxies: list[tuple[str, str, Location]]) -> list[Fact]:
    if not any(n.lower().startswith("access-control-") for n, _ in rule.headers):
        return []
    first = next(v for n, v in rule.headers if n.lower().startswith("access-control-"))
    if rule.pattern.startswith(("/.netlify/functions", "/.netlify/edge-functions")):
        return [Fact(code="CORS809", at=first.at, value=rule.pattern,
                     message=f"{rule.pattern} is served by a function: Netlify never applies _headers/[[headers]] "
                             "to function responses",
                     fix="set the Access-Control-* headers in the function's response (and answer OPTIONS there)")]
    for source, target, at in proxies:
        if _covers(rule.pattern, source) or _covers(source, rule.pattern):
            return [Fact(code="CORS809", at=first.at, value=f"{rule.pattern} -> {target}",
                         message=(f"{rule.pattern} is rewritten to {target} (line {at.line}, status 200): "
                                  "custom headers do not apply to function/proxy responses"),
                         fix="set the Access-Control-* headers in the function or upstream response")]
    return []


def _toml_redirects(text: str, path: str) -> list[tuple[str, str, Location]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    lines = text.splitlines()
    out = []
    for r in data.get("redirects", []) or []:
        src, to, status = str(r.get("from", "")), str(r.get("to", "")), r.get("status", 301)
        if status == 200 and (to.startswith("/.netlify/") or to.startswith("http")):
            line = next((i for i, t in enumerate(lines, 1) if "from" in t and src in t), 1)
            out.append((src, to, Location(path=path, line=line)))
    return out


def _redirects_file(text: str, path: str) -> list[tuple[str, str, Location]]:
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 3 and parts[2].startswith("200") and (parts[1].startswith("/.netlify/")
                                                               or parts[1].startswith("http")):
            out.append((parts[0], parts[1], Location(path=path, line=i)))
    return out


def _nearby_proxies(src: Source) -> list[tuple[str, str, Location]]:
    out = []
    d = os.path.dirname(src.real)
    for _ in range(3):
        for name, reader in (("netlify.toml", _toml_redirects), ("_redirects", _redirects_file)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and p != src.real:
                try:
                    with open(p, encoding="utf-8") as fh:
                        out.extend(reader(fh.read(), p))
                except OSError:
                    pass
        d = os.path.dirname(d)
    return out


def _netlify_headers(src: Source) -> Extraction:
    rules: list[_Rule] = []
    problems = []
    for i, raw in enumerate(src.text.splitlines(), 1):
        line = raw.split("#", 1)[0] if raw.lstrip().startswith("#") else raw
        if not line.strip():
            continue
        if not line[0].isspace():
            rules.append(_Rule(pattern=line.strip(), at=Location(path=src.path, line=i)))
            continue
        if ":" not in line or not rules:
            problems.append(ParseProblem(at=Location(path=src.path, line=i, column=len(line) - len(line.lstrip()) + 1),
                                         message=f"expected 'Name: value' under a path line, got {line.strip()!r}"))
            continue
        name, _, value = line.strip().partition(":")
        col = raw.find(value.strip()) + 1
        rules[-1].headers.append((name.strip(), Located(value=value.strip(),
                                                        at=Location(path=src.path, line=i, column=col))))
    proxies = _nearby_proxies(src)
    policies = [p for r in rules if (p := _policy("netlify", r, _function_facts(r, proxies))) is not None]
    return Extraction(format="netlify", policies=tuple(policies), problems=tuple(problems))


def _netlify_toml(src: Source) -> Extraction:
    try:
        data = tomllib.loads(src.text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        return Extraction(format="netlify", problems=(ParseProblem(
            at=Location(path=src.path, line=int(m.group(1)) if m else 1, column=int(m.group(2)) if m else 1),
            message=str(exc).split(" (at")[0]),))
    lines = src.text.splitlines()
    starts = [i for i, t in enumerate(lines, 1) if re.match(r"\s*\[\[headers\]\]", t)]
    rules = []
    for n, entry in enumerate(data.get("headers", []) or []):
        start = starts[n] if n < len(starts) else 1
        end = starts[n + 1] if n + 1 < len(starts) else len(lines) + 1
        rule = _Rule(pattern=str(entry.get("for", "")), at=Location(path=src.path, line=start))
        for name, value in (entry.get("values") or {}).items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                line_no = next((i for i in range(start, end) if name in lines[i - 1]), start)
                col = lines[line_no - 1].find(str(v)) + 1 if str(v) in lines[line_no - 1] else 1
                rule.headers.append((name, Located(value=str(v), at=Location(path=src.path, line=line_no,
                                                                            column=max(col, 1)))))
        rules.append(rule)
    proxies = _toml_redirects(src.text, src.path)
    policies = [p for r in rules if (p := _policy("netlify", r, _function_facts(r, proxies))) is not None]
    return Extraction(format="netlify", policies=tuple(policies))


def _json_rules(src: Source, entries: list[Node], source_keys: tuple[str, ...]) -> list[_Rule]:
    rules = []
    for e in entries:
        pattern = next((e.get(k).text() for k in source_keys if e.get(k) is not None), "")  # type: ignore[union-attr]
        rule = _Rule(pattern=pattern, at=Location(path=src.path, line=e.line, column=e.column))
        hs = e.get("headers")
        if hs is not None and isinstance(hs.value, list):
            for h in hs.seq:
                k, v = h.get("key"), h.get("value")
                if k is not None and v is not None:
                    rule.headers.append((k.text(), Located(value=v.text(),
                                                           at=Location(path=src.path, line=v.line, column=v.column))))
        elif hs is not None and isinstance(hs.value, dict):  # legacy "routes"
            for name, node in hs.mapping.items():
                rule.headers.append((name, Located(value=node.text(), at=Location(path=src.path, line=node.line,
                                                                                  column=node.column))))
        rules.append(rule)
    return rules


def _vercel(src: Source, root: Node) -> Extraction:
    rules = _json_rules(src, (root.get("headers") or Node(value=[], line=1, column=1)).seq, ("source",))
    rules += _json_rules(src, (root.get("routes") or Node(value=[], line=1, column=1)).seq, ("src",))
    return Extraction(format="vercel", policies=tuple(p for r in rules if (p := _policy("vercel", r, []))))


def _firebase(src: Source, root: Node) -> Extraction:
    hosting = root.get("hosting")
    targets = hosting.seq if hosting is not None and isinstance(hosting.value, list) else \
        [hosting] if hosting is not None else []
    rules: list[_Rule] = []
    for t in targets:
        rules += _json_rules(src, (t.get("headers") or Node(value=[], line=1, column=1)).seq,
                             ("source", "glob", "regex"))
    return Extraction(format="firebase", policies=tuple(p for r in rules if (p := _policy("firebase", r, []))))


def extract(src: Source) -> Extraction:
    base = src.path.replace("\\", "/").rsplit("/", 1)[-1]
    if base == "_headers":
        return _netlify_headers(src)
    if base == "netlify.toml":
        return _netlify_toml(src)
    fmt = "vercel" if base == "vercel.json" else "firebase"
    try:
        root = _jsonloc.parse(src.text)
    except TreeError as exc:
        return Extraction(format=fmt, problems=(ParseProblem(
            at=Location(path=src.path, line=exc.line, column=exc.column), message=exc.message),))
    return _vercel(src, root) if fmt == "vercel" else _firebase(src, root)


EXTRACTOR = Extractor(name="static-host", claims=claims, extract=extract)
