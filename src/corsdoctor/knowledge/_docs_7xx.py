"""7xx security smells: configurations that work, but let the wrong sites read responses.

Spec anchor: https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Example, VerifyKind, VerifyStep

_EVIL = Example(origin="https://evil.example", credentials=True)
_EVIL_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url} -H {origin} -H 'Cookie: session=x' 2>&1 | grep -i '^< access-control'",
    expect="no Access-Control-Allow-Origin (and no Allow-Credentials) for an origin you do not trust",
)
_SECURITY = (_EVIL_CURL, V.CHECK)

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="CORS701",
        root_cause="Any origin is reflected into Access-Control-Allow-Origin together with "
        "Access-Control-Allow-Credentials: true, so every website can read this API as the logged-in "
        "user (Starlette/Flask/django '*' + credentials, nginx $http_origin).",
        where_to_look=(P.APP, P.PROXY, P.GATEWAY),
        fixes=F.CREDENTIALS[:6] + F.ANCHORED[:2],
        verify=_SECURITY,
        example=_EVIL,
    ),
    CodeDoc(
        code="CORS702",
        root_cause="Origin 'null' is allowed; sandboxed iframes, file: pages and redirected requests send "
        "it, so any site can obtain it.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.NO_NULL,
        verify=_SECURITY,
        example=Example(origin="null", credentials=True),
    ),
    CodeDoc(
        code="CORS703",
        root_cause="An origin regex is unanchored or has an unescaped dot, so "
        "'https://example.com.evil.net' or 'https://evilexample.com' match.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.ANCHORED,
        verify=_SECURITY,
        example=Example(origin="https://app.example.com.evil.example", credentials=True),
    ),
    CodeDoc(
        code="CORS704",
        root_cause="An http:// origin is trusted by an https API; a network attacker can inject script "
        "into that origin and read the API.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.HTTPS_ONLY,
        verify=_SECURITY,
        example=Example(origin="http://app.example.com", credentials=True),
    ),
    CodeDoc(
        code="CORS705",
        root_cause="A public '*' is served on an endpoint that reads cookies or Authorization; fine for "
        "public data, dangerous if the response depends on who asks.",
        where_to_look=(P.APP, P.PROXY, P.STATIC_HOST),
        fixes=F.ALLOWLIST[:2] + F.ALLOWLIST[5:7],
        verify=_SECURITY,
        example=_EVIL,
    ),
    CodeDoc(
        code="CORS706",
        root_cause="Origins are matched by prefix or suffix (startswith/endswith/contains), so look-alike "
        "domains such as 'https://notexample.com' pass.",
        where_to_look=(P.APP, P.PROXY),
        fixes=F.ANCHORED,
        verify=_SECURITY,
        example=Example(origin="https://notexample.com", credentials=True),
    ),
)
