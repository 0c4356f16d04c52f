'''Fix patterns per stack, grouped by what they repair.

Written for corsdoctor from the semantics in shared/reference/configs.md (verified templates:
nginx §2.6, Apache §3.3; generator notes §15).  Every snippet uses exact origins
(``scheme://host[:port]``, no trailing slash), explicit methods and headers, headers on error
statuses, preflight answered before auth, and CORS in exactly one layer.

Spec anchors: https://fetch.spec.whatwg.org/#http-cors-protocol,
https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
'''

from __future__ import annotations

from corsdoctor.knowledge._model import Fix, Stack

_S = Stack

# --- an exact allowlist of origins ------------------------------------------------------------

ALLOWLIST: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="app.use(cors) with an array of exact origins, before routes",
        snippet="""const cors = require('cors');
const allowed = ['https://app.example.com', 'https://admin.example.com'];
app.use(cors({ origin: allowed }));   // echoes the matching origin and sets Vary: Origin
// ... then the routers and the auth middleware"""),
    Fix(stack=_S.STARLETTE, language="python", summary="CORSMiddleware with exact origins, added last",
        snippet="""from fastapi.middleware.cors import CORSMiddleware

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],           # no trailing slash, no path
    allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com",  # optional; matched with fullmatch
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)  # the last add_middleware() call is the outermost layer"""),
    Fix(stack=_S.FLASK, language="python", summary="Flask-CORS with exact origins or $-anchored regexes",
        snippet="""from flask_cors import CORS

CORS(app, resources={r"/api/*": {"origins": [
    "https://app.example.com",
    r"^https://[a-z0-9-]+\\.example\\.com$",   # regexes are matched from the start only: end with $
]}})"""),
    Fix(stack=_S.DJANGO, language="python", summary="django-cors-headers: exact origins, middleware first",
        snippet="""INSTALLED_APPS += ["corsheaders"]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]   # before CommonMiddleware
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\\w+\\.example\\.com$"]"""),
    Fix(stack=_S.SPRING, language="java", summary="a CorsConfigurationSource bean, wired into Spring Security",
        snippet="""@Bean
CorsConfigurationSource corsConfigurationSource() {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(List.of("https://app.example.com"));
    cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/api/**", cors);
    return source;
}
// SecurityFilterChain: http.cors(Customizer.withDefaults());"""),
    Fix(stack=_S.NGINX, language="nginx", summary="a map allowlist feeding add_header ... always",
        snippet="""# http {} level
map $http_origin $cors_origin {
    default "";
    "~^https://(app|admin)\\.example\\.com$" $http_origin;
}
# location /api/ {
    proxy_hide_header Access-Control-Allow-Origin;      # one layer only
    add_header Access-Control-Allow-Origin $cors_origin always;
    add_header Vary Origin always;
    proxy_pass http://backend;
# }"""),
    Fix(stack=_S.APACHE, language="apache", summary="SetEnvIf allowlist + Header always set",
        snippet="""<IfModule mod_headers.c>
  SetEnvIf Origin "^https://(app|admin)\\.example\\.com$" CORS_ORIGIN=$0
  Header unset Access-Control-Allow-Origin
  Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN
  Header always merge Vary "Origin"
</IfModule>"""),
    Fix(stack=_S.S3, language="json", summary="bucket CORS rules (console JSON) with exact origins",
        snippet="""[
  {
    "AllowedOrigins": ["https://app.example.com"],
    "AllowedMethods": ["GET", "HEAD"],
    "AllowedHeaders": ["*"],
    "MaxAgeSeconds": 3000
  }
]"""),
    Fix(stack=_S.CLOUDFRONT, language="json", summary="a response headers policy with explicit origins",
        snippet="""{"Name": "api-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
  "AccessControlAllowMethods": {"Quantity": 5, "Items": ["GET", "HEAD", "POST", "PUT", "OPTIONS"]},
  "AccessControlAllowHeaders": {"Quantity": 2, "Items": ["Authorization", "Content-Type"]},
  "AccessControlAllowCredentials": false,
  "OriginOverride": true}}"""),
    Fix(stack=_S.API_GATEWAY, language="shell", summary="HTTP API CorsConfiguration (the gateway answers OPTIONS)",
        snippet="""aws apigatewayv2 update-api --api-id API_ID --cors-configuration '{
  "AllowOrigins": ["https://app.example.com"],
  "AllowMethods": ["GET", "POST", "PUT", "DELETE"],
  "AllowHeaders": ["authorization", "content-type"],
  "MaxAge": 7200}'
# REST API + Lambda proxy: the function itself must return Access-Control-Allow-Origin"""),
    Fix(stack=_S.NETLIFY, language="toml", summary="one ACAO line per path in netlify.toml (static files only)",
        snippet="""[[headers]]
  for = "/api/*"
  [headers.values]
    Access-Control-Allow-Origin = "https://app.example.com"
    Vary = "Origin"
# functions and proxied paths must set the header in code"""),
    Fix(stack=_S.VERCEL, language="json", summary="vercel.json headers for one origin (functions set their own)",
        snippet="""{"headers": [{"source": "/api/(.*)", "headers": [
  {"key": "Access-Control-Allow-Origin", "value": "https://app.example.com"},
  {"key": "Vary", "value": "Origin"}]}]}"""),
)

