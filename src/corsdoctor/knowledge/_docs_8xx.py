"""8xx configuration-layer mistakes that only a linter sees (the browser sees their symptom).

Spec anchor: https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header (nginx ones),
https://fetch.spec.whatwg.org/#http-cors-protocol otherwise.
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example, Fix, Place, Stack

_PUT = Example(method="PUT", request_headers=("Content-Type",))
_NGINX = tuple(f for f in F.PREFLIGHT + F.ERRORS if f.stack is Stack.NGINX)

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS801",
        root_cause="nginx: an 'if ($request_method = OPTIONS)' block with its own add_header does not "
        "inherit the location's add_header lines, so the preflight loses Access-Control-Allow-Origin.",
        where_to_look=(P.PROXY_OPTIONS, P.PROXY),
        fixes=_NGINX,
        verify=V.PREFLIGHT,
        example=_PUT,
    ),
    CodeDoc(
        code="CORS802",
        root_cause="nginx: add_header at a nested level (location, if) replaces all add_header lines "
        "inherited from server/http, so the CORS headers vanish there.",
        where_to_look=(P.PROXY,),
        fixes=_NGINX,
        verify=V.ACTUAL,
    ),
    CodeDoc(
        code="CORS803",
        root_cause="Error responses without CORS headers: nginx add_header / Apache 'Header set' without "
        "'always' skip 4xx/5xx responses.",
        where_to_look=(P.PROXY_ERRORS,),
        fixes=F.ERRORS[:2],
        verify=(V.ERROR_CURL, V.CHECK),
    ),
    CodeDoc(
        code="CORS804",
        root_cause="Middleware order: the CORS middleware runs after a middleware that answers or rejects "
        "first (auth, redirects, CommonMiddleware, WhiteNoise, rate limits), so those responses and "
        "preflights get no CORS headers.",
        where_to_look=(P.APP_ORDER,),
        fixes=tuple(f for f in F.PREFLIGHT if f.stack in {Stack.EXPRESS, Stack.STARLETTE, Stack.DJANGO,
                                                          Stack.SPRING, Stack.FLASK}),
        verify=V.PREFLIGHT,
        example=_PUT,
    ),
    CodeDoc(
        code="CORS805",
        root_cause="The framework refuses '*' origins with credentials (Spring IllegalArgumentException "
        "per request, ASP.NET at start-up, Quart per request) and answers 500.",
        where_to_look=(P.APP,),
        fixes=F.CREDENTIALS[:5],
        verify=(V.CREDENTIALS_CURL, V.CHECK),
        example=Example(credentials=True),
    ),
    CodeDoc(
        code="CORS806",
        root_cause="Express 5: app.options('*', ...) is no longer a valid path (path-to-regexp v8) and "
        "throws 'Missing parameter name' at start-up.",
        where_to_look=(Place(owner=P.APP.owner, what="app.options('*') / app.all('*') in the Express app",
                             grep=("grep -rnE \"app\\.(options|all)\\(['\\\"]\\*\" src/ app/",)),),
        fixes=(Fix(stack=Stack.EXPRESS, language="js", summary="a named splat (or just app.use(cors()))",
                   snippet="app.options('/{*splat}', cors(opts));   // Express 5\n"
                           "// or simply: app.use(cors(opts)) -- it answers every OPTIONS"),),
        verify=V.PREFLIGHT,
        example=_PUT,
    ),
    CodeDoc(
        code="CORS807",
        root_cause="The S3/GCS CORS rule uses another dialect's key names (ExposedHeaders vs "
        "ExposeHeaders, MaxAge vs MaxAgeSeconds), OPTIONS as a method, or misses AllowedHeaders.",
        where_to_look=(P.STORAGE,),
        fixes=tuple(f for f in F.ALLOWLIST + F.METHODS + F.HEADERS + F.EXPOSE if f.stack is Stack.S3),
        verify=V.PREFLIGHT,
        example=Example(url="https://bucket.s3.amazonaws.com/upload.bin", method="PUT",
                        request_headers=("Content-Type",)),
    ),
    CodeDoc(
        code="CORS808",
        root_cause="API Gateway: the CORS settings never reach Lambda-proxy integration responses or "
        "gateway-generated errors (401, 403, 429, 5xx), which then lack Access-Control-Allow-Origin.",
        where_to_look=(P.GATEWAY, P.APP),
        fixes=tuple(f for f in F.PREFLIGHT + F.ERRORS + F.ALLOWLIST if f.stack is Stack.API_GATEWAY),
        verify=(V.ACTUAL_CURL, V.ERROR_CURL, V.CHECK),
        example=Example(url="https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items"),
    ),
    CodeDoc(
        code="CORS809",
        root_cause="Static-host header rules (Netlify _headers/netlify.toml, vercel.json) do not apply to "
        "functions, proxied paths or SSR responses; those must set CORS in code.",
        where_to_look=(P.STATIC_HOST, P.APP),
        fixes=tuple(f for f in F.ALLOWLIST if f.stack in {Stack.NETLIFY, Stack.VERCEL, Stack.EXPRESS}),
        verify=V.ACTUAL,
        example=Example(url="https://site.netlify.app/.netlify/functions/items"),
    ),
    CodeDoc(
        code="CORS810",
        root_cause="Proxy/CDN interference: the CDN caches without Origin in the cache key (or ignores "
        "Vary: Origin), so one origin's ACAO is served to all.",
        where_to_look=(P.CDN_CACHE,),
        fixes=tuple(f for f in F.VARY if f.stack in {Stack.CLOUDFRONT, Stack.ANY}),
        verify=(V.VARY_CURL, V.CHECK),
    ),
)
