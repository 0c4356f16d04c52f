"""The fix for a hop's problem, in that hop's own terms.

Pure data: ``FIXES[(problem, kind)]``, with ``"*"`` as the fallback kind.  Problems:

* ``stripped``: the hop removes a CORS header the layer behind it sent.
* ``origin-not-forwarded``: the hop does not pass ``Origin`` on, so the backend never answers with CORS.
* ``stripped-or-not-forwarded``: one of the two, indistinguishable from outside (ACAO is the only
  header the backend varies by ``Origin``): both fixes.
* ``duplicated``: the hop adds a CORS header on top of the backend's (two owners).
* ``rewritten``: the hop replaces a CORS header's value.
* ``options``: the hop answers (or rejects) the preflight itself instead of forwarding it.
* ``error-headers``: the hop's or backend's error responses reach the browser without CORS headers.
* ``cache-key``: the hop caches without ``Origin`` in its cache key (or ignores ``Vary: Origin``).
* ``cached-preflight``: the hop's cache served a stored failed preflight (a 5xx, or one answered
  for another origin).
* ``reflect``: the hop echoes any ``Origin`` that the backend's allowlist rejects.
* ``vary``: the backend's reflected ``Access-Control-Allow-Origin`` lacks ``Vary: Origin``.

Facts: nginx ``proxy_hide_header``/``add_header … always``/``proxy_cache_key``/
``proxy_ignore_headers`` (nginx.org docs), Varnish VCL ``vcl_recv``/``vcl_hash``/
``vcl_backend_response``/``vcl_deliver`` and ``beresp.uncacheable`` (varnish-cache.org docs), Apache ``Header always``/``RequestHeader``,
CloudFront cache policies and origin request policies, Cloudflare Cache Rules, Transform Rules
(Set/Add/Remove) and Access's "Bypass OPTIONS requests to origin", Fastly VCL (``add``/``set``
``resp.http``, ``vcl_error``, ``beresp.http.Vary:Origin``, the default pass of non-GET/HEAD), Akamai
Property Manager behaviors (Modify Outgoing Request/Response Header, Allow OPTIONS, Cache ID
Modification, Cache HTTP Error Responses), Varnish ``hash_data``, API Gateway gateway responses,
stage cache key parameters and HTTP API CORS overriding the integration's headers, Netlify's
``Netlify-Vary``, Apache ``Header always`` (err_headers_out), ``ProxyErrorOverride`` and mod_cache
(GET only, honours Vary), nginx ``proxy_cache_methods`` (GET, HEAD, POST only).
"""

from __future__ import annotations

_NGINX = "nginx"
_APACHE = "apache"