# --- credentialed requests ------------------------------------------------------------------------

CREDENTIALS: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="credentials: true with an explicit origin list (never '*')",
        snippet="""app.use(cors({
  origin: ['https://app.example.com'],   // the default '*' is rejected by browsers with credentials
  credentials: true,                     // sends Access-Control-Allow-Credentials: true
}));"""),
    Fix(stack=_S.STARLETTE, language="python", summary="allow_credentials=True only with explicit origins",
        snippet="""app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],   # not ["*"]: with credentials it reflects any origin
    allow_credentials=True,
)"""),
    Fix(stack=_S.FLASK, language="python", summary="supports_credentials=True with explicit origins",
        snippet="""CORS(app, origins=["https://app.example.com"], supports_credentials=True)
# the default origins='*' plus credentials reflects ANY origin"""),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_ALLOW_CREDENTIALS with an explicit allowlist",
        snippet="""CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOW_CREDENTIALS = True
# never together with CORS_ALLOW_ALL_ORIGINS = True"""),
    Fix(stack=_S.SPRING, language="java", summary="allowCredentials with origins or origin patterns, not '*'",
        snippet="""registry.addMapping("/api/**")
        .allowedOriginPatterns("https://*.example.com")   // echoes the concrete origin
        .allowedMethods("GET", "POST", "PUT", "DELETE")
        .allowCredentials(true);"""),
    Fix(stack=_S.NGINX, language="nginx", summary="echo an allowlisted origin and send ACAC true",
        snippet="""add_header Access-Control-Allow-Origin $cors_origin always;   # from the map allowlist, never "*"
add_header Access-Control-Allow-Credentials true always;         # exactly lower-case "true"
add_header Vary Origin always;"""),
    Fix(stack=_S.APACHE, language="apache", summary="ACAC true only for allowlisted origins",
        snippet="""SetEnvIf Origin "^https://app\\.example\\.com$" CORS_ORIGIN=$0
Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN
Header always set Access-Control-Allow-Credentials "true" env=CORS_ORIGIN
Header always merge Vary "Origin\""""),
    Fix(stack=_S.API_GATEWAY, language="json", summary="HTTP API: explicit origins with AllowCredentials",
        snippet="""{"AllowOrigins": ["https://app.example.com"], "AllowCredentials": true,
 "AllowMethods": ["GET", "POST"], "AllowHeaders": ["authorization", "content-type"]}"""),
    Fix(stack=_S.CLIENT, language="js", summary="send cookies only when the API really needs them",
        snippet="""// credentialed: the server must echo the origin and send ACAC: true
fetch(url, { credentials: 'include' });
// token in a header instead of a cookie: no credentials mode needed
fetch(url, { headers: { Authorization: `Bearer ${token}` } });"""),
)

# --- answering the preflight (OPTIONS) ----------------------------------------------------------

