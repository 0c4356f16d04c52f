"""Which layers stand between the page and the application, from response headers alone.

Rules of this file:

* Signatures are data: (header, value pattern, owner, product).  ``Server``, ``Via``,
  ``X-Powered-By`` and the request-id / cache headers each vendor adds tell which layer wrote
  (or passed on) a response, so "where to look" can start with the layer actually seen.
* Specific signatures come before generic ones (``Via: ... cloudfront`` before any ``Via``); a
  header line that names a product is not also a generic one, and a generic product ("a proxy
  (Via)") is dropped when a specific product of the same owner is seen.
* Result order is outermost first: CDN, static host, gateway, storage, proxy, application.

Header facts are the vendors' documented response headers: CloudFront ``X-Amz-Cf-Id``/
``X-Amz-Cf-Pop``/``Via: 1.1 <id>.cloudfront.net (CloudFront)``; Cloudflare ``CF-Ray``/
``CF-Cache-Status``/``Server: cloudflare``; Fastly ``X-Served-By: cache-<pop>``/
``X-Fastly-Request-ID``/``X-Timer``; Akamai ``Akamai-GRN``/``X-Akamai-Transformed``/
``Server: AkamaiGHost``; Varnish ``X-Varnish``/``Via: 1.1 varnish``; Amazon API Gateway
``x-amzn-RequestId``/``x-amz-apigw-id``/``apigw-requestid``; Netlify ``X-NF-Request-ID``/
``Server: Netlify``; Vercel ``X-Vercel-Id``/``X-Vercel-Cache``/``Server: Vercel``.

Spec anchor: https://httpwg.org/specs/rfc9110.html#field.via (Via), #field.server (Server)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corsdoctor.knowledge._model import Owner

#: Outermost first: the order a response passes the layers on its way back to the page.
LAYER_ORDER: dict[Owner, int] = {
    Owner.CDN: 0,
    Owner.STATIC_HOST: 1,
    Owner.GATEWAY: 2,
    Owner.STORAGE: 3,
    Owner.PROXY: 4,
    Owner.APP: 5,
}

_C, _S, _G, _O, _P, _A = Owner.CDN, Owner.STATIC_HOST, Owner.GATEWAY, Owner.STORAGE, Owner.PROXY, Owner.APP

#: (header, value regex, owner, product); the first product per (owner, product) wins its evidence.
SIGNATURES: tuple[tuple[str, str, Owner, str], ...] = (
    ("server", r"cloudflare", _C, "Cloudflare"),
    ("cf-ray", r".", _C, "Cloudflare"),
    ("cf-cache-status", r".", _C, "Cloudflare"),
    ("x-amz-cf-id", r".", _C, "CloudFront"),
    ("x-amz-cf-pop", r".", _C, "CloudFront"),
    ("via", r"cloudfront", _C, "CloudFront"),
    ("x-cache", r"cloudfront", _C, "CloudFront"),
    ("x-served-by", r"cache-", _C, "Fastly"),
    ("x-fastly-request-id", r".", _C, "Fastly"),
    ("fastly-debug-digest", r".", _C, "Fastly"),
    ("x-timer", r"^S\d+\.\d+,VS\d+", _C, "Fastly"),
    ("x-akamai-transformed", r".", _C, "Akamai"),
    ("akamai-grn", r".", _C, "Akamai"),
    ("x-akamai-request-id", r".", _C, "Akamai"),
    ("akamai-cache-status", r".", _C, "Akamai"),
    ("server", r"akamai", _C, "Akamai"),
    ("x-cache", r"akamaitechnologies", _C, "Akamai"),
    ("server-timing", r"\bak_p\b", _C, "Akamai"),
    ("x-azure-ref", r".", _C, "Azure Front Door"),
    ("server", r"^bunnycdn", _C, "Bunny CDN"),
    ("x-vercel-id", r".", _S, "Vercel"),
    ("x-vercel-cache", r".", _S, "Vercel"),
    ("server", r"^vercel", _S, "Vercel"),
    ("x-nf-request-id", r".", _S, "Netlify"),
    ("server", r"netlify", _S, "Netlify"),
    ("cache-status", r"netlify", _S, "Netlify"),
    ("x-amz-apigw-id", r".", _G, "Amazon API Gateway"),
    ("x-amzn-requestid", r".", _G, "Amazon API Gateway"),
    ("apigw-requestid", r".", _G, "Amazon API Gateway"),
    ("via", r"kong", _G, "Kong"),
    ("x-kong-proxy-latency", r".", _G, "Kong"),
    ("server", r"amazons3", _O, "Amazon S3"),
    ("x-goog-generation", r".", _O, "Google Cloud Storage"),
    ("server", r"^(nginx|openresty)", _P, "nginx"),
    ("server", r"^apache(?!-coyote)", _P, "Apache httpd"),
    ("via", r"\(apache/", _P, "Apache httpd"),
    ("server", r"caddy", _P, "Caddy"),
    ("server", r"envoy", _P, "Envoy"),
    ("x-envoy-upstream-service-time", r".", _P, "Envoy"),
    ("server", r"awselb", _P, "AWS load balancer"),
    ("server", r"traefik", _P, "Traefik"),
    ("server", r"^haproxy", _P, "HAProxy"),
    ("server", r"^microsoft-iis", _P, "Microsoft IIS"),
    ("via", r"\bvegur\b", _P, "Heroku router"),
    ("server", r"varnish", _P, "Varnish"),
    ("x-varnish", r".", _P, "Varnish"),
    ("via", r"varnish", _P, "Varnish"),
    ("via", r".", _P, "a proxy (Via)"),
    ("x-cache", r".", _P, "a caching proxy (X-Cache)"),
    ("x-powered-by", r"express", _A, "Express"),
    ("x-powered-by", r"next\.js", _A, "Next.js"),
    ("x-powered-by", r"php", _A, "PHP"),
    ("x-powered-by", r"asp\.net", _A, "ASP.NET"),
    ("server", r"uvicorn|hypercorn|daphne", _A, "ASGI (Starlette/FastAPI)"),
    ("server", r"werkzeug", _A, "Flask (Werkzeug)"),
    ("server", r"wsgiserver", _A, "Python WSGI (Django/Flask)"),
    ("server", r"gunicorn", _A, "Python WSGI (gunicorn)"),
    ("server", r"kestrel", _A, "ASP.NET Core"),
    ("server", r"jetty|apache-coyote|tomcat", _A, "Java servlet container"),
    ("server", r"corsdoctor-lab", _A, "corsdoctor lab"),
    ("server", r"^basehttp", _A, "Python http.server"),
)
_COMPILED = tuple((h, re.compile(p, re.I), o, prod) for h, p, o, prod in SIGNATURES)
_BY_HEADER: dict[str, tuple[tuple[re.Pattern[str], Owner, str], ...]] = {}
for _h, _pat, _own, _prod in _COMPILED:
    _BY_HEADER[_h] = (*_BY_HEADER.get(_h, ()), (_pat, _own, _prod))


@dataclass(frozen=True, slots=True, kw_only=True)
class LayerSeen:
    """A layer between the page and the application and the header line that shows it."""

    owner: Owner
    product: str
    #: the first header line that matched, as the server wrote it ("Server: nginx/1.24.0")
    evidence: str

    @property
    def generic(self) -> bool:
        """A layer known only by a generic header (any ``Via``, any ``X-Cache``)."""
        return self.product.startswith("a ")


def layers_seen(responses: Iterable[Iterable[tuple[str, str]]]) -> tuple[LayerSeen, ...]:
    """Layers seen in any of ``responses`` (header lists), each once, outermost first."""
    found: dict[tuple[Owner, str], LayerSeen] = {}
    for headers in responses:
        for name, value in headers:
            named = False  # a line that names a product does not also count as a generic proxy
            for pattern, owner, product in _BY_HEADER.get(name.lower(), ()):
                if (named and product.startswith("a ")) or not pattern.search(value):
                    continue
                named = named or not product.startswith("a ")
                if (owner, product) not in found:
                    found[(owner, product)] = LayerSeen(owner=owner, product=product, evidence=f"{name}: {value}")
    specific = {layer.owner for layer in found.values() if not layer.generic}
    kept: list[LayerSeen] = []
    for layer in found.values():
        if layer.generic and (layer.owner in specific or any(k.owner is layer.owner for k in kept)):
            continue
        kept.append(layer)
    return tuple(sorted(kept, key=lambda layer: LAYER_ORDER[layer.owner]))


def lines_naming(layer: LayerSeen, headers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Every header line of ``headers`` that names ``layer`` (``Server: Apache/2.4`` and its ``Via``)."""
    out: list[str] = []
    for name, value in headers:
        for pattern, owner, product in _BY_HEADER.get(name.lower(), ()):
            if owner is layer.owner and product == layer.product and pattern.search(value):
                out.append(f"{name}: {value}")
                break
    return tuple(out)
