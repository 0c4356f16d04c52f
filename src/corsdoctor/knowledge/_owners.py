"""Who most likely owns a CORS bug, from whatever evidence a front end has.

One inference for ``check`` (live exchanges), ``explain`` (a pasted console message) and ``har``
(recorded exchanges).  Evidence, strongest first:

1. the URL's host (an ``execute-api`` endpoint *is* API Gateway, an S3 host *is* the bucket; a
   local/loopback host comes after the layers its headers name);
2. the offending value (``(null)`` is Apache mod_headers, ``${VAR}`` an unrendered template, two
   ``Access-Control-Allow-Origin`` values two layers; a value that only says "a fixed origin",
   which any layer may hold, comes after the layers the headers name);
3. the response headers of every exchange (preflight included): ``Server``, ``Via`` and the
   vendors' own headers name the layer that wrote or passed on the response (:mod:`._layers`);
4. the status (502/504 is a proxy's error page, 413 its body limit, 401/403 authentication);
5. the code's documented default order (``get(code).where_to_look``).

An owner named by more than one piece of evidence appears once, at its first position; reasons
drawn from headers are joined with the other reasons for that owner so none is lost.  Without
headers the result is exactly what the message alone says.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from corsdoctor.knowledge._layers import LayerSeen, layers_seen, lines_naming
from corsdoctor.knowledge._model import Fix, Owner, Stack
from corsdoctor.knowledge._registry import get

#: Host suffixes (or patterns) that name the layer answering the request.
_HOSTS: tuple[tuple[re.Pattern[str], Owner, str], ...] = (
    (re.compile(r"\.execute-api\.[a-z0-9-]+\.amazonaws\.com$"), Owner.GATEWAY,
     "the URL is an AWS API Gateway endpoint (execute-api)"),
    (re.compile(r"\.lambda-url\.[a-z0-9-]+\.on\.aws$"), Owner.GATEWAY,
     "the URL is a Lambda function URL (its CORS settings answer)"),
    (re.compile(r"\.azure-api\.net$"), Owner.GATEWAY, "the URL is an Azure API Management gateway"),
    (re.compile(r"(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com$|\.s3\.amazonaws\.com$"), Owner.STORAGE,
     "the URL is an S3 bucket: its CORS rules answer"),
    (re.compile(r"^storage\.googleapis\.com$|\.storage\.googleapis\.com$|^firebasestorage\.googleapis\.com$"),
     Owner.STORAGE, "the URL is a Google Cloud Storage bucket: its CORS JSON answers"),
    (re.compile(r"\.blob\.core\.windows\.net$"), Owner.STORAGE, "the URL is Azure Blob Storage"),
    (re.compile(r"\.amazonaws\.com$"), Owner.GATEWAY, "the URL is an AWS service endpoint"),
    (re.compile(r"\.cloudfront\.net$"), Owner.CDN, "the URL is a CloudFront distribution"),
    (re.compile(r"\.(workers\.dev|akamaized\.net|fastly\.net|azureedge\.net|b-cdn\.net)$"), Owner.CDN,
     "the URL is served by a CDN / edge worker"),
    (re.compile(r"\.(netlify\.app|vercel\.app|pages\.dev|github\.io|web\.app|firebaseapp\.com|"
                r"onrender\.com|surge\.sh)$"), Owner.STATIC_HOST,
     "the URL is on a static host: header rules skip functions and proxies"),
)

#: Owners on the server side: header evidence only reorders these.
_SERVER_SIDE = frozenset(
    {Owner.APP, Owner.PROXY, Owner.CDN, Owner.GATEWAY, Owner.STATIC_HOST, Owner.STORAGE}
)

#: What a layer of each kind does to CORS headers (the reason given with the header that shows it).
_LAYER_ROLE: dict[Owner, str] = {
    Owner.CDN: "answers from its edge: its response-headers policy, cache key (Origin) and allowed methods "
               "decide the CORS headers the browser gets",
    Owner.STATIC_HOST: "serves this response: its header rules (netlify.toml/_headers, vercel.json) apply "
                       "to static files, not to functions, rewrites or proxies",
    Owner.GATEWAY: "answers before the app: its CORS settings, OPTIONS route and gateway error responses "
                   "come first",
    Owner.STORAGE: "serves the object: the bucket's CORS rules answer, not an application",
    Owner.PROXY: "is in front of the app: it answers or forwards this response and can add, override or "
                 "strip Access-Control-* headers",
    Owner.APP: "answered itself: its CORS middleware (or the route's error path) wrote these headers",
}

#: The directives that do it, for the proxies whose configuration corsdoctor knows.
_PROXY_DIRECTIVES: dict[str, str] = {
    "nginx": "add_header / proxy_hide_header / return 204 in an OPTIONS block",
    "Apache httpd": "Header set / Header unset / RewriteRule on OPTIONS",
}

#: Words that pick the greps of one product out of an owner's grep list.
_PRODUCT_GREP: dict[str, tuple[str, ...]] = {
    "nginx": ("nginx",),
    "Apache httpd": ("apache2", ".htaccess"),
    "CloudFront": ("cloudfront",),
    "Cloudflare": ("Cloudflare",),
    "Amazon API Gateway": ("apigateway", "Cors", "template.yaml"),
    "Netlify": ("netlify",),
    "Vercel": ("vercel",),
    "Amazon S3": ("s3api",),
    "Google Cloud Storage": ("gcloud",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Exchange:
    """One recorded request/response the inference may read (``stage``: preflight, actual, redirect)."""

    stage: str
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerGuess:
    """One owner, most likely first: why, the product seen (if any), the evidence, what to grep."""

    owner: Owner
    why: str
    look_for: tuple[str, ...]
    #: the product a response header named ("nginx", "CloudFront"), or "" when none was seen
    product: str = ""
    #: the facts behind ``why``: header lines with the exchange they came on, the status, the host
    evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``reverse proxy (nginx)``, or just the owner when no product was seen."""
        return f"{self.owner.value} ({self.product})" if self.product else self.owner.value


