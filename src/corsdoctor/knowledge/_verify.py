"""Ways to prove a CORS fix: curl with the browser's headers, DevTools, ``corsdoctor check``.

Spec anchor: https://fetch.spec.whatwg.org/#cors-preflight-fetch (what a preflight carries) and
https://fetch.spec.whatwg.org/#cors-check (what the response must answer).
"""

from __future__ import annotations

from corsdoctor.knowledge._model import VerifyKind, VerifyStep

PREFLIGHT_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null -X OPTIONS {url} -H {origin} -H {method}{acrh}",
    expect="a 2xx status, exactly one Access-Control-Allow-Origin equal to the Origin (or '*' without "
    "credentials), and Allow-Methods/Allow-Headers covering the request",
)
ACTUAL_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url} -H {origin}{cookie} 2>&1 | grep -i '^< access-control'",
    expect="exactly one Access-Control-Allow-Origin line, equal to the Origin you sent (or '*' when no "
    "credentials are involved)",
)
CREDENTIALS_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url} -H {origin} -H 'Cookie: session=x' 2>&1 | grep -i '^< access-control'",
    expect="Access-Control-Allow-Origin equal to the Origin (never '*') and "
    "'Access-Control-Allow-Credentials: true' (lower-case)",
)
ERROR_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url}-does-not-exist -H {origin} 2>&1 | grep -iE '^< (HTTP|access-control)'",
    expect="the 4xx/5xx response also carries Access-Control-Allow-Origin, so the page sees the real status",
)
REDIRECT_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="curl -sv -o /dev/null {url} -H {origin} 2>&1 | grep -iE '^< (HTTP|location|access-control)'",
    expect="no 3xx for the URL the page calls (call the final URL directly), or every hop carries CORS headers",
)
VARY_CURL = VerifyStep(
    kind=VerifyKind.CURL,
    command="for o in https://a.example https://b.example; do curl -s -o /dev/null -D - {url} "
    "-H \"Origin: $o\" | grep -iE '^(access-control-allow-origin|vary|age|x-cache|cf-cache-status)'; done",
    expect="each Origin gets its own Access-Control-Allow-Origin and the response says 'Vary: Origin'",
)
DEVTOOLS = VerifyStep(
    kind=VerifyKind.DEVTOOLS,
    command="DevTools > Network: reload, select the failed request (and its 'preflight' twin); read the "
    "Status, the Response Headers and the console line",
    expect="the request is no longer marked 'CORS error' and the console shows no 'blocked by CORS policy' line",
)
DEVTOOLS_PREFLIGHT = VerifyStep(
    kind=VerifyKind.DEVTOOLS,
    command="DevTools > Network: enable 'Disable cache', reload, select the entry of type 'preflight' "
    "(OPTIONS); check its status and the Access-Control-* response headers",
    expect="the preflight answers 2xx with the Access-Control-Allow-* headers the request needs",
)
CHECK = VerifyStep(
    kind=VerifyKind.CORSDOCTOR,
    command="{check}",
    expect="exit status 0 and no finding for this code",
)

#: The usual trio for a problem on the actual response.
ACTUAL = (ACTUAL_CURL, DEVTOOLS, CHECK)
#: The usual trio for a preflight problem.
PREFLIGHT = (PREFLIGHT_CURL, DEVTOOLS_PREFLIGHT, CHECK)
