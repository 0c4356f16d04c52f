"""6xx network failures, requests rejected before sending, Local Network Access.

Spec anchors: https://fetch.spec.whatwg.org/#main-fetch, https://wicg.github.io/local-network-access/
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example, Fix, Owner, Place, Stack, VerifyKind, VerifyStep

_CONNECT = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url}",
    expect="the TCP connection and TLS handshake succeed and an HTTP status comes back",
)
_CLIENT = (V.DEVTOOLS, V.CHECK)
_LAN = Example(url="http://192.168.1.10/api/status", origin="https://app.example.com")

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS601",
        root_cause="The request failed below HTTP (DNS, connection refused, TLS certificate, reset, "
        "timeout, an extension blocking it). Browsers word some of these as CORS failures; no CORS "
        "header can fix them.",
        where_to_look=(P.NETWORK, P.PROXY, P.GATEWAY),
        fixes=F.CLIENT_NETWORK,
        verify=(_CONNECT, V.DEVTOOLS, V.CHECK),
    ),
    CodeDoc(
        code="CORS602",
        root_cause="Local Network Access: a page that is not a secure context (plain http) calls a more "
        "private address (LAN, loopback).",
        where_to_look=(P.CLIENT, P.NETWORK),
        fixes=F.LOCAL_NETWORK,
        verify=_CLIENT,
        example=_LAN,
    ),
    CodeDoc(
        code="CORS603",
        root_cause="Local Network Access: the user did not grant (or denied) the page permission to reach "
        "the local network.",
        where_to_look=(P.CLIENT, P.NETWORK),
        fixes=F.LOCAL_NETWORK,
        verify=_CLIENT,
        example=_LAN,
    ),
    CodeDoc(
        code="CORS616",
        root_cause="Local Network Access (Chrome 142+): a public page is reaching a private or loopback "
        "address, so Chrome first asks the user for permission; if the user declines, the request fails "
        "exactly like a CORS error.",
        where_to_look=(P.CLIENT, P.NETWORK),
        fixes=F.LOCAL_NETWORK,
        verify=_CLIENT,
        example=_LAN,
    ),
    CodeDoc(
        code="CORS604",
        root_cause="Local Network Access: fetch()'s targetAddressSpace does not match the address space "
        "the resource is actually in.",
        where_to_look=(P.CLIENT,),
        fixes=F.LOCAL_NETWORK,
        verify=_CLIENT,
        example=_LAN,
    ),
    CodeDoc(
        code="CORS605",
        root_cause="The URL's scheme does not support CORS (file:, ftp:, a custom scheme); only http and "
        "https do. A page opened from file:// has origin 'null'.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_SCHEME,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS606",
        root_cause="The page used mode 'same-origin' for a cross-origin URL.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_MODE,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS607",
        root_cause="mode 'no-cors' requires redirect mode 'follow'.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_MODE,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS608",
        root_cause="CONNECT, TRACE and TRACK are forbidden methods: fetch() and XHR throw before sending.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_REQUEST,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS609",
        root_cause="The request is rejected before it is sent: an invalid method or header name/value, "
        "or a body on GET/HEAD.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_REQUEST,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS610",
        root_cause="Mixed content: an https page cannot fetch an http URL; the browser blocks it before "
        "CORS is even considered.",
        where_to_look=(P.CLIENT, P.PROXY_REDIRECT),
        fixes=F.CLIENT_HTTPS,
        verify=_CLIENT,
        example=Example(url="http://api.example.com/v1/items"),
    ),
    CodeDoc(
        code="CORS611",
        root_cause="mode 'no-cors' allows only GET, HEAD and POST.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_MODE,
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS612",
        root_cause="Script set a forbidden request header (Cookie, Origin, Host, Sec-*, Proxy-*...); the "
        "browser drops it silently, so the server never sees it.",
        where_to_look=(P.CLIENT,),
        fixes=F.CLIENT_REQUEST,
        verify=_CLIENT,
    ),
)

_BROWSER = Place(owner=Owner.CLIENT, what="the browser profile: about:config, enterprise policies, "
                 "extensions that issue the request", grep=("about:config  content.cors.disable",))

DOCS += (
    CodeDoc(
        code="CORS613",
        root_cause="CORS is switched off in this browser (Firefox's content.cors.disable); every "
        "cross-origin request fails whatever the server sends.",
        where_to_look=(_BROWSER,),
        fixes=(Fix(stack=Stack.CLIENT, language="text", summary="re-enable CORS in the browser",
                   snippet="about:config > content.cors.disable = false (or reset it)"),),
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS614",
        root_cause="The browser could not add the Origin header: the request comes from an extension or a "
        "privileged (expanded-principal) context, not from a web page.",
        where_to_look=(_BROWSER, P.CLIENT),
        fixes=(Fix(stack=Stack.CLIENT, language="text", summary="issue the request from the page, or give "
                   "the extension host permissions", snippet='"host_permissions": ["https://api.example.com/*"]'),),
        verify=_CLIENT,
    ),
    CodeDoc(
        code="CORS615",
        root_cause="The response is not usable for a CORS request, typically a service worker answering a "
        "cors-mode request with an opaque (no-cors) response.",
        where_to_look=(Place(owner=Owner.CLIENT, what="the service worker's fetch handler",
                             grep=('grep -rnE "respondWith|mode: *.no-cors" src/ public/',)), P.CLIENT),
        fixes=(Fix(stack=Stack.CLIENT, language="js", summary="pass the page's request through unchanged",
                   snippet="self.addEventListener('fetch', e => e.respondWith(fetch(e.request)));"),),
        verify=_CLIENT,
    ),
)