FIXES: dict[tuple[str, str], str] = {
    # stripped ---------------------------------------------------------------------------------
    ("stripped", _NGINX): "remove 'proxy_hide_header Access-Control-…' for this location (or, if nginx "
    "is meant to own CORS, re-add the header there with 'add_header … always')",
    ("stripped", _APACHE): "remove 'Header unset Access-Control-…' / 'Header always unset' for this "
    "path, or set the header in Apache with 'Header always set'",
    ("stripped", "cloudfront"): "the response headers policy removes it (RemoveHeadersConfig) or a "
    "CORS config with OriginOverride replaces it: drop the removal, or let one layer own CORS",
    ("stripped", "cloudflare"): "a Transform Rule (modify response header) removes it: delete the rule "
    "or set the header in the rule",
    ("stripped", "fastly"): "VCL 'unset resp.http.Access-Control-…' in vcl_deliver removes it",
    ("stripped", "varnish"): "VCL 'unset resp.http.Access-Control-…' (vcl_deliver/vcl_backend_response) "
    "removes it",
    ("vary", "varnish"): "remove 'unset beresp.http.Vary' (vcl_backend_response) / 'unset "
    "resp.http.Vary' (vcl_deliver): Varnish and every cache in front of it need the backend's Vary: Origin",
    ("options", "varnish"): "a 'return (synth(…))' for OPTIONS in vcl_recv answers the preflight: "
    "'return (pass)' so it reaches the backend, or set every Access-Control-* header in vcl_synth",
    ("error-headers", "varnish"): "vcl_backend_error and vcl_synth build their own responses: set the "
    "Access-Control-* headers (and Vary: Origin) there, or pass the backend's error through",
    ("stripped", "apigw"): "map the integration's Access-Control-* response headers through (REST: "
    "method response + integration response header mappings; HTTP API: CORS config overrides them)",
    ("stripped", "*"): "configure this hop to pass the backend's Access-Control-* response headers "
    "through unchanged",
    # origin not forwarded ------------------------------------------------------------------------
    ("origin-not-forwarded", _NGINX): "do not clear Origin ('proxy_set_header Origin \"\"'); nginx "
    "forwards request headers by default",
    ("origin-not-forwarded", _APACHE): "remove 'RequestHeader unset Origin'",
    ("origin-not-forwarded", "cloudfront"): "add Origin to the origin request policy (or use "
    "CORS-S3Origin / CORS-CustomOrigin) AND to the cache policy's cache key",
    ("origin-not-forwarded", "cloudflare"): "a Transform Rule removes the Origin request header: delete it",
    ("origin-not-forwarded", "fastly"): "do not 'unset req.http.Origin' in vcl_recv; add it to vcl_hash",
    ("origin-not-forwarded", "apigw"): "map method.request.header.Origin into the integration "
    "request (REST API), or use a proxy integration",
    ("origin-not-forwarded", "*"): "forward the Origin request header to the backend and add it to "
    "the cache key",
    # duplicated --------------------------------------------------------------------------------
    ("duplicated", _NGINX): "one owner of Access-Control-Allow-Origin: either drop nginx's "
    "'add_header Access-Control-Allow-Origin' or add 'proxy_hide_header Access-Control-Allow-Origin;' "
    "next to it so only nginx's value is sent",
    ("duplicated", _APACHE): "'Header add' appends a line, and 'Header always set' writes Apache's own "
    "table next to the proxied response's headers, so both lines reach the browser: one owner, either "
    "add 'Header unset Access-Control-Allow-Origin' (removes the proxied copy) before Apache's own "
    "'Header always set', or remove Apache's Header directive and let the app answer",
    ("duplicated", "cloudfront"): "response headers policy CORS config: set OriginOverride true "
    "(CloudFront owns CORS) or remove the CORS config (the origin owns it)",
    ("duplicated", "apigw"): "HTTP API CORS configuration and the Lambda both set the header: use "
    "one (when the API's CORS is configured, it owns the headers)",
    ("duplicated", "netlify"): "the _headers/netlify.toml rule and the function both set it: keep one",
    ("duplicated", "vercel"): "vercel.json 'headers' and the function both set it: keep one",
    ("duplicated", "*"): "configure CORS in exactly one layer: remove it from this hop or from the backend",
    # rewritten ----------------------------------------------------------------------------------
    ("rewritten", _NGINX): "nginx replaces the backend's value ('proxy_hide_header' + 'add_header', "
    "or more_set_headers): keep one owner and make its value match the request's Origin",
    ("rewritten", _APACHE): "a 'Header set/edit' rewrites the value: keep one owner",
    ("rewritten", "cloudfront"): "a response headers policy with OriginOverride true replaces the "
    "origin's CORS headers: fix the policy's allow lists or set OriginOverride false",
    ("rewritten", "*"): "this hop rewrites the header: keep one owner of CORS and make its value right",
    # options ------------------------------------------------------------------------------------
    ("options", _NGINX): "an 'if ($request_method = OPTIONS) { return … }' or 'limit_except' answers "
    "the preflight: remove it so OPTIONS reaches the app, or answer with the full CORS set "
    "('add_header … always' inside that block: an 'if' block drops the location's add_header lines)",
    ("options", _APACHE): "a RewriteRule/Limit answers OPTIONS: forward it, or use 'Header always set' "
    "for every Access-Control-* header so the [R=200] answer carries them",
    ("options", "cloudfront"): "allow OPTIONS on the cache behavior (AllowedMethods GET, HEAD, "
    "OPTIONS) and forward the preflight headers",
    ("options", "apigw"): "enable CORS on the resource (REST: an OPTIONS mock integration with the "
    "headers; HTTP API: the CORS configuration) or route OPTIONS to the integration",
    ("options", "*"): "forward OPTIONS to the backend, or answer it at this hop with the complete "
    "CORS response",
    # error responses ---------------------------------------------------------------------------
    ("error-headers", _NGINX): "add 'always' to every 'add_header Access-Control-…' (without it "
    "nginx adds headers only on 200, 201, 204, 206, 301-304, 307, 308); with "
    "proxy_intercept_errors/error_page add them in the error location too",
    ("error-headers", _APACHE): "use 'Header always set' (the onsuccess table is not used for "
    "responses Apache makes itself); 'ProxyErrorOverride On' replaces the backend's error response, "
    "headers and all, with Apache's error page: turn it off, or list only the codes Apache should "
    "replace ('ProxyErrorOverride On 502 503', httpd 2.4.47+)",
    ("error-headers", "apigw"): "add the CORS headers to the gateway responses (DEFAULT_4XX, "
    "DEFAULT_5XX) and return them from the integration's error path",
    ("error-headers", "cloudfront"): "custom error responses are served without the origin's headers: "
    "add a response headers policy with a CORS config",
    ("error-headers", "*"): "send the CORS headers on error responses too (4xx/5xx), in the layer "
    "that owns CORS",
    # caching ------------------------------------------------------------------------------------
    ("cache-key", _NGINX): "add $http_origin to proxy_cache_key (e.g. "
    "'proxy_cache_key $scheme$proxy_host$request_uri$http_origin;') and do not list Vary in "
    "proxy_ignore_headers",
    ("cache-key", "cloudfront"): "add Origin to the cache policy's headers (cache key) and to the "
    "origin request policy",
    ("cache-key", "cloudflare"): "Cloudflare ignores Vary: Origin: add a Cache Rule with a custom "
    "cache key including the Origin header, or bypass cache for CORS requests",
    ("cache-key", "fastly"): "add 'set req.hash += req.http.Origin;' in vcl_hash (or honour Vary: Origin)",
    ("cache-key", "akamai"): "add the Origin header to the cache key (Cache ID Modification)",
    ("cache-key", "varnish"): "add 'hash_data(req.http.Origin);' in vcl_hash (Varnish's default key is "
    "URL + Host), and keep the backend's Vary: no 'unset beresp.http.Vary' in vcl_backend_response",
    # cached failed preflights ---------------------------------------------------------------------
    ("cached-preflight", "varnish"): "never cache OPTIONS: "
    "'if (req.method == \"OPTIONS\") { return (pass); }' in vcl_recv (browsers cache preflights themselves, per Access-Control-Max-Age); if preflights must "
    "be cached, hash_data(req.http.Origin), req.http.Access-Control-Request-Method and "
    "-Request-Headers in vcl_hash, keep the backend's Vary, and 'set beresp.uncacheable = true;' "
    "in vcl_backend_response for any status but 2xx",
    ("cached-preflight", "cloudfront"): "do not cache OPTIONS (cached methods GET, HEAD), or add Origin, "
    "Access-Control-Request-Method and -Headers to the cache policy; set the error caching minimum "
    "TTL to 0 for 5xx",
    ("cached-preflight", "*"): "do not cache OPTIONS at this hop (browsers cache preflights per "
    "Access-Control-Max-Age); if it must, key on Origin, Access-Control-Request-Method and "
    "-Headers and never store a non-2xx answer",
    ("cache-key", "vercel"): "send 'Vary: Origin' from the function, or set Cache-Control: private "
    "for CORS responses",
    ("cache-key", "*"): "put Origin in this cache's key (or honour Vary: Origin)",
    # reflecting any origin ---------------------------------------------------------------------
    ("reflect", _NGINX): "do not echo $http_origin unchecked: map $http_origin to an allowlist "
    '(\'map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }\') '
    "and send $cors_origin, or leave CORS to the app",
    ("reflect", "*"): "check the Origin against an allowlist before echoing it, or leave CORS to the "
    "layer behind this hop",
    ("vary", "*"): "send 'Vary: Origin' with every response whose Access-Control-Allow-Origin "
    "depends on the request's Origin (also on responses without ACAO)",
    ("vary", _NGINX): "add 'add_header Vary Origin always;' where nginx reflects $http_origin",
}


