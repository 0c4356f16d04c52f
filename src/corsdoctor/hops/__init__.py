"""``corsdoctor hops``: find the proxy, CDN or gateway that strips, duplicates or caches CORS headers.

The same browser-exact exchange (the engine's transaction) is sent along every path to the
backend — the public URL, intermediate entry points (``--via``) and the origin server directly
(``--via`` or ``--resolve``) — and the CORS response headers are diffed hop by hop.  Each hop is
named from its own headers (nginx, CloudFront, Cloudflare …) and given the fix in its own terms.

    report = diagnose_hops(PageRequest(url=..., origin=...), build_paths(url, [("via", direct)]))

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
"""

from corsdoctor.hops._identify import SIGNATURES, identify
from corsdoctor.hops._json import SCHEMA, to_dict
from corsdoctor.hops._markdown import render_markdown
from corsdoctor.hops._model import (
    Action,
    CacheTest,
    CacheTrial,
    Fault,
    HeaderChange,
    Hop,
    HopFinding,
    HopKind,
    HopsReport,
    PathResult,
    PathSpec,
    Resolve,
    Sent,
)
from corsdoctor.hops._paths import build_paths, parse_resolve
from corsdoctor.hops._run import DEFAULT_OTHER_ORIGIN, HopsOptions, diagnose_hops
from corsdoctor.hops._send import SendOptions
from corsdoctor.hops._summary import exit_code
from corsdoctor.hops._text import render_text

__all__ = [
    "DEFAULT_OTHER_ORIGIN",
    "SCHEMA",
    "SIGNATURES",
    "Action",
    "CacheTest",
    "CacheTrial",
    "Fault",
    "HeaderChange",
    "Hop",
    "HopFinding",
    "HopKind",
    "HopsOptions",
    "HopsReport",
    "PathResult",
    "PathSpec",
    "Resolve",
    "SendOptions",
    "Sent",
    "build_paths",
    "diagnose_hops",
    "exit_code",
    "identify",
    "parse_resolve",
    "render_markdown",
    "render_text",
    "to_dict",
]
