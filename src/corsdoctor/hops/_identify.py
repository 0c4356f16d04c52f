"""Naming the kind of a hop from the headers it leaves on responses.

Rules of this file:

* Signatures are data: (key, display, category, header name, value pattern).  A ``None``
  pattern matches any value.  The first signature that matches wins, so the specific ones
  (a CDN that also says ``Via: varnish``) come before the generic ones.
* A hop is identified from the headers its path returns that the path behind it does *not*
  return (what the hop added); the last path (the origin) from all of its headers.

Header facts are the vendors' documented response headers (CloudFront ``X-Amz-Cf-Id``,
Cloudflare ``CF-Ray``, Fastly ``X-Served-By``/``X-Timer``, Akamai ``Akamai-GRN``/
``Akamai-Cache-Status``/``Server-Timing: ak_p``, Varnish ``X-Varnish`` and
``Via: 1.1 varnish (Varnish/7.1)``, API Gateway ``apigw-requestid``, Netlify ``X-NF-Request-Id``/
``Cache-Status: "Netlify Edge"``, Vercel ``X-Vercel-Id``, Heroku ``Via: 1.1 vegur``); Apache httpd's
as measured on Debian's apache2 2.4 (``Keep-Alive: timeout=5, max=100``, ``ProxyVia Full``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from corsdoctor.engine import Header
from corsdoctor.hops._model import UNKNOWN_KIND, HopKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    key: str
    display: str
    category: str
    header: str
    pattern: re.Pattern[str] | None = None


def _sig(key: str, display: str, category: str, header: str, pattern: str | None = None) -> Signature:
    compiled = re.compile(pattern, re.IGNORECASE) if pattern is not None else None
    return Signature(key=key, display=display, category=category, header=header, pattern=compiled)


SIGNATURES: tuple[Signature, ...] = (
    _sig("cloudfront", "Amazon CloudFront", "cdn", "x-amz-cf-id"),
    _sig("cloudfront", "Amazon CloudFront", "cdn", "x-amz-cf-pop"),
    _sig("cloudfront", "Amazon CloudFront", "cdn", "via", r"cloudfront"),
    _sig("cloudfront", "Amazon CloudFront", "cdn", "x-cache", r"cloudfront"),
    _sig("cloudflare", "Cloudflare", "cdn", "cf-ray"),
    _sig("cloudflare", "Cloudflare", "cdn", "cf-cache-status"),
    _sig("cloudflare", "Cloudflare", "cdn", "server", r"^cloudflare"),
    _sig("fastly", "Fastly", "cdn", "x-fastly-request-id"),
    _sig("fastly", "Fastly", "cdn", "fastly-debug-digest"),
    _sig("fastly", "Fastly", "cdn", "x-served-by", r"\bcache-[a-z0-9-]+"),
    _sig("fastly", "Fastly", "cdn", "x-timer", r"^S\d+\.\d+,VS\d+"),
    _sig("akamai", "Akamai", "cdn", "akamai-grn"),
    _sig("akamai", "Akamai", "cdn", "x-akamai-transformed"),
    _sig("akamai", "Akamai", "cdn", "x-akamai-request-id"),
    _sig("akamai", "Akamai", "cdn", "server", r"^akamai"),
    _sig("akamai", "Akamai", "cdn", "akamai-cache-status"),
    _sig("akamai", "Akamai", "cdn", "x-cache", r"akamaitechnologies"),
    _sig("akamai", "Akamai", "cdn", "server-timing", r"\bak_p\b"),
    _sig("bunny", "Bunny CDN", "cdn", "server", r"^bunnycdn"),
    _sig("azure-front-door", "Azure Front Door", "cdn", "x-azure-ref"),
    _sig("google-cloud-lb", "Google Cloud load balancer", "proxy", "via", r"\bgoogle\b"),
    _sig("apigw", "Amazon API Gateway", "gateway", "apigw-requestid"),
    _sig("apigw", "Amazon API Gateway", "gateway", "x-amz-apigw-id"),
    _sig("apigw", "Amazon API Gateway", "gateway", "x-amzn-requestid"),
    _sig("kong", "Kong", "gateway", "via", r"\bkong/"),
    _sig("kong", "Kong", "gateway", "x-kong-proxy-latency"),
    _sig("envoy", "Envoy", "proxy", "x-envoy-upstream-service-time"),
    _sig("envoy", "Envoy", "proxy", "server", r"^envoy"),
    _sig("netlify", "Netlify", "static-host", "x-nf-request-id"),
    _sig("netlify", "Netlify", "static-host", "server", r"^netlify"),
    _sig("netlify", "Netlify", "static-host", "cache-status", r"netlify"),
    _sig("vercel", "Vercel", "static-host", "x-vercel-id"),
    _sig("vercel", "Vercel", "static-host", "x-vercel-cache"),
    _sig("vercel", "Vercel", "static-host", "server", r"^vercel"),
    _sig("heroku", "Heroku router", "proxy", "via", r"\bvegur\b|heroku-router"),
    _sig("fly", "Fly.io proxy", "proxy", "fly-request-id"),
    _sig("varnish", "Varnish", "cache", "x-varnish"),
    _sig("varnish", "Varnish", "cache", "via", r"varnish"),
    _sig("nginx", "nginx", "proxy", "server", r"^nginx|^openresty"),
    _sig("apache", "Apache httpd", "proxy", "server", r"^apache"),
    _sig("apache", "Apache httpd", "proxy", "via", r"\(apache/"),
    _sig("caddy", "Caddy", "proxy", "server", r"^caddy"),
    _sig("traefik", "Traefik", "proxy", "server", r"^traefik"),
    _sig("iis", "Microsoft IIS", "proxy", "server", r"^microsoft-iis"),
    _sig("haproxy", "HAProxy", "proxy", "server", r"^haproxy"),
    _sig("squid", "Squid", "cache", "server", r"^squid"),
    _sig("squid", "Squid", "cache", "via", r"\(squid"),
    _sig("uvicorn", "uvicorn (ASGI app server)", "app", "server", r"^uvicorn"),
    _sig("gunicorn", "gunicorn (WSGI app server)", "app", "server", r"^gunicorn"),
    _sig("werkzeug", "Werkzeug (Flask app server)", "app", "server", r"^werkzeug"),
    _sig("python", "Python http.server", "app", "server", r"^basehttp|python/"),
    _sig("express", "Express", "app", "x-powered-by", r"^express"),
    _sig("kestrel", "Kestrel (ASP.NET)", "app", "server", r"^kestrel"),
    _sig("jetty", "Jetty", "app", "server", r"^jetty"),
    # Apache's mod_proxy passes the backend's Server through and adds no Via unless 'ProxyVia On';
    # what it does add on a kept-alive HTTP/1.1 connection is its own 'Keep-Alive: timeout=5, max=100'
    # (the max= count is Apache's; Node.js sends timeout= alone, nginx no Keep-Alive at all).
    _sig("apache", "Apache httpd", "proxy", "keep-alive", r"\bmax=\d+"),
    # A layer that says it caches (X-Cache, Age) is a cache even when it also adds Via.
    _sig("generic-cache", "a cache", "cache", "x-cache"),
    _sig("generic-cache", "a cache", "cache", "x-cache-status"),
    _sig("generic-cache", "a cache", "cache", "age"),
    _sig("generic-via", "a proxy that adds Via", "proxy", "via"),
)


#: Headers a layer sets or appends on top of what the layer behind sent (so a different value is
#: the layer's doing).  Any other header present behind a hop with another value (a request id
#: such as ``x-amzn-RequestId``, ``X-NF-Request-Id`` or ``X-Varnish``, or an ``Age`` that has grown)
#: is the backend's, per request.
_HOP_REWRITES = frozenset(
    {
        "via",
        "server",
        "x-cache",
        "x-cache-hits",
        "x-cache-status",
        "cache-status",
        "cf-cache-status",
        "x-served-by",
        "x-timer",
        "server-timing",
        "keep-alive",
    }
)


def _edge_optimized_api(found: HopKind, lines: list[tuple[str, str, str]]) -> bool:
    """An edge-optimized API Gateway endpoint answers through a CloudFront distribution that API
    Gateway manages: both sets of headers, and the fixes are API Gateway's."""
    return found.key == "cloudfront" and any(
        s.key == "apigw" and lo == s.header for s in SIGNATURES for lo, _n, _v in lines
    )