# Fixes in the terms of the other hops the issue names (CDNs, gateways, hosts) and Apache's cache.
FIXES.update(
    {
        # Apache httpd ---------------------------------------------------------------------------
        ("cache-key", _APACHE): "mod_cache keys on the URL and stores one answer per Vary: keep the "
        "backend's 'Vary: Origin' (no 'Header unset Vary'; 'Header merge Vary Origin' where Apache sets "
        "Access-Control-Allow-Origin itself), or 'CacheDisable' this path",
        ("vary", _APACHE): "'Header always merge Vary Origin' next to the directive that sets "
        "Access-Control-Allow-Origin, and no 'Header unset Vary'",
        ("reflect", _APACHE): "do not copy the request's Origin unchecked (Header set … "
        '"expr=%{req:Origin}"): \'SetEnvIf Origin "^https://app\\.example\\.com$" CORS_OK=$0\' then '
        "'Header always set Access-Control-Allow-Origin %{CORS_OK}e env=CORS_OK'",
        # Cloudflare -----------------------------------------------------------------------------
        ("duplicated", "cloudflare"): "a response header Transform Rule with 'Add' appends a second line "
        "to the origin's: use 'Set static'/'Set dynamic' (replaces), or delete the rule and let the "
        "origin own CORS",
        ("rewritten", "cloudflare"): "a response header Transform Rule 'Set' replaces the origin's value: "
        "delete it, or keep one owner and make its value the request's allowed Origin",
        ("options", "cloudflare"): "a WAF custom rule, a Worker or Cloudflare Access answers OPTIONS: "
        "skip the rule for OPTIONS, pass OPTIONS on with fetch(request) in the Worker, or enable "
        "'Bypass OPTIONS requests to origin' in the Access application's CORS settings",
        ("error-headers", "cloudflare"): "Cloudflare's own error pages (520-527, 1xxx) carry none of the "
        "origin's headers: fix the failure behind Cloudflare; a Worker can add the CORS headers to "
        "error answers",
        ("cached-preflight", "cloudflare"): "Cloudflare caches OPTIONS only when a Cache Rule or Worker "
        "makes it: exclude OPTIONS (http.request.method) from that rule or key it on Origin and the "
        "Access-Control-Request-* headers, and do not cache 5xx (status code TTL: no-store)",
        ("reflect", "cloudflare"): 'a Transform Rule or Worker copies http.request.headers["origin"] '
        "unchecked: match the Origin against an allowlist in the rule's expression",
        ("vary", "cloudflare"): "Cloudflare's cache ignores 'Vary: Origin' (honoured for images only): "
        "send it for browsers anyway, and add Origin to the cache key with a Cache Rule",
        # Fastly ---------------------------------------------------------------------------------
        ("duplicated", "fastly"): "VCL 'add resp.http.Access-Control-Allow-Origin' appends a second "
        "line: use 'set' (replaces), or leave CORS to the backend",
        ("rewritten", "fastly"): "VCL 'set resp.http.Access-Control-…' (vcl_deliver) replaces the "
        "backend's value: keep one owner",
        ("options", "fastly"): "a synthetic response ('error 6xx' and vcl_error) answers OPTIONS: "
        "'return(pass)' for OPTIONS in vcl_recv, or set every Access-Control-* header in vcl_error",
        ("error-headers", "fastly"): "vcl_error's synthetic responses carry none of the backend's "
        "headers: set resp.http.Access-Control-* (and Vary) there too",
        ("cached-preflight", "fastly"): "Fastly's default VCL passes every method but GET and HEAD: "
        "restore 'return(pass)' for OPTIONS in vcl_recv, and in vcl_fetch do not cache 5xx "
        "('if (beresp.status >= 500) { return(pass); }')",
        ("reflect", "fastly"): "VCL 'set resp.http.Access-Control-Allow-Origin = req.http.Origin' echoes "
        "any origin: test req.http.Origin against an allowlist (table or regex) first",
        ("vary", "fastly"): "keep Origin in Vary: 'set beresp.http.Vary:Origin = \"\";' in vcl_fetch, "
        "and no 'unset beresp.http.Vary'",
        # Akamai ---------------------------------------------------------------------------------
        ("stripped", "akamai"): "a 'Modify Outgoing Response Header' behavior deletes it: remove the "
        "behavior or narrow its match",
        ("origin-not-forwarded", "akamai"): "a 'Modify Outgoing Request Header' behavior deletes "
        "Origin: remove it, and add Origin to the cache key (Cache ID Modification)",
        ("duplicated", "akamai"): "a 'Modify Outgoing Response Header' behavior with action Add sends a "
        "second line: use Modify (replaces), or remove it and let the origin own CORS",
        ("rewritten", "akamai"): "a 'Modify Outgoing Response Header' behavior (Modify/Regex) rewrites "
        "it: keep one owner of CORS",
        ("options", "akamai"): "enable the 'Allow OPTIONS' behavior for this path so the preflight "
        "reaches the origin, or answer it (Construct Response) with every Access-Control-* header",
        ("error-headers", "akamai"): "Akamai's own error pages ('Reference #…') carry none of the "
        "origin's headers: fix the failure behind Akamai, or add the headers with a 'Modify Outgoing "
        "Response Header' behavior that also matches error responses",
        ("cached-preflight", "akamai"): "do not cache OPTIONS (Caching: no-store for that method), or add "
        "Origin and the Access-Control-Request-* headers to the cache key (Cache ID Modification); turn "
        "off 'Cache HTTP Error Responses'",
        ("vary", "akamai"): "keep the origin's 'Vary: Origin' (no behavior deleting it) and add Origin "
        "to the cache key (Cache ID Modification)",
        # Varnish --------------------------------------------------------------------------------
        ("duplicated", "varnish"): "VCL adds a line on top of the backend's (header.append from "
        "vmod_header, or a second header in vcl_deliver): 'set resp.http.Access-Control-Allow-Origin' "
        "replaces every line, or 'unset' it and let the backend own CORS",
        ("rewritten", "varnish"): "VCL 'set resp.http.Access-Control-…' (vcl_deliver) or "
        "'set beresp.http.…' (vcl_backend_response) replaces the backend's value: keep one owner",
        ("reflect", "varnish"): "VCL copies req.http.Origin into Access-Control-Allow-Origin unchecked: "
        "test it against an allowlist ('if (req.http.Origin ~ \"^https://app\\.example\\.com$\")') first",
        ("origin-not-forwarded", "varnish"): "do not 'unset req.http.Origin' in vcl_recv (Varnish "
        "forwards request headers by default), and add 'hash_data(req.http.Origin);' in vcl_hash",
        # Amazon API Gateway ---------------------------------------------------------------------
        ("cache-key", "apigw"): "REST API stage cache: add method.request.header.Origin to the method's "
        "cache key parameters",
        ("cached-preflight", "apigw"): "REST API stage cache: turn caching off for the OPTIONS method "
        "(method settings), or add Origin and the Access-Control-Request-* headers as cache key parameters",
        ("rewritten", "apigw"): "an HTTP API's CORS configuration overrides the integration's CORS "
        "headers: fix AllowOrigins/AllowMethods/AllowHeaders there, or remove it so the integration owns them",
        # Netlify ---------------------------------------------------------------------------------
        ("options", "netlify"): "the function receives OPTIONS itself: answer it with 204 and every "
        "Access-Control-* header",
        ("error-headers", "netlify"): "send the Access-Control-* headers on the function's error "
        "responses too",
        ("cache-key", "netlify"): "send 'Netlify-Vary: header=Origin' (or 'Vary: Origin') so Netlify's "
        "cache keys on Origin",
        ("cached-preflight", "netlify"): "send 'Cache-Control: no-store' (or Netlify-CDN-Cache-Control) on "
        "OPTIONS and error answers, and 'Netlify-Vary: header=Origin'",
        ("vary", "netlify"): "send 'Vary: Origin' (and 'Netlify-Vary: header=Origin') with every "
        "answer whose Access-Control-Allow-Origin depends on Origin",
        # Vercel ----------------------------------------------------------------------------------
        ("options", "vercel"): "the function must answer OPTIONS (e.g. an OPTIONS handler in the route) "
        "with 204 and every Access-Control-* header; vercel.json 'headers' add headers, they do not "
        "answer the method",
        ("error-headers", "vercel"): "send the Access-Control-* headers on the function's error "
        "responses too (or for the path in vercel.json 'headers')",
        ("cached-preflight", "vercel"): "do not send s-maxage / CDN-Cache-Control on OPTIONS or error "
        "answers, and send 'Vary: Origin'",
        ("vary", "vercel"): "send 'Vary: Origin' from the function, or 'Cache-Control: private' for "
        "CORS answers",
        # Amazon CloudFront ----------------------------------------------------------------------
        ("vary", "cloudfront"): "CloudFront keys on its cache policy, not on the origin's Vary: add "
        "Origin to the cache policy's headers and to the origin request policy",
    }
)


def fix_for(problem: str, kind: str) -> str:
    if problem == "stripped-or-not-forwarded":
        return (
            f"if it strips the header: {fix_for('stripped', kind)}; "
            f"if it drops Origin: {fix_for('origin-not-forwarded', kind)}"
        )
    return FIXES.get((problem, kind)) or FIXES[(problem, "*")]
