"""Where CORS headers come from, per owner, with what to grep for.

Each constant is one :class:`Place`; the per-code documents pick them in the order that owner is
most often guilty for that problem.  Grep patterns are written for ``grep -rnE`` over a checkout
or a server's configuration directory.
"""

from __future__ import annotations

from corsdoctor.knowledge._model import Owner, Place

_APP_GREP = (
    "grep -rnE \"cors\\(|CORSMiddleware|CorsMiddleware|flask_cors|CORS_ALLOWED_ORIGINS|@CrossOrigin|"
    "allowedOrigin|Access-Control-Allow\" src/ app/ config/",
)
_NGINX_GREP = ('grep -rnE "add_header +Access-Control|proxy_hide_header|more_set_headers" /etc/nginx/',)
_APACHE_GREP = ('grep -rniE "Header +(always +)?(set|add|append|unset) +Access-Control|SetEnvIf +Origin" '
                "/etc/apache2/ .htaccess",)
_CDN_GREP = (
    "aws cloudfront get-distribution-config --id DIST_ID  # ResponseHeadersPolicyId, CachePolicyId, "
    "AllowedMethods",
    "Cloudflare: Rules > Transform Rules (response headers), Workers/Snippets that set Access-Control-*",
)
_GATEWAY_GREP = (
    "aws apigatewayv2 get-api --api-id API_ID --query CorsConfiguration   # HTTP API",
    "aws apigateway get-gateway-responses --rest-api-id API_ID             # REST API error responses",
    'grep -rnE "Cors:|CorsConfiguration|x-amazon-apigateway-cors|cors: true" template.yaml serverless.yml',
)
_STATIC_GREP = ('grep -rnE "Access-Control" netlify.toml _headers public/_headers vercel.json next.config.*',)
_STORAGE_GREP = (
    "aws s3api get-bucket-cors --bucket BUCKET",
    "gcloud storage buckets describe gs://BUCKET --format='default(cors_config)'",
)

APP = Place(
    owner=Owner.APP,
    what="the CORS middleware of the application (allowed origins, credentials, methods, headers)",
    grep=_APP_GREP,
)
APP_ORDER = Place(
    owner=Owner.APP,
    what="the middleware order: CORS must run before auth, routing, redirects and error pages",
    grep=('grep -rnE "app\\.use\\(|add_middleware|MIDDLEWARE|addFilterBefore|SecurityFilterChain|before_request" '
          "src/ app/ config/",),
)
APP_ERRORS = Place(
    owner=Owner.APP,
    what="the error path: exception handlers and error pages that build a fresh response without CORS",
    grep=('grep -rnE "exception_handler|errorhandler|app\\.use\\(\\(err|@ControllerAdvice|handler500" src/ app/',),
)
APP_ROUTES = Place(
    owner=Owner.APP,
    what="the routing: is there a route (or a catch-all) that answers OPTIONS for this path?",
    grep=('grep -rnE "\\.options\\(|methods=\\[|@RequestMapping|OPTIONS" src/ app/',),
)
APP_AUTH = Place(
    owner=Owner.APP,
    what="authentication middleware that rejects OPTIONS (preflights never carry cookies or Authorization)",
    grep=('grep -rnE "authenticate|authorize|jwt|login_required|SecurityFilterChain|passport" src/ app/',),
)
PROXY = Place(
    owner=Owner.PROXY,
    what="nginx/Apache/Traefik in front of the app: add_header / Header set for Access-Control-*",
    grep=_NGINX_GREP + _APACHE_GREP,
)
PROXY_ERRORS = Place(
    owner=Owner.PROXY,
    what="proxy error pages (413, 502, 504) and headers added without 'always'",
    grep=('grep -rnE "add_header +Access-Control[^;]*;$|error_page|proxy_intercept_errors" /etc/nginx/',
          'grep -rniE "Header +set +Access-Control" /etc/apache2/ .htaccess   # missing \'always\'',),
)
PROXY_OPTIONS = Place(
    owner=Owner.PROXY,
    what="the proxy's handling of OPTIONS (limit_except, 'if ($request_method = OPTIONS)', RewriteRule)",
    grep=('grep -rnE "limit_except|request_method|OPTIONS" /etc/nginx/',
          'grep -rniE "REQUEST_METHOD|OPTIONS|Require" /etc/apache2/ .htaccess',),
)
PROXY_REDIRECT = Place(
    owner=Owner.PROXY,
    what="redirect rules on the proxy (http→https, trailing slash, canonical host)",
    grep=('grep -rnE "return +30[1278]|rewrite .* (redirect|permanent)" /etc/nginx/',
          'grep -rniE "Redirect|RewriteRule .*\\[R" /etc/apache2/ .htaccess',),
)
PROXY_FORWARD = Place(
    owner=Owner.PROXY,
    what="headers the proxy drops or rewrites (proxy_set_header Origin, proxy_hide_header, Header unset)",
    grep=('grep -rnE "proxy_set_header +Origin|proxy_hide_header|more_clear_headers" /etc/nginx/',
          'grep -rniE "RequestHeader +unset +Origin|Header +(always +)?unset" /etc/apache2/',),
)
CDN = Place(
    owner=Owner.CDN,
    what="the CDN: response-headers policy, cache key (Origin), allowed methods, edge functions",
    grep=_CDN_GREP,
)
CDN_CACHE = Place(
    owner=Owner.CDN,
    what="the CDN cache key: Origin must be part of it (or the response must not be cached)",
    grep=("aws cloudfront get-cache-policy --id POLICY_ID   # HeadersConfig must include Origin",
          "curl -sI URL -H 'Origin: https://other.example' | grep -iE 'age|x-cache|cf-cache-status|vary'"),
)
GATEWAY = Place(
    owner=Owner.GATEWAY,
    what="the API gateway's CORS configuration, OPTIONS route/mock, authorizers and gateway responses",
    grep=_GATEWAY_GREP,
)
STATIC_HOST = Place(
    owner=Owner.STATIC_HOST,
    what="static-host header rules (they do not apply to functions, proxies or SSR routes)",
    grep=_STATIC_GREP,
)
STORAGE = Place(
    owner=Owner.STORAGE,
    what="the bucket's CORS rules (AllowedOrigins, AllowedMethods, AllowedHeaders, ExposeHeaders)",
    grep=_STORAGE_GREP,
)
CLIENT = Place(
    owner=Owner.CLIENT,
    what="the fetch()/XMLHttpRequest call: URL, method, headers, mode, credentials, redirect",
    grep=('grep -rnE "fetch\\(|axios|XMLHttpRequest|withCredentials|credentials:|mode:" src/',),
)
NETWORK = Place(
    owner=Owner.NETWORK,
    what="DNS, TLS certificate, firewall, VPN, ad-blocking extensions between the browser and the server",
    grep=("curl -sv URL -o /dev/null   # does the connection and TLS handshake succeed at all?",
          "dig +short HOST",),
)
TOOL = Place(
    owner=Owner.TOOL,
    what="the corsdoctor command line: URL, --origin, headers, files and timeouts you passed",
    grep=("corsdoctor check --help",),
)
