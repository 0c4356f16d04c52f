"""1xx the CORS check on a response: Access-Control-Allow-Origin and -Credentials.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example

_CRED = Example(credentials=True)

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS101",
        root_cause="ACAO missing: the response has no Access-Control-Allow-Origin header, so the browser "
        "hides it from the page. Usually no layer is configured for this origin or path, the request "
        "never reached the CORS middleware, or a proxy/CDN served its own response.",
        where_to_look=(P.APP, P.PROXY, P.CDN, P.GATEWAY, P.STATIC_HOST, P.STORAGE),
        fixes=F.ALLOWLIST,
        verify=V.ACTUAL,
        see_also=("CORS107", "CORS506", "CORS507"),
    ),
    CodeDoc(
        code="CORS102",
        root_cause="ACAO mismatch: Access-Control-Allow-Origin names another origin. The browser compares "
        "byte for byte (scheme, host, port, case), so the allowlist does not contain this exact origin, "
        "or a hard-coded / cached value for another site is served.",
        where_to_look=(P.APP, P.PROXY, P.CDN_CACHE, P.STATIC_HOST),
        fixes=F.ALLOWLIST,
        verify=(V.ACTUAL_CURL, V.VARY_CURL, V.DEVTOOLS, V.CHECK),
        see_also=("CORS109", "CORS504"),
    ),
    CodeDoc(
        code="CORS103",
        root_cause="Multiple ACAO values: Access-Control-Allow-Origin carries a list ('a, b') or appears "
        "twice. It must be exactly one origin, 'null' or '*'; echo the one allowed origin instead.",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST),
        fixes=F.ALLOWLIST,
        verify=V.ACTUAL,
        see_also=("CORS108",),
    ),
    CodeDoc(
        code="CORS104",
        root_cause="Invalid ACAO value: Access-Control-Allow-Origin is neither a serialized origin, 'null' "
        "nor '*' (quotes, a bare host, '*;' or an empty value).",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST),
        fixes=F.ALLOWLIST,
        verify=V.ACTUAL,
    ),
    CodeDoc(
        code="CORS105",
        root_cause="* with credentials: the request includes cookies or HTTP auth (credentials: 'include', "
        "withCredentials) but the server answers Access-Control-Allow-Origin: *. With credentials the "
        "value must be the exact origin, plus Access-Control-Allow-Credentials: true.",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST, P.CLIENT),
        fixes=F.CREDENTIALS,
        verify=(V.CREDENTIALS_CURL, V.DEVTOOLS, V.CHECK),
        example=_CRED,
    ),
    CodeDoc(
        code="CORS106",
        root_cause="Credentialed request, but Access-Control-Allow-Credentials is absent or not exactly "
        "'true' (lower-case). The server allows the origin but not cookies/auth.",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY, P.CLIENT),
        fixes=F.CREDENTIALS,
        verify=(V.CREDENTIALS_CURL, V.DEVTOOLS, V.CHECK),
        example=_CRED,
    ),
    CodeDoc(
        code="CORS107",
        root_cause="Error responses without CORS headers: a 4xx/5xx (crash, auth failure, proxy error page, "
        "413, 502/504) is built without Access-Control-Allow-Origin, so the page sees a CORS error "
        "instead of the real status. Fix the error AND add CORS headers to error responses.",
        where_to_look=(P.APP_ERRORS, P.PROXY_ERRORS, P.GATEWAY, P.APP_ORDER),
        fixes=F.ERRORS,
        verify=(V.ERROR_CURL, V.DEVTOOLS, V.CHECK),
        see_also=("CORS101", "CORS803"),
    ),
    CodeDoc(
        code="CORS108",
        root_cause="Two layers set ACAO: the app and a proxy/CDN/gateway each add Access-Control-Allow-Origin, "
        "so the browser sees two values (even identical ones fail). Configure CORS in exactly one layer.",
        where_to_look=(P.PROXY, P.APP, P.CDN, P.GATEWAY, P.STATIC_HOST),
        fixes=F.ONE_LAYER,
        verify=V.ACTUAL,
        see_also=("CORS103",),
    ),
    CodeDoc(
        code="CORS109",
        root_cause="A configured origin is not a serialized origin: it has a trailing slash, a path, a "
        "'*.' glob in an exact list, or no scheme. Browsers send 'https://host[:port]' only, so it never "
        "matches.",
        where_to_look=(P.APP, P.PROXY, P.STORAGE, P.STATIC_HOST),
        fixes=F.ALLOWLIST,
        verify=V.ACTUAL,
    ),
)
