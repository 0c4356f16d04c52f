"""3xx redirects in a CORS request.

Spec anchor: https://fetch.spec.whatwg.org/#http-redirect-fetch
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc

_REDIRECT = (V.REDIRECT_CURL, V.DEVTOOLS, V.CHECK)

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS301",
        root_cause="A redirect's Location carries user:password@; CORS requests refuse to follow it.",
        where_to_look=(P.PROXY_REDIRECT, P.APP),
        fixes=F.REDIRECTS[:1],
        verify=_REDIRECT,
    ),
    CodeDoc(
        code="CORS302",
        root_cause="More than 20 redirects: usually a loop (http↔https, slash added/removed, a login "
        "redirect) between the proxy and the app.",
        where_to_look=(P.PROXY_REDIRECT, P.APP, P.CDN),
        fixes=F.REDIRECTS,
        verify=_REDIRECT,
    ),
    CodeDoc(
        code="CORS303",
        root_cause="A redirect points to a scheme other than http(s) (data:, ftp:, a custom app scheme).",
        where_to_look=(P.APP, P.PROXY_REDIRECT),
        fixes=F.REDIRECTS[:1],
        verify=_REDIRECT,
    ),
    CodeDoc(
        code="CORS304",
        root_cause="The page asked for redirect: 'error' and the server redirected.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT),
        fixes=F.REDIRECTS[:1],
        verify=_REDIRECT,
    ),
    CodeDoc(
        code="CORS305",
        root_cause="A redirect's Location header cannot be parsed as a URL.",
        where_to_look=(P.APP, P.PROXY_REDIRECT),
        fixes=F.REDIRECTS[:1],
        verify=_REDIRECT,
    ),
    CodeDoc(
        code="CORS306",
        root_cause="After a cross-origin redirect the browser sends Origin: null (tainted origin), but the "
        "final server allows only the page's origin. Call the final URL directly, or (for public data "
        "only) answer '*'.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT, P.APP),
        fixes=F.REDIRECTS[:1] + F.ALLOWLIST[:1],
        verify=_REDIRECT,
        see_also=("CORS006",),
    ),
    CodeDoc(
        code="CORS307",
        root_cause="The request is redirected to another origin; every hop must pass the CORS check and "
        "later hops may carry Origin: null.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT),
        fixes=F.REDIRECTS[:1],
        verify=_REDIRECT,
    ),
)
