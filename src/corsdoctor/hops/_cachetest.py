"""The cache test: the same request with origin A, then origin B, then A again, on every path.

A cache whose key lacks ``Origin`` (or that ignores ``Vary: Origin``) serves the first answer to
everyone: B gets ``Access-Control-Allow-Origin: A``, or A gets B's answer without it (a cached
failed preflight too).  The hop responsible is the innermost path that shows it whose next path
does not.  Evidence: ``Age``, ``X-Cache``-style HIT, ``X-Varnish`` with two ids, a repeated
request id; an identical ``Date`` only alongside one of those (two answers in one second share it).
A failure stored *before* the test (every origin gets it) is proven by ``_stored`` and relabelled
``cached-failure``.

https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches, RFC 9111 §4.1 (Vary), §5.1 (Age)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from corsdoctor.engine import ExchangeKind, Stage
from corsdoctor.hops._findings import make_finding
from corsdoctor.hops._fixes import fix_for
from corsdoctor.hops._headers import ACAO, EVIDENCE_HEADERS, HIT_HEADERS, is_cache_hit, vary_has_origin
from corsdoctor.hops._model import CacheTest, CacheTrial, Hop, HopFinding, PathResult, Sent

WRONG = "wrong-origin"
OK = "ok"
INCONCLUSIVE = "inconclusive"
STATIC = "same-for-every-origin"


def trial_of(origin: str, sent: Sent) -> CacheTrial:
    response = sent.response
    if response is None:
        return CacheTrial(origin=origin, status=None, acao=(), evidence=(), fault=sent.fault)
    return CacheTrial(
        origin=origin,
        status=response.status,
        acao=tuple(response.get_all(ACAO)),
        evidence=response.lines(*EVIDENCE_HEADERS),
    )


def _names_other(trial: CacheTrial, other: str) -> bool:
    return any(v == other for v in trial.acao) and trial.origin != other


def _replay_evidence(sent: Sequence[Sent]) -> list[str]:
    """Signs that requests 2 and 3 were answered from a cache, not by the layer behind it.

    ``Age`` > 0 or an ``X-Cache``-style HIT (RFC 9111 §5.1), or the backend's per-request id
    (``X-Request-Id``, ``X-Trace-Id`` …) repeated verbatim from request 1.
    """
    lines: list[str] = []
    first = sent[0].response
    for label, item in zip(("B", "A again"), sent[1:], strict=True):
        response = item.response
        if response is None or first is None:
            continue
        index: dict[str, list[str]] = {}
        for name, value in response.headers:
            index.setdefault(name.lower(), []).append(value)
        if is_cache_hit(index):
            hits = response.lines(*HIT_HEADERS)
            lines.append(f"request {label}: served from cache ({'; '.join(hits)})")
        for name in index:
            if any(marker in name for marker in _ID_MARKERS):
                here, there = response.get(name), first.get(name)
                if here is not None and here == there:
                    lines.append(f"request {label}: the same {name} as request A ({here}): a replay")
        # An identical Date only supports the other signs: two answers in the same second share it.
        date = response.get("date")
        if (
            lines
            and lines[-1].startswith(f"request {label}:")
            and date is not None
            and date == first.get("date")
        ):
            lines.append(f"request {label}: identical Date as request A ({date})")
    return lines


_ID_MARKERS = ("request-id", "requestid", "trace-id", "correlation-id")


def _judge(a1: CacheTrial, b: CacheTrial, a2: CacheTrial) -> tuple[str, str]:
    if any(t.fault is not None for t in (a1, b, a2)):
        return INCONCLUSIVE, "a request of the A, B, A sequence failed"
    if _names_other(b, a1.origin):
        return WRONG, f"origin B ({b.origin}) got Access-Control-Allow-Origin: {a1.origin}, origin A's answer"
    if _names_other(a2, b.origin):
        return WRONG, f"origin A ({a2.origin}) got Access-Control-Allow-Origin: {b.origin}, origin B's answer"
    if a1.acao and not a2.acao:
        failed = f" (a failed {a2.status})" if a2.status != a1.status else ""
        return WRONG, (
            "origin A got Access-Control-Allow-Origin the first time but not after origin B's request: "
            f"B's answer{failed} was cached and served to A"
        )
    if a1.status != a2.status and a2.status is not None and not 200 <= a2.status <= 299:
        return WRONG, f"origin A got {a1.status}, then {a2.status} after origin B's request: a cached failure"
    return OK, "each origin got its own answer"


def judge(path: int, kind: ExchangeKind, origins: Sequence[str], sent: Sequence[Sent]) -> CacheTest:
    """The outcome of one A, B, A sequence.  A wrong answer without any sign of a replay is a
    fixed header value, not a cache (the hop diff reports it), so it is ``same-for-every-origin``."""
    trials = tuple(trial_of(o, s) for o, s in zip(origins, sent, strict=True))
    outcome, summary = _judge(*trials)
    replay = tuple(_replay_evidence(sent))
    if outcome == WRONG and not replay:
        outcome = STATIC
        summary = f"{summary}, but nothing shows a cache answered (no Age, HIT or repeated request id)"
    return CacheTest(path=path, exchange=kind, trials=trials, outcome=outcome, summary=summary, replay=replay)


def attribute_cache(
    tests: Sequence[CacheTest],
    sent: Mapping[tuple[int, ExchangeKind], Sequence[Sent]],
    paths: Sequence[PathResult],
    hops: Sequence[Hop],
) -> list[HopFinding]:
    """Findings for every exchange kind whose A, B, A test went wrong, at the innermost such path."""
    out: list[HopFinding] = []
    for kind in (ExchangeKind.PREFLIGHT, ExchangeKind.ACTUAL):
        by_path = {t.path: t for t in tests if t.exchange is kind}
        wrong = sorted(p for p, t in by_path.items() if t.outcome == WRONG)
        if not wrong:
            continue
        # The innermost wrong path whose next path answered correctly (or is the last one).
        culprit = max(wrong)
        inner_ok = by_path.get(culprit + 1)
        hop = hops[culprit]
        test = by_path[culprit]
        trial_sent = sent[(culprit, kind)]
        evidence = [test.summary, *test.replay]
        if inner_ok is not None and inner_ok.outcome == OK:
            evidence.append(
                f"path {culprit + 2} ({paths[culprit + 1].spec.label}) behind it answered each "
                "origin correctly"
            )
        stage = Stage.PREFLIGHT if kind is ExchangeKind.PREFLIGHT else Stage.ACTUAL
        what = "preflight" if kind is ExchangeKind.PREFLIGHT else "response"
        where = f"{hop.kind.display} ({hop.name})"
        first = trial_sent[0].response
        lines = () if first is None else first.lines(ACAO, *EVIDENCE_HEADERS)
        out.append(
            HopFinding(
                finding=make_finding(
                    "CORS504",
                    stage,
                    f"{where} served a cached {what} to the wrong origin: {test.summary}",
                    lines=lines,
                ),
                hop=hop.index,
                path=culprit,
                fix=fix_for("cache-key", hop.kind.key),
                evidence=tuple(evidence),
            )
        )
        vary = False if first is None else vary_has_origin(first.get_all("vary"))
        # The layer behind sends 'Vary: Origin' that this hop drops: the hop's doing, not the backend's.
        behind = None if hop.inner is None else paths[hop.inner].response(kind)
        vary_behind = behind is not None and vary_has_origin(behind.get_all("vary"))
        if vary or vary_behind or inner_ok is None or hop.inner is None:
            code = "CORS810" if hop.kind.category == "cdn" else "CORS505"
            summary = f"{where} caches without Origin in its cache key" + (
                " although the response says 'Vary: Origin'"
                if vary
                else " and drops the 'Vary: Origin' the layer behind it sends"
                if vary_behind
                else ""
            )
            out.append(
                HopFinding(
                    finding=make_finding(code, stage, summary, lines=lines),
                    hop=hop.index,
                    path=culprit,
                    fix=fix_for("cache-key", hop.kind.key),
                    evidence=tuple(evidence[:1]),
                )
            )
        else:
            origin_hop = hops[-1]
            out.append(
                HopFinding(
                    finding=make_finding(
                        "CORS505",
                        stage,
                        f"{where} caches without Origin in its cache key, "
                        "and the backend's response lacks 'Vary: Origin'",
                        lines=lines,
                    ),
                    hop=hop.index,
                    path=culprit,
                    fix=fix_for("cache-key", hop.kind.key),
                    evidence=tuple(evidence[:1]),
                )
            )
            out.append(
                HopFinding(
                    finding=make_finding(
                        "CORS501",
                        stage,
                        f"the backend ({origin_hop.kind.display}) reflects "
                        "the Origin into Access-Control-Allow-Origin without 'Vary: Origin'",
                        lines=() if first is None else first.lines(ACAO, "vary"),
                    ),
                    hop=origin_hop.index,
                    path=len(paths) - 1,
                    fix=fix_for("vary", origin_hop.kind.key),
                    evidence=(),
                )
            )
    return out


def attribute_reflection(
    tests: Sequence[CacheTest],
    sent: Mapping[tuple[int, ExchangeKind], Sequence[Sent]],
    hops: Sequence[Hop],
) -> list[HopFinding]:
    """A hop that allows origin B although the layer behind it does not: it reflects any Origin.

    With ``Access-Control-Allow-Credentials: true`` any site can read credentialed responses
    (CORS701); without, the hop still overrides the backend's allowlist (CORS508).
    """
    out: list[HopFinding] = []
    for test in tests:
        hop = hops[test.path]
        inner = next((t for t in tests if t.exchange is test.exchange and t.path == hop.inner), None)
        if inner is None or hop.inner is None:
            continue
        b, inner_b = test.trials[1], inner.trials[1]
        if b.origin not in b.acao or inner_b.origin in inner_b.acao or test.outcome == WRONG:
            continue
        response = sent[(test.path, test.exchange)][1].response
        credentials = (
            response is not None and (response.get("access-control-allow-credentials") or "") == "true"
        )
        stage = Stage.PREFLIGHT if test.exchange is ExchangeKind.PREFLIGHT else Stage.ACTUAL
        where = f"{hop.kind.display} ({hop.name})"
        summary = (
            f"{where} allows origin B ({b.origin}), which the layer behind it does not: it reflects any Origin"
            + (" together with Access-Control-Allow-Credentials: true" if credentials else "")
        )
        out.append(
            HopFinding(
                finding=make_finding(
                    "CORS701" if credentials else "CORS508",
                    stage,
                    summary,
                    lines=()
                    if response is None
                    else response.lines(ACAO, "access-control-allow-credentials"),
                ),
                hop=hop.index,
                path=test.path,
                fix=fix_for("reflect", hop.kind.key),
                evidence=(
                    f"behind it, origin B got Access-Control-Allow-Origin: {' | '.join(inner_b.acao) or '(none)'}",
                ),
            )
        )
    return out
