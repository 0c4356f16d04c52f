"""The vocabulary of ``corsdoctor hops``: paths to the backend, what each returned, and what each
hop did to the CORS headers.

A *path* is one way to reach the same resource: the public URL (through every CDN, proxy and
gateway), an intermediate URL (``--via``), or the public URL with DNS bypassed (``--resolve``).
Paths are ordered from the browser inwards; the last one is normally the origin server itself.
The *hop* between path ``i`` and path ``i + 1`` is the layer that path ``i`` crosses and path
``i + 1`` does not: every difference between their responses is that layer's doing.

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from corsdoctor.engine import ExchangeKind, Finding, Response, Verdict, WireRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolve:
    """``HOST:PORT:ADDR`` as curl's ``--resolve``: connect to ``addr`` for ``host:port``."""

    host: str
    port: int
    addr: str

    def __str__(self) -> str:
        addr = f"[{self.addr}]" if ":" in self.addr else self.addr
        return f"{self.host}:{self.port}:{addr}"


@dataclass(frozen=True, slots=True, kw_only=True)
class PathSpec:
    """One path to the backend: the URL requested and, for ``--resolve``, where to connect."""

    label: str
    url: str
    resolve: Resolve | None = None

    @property
    def describe(self) -> str:
        if self.resolve is not None:
            return f"{self.url} via {self.resolve.addr}"
        return self.url


class Fault(enum.Enum):
    """Why a path produced no usable answer."""

    DOWN = "down"
    TIMEOUT = "timeout"
    GARBAGE = "garbage"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sent:
    """One request sent along a path and what came back (``response`` or a fault)."""

    request: WireRequest
    response: Response | None = None
    fault: Fault | None = None
    net_error: str | None = None
    detail: str = ""
    elapsed_ms: float = 0.0
    #: sha256 (hex, first 16) of the first bytes of the body that were read.
    body_digest: str = ""
    #: The ``--cookie`` went out with this request (its value is never kept).
    cookie_sent: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class HopKind:
    """What kind of layer a hop is, and the header lines that gave it away."""

    key: str
    display: str
    category: str
    evidence: tuple[str, ...] = ()


UNKNOWN_KIND = HopKind(key="unknown", display="an unidentified layer", category="proxy")


@dataclass(frozen=True, slots=True, kw_only=True)
class PathResult:
    """Everything one path answered: the engine verdict of the browser-exact exchange."""

    index: int
    spec: PathSpec
    verdict: Verdict | None
    sent: tuple[Sent, ...]
    fault: Fault | None = None
    fault_detail: str = ""
    kind: HopKind = UNKNOWN_KIND

    def response(self, kind: ExchangeKind) -> Response | None:
        for item in self.sent:
            if item.request.kind is kind and item.response is not None:
                return item.response
        return None

    def sent_of(self, kind: ExchangeKind) -> Sent | None:
        return next((s for s in self.sent if s.request.kind is kind), None)


class Action(enum.Enum):
    """What a hop did to one header (or to the whole exchange)."""

    STRIPPED = "stripped"
    ADDED = "added"
    REWRITTEN = "rewritten"
    DUPLICATED = "duplicated"
    OPTIONS_ANSWERED = "answered-options-itself"
    STATUS_CHANGED = "status-changed"
    ERROR_REWRITTEN = "error-rewritten"


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderChange:
    """One difference between a hop's response and the response from behind it."""

    exchange: ExchangeKind
    action: Action
    header: str
    outer: tuple[str, ...]
    inner: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Hop:
    """The layer between path ``outer`` and path ``inner`` (``inner`` None: the origin itself)."""

    index: int
    outer: int
    inner: int | None
    kind: HopKind
    changes: tuple[HeaderChange, ...] = ()
    compared: bool = True
    note: str = ""
    #: Exchanges whose differing answer this hop served from its cache (a fresh request through
    #: it is answered like the layer behind): a stored answer, not a change the hop makes.
    stored: tuple[ExchangeKind, ...] = ()

    @property
    def name(self) -> str:
        return f"hop {self.index + 1}"


@dataclass(frozen=True, slots=True, kw_only=True)
class HopFinding:
    """A finding attributed to one hop, with the fix in that hop's own terms."""

    finding: Finding
    hop: int | None
    path: int | None
    fix: str = ""
    evidence: tuple[str, ...] = ()
    #: A path could not be checked (down, timeout, garbage): a tool condition, not a CORS finding.
    fault: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheTrial:
    """One request of the A, B, A cache test on one path."""

    origin: str
    status: int | None
    acao: tuple[str, ...]
    evidence: tuple[str, ...]
    fault: Fault | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheTest:
    """The A, B, A sequence on one path for one exchange kind (preflight or actual)."""

    path: int
    exchange: ExchangeKind
    trials: tuple[CacheTrial, ...]
    #: "ok", "wrong-origin" (a cached ACAO served to another origin), "cached-failure" (a failed
    #: answer stored earlier served to origin A), "same-for-every-origin" (a wrong ACAO with no
    #: sign of a cache) or "inconclusive".
    outcome: str
    summary: str
    #: Why requests B and A-again look replayed from a cache (Age, HIT, a repeated request id).
    replay: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HopsReport:
    """The whole answer of ``corsdoctor hops``."""

    origin: str
    other_origin: str
    profile: str
    paths: tuple[PathResult, ...]
    hops: tuple[Hop, ...]
    findings: tuple[HopFinding, ...]
    cache_tests: tuple[CacheTest, ...]
    #: A ``--cookie`` was given (sent on credentialed actual requests; its value is never kept).
    cookie: bool = False

    @property
    def concluded(self) -> bool:
        """At least two paths answered, so something could be compared (or the public one did)."""
        return self.paths[0].fault is None
