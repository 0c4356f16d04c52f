"""2xx the preflight: OPTIONS status, redirects, Allow-Methods, Allow-Headers.

Spec anchor: https://fetch.spec.whatwg.org/#cors-preflight-fetch
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example

_PUT = Example(method="PUT", request_headers=("Content-Type",))

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS201",
        root_cause="OPTIONS not handled (404/405/401/403): the preflight got a non-2xx status. No route "
        "or middleware answers OPTIONS for this path, auth rejects it, or a proxy/gateway returns an "
        "error page.",
        where_to_look=(P.APP_ROUTES, P.APP_AUTH, P.PROXY_OPTIONS, P.GATEWAY, P.CDN),
        fixes=F.PREFLIGHT,
        verify=V.PREFLIGHT,
        example=_PUT,
        see_also=("CORS209", "CORS210"),
    ),
    CodeDoc(
        code="CORS202",
        root_cause="The preflight was redirected (http→https, trailing slash, login page); preflights never "
        "follow redirects. Call the final URL, and do not redirect OPTIONS.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT, P.APP, P.GATEWAY),
        fixes=F.REDIRECTS,
        verify=(V.REDIRECT_CURL, V.PREFLIGHT_CURL, V.CHECK),
        example=_PUT,
    ),
    CodeDoc(
        code="CORS203",
        root_cause="Method not allowed: the method is missing from Access-Control-Allow-Methods (which is "
        "case-sensitive; '*' is literal with credentials). Framework defaults are often GET/HEAD/POST.",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY, P.STORAGE),
        fixes=F.METHODS,
        verify=V.PREFLIGHT,
        example=Example(method="PUT"),
        see_also=("CORS212",),
    ),
    CodeDoc(
        code="CORS204",
        root_cause="Header not allowed: a request header (often Content-Type: application/json, "
        "X-Api-Key, X-Requested-With) is missing from Access-Control-Allow-Headers.",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY, P.STORAGE),
        fixes=F.HEADERS,
        verify=V.PREFLIGHT,
        example=Example(method="POST", request_headers=("X-Api-Key",)),
        see_also=("CORS207",),
    ),
    CodeDoc(
        code="CORS205",
        root_cause="Access-Control-Allow-Methods cannot be parsed: an item is not a token ('GET; POST', "
        "quoted methods, 'GET POST'). The whole preflight fails even if the method is listed.",
        where_to_look=(P.PROXY, P.APP, P.STATIC_HOST),
        fixes=F.METHODS,
        verify=V.PREFLIGHT,
        example=Example(method="PUT"),
    ),
    CodeDoc(
        code="CORS206",
        root_cause="Access-Control-Allow-Headers cannot be parsed: an item is not a token (quotes, "
        "semicolons, spaces inside a name). The whole preflight fails.",
        where_to_look=(P.PROXY, P.APP, P.STATIC_HOST),
        fixes=F.HEADERS,
        verify=V.PREFLIGHT,
        example=Example(method="POST", request_headers=("X-Api-Key",)),
    ),
    CodeDoc(
        code="CORS207",
        root_cause="Authorization is sent but not listed in Access-Control-Allow-Headers. '*' does not "
        "reliably cover Authorization (never with credentials, and not in the spec): list it.",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY),
        fixes=F.HEADERS,
        verify=V.PREFLIGHT,
        example=Example(request_headers=("Authorization",)),
    ),
    CodeDoc(
        code="CORS208",
        root_cause="'*' in Allow-Methods/Allow-Headers/Expose-Headers is a literal name for credentialed "
        "requests, so it allows nothing; list the methods and headers explicitly.",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST),
        fixes=F.HEADERS + F.METHODS[:2],
        verify=V.PREFLIGHT,
        example=Example(method="PUT", request_headers=("Content-Type",), credentials=True),
    ),
    CodeDoc(
        code="CORS209",
        root_cause="Preflight behind auth: OPTIONS requires authentication (401/403), but browsers never "
        "send cookies or Authorization on a preflight. Let OPTIONS through before auth runs.",
        where_to_look=(P.APP_AUTH, P.APP_ORDER, P.GATEWAY, P.CDN, P.PROXY_OPTIONS),
        fixes=F.PREFLIGHT,
        verify=V.PREFLIGHT,
        example=Example(method="GET", request_headers=("Authorization",)),
    ),
    CodeDoc(
        code="CORS210",
        root_cause="OPTIONS not handled: no layer answers the preflight for this route (404/405), e.g. "
        "per-route CORS without an OPTIONS handler, a router group, or a gateway without an OPTIONS "
        "method.",
        where_to_look=(P.APP_ROUTES, P.PROXY_OPTIONS, P.GATEWAY, P.CDN),
        fixes=F.PREFLIGHT,
        verify=V.PREFLIGHT,
        example=_PUT,
    ),
    CodeDoc(
        code="CORS211",
        root_cause="Private Network Access: a public page calls a private/loopback address and the "
        "preflight lacks 'Access-Control-Allow-Private-Network: true'.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.PRIVATE_NETWORK,
        verify=V.PREFLIGHT,
        example=Example(url="http://192.168.1.10/api/status"),
    ),
    CodeDoc(
        code="CORS212",
        root_cause="The framework's default methods/headers (Starlette: GET; Spring: GET/HEAD; rack-cors: "
        "GET) are narrower than what the app uses, so PUT/PATCH/DELETE preflights fail.",
        where_to_look=(P.APP,),
        fixes=F.METHODS,
        verify=V.PREFLIGHT,
        example=Example(method="DELETE"),
    ),
)
