"""Ruby ``rack-cors`` (3.0): ``config/initializers/cors.rb``, ``config.ru`` or any Ruby file that
configures ``Rack::Cors``, parsed with tree-sitter-ruby.

Semantics (cyu/rack-cors ``lib/rack/cors/resources.rb``, ``resource.rb``, README; configs.md §7):

* ``origins`` strings with a scheme are compared with ``==``; a host-only string becomes the
  regex ``^[a-z][a-z0-9.+-]*://<quoted host>$`` (any scheme, fine); a Regexp is applied with
  ``=~`` (anchored nowhere unless written with ``\\A``/``\\z``); ``'*'`` makes resources public;
  a block ``origins { |source, env| … }`` decides per request.
* ``resource`` defaults: ``methods`` ``[:get]``; ``headers`` none beyond the CORS-safelisted
  ones (Authorization fails); ``max_age`` 7200; ``credentials`` false.  ``headers: :any`` echoes
  the requested headers.  rack-cors always adds ``Vary: Origin``.
* ``origins '*'`` with ``credentials: true`` raises ``Rack::Cors::Resource::CorsMisconfigurationError``
  when the resource is declared, i.e. at boot.
* Position: ``insert_before 0`` puts it first; ``insert_after``/``use`` leave middleware such as
  ``Warden::Manager`` (Devise 401s), ``ActionDispatch::Static`` or ``Rack::Attack`` answering
  before any CORS header is added (README "Common Gotchas").
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

#: Middleware that answers or rejects a request itself (so it must come after Rack::Cors).
#: Middleware that rejects unauthenticated requests (a preflight is one): Warden/Devise, JWT, OAuth.
_AUTH = re.compile(r"Warden|Devise|Auth|JWT|Doorkeeper", re.I)
_ANSWERS_FIRST = re.compile(r"Warden|Auth|Devise|Static|Cache|Attack|Rack::Deflater|JWT|Doorkeeper|SSL", re.I)
_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
_FIX_ORDER = "config.middleware.insert_before 0, Rack::Cors do … end (config.ru: put use Rack::Cors first)"
_MISCONFIG = ("Allowing credentials for wildcard origins is insecure. Please specify more restrictive "
              "origins or set 'credentials' to false in your CORS middleware configuration.")


def claims(name: str, text: str) -> bool:
    return name.endswith((".rb", ".ru")) and "Rack::Cors" in text


@dataclass(slots=True)
class _Ruby:
    doc: Doc
    consts: dict[str, Any] = field(default_factory=dict)

    def method(self, call: Any) -> str:
        m = call.child_by_field_name("method")
        return self.doc.text(m) if m is not None else ""

    def args(self, call: Any) -> list[Any]:
        a = call.child_by_field_name("arguments")
        return [c for c in a.named_children if c.type != "comment"] if a is not None else []

    def resolve(self, node: Any) -> Any:
        """Constants/locals assigned in this file, ``*splat``, ``(x)`` and ``.freeze`` looked through."""
        for _ in range(8):
            if node is None:
                return None
            if node.type in ("splat_argument", "parenthesized_statements") and node.named_children:
                node = node.named_children[0]
            elif node.type in ("constant", "identifier") and self.doc.text(node) in self.consts:
                node = self.consts[self.doc.text(node)]
            elif node.type == "call" and self.method(node) in ("freeze", "dup", "to_a") \
                    and node.child_by_field_name("receiver") is not None:
                node = node.child_by_field_name("receiver")
            else:
                return node
        return node

    def string(self, node: Any) -> str | None:
        """A literal string/symbol value, or ``None`` (interpolation, method calls …)."""
        node = self.resolve(node)
        if node is None:
            return None
        if node.type in ("string", "bare_string"):
            if any(c.type == "interpolation" for c in node.named_children):
                return None
            t = self.doc.text(node)
            return t[1:-1] if node.type == "string" else t
        if node.type in ("simple_symbol", "bare_symbol", "hash_key_symbol"):
            return self.doc.text(node).lstrip(":")
        if node.type in ("integer", "float"):
            return self.doc.text(node)
        return None

    def items(self, node: Any) -> list[Any] | None:
        """The elements of an array / %w[] / %i[] (or ``[node]`` for a scalar); ``None`` if dynamic."""
        node = self.resolve(node)
        if node is None:
            return None
        if node.type in ("array", "string_array", "symbol_array"):
            out: list[Any] = []
            for el in node.named_children:
                inner = self.items(el) if el.type == "splat_argument" else [el]
                if inner is None:
                    return None
                out.extend(inner)
            return out
        return [node] if self.string(node) is not None else None

    def pairs(self, call: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for a in self.args(call):
            for p in ([a] if a.type == "pair" else a.named_children if a.type == "hash" else []):
                if p.type != "pair":
                    continue
                k = p.child_by_field_name("key")
                v = p.child_by_field_name("value")
                if k is not None and v is not None:
                    out[self.doc.text(k).rstrip(":").lstrip(":").strip("'\"")] = v
        return out


def _regex_source(text: str) -> str:
    if text.startswith("%r"):
        close = {"{": "}", "(": ")", "[": "]", "<": ">"}.get(text[2], text[2])
        return text[3:text.rindex(close)]
    return text[1:text.rindex("/")]


def _origin_rules(rb: _Ruby, call: Any) -> list[OriginRule]:
    doc = rb.doc
    block = call.child_by_field_name("block")
    rules: list[OriginRule] = []
    if block is not None:
        body = [c for c in block.named_children if c.type in ("block_body", "body_statement")]
        text = doc.text(body[0]).strip() if body else ""
        kind = OriginKind.REFLECT_ANY if text == "true" else OriginKind.DYNAMIC
        rules.append(OriginRule(kind=kind, value=doc.located(block, "{ " + text[:50] + " }"),
                                option="origins block"))
    for arg in rb.args(call):
        elements = rb.items(arg)
        if elements is None:
            node = rb.resolve(arg)
            if node is not None and node.type == "regex":
                elements = [node]
            elif node is not None and node.type in ("array",):
                elements = node.named_children
            else:
                rules.append(OriginRule(kind=OriginKind.DYNAMIC, value=doc.located(arg, doc.text(arg)[:60]),
                                        option="origins"))
                continue
        for el in elements:
            el = rb.resolve(el)
            if el.type == "regex":
                rules.append(OriginRule(kind=OriginKind.PATTERN,
                                        value=doc.located(el, _regex_source(doc.text(el))),
                                        mode=RegexMode.SEARCH, option="origins (Regexp, =~)"))
                continue
            s = rb.string(el)
            if s is None:
                rules.append(OriginRule(kind=OriginKind.DYNAMIC, value=doc.located(el, doc.text(el)[:60]),
                                        option="origins"))
            elif s == "*":
                rules.append(OriginRule(kind=OriginKind.WILDCARD, value=doc.located(el, s), option="origins"))
            elif "://" in s or "/" in s or not s:
                rules.append(OriginRule(kind=OriginKind.EXACT, value=doc.located(el, s), option="origins"))
            elif "*" in s:
                # Host-only: rack-cors quotes it into a regex, so the '*' is a literal star.
                rules.append(OriginRule(kind=OriginKind.PATTERN, value=doc.located(el, s),
                                        mode=RegexMode.FULLMATCH, option="origins (host-only)"))
            else:
                # Host-only 'app.example.com:3000' → ^[a-z][a-z0-9.+-]*://app\.example\.com:3000$ (any scheme).
                rules.append(OriginRule(kind=OriginKind.PATTERN, value=doc.located(el, s),
                                        mode=RegexMode.GLOB, option="origins (host-only)"))
    return rules


def _vlist(rb: _Ruby, node: Any, *, upper: bool) -> ValueList:
    doc = rb.doc
    at = doc.loc(node)
    resolved = rb.resolve(node)
    if resolved is not None and resolved.type == "simple_symbol" and doc.text(resolved) == ":any":
        if upper:
            return ValueList(items=tuple(Located(value=m, at=at) for m in _ALL_METHODS), at=at)
        return ValueList(items=(), at=at, mirrors_request=True)
    elements = rb.items(node)
    if elements is None:
        return ValueList(items=(), at=at, mirrors_request=True)
    out = []
    for el in elements:
        s = rb.string(el) or ""
        for part in s.split(","):
            if part.strip():
                out.append(Located(value=part.strip().upper() if upper else part.strip(), at=doc.loc(el)))
    return ValueList(items=tuple(out), at=at)


def _resource(rb: _Ruby, call: Any, origins: list[OriginRule], n: int) -> CorsPolicy:
    doc = rb.doc
    at = doc.loc(call)
    args = rb.args(call)
    path = (rb.string(args[0]) if args else None) or "?"
    opts = rb.pairs(call)
    facts: list[Fact] = []
    cred_node = opts.get("credentials")
    credentials = Located(value=doc.text(cred_node) == "true", at=doc.loc(cred_node)) if cred_node else None
    scope = f"allow #{n} resource '{path}'"
    rules = list(origins)
    if credentials is not None and credentials.value:
        for r in [r for r in rules if r.kind is OriginKind.WILDCARD]:
            rules.remove(r)
            facts.append(Fact(
                code="CORS805", at=r.value.at, value="origins '*' + credentials: true",
                message=("rack-cors raises Rack::Cors::Resource::CorsMisconfigurationError at boot "
                         f"(credentials: true on line {credentials.at.line}): \"{_MISCONFIG}\""),
                fix="origins 'https://app.example.com' (list the exact origins), or credentials: false"))
    if "methods" in opts:
        methods = _vlist(rb, opts["methods"], upper=True)
    else:
        methods = ValueList(items=(Located(value="GET", at=at),), at=at, implicit=True)
        facts.append(Fact(
            code="CORS212", at=at, value=f"resource '{path}' without methods:",
            message=("a rack-cors resource without methods: allows only GET: preflights for "
                     "POST (JSON), PUT, PATCH and DELETE are answered without CORS headers"),
            fix=f"resource '{path}', methods: %i[get post put patch delete options head]",
            severity="warning"))
    headers = (_vlist(rb, opts["headers"], upper=False) if "headers" in opts
               else ValueList(items=(), at=at, implicit=True))
    max_age = opts.get("max_age")
    return CorsPolicy(
        format="rack", scope=scope, at=at, layer=Layer.APP, origins=tuple(rules), credentials=credentials,
        methods=methods, allow_headers=headers,
        expose_headers=_vlist(rb, opts["expose"], upper=False) if "expose" in opts else None,
        max_age=Located(value=rb.string(max_age) or doc.text(max_age), at=doc.loc(max_age)) if max_age else None,
        preflight=Preflight.ANSWERED, facts=tuple(facts))


def _order_facts(rb: _Ruby, calls: list[Any]) -> list[Fact]:
    doc = rb.doc
    facts: list[Fact] = []
    earlier: list[Any] = []  # config.ru / Rack::Builder ``use X`` lines seen so far
    for call in calls:
        name = rb.method(call)
        args = rb.args(call)
        receiver = call.child_by_field_name("receiver")
        is_cors = any("Rack::Cors" in doc.text(a) for a in args)
        if name == "use" and receiver is None and not is_cors and args:
            earlier.append(call)
            continue
        if not is_cors:
            continue
        if name == "insert_after" and args and _AUTH.search(doc.text(args[0])):
            anchor = doc.text(args[0])
            facts.append(Fact(
                code="CORS209", at=doc.loc(call), value=f"insert_after {anchor}",
                message=(f"Rack::Cors is inserted after {anchor}: the preflight carries no cookies or "
                         f"Authorization, so {anchor} rejects it (401) before Rack::Cors can answer it"),
                fix=_FIX_ORDER, chromium_error="PreflightMissingAllowOriginHeader"))
        elif name == "insert_after" and args:
            anchor = doc.text(args[0])
            facts.append(Fact(
                code="CORS804", at=doc.loc(call), value=f"insert_after {anchor}",
                message=(f"Rack::Cors is inserted after {anchor}: whatever {anchor} answers or rejects "
                         "itself (401, redirects, static files) goes out without CORS headers"),
                fix=_FIX_ORDER))
        elif name == "use" and receiver is not None and "middleware" in doc.text(receiver):
            facts.append(Fact(
                code="CORS804", at=doc.loc(call), value="config.middleware.use Rack::Cors",
                message=("config.middleware.use appends Rack::Cors at the end of the Rails stack: responses "
                         "made before it (ActionDispatch::Static, Warden/Devise 401, Rack::Attack 429) carry "
                         "no CORS headers"),
                fix=_FIX_ORDER, severity="warning"))
        elif name == "use" and receiver is None:
            blockers = [c for c in earlier if _ANSWERS_FIRST.search(doc.text(rb.args(c)[0]))]
            auth = [c for c in blockers if _AUTH.search(doc.text(rb.args(c)[0]))]
            if auth:
                facts.append(Fact(
                    code="CORS209", at=doc.loc(call), value="use Rack::Cors",
                    message=(f"use Rack::Cors comes after {doc.text(auth[0])[:50]!r} (line "
                             f"{doc.loc(auth[0]).line}): the preflight carries no cookies or Authorization, "
                             "so it is rejected there (401) before Rack::Cors can answer it"),
                    fix="move use Rack::Cors above every other use line",
                    chromium_error="PreflightMissingAllowOriginHeader"))
            elif blockers:
                first = blockers[0]
                facts.append(Fact(
                    code="CORS804", at=doc.loc(call), value="use Rack::Cors",
                    message=(f"use Rack::Cors comes after {doc.text(first)[:50]!r} (line "
                             f"{doc.loc(first).line}): its responses (401s, static files, cached or "
                             "throttled answers) never get CORS headers"),
                    fix="move use Rack::Cors above every other use line"))
    return facts


def extract(src: Source) -> Extraction:
    doc = Doc("ruby", src.path, src.text)
    rb = _Ruby(doc)
    calls = list(walk(doc.root, "call", "assignment"))
    for node in calls:
        if node.type == "assignment":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and right is not None and left.type in ("constant", "identifier"):
                rb.consts[doc.text(left)] = right
    calls = [c for c in calls if c.type == "call"]
    policies: list[CorsPolicy] = []
    n = 0
    for call in calls:
        if rb.method(call) != "allow" or call.child_by_field_name("block") is None:
            continue
        n += 1
        inner = [c for c in walk(call.child_by_field_name("block"), "call")]
        origins: list[OriginRule] = []
        for c in inner:
            if rb.method(c) == "origins" and c.child_by_field_name("receiver") is None:
                origins.extend(_origin_rules(rb, c))
        for c in inner:
            if rb.method(c) == "resource" and c.child_by_field_name("receiver") is None:
                policies.append(_resource(rb, c, origins, n))
    facts = _order_facts(rb, calls)
    if facts:
        policies.append(CorsPolicy(format="rack", scope="middleware stack", at=Location(path=src.path, line=1),
                                   layer=Layer.APP, facts=tuple(facts)))
    return Extraction(format="rack", policies=tuple(policies), problems=doc.problems())


EXTRACTOR = Extractor(name="rack", claims=claims, extract=extract)
