"""0xx classification notes: what kind of request this is (nothing to fix by itself).

Spec anchor: https://fetch.spec.whatwg.org/#main-fetch
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS001",
        root_cause="Page and URL share scheme, host and port, so the browser never runs the CORS protocol; "
        "any failure here is not a CORS problem.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_MODE[:1],
        verify=(V.DEVTOOLS, V.CHECK),
        example=Example(url="https://app.example.com/api/items"),
    ),
    CodeDoc(
        code="CORS002",
        root_cause="The method is GET, HEAD or POST and every header is CORS-safelisted, so no preflight "
        "is sent; only the actual response's Access-Control-Allow-Origin matters.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.ALLOWLIST[:2],
        verify=(V.ACTUAL_CURL, V.CHECK),
    ),
    CodeDoc(
        code="CORS003",
        root_cause="The method or a header is not CORS-safelisted (e.g. PUT, Authorization, "
        "Content-Type: application/json), so an OPTIONS preflight goes first and must succeed.",
        where_to_look=(P.APP, P.PROXY_OPTIONS, P.GATEWAY),
        fixes=F.PREFLIGHT[:2],
        verify=V.PREFLIGHT,
        example=Example(method="PUT", request_headers=("Content-Type",)),
    ),
    CodeDoc(
        code="CORS004",
        root_cause="mode 'no-cors' gives an opaque response: status 0 and no readable body or headers. "
        "This is by design, not an error the server can fix.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_MODE,
        verify=(V.DEVTOOLS, V.CHECK),
    ),
    CodeDoc(
        code="CORS005",
        root_cause="Access-Control-Allow-Headers: * covers Authorization only because browsers are lenient "
        "today; the Fetch standard never lets '*' cover Authorization and Firefox already warns.",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY),
        fixes=F.HEADERS,
        verify=V.PREFLIGHT,
        example=Example(method="GET", request_headers=("Authorization",)),
    ),
    CodeDoc(
        code="CORS006",
        root_cause="A redirect crossed origins, so later hops carry Origin: null (the tainted origin); "
        "the final server must allow 'null' or '*', or the page must call the final URL.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT, P.APP),
        fixes=F.REDIRECTS[:1],
        verify=(V.REDIRECT_CURL, V.CHECK),
    ),
    CodeDoc(
        code="CORS007",
        root_cause="The browser reused a cached preflight result (Access-Control-Max-Age), so a changed "
        "server config may not show until the entry expires.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.MAX_AGE,
        verify=(V.DEVTOOLS_PREFLIGHT, V.CHECK),
        example=Example(method="PUT"),
    ),
)