PREFLIGHT: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="global app.use(cors()) answers every OPTIONS, before auth",
        snippet="""app.use(cors({ origin: ['https://app.example.com'] }));  // handles OPTIONS for all routes
app.use(authMiddleware);                                   // after cors: preflights never reach it
// per-route cors() needs its own: app.options('/items/:id', cors(opts));
// Express 5: app.options('/{*splat}', cors(opts)) -- '*' throws at start-up"""),
    Fix(stack=_S.STARLETTE, language="python", summary="CORSMiddleware outermost, methods the app uses",
        snippet="""app.add_middleware(AuthMiddleware)
app.add_middleware(                      # added last = runs first, before auth
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],   # default is GET only -> 400
    allow_headers=["Authorization", "Content-Type"],
)"""),
    Fix(stack=_S.FLASK, language="python", summary="let Flask-CORS answer OPTIONS (automatic_options)",
        snippet="""CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}})
# do not reject OPTIONS in a before_request auth hook:
@app.before_request
def auth():
    if request.method == "OPTIONS":
        return None
    ..."""),
    Fix(stack=_S.DJANGO, language="python", summary="CorsMiddleware first, so it answers the preflight",
        snippet="""MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",        # first: answers OPTIONS with 200
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    ...
]"""),
    Fix(stack=_S.SPRING, language="java", summary="http.cors() so Spring Security lets preflights through",
        snippet="""@Bean
SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.cors(Customizer.withDefaults())           // uses the CorsConfigurationSource bean
        .authorizeHttpRequests(a -> a.anyRequest().authenticated());
    return http.build();
}"""),
    Fix(stack=_S.NGINX, language="nginx", summary="answer OPTIONS with 204 and the full header set",
        snippet="""location /api/ {
    if ($request_method = OPTIONS) {      # only add_header + return inside: safe
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE, OPTIONS" always;
        add_header Access-Control-Allow-Headers "Authorization, Content-Type" always;
        add_header Access-Control-Max-Age 7200 always;
        add_header Vary Origin always;
        return 204;
    }
    proxy_pass http://backend;
}"""),
    Fix(stack=_S.APACHE, language="apache", summary="answer OPTIONS with 204; headers set with 'always'",
        snippet="""Header always set Access-Control-Allow-Methods "GET, POST, PUT, DELETE, OPTIONS" env=CORS_ORIGIN
Header always set Access-Control-Allow-Headers "Authorization, Content-Type" env=CORS_ORIGIN
RewriteEngine On
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteRule ^ - [R=204,L]"""),
    Fix(stack=_S.CLOUDFRONT, language="json", summary="allow OPTIONS on the cache behavior",
        snippet=""""AllowedMethods": {"Quantity": 7,
  "Items": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
  "CachedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]}}
// with OPTIONS cached, forward Origin + Access-Control-Request-* (managed policy CORS-CustomOrigin)"""),
    Fix(stack=_S.API_GATEWAY, language="yaml", summary="SAM: Cors on the API (an OPTIONS mock, no authorizer)",
        snippet="""Globals:
  Api:
    Cors:
      AllowOrigin: "'https://app.example.com'"      # inner single quotes: a mapping expression
      AllowMethods: "'GET,POST,PUT,DELETE,OPTIONS'"
      AllowHeaders: "'Authorization,Content-Type'"
    Auth:
      AddDefaultAuthorizerToCorsPreflight: false"""),
)

# --- methods and headers ------------------------------------------------------------------------

METHODS: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="list every method the page uses",
        snippet="app.use(cors({ origin: allowed, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] }));"),
    Fix(stack=_S.STARLETTE, language="python", summary="allow_methods defaults to GET only",
        snippet='app.add_middleware(CORSMiddleware, allow_origins=[...], '
                'allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"])'),
    Fix(stack=_S.FLASK, language="python", summary="methods= (the default already lists PUT/PATCH/DELETE)",
        snippet='CORS(app, origins=[...], methods=["GET", "POST", "PUT", "PATCH", "DELETE"])'),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_ALLOW_METHODS",
        snippet='from corsheaders.defaults import default_methods\n'
                'CORS_ALLOW_METHODS = (*default_methods,)   # DELETE GET OPTIONS PATCH POST PUT'),
    Fix(stack=_S.SPRING, language="java", summary="allowedMethods (unset means GET, HEAD)",
        snippet='registry.addMapping("/api/**").allowedOrigins("https://app.example.com")\n'
                '        .allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE");'),
    Fix(stack=_S.NGINX, language="nginx", summary="Access-Control-Allow-Methods on the preflight (case-sensitive)",
        snippet='add_header Access-Control-Allow-Methods "GET, POST, PUT, PATCH, DELETE, OPTIONS" always;'),
    Fix(stack=_S.APACHE, language="apache", summary="Access-Control-Allow-Methods with 'always'",
        snippet='Header always set Access-Control-Allow-Methods "GET, POST, PUT, PATCH, DELETE, OPTIONS"'),
    Fix(stack=_S.S3, language="json", summary="AllowedMethods (OPTIONS is not a valid value)",
        snippet='"AllowedMethods": ["GET", "HEAD", "PUT", "POST", "DELETE"]'),
    Fix(stack=_S.API_GATEWAY, language="json", summary="AllowMethods in the CORS configuration",
        snippet='"AllowMethods": ["GET", "POST", "PUT", "PATCH", "DELETE"]'),
    Fix(stack=_S.CLIENT, language="js", summary="send the method in upper case (PATCH is not normalized)",
        snippet="fetch(url, { method: 'PATCH' });   // 'patch' is sent as-is and fails against PATCH"),
)

