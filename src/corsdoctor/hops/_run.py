"""``diagnose_hops``: the same browser-exact exchange along every path, diffed hop by hop.

Steps: (1) drive one engine :class:`~corsdoctor.engine.Transaction` per path; (2) name each hop
from the headers it adds and diff its answer against the path behind it; (3) for stripped CORS
headers, ask the path behind once more *without* ``Origin`` to tell "stripped" from "Origin not
forwarded"; (4) for a hop whose differing answer was a cache hit, the same request once more with a
cache-busting query, to tell a stored failure from a hop that changes every answer; (5) the
A, B, A cache test on every path.  A path that is down, times out or answers
garbage is reported for itself; the paths around it are still compared (across the gap).

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from contextlib import ExitStack

from corsdoctor.engine import (
    ExchangeKind,
    PageRequest,
    Response,
    Severity,
    Stage,
    WireRequest,
    get_profile,
    parse_origin,
)
from corsdoctor.hops._attribute import attribute
from corsdoctor.hops._cachetest import attribute_cache, attribute_reflection, judge
from corsdoctor.hops._diff import diff_paths
from corsdoctor.hops._findings import make_finding
from corsdoctor.hops._headers import CORS_HEADERS
from corsdoctor.hops._identify import added_by_hop, identify
from corsdoctor.hops._model import (
    UNKNOWN_KIND,
    Action,
    CacheTest,
    Fault,
    Hop,
    HopFinding,
    HopsReport,
    PathResult,
    PathSpec,
    Sent,
)
from corsdoctor.hops._send import PathSender, SendOptions, open_sender, run_transaction
from corsdoctor.hops._stored import Stored, find_stored, relabel, stored_findings

#: Origin B of the cache test: a syntactically valid origin no allowlist contains.
DEFAULT_OTHER_ORIGIN = "https://other-origin.corsdoctor.invalid"

_FAULT_CODES = {Fault.DOWN: "CORS901", Fault.TIMEOUT: "CORS904", Fault.GARBAGE: "CORS601"}
_FAULT_WORDS = {Fault.DOWN: "is down", Fault.TIMEOUT: "timed out", Fault.GARBAGE: "answered garbage"}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class HopsOptions:
    profile: str = "chromium"
    other_origin: str = DEFAULT_OTHER_ORIGIN
    cache_test: bool = True
    send: SendOptions = dataclasses.field(default_factory=SendOptions)


def _with_origin(request: WireRequest, origin: str | None) -> WireRequest:
    headers = tuple((n, v) for n, v in request.headers if n.lower() != "origin")
    if origin is not None:
        headers = (*headers, ("Origin", origin))
    return dataclasses.replace(request, headers=headers)


def _probe_path(
    index: int, spec: PathSpec, sender: PathSender, request: PageRequest, profile: str
) -> PathResult:
    verdict, sent = run_transaction(sender, dataclasses.replace(request, url=spec.url), profile)
    faulted = next((s for s in sent if s.fault is not None), None)
    usable = any(s.response is not None for s in sent)
    return PathResult(
        index=index,
        spec=spec,
        verdict=verdict,
        sent=tuple(sent),
        fault=None if faulted is None or usable else faulted.fault,
        fault_detail="" if faulted is None else f"{faulted.net_error}: {faulted.detail}",
    )


def _main_response(path: PathResult) -> Response | None:
    return path.response(ExchangeKind.ACTUAL) or path.response(ExchangeKind.PREFLIGHT)


def _actual_probes(senders: dict[int, PathSender], paths: Sequence[PathResult]) -> dict[int, Response]:
    """For paths whose exchange stopped at the preflight: the actual request sent anyway (as
    another path sent it), only to see which headers the hop forwards on non-OPTIONS requests."""
    model = next(
        (s for p in paths for s in p.sent if s.request.kind is ExchangeKind.ACTUAL and s.response), None
    )
    probes: dict[int, Response] = {}
    if model is None:
        return probes
    for path in paths:
        preflight = path.sent_of(ExchangeKind.PREFLIGHT)
        if path.fault is not None or preflight is None or path.sent_of(ExchangeKind.ACTUAL) is not None:
            continue
        request = dataclasses.replace(model.request, url=preflight.request.url)
        response = senders[path.index].send(request).response
        if response is not None:
            probes[path.index] = response
    return probes


def _build_hops(paths: Sequence[PathResult], probes: dict[int, Response]) -> list[Hop]:
    hops: list[Hop] = []
    for path in paths:
        if path.fault is not None:
            hops.append(
                Hop(
                    index=path.index,
                    outer=path.index,
                    inner=None,
                    kind=UNKNOWN_KIND,
                    compared=False,
                    note=f"path {path.index + 1} {_FAULT_WORDS[path.fault]}: this hop was not compared",
                )
            )
            continue
        inner = next((p for p in paths[path.index + 1 :] if p.fault is None), None)
        outer_resp = _main_response(path)
        if inner is None:
            kind = identify(outer_resp.headers) if outer_resp is not None else UNKNOWN_KIND
            note = "" if path.index == len(paths) - 1 else "the paths behind it are down: not compared"
            hops.append(
                Hop(index=path.index, outer=path.index, inner=None, kind=kind, compared=False, note=note)
            )
            continue
        inner_resp = _main_response(inner)
        kind = UNKNOWN_KIND
        if outer_resp is not None and inner_resp is not None:
            kind = identify(added_by_hop(outer_resp.headers, inner_resp.headers))
            if kind.key in ("unknown", "generic-via", "generic-cache"):
                whole = identify(outer_resp.headers)
                if whole.category != "app" and not whole.key.startswith("generic"):
                    kind = whole
        note = ""
        if inner.index > path.index + 1:
            skipped = ", ".join(str(i + 1) for i in range(path.index + 1, inner.index))
            note = f"compared with path {inner.index + 1} across the down path(s) {skipped}"
        hops.append(
            Hop(
                index=path.index,
                outer=path.index,
                inner=inner.index,
                kind=kind,
                changes=diff_paths(path, inner, probes.get(path.index)),
                note=note,
            )
        )
    return hops


def _stored_answers(
    senders: dict[int, PathSender], paths: Sequence[PathResult], hops: Sequence[Hop], profile: str
) -> list[Stored]:
    stored: list[Stored] = []
    for hop in hops:
        if hop.compared and hop.inner is not None and hop.changes:
            send = functools.partial(senders[hop.outer].send, browser=profile)
            stored += find_stored(hop, paths[hop.outer], paths[hop.inner], send)
    return stored


def _mark_stored(hop: Hop, stored: Sequence[Stored]) -> Hop:
    kinds = tuple(s.exchange for s in stored if s.hop == hop.index)
    if not kinds:
        return hop
    words = " and ".join("preflight" if k is ExchangeKind.PREFLIGHT else "actual" for k in kinds)
    hits = "; ".join(line for s in stored if s.hop == hop.index for line in s.hit)
    note = (
        f"the {words} answer came from this hop's cache ({hits}); a fresh request through it "
        "is answered like the layer behind"
    )
    # The hop did not answer OPTIONS itself: its cache replayed what the layer behind said once.
    changes = tuple(
        c for c in hop.changes if not (c.exchange in kinds and c.action is Action.OPTIONS_ANSWERED)
    )
    return dataclasses.replace(
        hop, stored=kinds, changes=changes, note=f"{hop.note}; {note}" if hop.note else note
    )


def _needs_origin_test(hop: Hop, outer: PathResult) -> bool:
    actual = outer.response(ExchangeKind.ACTUAL)
    return (
        actual is not None
        and actual.status < 400
        and any(
            c.action is Action.STRIPPED and c.exchange is ExchangeKind.ACTUAL and c.header in CORS_HEADERS
            for c in hop.changes
        )
    )


def _exchange_faults(path: PathResult) -> list[HopFinding]:
    """A path that answered one exchange and failed on the other (the preflight passed, the actual
    request timed out or came back as garbage): reported for that path and exchange only."""
    out: list[HopFinding] = []
    for sent in path.sent:
        if sent.fault is None:
            continue
        kind = sent.request.kind
        answered = [s.request.kind.value for s in path.sent if s.response is not None]
        compared = f"; its {' and '.join(answered)} answer was compared" if answered else ""
        summary = (
            f"path {path.index + 1} ({path.spec.label}, {path.spec.describe}) {_FAULT_WORDS[sent.fault]} "
            f"on the {kind.value} request{compared}"
        )
        detail = f"{sent.net_error}: {sent.detail}"
        out.append(
            HopFinding(
                finding=make_finding(_FAULT_CODES[sent.fault], _stage(kind), summary, value=detail),
                hop=path.index,
                path=path.index,
                evidence=(detail,),
                fault=True,
            )
        )
    return out


def _stage(kind: ExchangeKind) -> Stage:
    return Stage.PREFLIGHT if kind is ExchangeKind.PREFLIGHT else Stage.ACTUAL


def _fault_findings(paths: Sequence[PathResult]) -> list[HopFinding]:
    out: list[HopFinding] = []
    for path in paths:
        if path.fault is None:
            out += _exchange_faults(path)
            continue
        summary = (
            f"path {path.index + 1} ({path.spec.label}, {path.spec.describe}) {_FAULT_WORDS[path.fault]}"
        )
        out.append(
            HopFinding(
                finding=make_finding(
                    _FAULT_CODES[path.fault], Stage.REQUEST, summary, value=path.fault_detail
                ),
                hop=path.index,
                path=path.index,
                evidence=(path.fault_detail,),
                fault=True,
            )
        )
    return out


def _browser_findings(paths: Sequence[PathResult]) -> list[HopFinding]:
    """What the browser reports through the public URL (path 1), warnings and errors only."""
    public = paths[0]
    if public.verdict is None or public.fault is not None:
        return []
    out: list[HopFinding] = []
    for finding in public.verdict.findings:
        if Severity.parse(finding.severity) < Severity.WARNING:
            continue
        if finding.code in ("CORS601", "CORS904"):
            continue
        out.append(HopFinding(finding=finding, hop=None, path=0))
    return out


def _cache_tests(
    senders: dict[int, PathSender], paths: Sequence[PathResult], origin: str, other: str
) -> tuple[list[CacheTest], dict[tuple[int, ExchangeKind], list[Sent]]]:
    tests: list[CacheTest] = []
    sent_by: dict[tuple[int, ExchangeKind], list[Sent]] = {}
    for path in paths:
        if path.fault is not None:
            continue
        for kind in (ExchangeKind.PREFLIGHT, ExchangeKind.ACTUAL):
            first = path.sent_of(kind)
            if first is None or first.response is None:
                continue  # it failed once already (reported as a fault): not three times more
            if kind is ExchangeKind.ACTUAL and first.request.method not in ("GET", "HEAD"):
                continue
            sequence = (origin, other, origin)
            sent = [senders[path.index].send(_with_origin(first.request, o)) for o in sequence]
            sent_by[(path.index, kind)] = sent
            tests.append(judge(path.index, kind, sequence, sent))
    return tests, sent_by


def diagnose_hops(
    request: PageRequest, paths: Sequence[PathSpec], options: HopsOptions = HopsOptions()
) -> HopsReport:
    """Send ``request`` along every path (public URL first, origin server last) and diff the hops.

    Raises :class:`~corsdoctor.engine.InputError` for a malformed origin, URL or profile.
    """
    if not paths:
        raise ValueError("diagnose_hops needs at least one path")
    profile = get_profile(options.profile).name
    parse_origin(request.origin)
    other = parse_origin(options.other_origin)
    if other == request.origin:
        other = DEFAULT_OTHER_ORIGIN
    with ExitStack() as stack:
        senders = {i: stack.enter_context(open_sender(spec, options.send)) for i, spec in enumerate(paths)}
        results = [_probe_path(i, spec, senders[i], request, profile) for i, spec in enumerate(paths)]
        hops = _build_hops(results, _actual_probes(senders, results))
        stored = _stored_answers(senders, results, hops, profile)
        hops = [_mark_stored(hop, stored) for hop in hops]
        findings: list[HopFinding] = _fault_findings(results)
        for whole in hops:
            hop = dataclasses.replace(
                whole, changes=tuple(c for c in whole.changes if c.exchange not in whole.stored)
            )
            if not hop.compared or hop.inner is None or not hop.changes:
                continue
            outer, inner = results[hop.outer], results[hop.inner]
            without: Response | None = None
            if _needs_origin_test(hop, outer):
                wire = inner.sent_of(ExchangeKind.ACTUAL)
                assert wire is not None
                without = senders[inner.index].send(_with_origin(wire.request, None)).response
            findings += attribute(hop, outer, inner, inner_without_origin=without)
        cache_tests: list[CacheTest] = []
        if options.cache_test:
            cache_tests, sent_by = _cache_tests(senders, results, request.origin, other)
            cache_tests = relabel(cache_tests, stored, request.origin)
            findings += attribute_cache(cache_tests, sent_by, results, hops)
            findings += attribute_reflection(cache_tests, sent_by, hops)
        findings += stored_findings(stored, hops, results, cache_tests)
        findings += _browser_findings(results)
    results = [dataclasses.replace(r, kind=h.kind) for r, h in zip(results, hops, strict=True)]
    return HopsReport(
        origin=request.origin,
        other_origin=other,
        profile=profile,
        paths=tuple(results),
        hops=tuple(hops),
        findings=tuple(findings),
        cache_tests=tuple(cache_tests),
        cookie=options.send.cookie is not None,
    )
