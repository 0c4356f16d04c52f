"""9xx tool conditions: corsdoctor could not conclude (never a verdict about the server).

Spec anchor: none (these describe corsdoctor's own run).
"""

from __future__ import annotations

from corsdoctor.knowledge import _fixes as F
from corsdoctor.knowledge import _places as P
from corsdoctor.knowledge import _verify as V
from corsdoctor.knowledge._model import CodeDoc, Fix, Stack, VerifyKind, VerifyStep

_RERUN = VerifyStep(kind=VerifyKind.CORSDOCTOR, command="{check}",
                    expect="the run concludes (exit status 0 or 1, not 2)")
_CONNECT = VerifyStep(kind=VerifyKind.CURL, command="curl -sv -o /dev/null --max-time 10 {url}",
                      expect="an HTTP status line comes back")

DOCS: tuple[CodeDoc, ...] = (
    CodeDoc(code="CORS901", root_cause="The target could not be reached (DNS, refused, TLS); nothing "
            "about CORS could be checked.", where_to_look=(P.NETWORK, P.TOOL),
            fixes=F.CLIENT_NETWORK, verify=(_CONNECT, _RERUN)),
    CodeDoc(code="CORS902", root_cause="A configuration file could not be parsed, so the linter's view "
            "of it is incomplete.", where_to_look=(P.TOOL,),
            fixes=(Fix(stack=Stack.ANY, language="shell", summary="validate the file with its own tool",
                       snippet="nginx -t -c /etc/nginx/nginx.conf\napachectl configtest\n"
                               "python3 -m json.tool vercel.json"),),
            verify=(VerifyStep(kind=VerifyKind.CORSDOCTOR, command="corsdoctor lint PATH",
                               expect="no CORS902 finding"),)),
    CodeDoc(code="CORS903", root_cause="The input (URL, origin, header, scenario, HAR) is malformed.",
            where_to_look=(P.TOOL,), fixes=F.TOOL, verify=(_RERUN,)),
    CodeDoc(code="CORS904", root_cause="The target did not answer in time; the server, a proxy or the "
            "network is slow or dropping the request.", where_to_look=(P.NETWORK, P.PROXY, P.TOOL),
            fixes=F.CLIENT_NETWORK, verify=(_CONNECT, _RERUN)),
    CodeDoc(code="CORS905", root_cause="The response was larger than corsdoctor's cap; the rest was not "
            "read (headers were).", where_to_look=(P.TOOL,), fixes=F.TOOL, verify=(_RERUN,)),
    CodeDoc(code="CORS906", root_cause="The recording lacks what a verdict needs (e.g. a HAR exported "
            "without response headers, or a sanitized HAR).", where_to_look=(P.TOOL,),
            fixes=(Fix(stack=Stack.ANY, language="text", summary="export the HAR with content",
                       snippet="DevTools > Network > Export HAR (with sensitive data)"),),
            verify=(V.DEVTOOLS, _RERUN)),
    CodeDoc(code="CORS907", root_cause="Chromium could not be started, so nothing was verified in a real "
            "browser.", where_to_look=(P.TOOL,),
            fixes=(Fix(stack=Stack.ANY, language="shell", summary="install Debian's chromium",
                       snippet="apt-get install -y chromium && chromium --version"),),
            verify=(_RERUN,)),
)