HEADERS: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="allowedHeaders (or omit it: cors reflects the request)",
        snippet="app.use(cors({ origin: allowed, allowedHeaders: ['Authorization', 'Content-Type', "
                "'X-Api-Key'] }));"),
    Fix(stack=_S.STARLETTE, language="python", summary="allow_headers (default: only the safelisted ones)",
        snippet='app.add_middleware(CORSMiddleware, allow_origins=[...], '
                'allow_headers=["Authorization", "Content-Type", "X-Api-Key"])'),
    Fix(stack=_S.FLASK, language="python", summary="allow_headers",
        snippet='CORS(app, origins=[...], allow_headers=["Authorization", "Content-Type", "X-Api-Key"])'),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_ALLOW_HEADERS extends the defaults",
        snippet='from corsheaders.defaults import default_headers\n'
                'CORS_ALLOW_HEADERS = (*default_headers, "x-api-key")'),
    Fix(stack=_S.SPRING, language="java", summary="allowedHeaders",
        snippet='cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Api-Key"));'),
    Fix(stack=_S.NGINX, language="nginx", summary="list Authorization explicitly ('*' never covers it)",
        snippet='add_header Access-Control-Allow-Headers "Authorization, Content-Type, X-Api-Key" always;'),
    Fix(stack=_S.APACHE, language="apache", summary="Access-Control-Allow-Headers with 'always'",
        snippet='Header always set Access-Control-Allow-Headers "Authorization, Content-Type, X-Api-Key"'),
    Fix(stack=_S.S3, language="json", summary="AllowedHeaders must match every requested header",
        snippet='"AllowedHeaders": ["Authorization", "Content-Type", "x-amz-*"]'),
    Fix(stack=_S.API_GATEWAY, language="json", summary="AllowHeaders in the CORS configuration",
        snippet='"AllowHeaders": ["authorization", "content-type", "x-api-key"]'),
    Fix(stack=_S.CLIENT, language="js", summary="send only the headers the API needs",
        snippet="// a JSON body needs Content-Type: application/json, which is not safelisted\n"
                "fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })"),
)

# --- CORS headers on error responses ------------------------------------------------------------

ERRORS: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="'always' adds the header to 4xx/5xx too",
        snippet="add_header Access-Control-Allow-Origin $cors_origin always;\n"
                "add_header Vary Origin always;"),
    Fix(stack=_S.APACHE, language="apache", summary="'Header always set' (onsuccess skips non-2xx)",
        snippet='Header unset Access-Control-Allow-Origin\n'
                'Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN'),
    Fix(stack=_S.STARLETTE, language="python", summary="turn exceptions into responses inside CORSMiddleware",
        snippet="""@app.middleware("http")              # added before CORSMiddleware, so CORS wraps it
async def errors_as_json(request, call_next):
    try:
        return await call_next(request)
    except Exception:
        return JSONResponse({"detail": "internal error"}, status_code=500)

app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])"""),
    Fix(stack=_S.EXPRESS, language="js", summary="cors() first; never fail the origin callback with an Error",
        snippet="""app.use(cors({ origin: allowed }));   // headers are set before any route can throw
app.use(routes);
app.use((err, req, res, next) => res.status(500).json({ error: 'internal' }));  // keeps the headers"""),
    Fix(stack=_S.FLASK, language="python", summary="keep intercept_exceptions (the default) on",
        snippet='CORS(app, origins=[...], intercept_exceptions=True)   # errors keep their CORS headers'),
    Fix(stack=_S.API_GATEWAY, language="yaml", summary="CORS headers on gateway responses (4XX/5XX)",
        snippet="""GatewayResponses:
  DEFAULT_4XX:
    ResponseParameters:
      Headers:
        Access-Control-Allow-Origin: "'https://app.example.com'"
  DEFAULT_5XX:
    ResponseParameters:
      Headers:
        Access-Control-Allow-Origin: "'https://app.example.com'\""""),
)