@dataclass(frozen=True, slots=True, kw_only=True)
class _Item:
    owner: Owner
    why: str
    product: str = ""
    facts: tuple[str, ...] = ()
    from_headers: bool = False
    #: the code's documented default (never merged into an owner already named by evidence)
    default: bool = False


def _host_evidence(url: str | None) -> list[_Item]:
    if not url:
        return []
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return []
    for pattern, owner, why in _HOSTS:
        if pattern.search(host):
            return [_Item(owner=owner, why=why, facts=(f"URL host {host}",))]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host == "localhost" or host.endswith(".localhost") or (address is not None and address.is_private):
        return [_Item(owner=Owner.APP, facts=(f"URL host {host}",),
                      why="the URL is a local/development server: its CORS middleware (or dev proxy) answers")]
    return []


def _status_evidence(stage: str, status: int | None) -> list[tuple[Owner, str]]:
    if status is None:
        return []
    if status in (502, 503, 504):
        return [(Owner.PROXY, f"status {status} is an error page from a proxy or gateway: the app did not answer"),
                (Owner.GATEWAY, f"gateways answer {status} themselves, without the app's CORS headers")]
    if status == 413:
        return [(Owner.PROXY, "413: the proxy's body-size limit answered (client_max_body_size)")]
    if status == 429:
        return [(Owner.GATEWAY, "429: a rate limit answered before the CORS layer")]
    if status in (401, 403):
        return [(Owner.APP, f"{status}: authentication rejected the request before CORS headers were added"),
                (Owner.GATEWAY, f"{status}: a gateway authorizer or API key check rejected it")]
    if status in (404, 405) and stage == "preflight":
        return [(Owner.APP, f"{status} on OPTIONS: no route or middleware answers the preflight"),
                (Owner.PROXY, f"{status} on OPTIONS: the proxy does not pass or answer OPTIONS")]
    if status >= 500:
        return [(Owner.APP, f"{status}: the app failed and its error response lacks CORS headers")]
    if status >= 400:
        return [(Owner.APP, f"{status}: an error response built without CORS headers")]
    return []


