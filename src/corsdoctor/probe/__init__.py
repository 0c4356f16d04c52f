"""The live prober: sends what a browser would put on the wire, as the engine decides it.

HTTP/1.1 and HTTP/2 through httpx; raw response headers (order, casing, duplicates); bodies capped;
failures below HTTP mapped to ``net::ERR_*``; ``--resolve`` as curl.  The transport is the seam:
``httpx.ASGITransport`` or ``httpx.MockTransport`` probe an in-process app.
"""

from corsdoctor.probe._browser import sec_fetch_site, transport_headers
from corsdoctor.probe._curl import curl_command, redact_header
from corsdoctor.probe._extras import ATTACKER_ORIGIN, not_found_url
from corsdoctor.probe._layers import infer_layers
from corsdoctor.probe._neterrors import RESTRICTED_PORTS, net_error_for
from corsdoctor.probe._options import DEFAULT_BODY_CAP, ProbeOptions, ResolveRule
from corsdoctor.probe._prober import Prober
from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._result import (
    CheckRequest,
    CheckResult,
    Layer,
    OriginResult,
    Outcome,
    Reported,
    Step,
)
from corsdoctor.probe._session import drive, run_check

__all__ = [
    "ATTACKER_ORIGIN",
    "DEFAULT_BODY_CAP",
    "RESTRICTED_PORTS",
    "CheckRequest",
    "CheckResult",
    "Layer",
    "OriginResult",
    "Outcome",
    "ProbeOptions",
    "Prober",
    "Reported",
    "ResolveRule",
    "Step",
    "WireRecord",
    "curl_command",
    "drive",
    "infer_layers",
    "net_error_for",
    "not_found_url",
    "redact_header",
    "run_check",
    "sec_fetch_site",
    "transport_headers",
]