# --- one layer sets CORS --------------------------------------------------------------------------

ONE_LAYER: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="hide the app's header when nginx sets its own",
        snippet="""proxy_hide_header Access-Control-Allow-Origin;
proxy_hide_header Access-Control-Allow-Credentials;
add_header Access-Control-Allow-Origin $cors_origin always;
# or: remove every add_header Access-Control-* here and let the app do CORS"""),
    Fix(stack=_S.APACHE, language="apache", summary="unset the backend's header, then set one",
        snippet='Header unset Access-Control-Allow-Origin\n'
                'Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN'),
    Fix(stack=_S.EXPRESS, language="js", summary="one mechanism: drop manual res.setHeader calls",
        snippet="// remove: res.setHeader('Access-Control-Allow-Origin', '*');\n"
                "app.use(cors({ origin: allowed }));"),
    Fix(stack=_S.CLOUDFRONT, language="json", summary="OriginOverride decides who wins",
        snippet='"CorsConfig": { ..., "OriginOverride": true }   // CloudFront replaces the origin\'s headers'),
    Fix(stack=_S.API_GATEWAY, language="text", summary="HTTP API CORS ignores the backend's headers",
        snippet="Either configure CorsConfiguration on the HTTP API and remove CORS from the Lambda/app,\n"
                "or remove CorsConfiguration and let the backend answer OPTIONS and set the headers."),
    Fix(stack=_S.NETLIFY, language="text", summary="one Access-Control-Allow-Origin per path",
        snippet="Netlify joins two ACAO lines for the same path into 'a, b'; keep exactly one,\n"
                "and do not set it again from a function for the same path."),
)

# --- caches and Vary ----------------------------------------------------------------------------

VARY: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="Vary: Origin on every CORS response",
        snippet="add_header Vary Origin always;"),
    Fix(stack=_S.APACHE, language="apache", summary="merge Origin into Vary",
        snippet='Header always merge Vary "Origin"'),
    Fix(stack=_S.CLOUDFRONT, language="json", summary="a cache policy with Origin in the cache key",
        snippet="""{"Name": "origin-aware", "DefaultTTL": 86400, "MaxTTL": 31536000, "MinTTL": 0,
 "ParametersInCacheKeyAndForwardedToOrigin": {
   "EnableAcceptEncodingGzip": true,
   "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": {"Quantity": 3,
     "Items": ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]}},
   "CookiesConfig": {"CookieBehavior": "none"},
   "QueryStringsConfig": {"QueryStringBehavior": "none"}}}"""),
    Fix(stack=_S.EXPRESS, language="js", summary="the cors package sets Vary: Origin for origin lists",
        snippet="app.use(cors({ origin: ['https://app.example.com'] }));   // adds Vary: Origin"),
    Fix(stack=_S.ANY, language="text", summary="or do not cache per-origin responses in shared caches",
        snippet="Cache-Control: private, no-store   (on responses whose Access-Control-Allow-Origin varies)"),
)

# --- Origin reaches the app ---------------------------------------------------------------------

FORWARD_ORIGIN: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="do not clear or rewrite Origin towards the upstream",
        snippet="# remove: proxy_set_header Origin \"\";\nproxy_pass http://backend;   "
                "# nginx forwards Origin unchanged by default"),
    Fix(stack=_S.CLOUDFRONT, language="text", summary="an origin request policy that forwards Origin",
        snippet="Behavior > Origin request policy: CORS-CustomOrigin (59781a5b-3903-41f3-afcb-af62929ccde1)\n"
                "or CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf) for S3 origins"),
    Fix(stack=_S.APACHE, language="apache", summary="keep the Origin request header",
        snippet="# remove: RequestHeader unset Origin\nProxyPass /api/ http://backend/api/"),
)

STRIP: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="do not hide the backend's CORS headers unless you set them",
        snippet="# remove: proxy_hide_header Access-Control-Allow-Origin;  (or add_header it yourself)"),
    Fix(stack=_S.APACHE, language="apache", summary="do not unset the backend's CORS headers",
        snippet="# remove: Header always unset Access-Control-Allow-Origin"),
    Fix(stack=_S.CLOUDFRONT, language="text", summary="a response headers policy must not remove them",
        snippet="ResponseHeadersPolicy > RemoveHeadersConfig: drop Access-Control-* items;\n"
                "CorsConfig.OriginOverride=false lets the origin's headers through"),
)