def identify(headers: Iterable[Header]) -> HopKind:
    """The first signature that matches ``headers`` (the kind of the layer that sent them)."""
    lines = [(n.lower(), n, v) for n, v in headers]
    found = _first_match(lines)
    if _edge_optimized_api(found, lines):
        apigw = _first_match(
            [line for line in lines if any(s.key == "apigw" and s.header == line[0] for s in SIGNATURES)]
        )
        return dataclasses.replace(
            apigw,
            display="Amazon API Gateway (edge-optimized, through CloudFront)",
            evidence=(*apigw.evidence, *found.evidence),
        )
    return found


def _first_match(lines: list[tuple[str, str, str]]) -> HopKind:
    for sig in SIGNATURES:
        for lower, _name, value in lines:
            if lower != sig.header:
                continue
            if sig.pattern is None or sig.pattern.search(value.strip()):
                evidence = tuple(
                    f"{n}: {v}"
                    for lo, n, v in lines
                    if any(s.key == sig.key and s.header == lo for s in SIGNATURES)
                )
                return HopKind(key=sig.key, display=sig.display, category=sig.category, evidence=evidence)
    return UNKNOWN_KIND


def added_by_hop(outer: Iterable[Header], inner: Iterable[Header]) -> list[Header]:
    """Header lines in ``outer`` that the hop added: a name ``inner`` does not send at all, or a
    line of a header hops set or append (Via, Server, X-Cache, Age …) with a value ``inner`` does
    not send.  A per-request id the backend sends on both paths is not the hop's."""
    inner = list(inner)
    seen = {(n.lower(), v.strip()) for n, v in inner}
    names = {n.lower() for n, _ in inner}
    return [
        (n, v)
        for n, v in outer
        if n.lower() not in names or (n.lower() in _HOP_REWRITES and (n.lower(), v.strip()) not in seen)
    ]
