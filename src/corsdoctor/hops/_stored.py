"""A hop that answered from its cache: a stored failure is not a hop that breaks every answer.

When a hop's answer differs from the layer behind it *and* carries the signs of a cache hit
(``Age`` > 0, an ``X-Cache``-style HIT, ``X-Varnish`` with two request ids), the same request is
sent once more through that hop with a query parameter no cache has seen
(``corsdoctor-cache-bust``).  If that fresh answer carries the same CORS headers as the layer
behind, the hop passes CORS through; the difference came from an answer stored earlier — for
another origin, or at a moment the backend failed — and served to this one.  A cached failed
preflight is the typical case: the cache keyed OPTIONS without ``Origin``,
``Access-Control-Request-Method`` and ``-Headers``, or stored a 5xx.

Only idempotent requests (OPTIONS, GET, HEAD) are re-sent.

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches, RFC 9111 §4 (constructing
responses from caches), §5.1 (``Age``)
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from corsdoctor.engine import ExchangeKind, Response, Stage, WireRequest
from corsdoctor.hops._findings import make_finding
from corsdoctor.hops._fixes import fix_for
from corsdoctor.hops._headers import (
    ACAC,
    ACAH,
    ACAM,
    ACAO,
    EVIDENCE_HEADERS,
    HIT_HEADERS,
    is_cache_hit,
    same_values,
)
from corsdoctor.hops._model import CacheTest, Hop, HopFinding, PathResult, Sent

BUST_PARAM = "corsdoctor-cache-bust"
CACHED_FAILURE = "cached-failure"

_DECISIVE = (ACAO, ACAC, ACAM, ACAH)
_REPLAYABLE = frozenset({"OPTIONS", "GET", "HEAD"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """A hop's answer to one exchange that came from its cache, and the fresh answer that proves it."""

    hop: int
    exchange: ExchangeKind
    stored: Response
    fresh: Response
    inner: Response
    inner_path: int
    hit: tuple[str, ...]
    bust_url: str


def hit_lines(response: Response) -> tuple[str, ...]:
    """The header lines showing ``response`` was served from a cache; empty if nothing does."""
    index = {name: response.get_all(name) for name in HIT_HEADERS}
    return response.lines(*HIT_HEADERS) if is_cache_hit(index) else ()


def busted(request: WireRequest) -> WireRequest:
    """``request`` with a query parameter no cache has seen (the cache key changes, nothing else)."""
    parts = urlsplit(request.url)
    param = f"{BUST_PARAM}={uuid.uuid4().hex[:12]}"
    query = f"{parts.query}&{param}" if parts.query else param
    return dataclasses.replace(request, url=urlunsplit((*parts[:3], query, parts.fragment)))


def same_cors(a: Response, b: Response) -> bool:
    """Whether a browser's CORS check sees the same answer (2xx-ness and the deciding headers)."""
    if (200 <= a.status <= 299) != (200 <= b.status <= 299):
        return False
    return all(same_values(h, tuple(a.get_all(h)), tuple(b.get_all(h))) for h in _DECISIVE)


def find_stored(
    hop: Hop, outer: PathResult, inner: PathResult, send: Callable[[WireRequest], Sent]
) -> list[Stored]:
    """The exchanges where ``hop``'s differing answer was a cache hit that a fresh request does not repeat."""
    out: list[Stored] = []
    for kind in dict.fromkeys(c.exchange for c in hop.changes):
        sent, inner_response = outer.sent_of(kind), inner.response(kind)
        if sent is None or sent.response is None or inner_response is None:
            continue
        hit = hit_lines(sent.response)
        if not hit or sent.request.method not in _REPLAYABLE or same_cors(sent.response, inner_response):
            continue
        probe = busted(sent.request)
        fresh = send(probe).response
        if fresh is None or hit_lines(fresh) or not same_cors(fresh, inner_response):
            continue
        out.append(
            Stored(
                hop=hop.index,
                exchange=kind,
                stored=sent.response,
                fresh=fresh,
                inner=inner_response,
                inner_path=inner.index,
                hit=hit,
                bust_url=probe.url,
            )
        )
    return out


def _acao(response: Response) -> str:
    return " | ".join(response.get_all(ACAO)) or "(none)"


def _answer(response: Response) -> str:
    return f"{response.status} with Access-Control-Allow-Origin: {_acao(response)}"


def relabel(tests: Sequence[CacheTest], stored: Sequence[Stored], origin: str) -> list[CacheTest]:
    """A, B, A tests on a hop proven to replay a stored failure: ``cached-failure``, not ``ok``."""
    proven = {(s.hop, s.exchange): s for s in stored}
    out: list[CacheTest] = []
    for test in tests:
        item = proven.get((test.path, test.exchange))
        first = test.trials[0]
        if item is None or test.outcome != "ok" or origin in first.acao:
            out.append(test)
            continue
        summary = (
            f"origin A got a stored {first.status} without its Access-Control-Allow-Origin, "
            f"while the layer behind answers {_answer(item.inner)}: a failed answer stored earlier "
            "is served to every origin"
        )
        out.append(dataclasses.replace(test, outcome=CACHED_FAILURE, summary=summary))
    return out


def stored_findings(
    stored: Sequence[Stored], hops: Sequence[Hop], paths: Sequence[PathResult], tests: Sequence[CacheTest]
) -> list[HopFinding]:
    """CORS504 at the hop whose cache served a stored failure, with the proof and the fix."""
    out: list[HopFinding] = []
    for item in stored:
        hop = hops[item.hop]
        where = f"{hop.kind.display} ({hop.name})"
        preflight = item.exchange is ExchangeKind.PREFLIGHT
        what = "preflight" if preflight else "response"
        status = item.stored.status
        if not 200 <= status <= 299:
            why = f"a stored {status} (a backend failure the cache kept)"
        elif not item.stored.get_all(ACAO):
            why = (
                f"a stored {status} without Access-Control-Allow-Origin, answered earlier for another request"
            )
        else:
            why = f"a stored {status} with Access-Control-Allow-Origin: {_acao(item.stored)}, answered for another origin"
        summary = (
            f"{where} served a cached failed {what}: {why}, while a fresh request through the same hop "
            f"and the layer behind it both answer {_answer(item.inner)}"
        )
        test = next((t for t in tests if t.path == item.hop and t.exchange is item.exchange), None)
        evidence = [
            f"served from cache: {'; '.join(item.hit)}",
            f"a fresh request through the same hop ({BUST_PARAM} query): {_answer(item.fresh)}",
            f"path {item.inner_path + 1} ({paths[item.inner_path].spec.label}) behind it: {_answer(item.inner)}",
        ]
        if test is not None:
            evidence += test.replay
        out.append(
            HopFinding(
                finding=make_finding(
                    "CORS504",
                    Stage.PREFLIGHT if preflight else Stage.ACTUAL,
                    summary,
                    lines=item.stored.lines(ACAO, *EVIDENCE_HEADERS),
                ),
                hop=hop.index,
                path=item.hop,
                fix=fix_for("cached-preflight" if preflight else "cache-key", hop.kind.key),
                evidence=tuple(evidence),
            )
        )
    return out