# --- redirects ------------------------------------------------------------------------------------

REDIRECTS: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="call the final URL (scheme, host, trailing slash)",
        snippet="// was: fetch('http://api.example.com/items') -> 301 https://api.example.com/items/\n"
                "fetch('https://api.example.com/items/', { method: 'PUT', body });"),
    Fix(stack=_S.DJANGO, language="python", summary="no slash redirect for API routes",
        snippet='APPEND_SLASH = False   # or make the client call the URL with the trailing slash'),
    Fix(stack=_S.STARLETTE, language="python", summary="no slash redirect",
        snippet='app = FastAPI(redirect_slashes=False)   # Starlette: Router(redirect_slashes=False)'),
    Fix(stack=_S.NGINX, language="nginx", summary="do not redirect OPTIONS",
        snippet="""if ($request_method = OPTIONS) { return 204; }   # before any 'return 301'
return 301 https://$host$request_uri;"""),
)

# --- Private Network Access -----------------------------------------------------------------------

PRIVATE_NETWORK: tuple[Fix, ...] = (
    Fix(stack=_S.STARLETTE, language="python", summary="allow_private_network=True (Starlette 1.x)",
        snippet='app.add_middleware(CORSMiddleware, allow_origins=[...], allow_private_network=True)'),
    Fix(stack=_S.FLASK, language="python", summary="allow_private_network=True",
        snippet='CORS(app, origins=[...], allow_private_network=True)'),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_ALLOW_PRIVATE_NETWORK",
        snippet='CORS_ALLOW_PRIVATE_NETWORK = True'),
    Fix(stack=_S.NGINX, language="nginx", summary="answer the private-network preflight",
        snippet='add_header Access-Control-Allow-Private-Network true always;   # in the OPTIONS branch'),
    Fix(stack=_S.EXPRESS, language="js", summary="set the header on the preflight",
        snippet="app.options('/{*splat}', (req, res, next) => {\n"
                "  res.setHeader('Access-Control-Allow-Private-Network', 'true'); next();\n"
                "}, cors(opts));"),
)

LOCAL_NETWORK: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="serve the page over https and let the user grant access",
        snippet="// the page must be a secure context (https:// or localhost)\n"
                "fetch('http://192.168.1.10/api', { targetAddressSpace: 'local' });"),
    Fix(stack=_S.ANY, language="text", summary="or give the device a public name and TLS",
        snippet="Expose the service through a public https URL (reverse proxy / tunnel) "
                "instead of a private IP."),
)

# --- exposure -------------------------------------------------------------------------------------

EXPOSE: tuple[Fix, ...] = (
    Fix(stack=_S.EXPRESS, language="js", summary="exposedHeaders",
        snippet="app.use(cors({ origin: allowed, exposedHeaders: ['ETag', 'Content-Disposition', 'X-Total-Count'] }));"),
    Fix(stack=_S.STARLETTE, language="python", summary="expose_headers",
        snippet='app.add_middleware(CORSMiddleware, allow_origins=[...], '
                'expose_headers=["ETag", "X-Total-Count"])'),
    Fix(stack=_S.FLASK, language="python", summary="expose_headers",
        snippet='CORS(app, origins=[...], expose_headers=["ETag", "X-Total-Count"])'),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_EXPOSE_HEADERS",
        snippet='CORS_EXPOSE_HEADERS = ["ETag", "X-Total-Count"]'),
    Fix(stack=_S.SPRING, language="java", summary="exposedHeaders",
        snippet='cors.setExposedHeaders(List.of("ETag", "X-Total-Count"));'),
    Fix(stack=_S.NGINX, language="nginx", summary="Access-Control-Expose-Headers on the actual response",
        snippet='add_header Access-Control-Expose-Headers "ETag, X-Total-Count" always;'),
    Fix(stack=_S.APACHE, language="apache", summary="Access-Control-Expose-Headers",
        snippet='Header always set Access-Control-Expose-Headers "ETag, X-Total-Count"'),
    Fix(stack=_S.S3, language="json", summary="ExposeHeaders (ETag for multipart uploads)",
        snippet='"ExposeHeaders": ["ETag", "x-amz-request-id"]'),
)

