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
CloudFront cache policies and origin request policies, Cloudflare Cache Rules, Fastly VCL
``req.http.Origin`` in ``vcl_hash``, Varnish ``hash_data``, API Gateway gateway responses.
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
    ("duplicated", _APACHE): "one owner: 'Header unset Access-Control-Allow-Origin' before "
    "'Header always set …', or remove Apache's Header directive and let the app answer",
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
    "error responses)",
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


def fix_for(problem: str, kind: str) -> str:
    if problem == "stripped-or-not-forwarded":
        return (
            f"if it strips the header: {fix_for('stripped', kind)}; "
            f"if it drops Origin: {fix_for('origin-not-forwarded', kind)}"
        )
    return FIXES.get((problem, kind)) or FIXES[(problem, "*")]
