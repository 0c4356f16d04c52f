"""Which layers stand between the page and the application, from response headers alone.

``Server``, ``Via``, ``X-Powered-By`` and the cache/CDN/gateway headers each vendor adds tell
where a CORS header was (or was not) written, so "where to look" can start with the layer seen.
Outermost first: CDN, gateway, proxy, application.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._result import Layer

APP, PROXY, CDN, GATEWAY, STATIC_HOST, STORAGE = (
    "app middleware",
    "reverse proxy",
    "CDN",
    "API gateway",
    "static host",
    "object storage",
)
_ORDER = {CDN: 0, STATIC_HOST: 1, GATEWAY: 2, STORAGE: 3, PROXY: 4, APP: 5}

#: (header, value regex, owner, product)
_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("server", r"cloudflare", CDN, "Cloudflare"),
    ("cf-ray", r".", CDN, "Cloudflare"),
    ("x-amz-cf-id", r".", CDN, "CloudFront"),
    ("via", r"cloudfront", CDN, "CloudFront"),
    ("x-served-by", r"cache-", CDN, "Fastly"),
    ("x-akamai-transformed", r".", CDN, "Akamai"),
    ("server", r"akamai", CDN, "Akamai"),
    ("x-vercel-id", r".", STATIC_HOST, "Vercel"),
    ("x-nf-request-id", r".", STATIC_HOST, "Netlify"),
    ("server", r"netlify", STATIC_HOST, "Netlify"),
    ("x-amz-apigw-id", r".", GATEWAY, "Amazon API Gateway"),
    ("x-amzn-requestid", r".", GATEWAY, "Amazon API Gateway"),
    ("via", r"kong", GATEWAY, "Kong"),
    ("x-kong-proxy-latency", r".", GATEWAY, "Kong"),
    ("server", r"amazons3", STORAGE, "Amazon S3"),
    ("x-goog-generation", r".", STORAGE, "Google Cloud Storage"),
    ("server", r"^(nginx|openresty)", PROXY, "nginx"),
    ("server", r"^apache(?!-coyote)", PROXY, "Apache httpd"),
    ("server", r"caddy", PROXY, "Caddy"),
    ("server", r"envoy", PROXY, "Envoy"),
    ("x-envoy-upstream-service-time", r".", PROXY, "Envoy"),
    ("server", r"awselb", PROXY, "AWS load balancer"),
    ("server", r"traefik", PROXY, "Traefik"),
    ("server", r"varnish", PROXY, "Varnish"),
    ("x-varnish", r".", PROXY, "Varnish"),
    ("via", r".", PROXY, "a proxy (Via)"),
    ("x-cache", r".", PROXY, "a caching proxy (X-Cache)"),
    ("x-powered-by", r"express", APP, "Express"),
    ("x-powered-by", r"next\.js", APP, "Next.js"),
    ("x-powered-by", r"php", APP, "PHP"),
    ("x-powered-by", r"asp\.net", APP, "ASP.NET"),
    ("server", r"uvicorn|hypercorn|daphne", APP, "ASGI (Starlette/FastAPI)"),
    ("server", r"werkzeug", APP, "Flask (Werkzeug)"),
    ("server", r"wsgiserver", APP, "Python WSGI (Django/Flask)"),
    ("server", r"gunicorn", APP, "Python WSGI (gunicorn)"),
    ("server", r"kestrel", APP, "ASP.NET Core"),
    ("server", r"jetty|apache-coyote|tomcat", APP, "Java servlet container"),
    ("server", r"corsdoctor-lab", APP, "corsdoctor lab"),
)
_COMPILED = tuple((h, re.compile(p, re.I), o, prod) for h, p, o, prod in _RULES)


def infer_layers(records: Iterable[WireRecord]) -> tuple[Layer, ...]:
    """Layers seen in any response, each once, outermost first."""
    found: dict[tuple[str, str], Layer] = {}
    for record in records:
        for name, value in record.response_headers:
            lower = name.lower()
            for header, pattern, owner, product in _COMPILED:
                if header == lower and pattern.search(value) and (owner, product) not in found:
                    if product.startswith("a ") and any(k[0] == owner for k in found):
                        continue
                    found[(owner, product)] = Layer(owner=owner, product=product, evidence=f"{name}: {value}")
    return tuple(sorted(found.values(), key=lambda layer: _ORDER[layer.owner]))