MAX_AGE: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="a number of seconds, at most 7200 (Chromium's cap)",
        snippet="add_header Access-Control-Max-Age 7200 always;"),
    Fix(stack=_S.EXPRESS, language="js", summary="maxAge in seconds",
        snippet="app.use(cors({ origin: allowed, maxAge: 7200 }));"),
    Fix(stack=_S.STARLETTE, language="python", summary="max_age in seconds (default 600)",
        snippet="app.add_middleware(CORSMiddleware, allow_origins=[...], max_age=7200)"),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_PREFLIGHT_MAX_AGE",
        snippet="CORS_PREFLIGHT_MAX_AGE = 7200"),
)

# --- security: a narrow, anchored allowlist -----------------------------------------------------

ANCHORED: tuple[Fix, ...] = (
    Fix(stack=_S.NGINX, language="nginx", summary="anchor the regex and escape the dots",
        snippet='map $http_origin $cors_origin { default ""; "~^https://(app|admin)\\.example\\.com$" '
                '$http_origin; }'),
    Fix(stack=_S.APACHE, language="apache", summary="anchor SetEnvIf",
        snippet='SetEnvIf Origin "^https://(app|admin)\\.example\\.com$" CORS_ORIGIN=$0'),
    Fix(stack=_S.FLASK, language="python", summary="Flask-CORS uses re.match: end the pattern with $",
        snippet='CORS(app, origins=[r"^https://[a-z0-9-]+\\.example\\.com$"], supports_credentials=True)'),
    Fix(stack=_S.DJANGO, language="python", summary="CORS_ALLOWED_ORIGIN_REGEXES with ^...$",
        snippet='CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\\.example\\.com$"]'),
    Fix(stack=_S.EXPRESS, language="js", summary="RegExp origins are unanchored unless you anchor them",
        snippet="app.use(cors({ origin: [/^https:\\/\\/[a-z0-9-]+\\.example\\.com$/], credentials: true }));"),
    Fix(stack=_S.STARLETTE, language="python", summary="allow_origin_regex is fullmatched; escape dots",
        snippet='allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com"'),
    Fix(stack=_S.SPRING, language="java", summary="allowedOriginPatterns with a fixed suffix",
        snippet='.allowedOriginPatterns("https://*.example.com")'),
)

NO_NULL: tuple[Fix, ...] = (
    Fix(stack=_S.ANY, language="text", summary="never list 'null' as an allowed origin",
        snippet="Remove 'null' from the allowlist (sandboxed iframes, file: pages and redirected requests\n"
                "all send Origin: null, so anyone can produce it)."),
    Fix(stack=_S.NGINX, language="nginx", summary="no map entry for null",
        snippet='map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }'),
)

HTTPS_ONLY: tuple[Fix, ...] = (
    Fix(stack=_S.ANY, language="text", summary="trust only https:// origins for an https API",
        snippet="Replace http://app.example.com by https://app.example.com in the allowlist;\n"
                "keep http://localhost:PORT only in development settings."),
)

# --- the page script ------------------------------------------------------------------------------

CLIENT_MODE: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="use mode 'cors' (the default) for cross-origin reads",
        snippet="fetch('https://api.example.com/items');               // mode: 'cors' by default\n"
                "fetch(url, { mode: 'no-cors' });  // opaque: status 0, body unreadable by design"),
)
CLIENT_SCHEME: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="serve the page and the API over http(s)",
        snippet="// file:///index.html cannot fetch with CORS; serve it: python3 -m http.server 8000\n"
                "fetch('http://localhost:8000/data.json');"),
)
CLIENT_REQUEST: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="build a request the Fetch standard accepts",
        snippet="// no CONNECT/TRACE/TRACK, no body on GET/HEAD, valid header names and values\n"
                "fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });"),
)
CLIENT_HTTPS: tuple[Fix, ...] = (
    Fix(stack=_S.CLIENT, language="js", summary="call the API over https from an https page",
        snippet="fetch('https://api.example.com/items');   // not http://"),
)
CLIENT_NETWORK: tuple[Fix, ...] = (
    Fix(stack=_S.ANY, language="text", summary="make the server reachable first",
        snippet="Check DNS, the TLS certificate (a self-signed cert fails silently in fetch), the port,\n"
                "firewalls and browser extensions; the console's net::ERR_* line names the cause."),
)

# --- corsdoctor itself ----------------------------------------------------------------------------

TOOL: tuple[Fix, ...] = (
    Fix(stack=_S.ANY, language="text", summary="check the input and run again",
        snippet="corsdoctor check URL --origin https://app.example.com -v   # -v shows each exchange"),
)