def _registrable(host: str) -> str:
    """Roughly the registrable domain: the last two labels, three under ``co.uk``-style suffixes."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _value_evidence(code: str, value: str | None, origin: str | None) -> list[tuple[Owner, str]]:
    if code == "CORS108":
        return [(Owner.PROXY, "two Access-Control-Allow-Origin values: the proxy adds one ..."),
                (Owner.APP, "... and the app adds another")]
    if value is None:
        return []
    if value == "(null)":
        return [(Owner.PROXY, "'(null)' is what Apache mod_headers prints for an unset %{VAR}e/%{VAR}i: "
                              "the Header directive's variable was never set")]
    if "$" in value or "{{" in value or "%{" in value:
        return [(Owner.PROXY, f"{value!r} is an unexpanded variable: a config template (envsubst, Helm, "
                              "nginx include) was not rendered, or the variable is not defined there")]
    if code == "CORS102" and origin and value != origin and value.startswith(("http://", "https://")):
        other = (urlsplit(value).hostname or "").lower()
        mine = (urlsplit(origin).hostname or "").lower()
        if value.lower().startswith(origin.lower().rstrip("/") + "/"):
            return [(Owner.APP, f"{value!r} is your origin written as a URL (a trailing slash or path): an "
                                "origin is scheme://host[:port] only; fix the allow-list entry where it is "
                                "configured")]
        if other and mine and _registrable(other) == _registrable(mine):
            return [(Owner.CDN, f"{value} is a sibling origin of yours: a shared cache (CDN/proxy) may have "
                                "served a response stored for it; the cache key or Vary must include Origin "
                                "(CORS505)"),
                    (Owner.APP, f"... or the allow-list answers with one fixed origin ({value}) instead of "
                                "echoing the matching one")]
        return [(Owner.APP, f"the server answers with another origin ({value}): an allow-list configured "
                            "with a single fixed origin, or one for another environment")]
    return []


def _facts(layer: LayerSeen, exchanges: tuple[Exchange, ...]) -> list[str]:
    """Each header line naming ``layer``, with the exchanges it came on ("(preflight and actual response)")."""
    stages: dict[str, list[str]] = {}
    for exchange in exchanges:
        for line in lines_naming(layer, exchange.headers):
            seen = stages.setdefault(line, [])
            if exchange.stage not in seen:
                seen.append(exchange.stage)
    if not stages:
        return [layer.evidence]
    return [f"{line} ({' and '.join(on)} response)" for line, on in stages.items()]


def _header_evidence(exchanges: tuple[Exchange, ...]) -> list[_Item]:
    """One item per owner seen, outermost first; the products of one owner joined ('nginx, Varnish')."""
    per_owner: dict[Owner, list[LayerSeen]] = {}
    for layer in layers_seen(e.headers for e in exchanges):
        per_owner.setdefault(layer.owner, []).append(layer)
    items: list[_Item] = []
    for owner, layers in per_owner.items():
        facts = []
        for layer in layers:
            facts += _facts(layer, exchanges)
        product = ", ".join(layer.product for layer in layers)
        how = "; ".join(_PROXY_DIRECTIVES[p.product] for p in layers if p.product in _PROXY_DIRECTIVES)
        role = f"{_LAYER_ROLE[owner]} ({how})" if how else _LAYER_ROLE[owner]
        why = f"{product} {role} (seen: {'; '.join(facts)})"
        items.append(_Item(owner=owner, why=why, product=product, facts=tuple(facts), from_headers=True))
    return items


def _greps_for(product: str, greps: tuple[str, ...]) -> tuple[str, ...]:
    """An owner's greps for the product seen (nginx's, not Apache's); all of them when none names it."""
    words = [w for p in product.split(", ") for w in _PRODUCT_GREP.get(p, ())]
    if not words:
        return greps
    mine = tuple(g for g in greps if any(w.lower() in g.lower() for w in words))
    return mine or greps


