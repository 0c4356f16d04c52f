"""4xx exposure of response headers and 5xx caching / proxies between the browser and the app.

Spec anchors: https://fetch.spec.whatwg.org/#concept-filtered-response-cors,
https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example, VerifyKind, VerifyStep

_EXPOSE_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url} -H {origin} 2>&1 | grep -i '^< access-control-expose-headers'",
    expect="Access-Control-Expose-Headers lists every header the page reads (comma-separated tokens)",
)
_EXPOSE = (_EXPOSE_CURL, V.DEVTOOLS, V.CHECK)
_CACHE = (V.VARY_CURL, V.ACTUAL_CURL, V.CHECK)

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS401",
        root_cause="The page reads a response header (ETag, Content-Disposition, X-Total-Count) that is "
        "not listed in Access-Control-Expose-Headers, so headers.get() returns null.",
        where_to_look=(P.APP, P.PROXY, P.STORAGE),
        fixes=F.EXPOSE,
        verify=_EXPOSE,
    ),
    CodeDoc(
        code="CORS402",
        root_cause="Access-Control-Expose-Headers cannot be parsed, so only the CORS-safelisted response "
        "headers are readable.",
        where_to_look=(P.PROXY, P.APP),
        fixes=F.EXPOSE,
        verify=_EXPOSE,
    ),
    CodeDoc(
        code="CORS403",
        root_cause="Access-Control-Expose-Headers: * is a literal name for credentialed requests; list "
        "the headers explicitly.",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST),
        fixes=F.EXPOSE,
        verify=_EXPOSE,
        example=Example(credentials=True),
    ),
    CodeDoc(
        code="CORS404",
        root_cause="Set-Cookie is a forbidden response header: no configuration can expose it to script.",
        where_to_look=(P.CLIENT, P.APP),
        fixes=F.EXPOSE[:1],
        verify=_EXPOSE,
    ),
    CodeDoc(
        code="CORS501",
        root_cause="Access-Control-Allow-Origin depends on the request's Origin but the response lacks "
        "'Vary: Origin', so a shared cache can serve one origin's answer to another.",
        where_to_look=(P.PROXY, P.APP, P.CDN_CACHE),
        fixes=F.VARY,
        verify=_CACHE,
    ),
    CodeDoc(
        code="CORS502",
        root_cause="Access-Control-Max-Age exceeds a browser's cap (Chromium 7200 s, Safari 600 s, "
        "Firefox 86400 s); the browser silently uses the cap.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.MAX_AGE,
        verify=(V.PREFLIGHT_CURL, V.CHECK),
        example=Example(method="PUT"),
    ),
    CodeDoc(
        code="CORS503",
        root_cause="Access-Control-Max-Age is not a number of seconds; browsers fall back to 5 s (Firefox "
        "does not cache at all).",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.MAX_AGE,
        verify=(V.PREFLIGHT_CURL, V.CHECK),
        example=Example(method="PUT"),
    ),
    CodeDoc(
        code="CORS504",
        root_cause="Proxy/CDN interference: a cache served a response whose Access-Control-Allow-Origin "
        "was computed for another origin (or for a request without Origin).",
        where_to_look=(P.CDN_CACHE, P.PROXY, P.APP),
        fixes=F.VARY,
        verify=_CACHE,
        see_also=("CORS501", "CORS505", "CORS810"),
    ),
    CodeDoc(
        code="CORS505",
        root_cause="Proxy/CDN interference: the cache key does not include Origin, or Vary: Origin is "
        "ignored (Cloudflare), so cached responses carry the wrong or no ACAO.",
        where_to_look=(P.CDN_CACHE, P.PROXY),
        fixes=F.VARY,
        verify=_CACHE,
    ),
    CodeDoc(
        code="CORS506",
        root_cause="Proxy/CDN interference: a proxy or CDN does not forward the Origin header, so the app "
        "never adds Access-Control-Allow-Origin.",
        where_to_look=(P.CDN, P.PROXY_FORWARD, P.GATEWAY),
        fixes=F.FORWARD_ORIGIN,
        verify=V.ACTUAL,
    ),
    CodeDoc(
        code="CORS507",
        root_cause="Proxy/CDN interference: a hop between the browser and the app removed a CORS header "
        "the backend sent (proxy_hide_header, Header unset, a response headers policy).",
        where_to_look=(P.PROXY_FORWARD, P.CDN, P.GATEWAY),
        fixes=F.STRIP,
        verify=V.ACTUAL,
    ),
    CodeDoc(
        code="CORS508",
        root_cause="Proxy/CDN interference: a hop changed a CORS header the backend sent (override, "
        "merge or rewrite), so the browser sees a different value than the app intended.",
        where_to_look=(P.PROXY_FORWARD, P.CDN, P.GATEWAY),
        fixes=F.ONE_LAYER,
        verify=V.ACTUAL,
    ),
)