def infer_owners(code: str | None, *, url: str | None, stage: str, status: int | None,
                 value: str | None = None, origin: str | None = None,
                 exchanges: Iterable[Exchange] = ()) -> tuple[OwnerGuess, ...]:
    """Owners, most likely first, each with why, the product seen, the evidence and what to grep for.

    ``stage``/``status`` are those of the exchange that failed; ``exchanges`` every recorded
    exchange (preflight, redirects, actual) whose response headers may name a layer.
    """
    recorded = tuple(exchanges)
    places = get(code).where_to_look if code is not None else ()
    items = _host_evidence(url)
    if code is not None:
        headers = _header_evidence(recorded)
        local = [i for i in items if i.owner is Owner.APP]
        if headers and local:
            # "a local server" is weaker than a layer its headers name: it follows them
            items = []
            headers += local
        values = [_Item(owner=o, why=w, facts=(f"value {value!r}",) if value is not None else ())
                  for o, w in _value_evidence(code, value, origin)]
        if headers:
            # a value that names no layer ("a fixed origin") could be any layer's: the layers seen lead
            headers += [v for v in values if v.owner is Owner.APP]
            values = [v for v in values if v.owner is not Owner.APP]
        items += values
        server_side = any(p.owner in _SERVER_SIDE for p in places)
        if headers and server_side and places[0].owner not in _SERVER_SIDE:
            # a page-script or network problem stays first: the layers seen come after it
            items += [_Item(owner=places[0].owner, why=places[0].what, default=True)]
        if server_side:
            items += headers
        items += [_Item(owner=o, why=w, facts=(f"status {status}",)) for o, w in _status_evidence(stage, status)]
        if not server_side:
            items += headers
    grep: dict[Owner, tuple[str, ...]] = {}
    default_why: dict[Owner, str] = {}
    for place in places:
        grep.setdefault(place.owner, ())
        grep[place.owner] += place.grep
        default_why.setdefault(place.owner, place.what)
    items += [_Item(owner=p.owner, why=default_why[p.owner], default=True) for p in places]
    merged: dict[Owner, _Item] = {}
    for item in items:
        first = merged.get(item.owner)
        if first is None:
            merged[item.owner] = item
        elif not item.default and (first.from_headers or item.from_headers) and item.why not in first.why:
            merged[item.owner] = _Item(owner=first.owner, why=f"{first.why}; {item.why}",
                                       product=first.product or item.product, facts=first.facts + item.facts,
                                       from_headers=True)
    return tuple(
        OwnerGuess(owner=i.owner, why=i.why, look_for=_greps_for(i.product, grep.get(i.owner, ())),
                   product=i.product, evidence=i.facts)
        for i in merged.values()
    )


#: The stacks whose fixes apply to an owner, and to a product a header named.
STACKS_OF: dict[Owner, tuple[Stack, ...]] = {
    Owner.APP: (Stack.EXPRESS, Stack.STARLETTE, Stack.FLASK, Stack.DJANGO, Stack.SPRING),
    Owner.PROXY: (Stack.NGINX, Stack.APACHE),
    Owner.CDN: (Stack.CLOUDFRONT,),
    Owner.GATEWAY: (Stack.API_GATEWAY,),
    Owner.STATIC_HOST: (Stack.NETLIFY, Stack.VERCEL),
    Owner.STORAGE: (Stack.S3,),
    Owner.CLIENT: (Stack.CLIENT,),
}
_PRODUCT_STACKS: dict[str, Stack] = {
    "nginx": Stack.NGINX,
    "Apache httpd": Stack.APACHE,
    "CloudFront": Stack.CLOUDFRONT,
    "Amazon API Gateway": Stack.API_GATEWAY,
    "Netlify": Stack.NETLIFY,
    "Vercel": Stack.VERCEL,
    "Amazon S3": Stack.S3,
    "Express": Stack.EXPRESS,
    "ASGI (Starlette/FastAPI)": Stack.STARLETTE,
    "Flask (Werkzeug)": Stack.FLASK,
    "Python WSGI (Django/Flask)": Stack.DJANGO,
}


def rank_fixes(fixes: Iterable[Fix], owners: Iterable[OwnerGuess]) -> tuple[Fix, ...]:
    """``fixes`` for the most likely owner first: the product seen (nginx) before its kind's other
    stacks (Apache), then the next owner's; stable otherwise."""
    rank: dict[Stack, int] = {}
    n = 0
    for n, guess in enumerate(owners, 1):
        for product in guess.product.split(", ") if guess.product else ():
            stack = _PRODUCT_STACKS.get(product)
            if stack is not None:
                rank.setdefault(stack, 2 * n)
        for stack in STACKS_OF.get(guess.owner, ()):
            rank.setdefault(stack, 2 * n + 1)
    return tuple(sorted(fixes, key=lambda f: rank.get(f.stack, 2 * n + 2)))
