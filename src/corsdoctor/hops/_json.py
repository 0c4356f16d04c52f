"""``--format json``: the versioned ``corsdoctor.hops/1`` document.

Top level: ``schema``, ``version``, ``request``, ``paths`` (each with its exchanges and verdict),
``hops`` (kind, evidence, changes), ``cache_tests``, ``findings`` (with ``hop``/``path``
attribution and ``fix``), ``summary`` and ``exit_code``.  Indices are 0-based.

``cookie`` (on ``request`` and on each exchange's request) is ``"REDACTED"`` when a ``--cookie``
was given / went out with that request, never its value; ``hops[].served_from_cache`` lists the
exchanges whose differing answer that hop replayed from its cache, and each change of such an exchange
has ``from_cache: true`` (the difference is in the stored answer, not something the hop does).
"""

from __future__ import annotations

from typing import Any

from corsdoctor._version import __version__
from corsdoctor.engine import Severity
from corsdoctor.hops._model import CacheTest, Hop, HopFinding, HopsReport, PathResult, Sent
from corsdoctor.hops._summary import counts, exit_code

SCHEMA = "corsdoctor.hops/1"
#: What stands for the ``--cookie`` value: it never appears in a report.
REDACTED = "REDACTED"


def _sent(item: Sent) -> dict[str, Any]:
    request = item.request
    response = item.response
    return {
        "kind": request.kind.value,
        "request": {
            "method": request.method,
            "url": request.url,
            "headers": [[n, v] for n, v in request.headers],
            "cookie": REDACTED if item.cookie_sent else None,
        },
        "response": None
        if response is None
        else {
            "status": response.status,
            "reason": response.reason,
            "headers": [[n, v] for n, v in response.headers],
            "body_sha256_16": item.body_digest,
        },
        "fault": None if item.fault is None else item.fault.value,
        "net_error": item.net_error,
        "detail": item.detail,
        "elapsed_ms": round(item.elapsed_ms, 2),
    }


def _path(path: PathResult) -> dict[str, Any]:
    verdict = path.verdict
    return {
        "index": path.index,
        "label": path.spec.label,
        "url": path.spec.url,
        "resolve": None if path.spec.resolve is None else str(path.spec.resolve),
        "fault": None if path.fault is None else path.fault.value,
        "fault_detail": path.fault_detail,
        "kind": path.kind.key,
        "exchanges": [_sent(s) for s in path.sent],
        "verdict": None
        if verdict is None or path.fault is not None
        else {
            "allowed": verdict.allowed,
            "stage": verdict.stage.value,
            "code": verdict.code,
            "chromium_error": verdict.chromium_error,
            "message": verdict.own_message,
        },
    }


def _hop(hop: Hop) -> dict[str, Any]:
    return {
        "index": hop.index,
        "outer_path": hop.outer,
        "inner_path": hop.inner,
        "kind": hop.kind.key,
        "display": hop.kind.display,
        "category": hop.kind.category,
        "identified_by": list(hop.kind.evidence),
        "compared": hop.compared and hop.inner is not None,
        "note": hop.note,
        "served_from_cache": [k.value for k in hop.stored],
        "changes": [
            {
                "exchange": c.exchange.value,
                "action": c.action.value,
                "from_cache": c.exchange in hop.stored,
                "header": c.header,
                "behind": list(c.inner),
                "in_front": list(c.outer),
            }
            for c in hop.changes
        ],
    }


def _cache(test: CacheTest) -> dict[str, Any]:
    return {
        "path": test.path,
        "exchange": test.exchange.value,
        "outcome": test.outcome,
        "summary": test.summary,
        "trials": [
            {
                "origin": t.origin,
                "status": t.status,
                "access_control_allow_origin": list(t.acao),
                "evidence": list(t.evidence),
                "fault": None if t.fault is None else t.fault.value,
            }
            for t in test.trials
        ],
    }


def _finding(item: HopFinding) -> dict[str, Any]:
    finding = item.finding
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "stage": finding.stage.value,
        "hop": item.hop,
        "path": item.path,
        "fault": item.fault,
        "summary": finding.summary,
        "value": finding.value,
        "evidence": list(item.evidence),
        "lines": list(finding.evidence.lines),
        "fix": item.fix,
    }


def to_dict(report: HopsReport, fail_on: Severity = Severity.ERROR) -> dict[str, Any]:
    verdict = report.paths[0].verdict
    request = None if verdict is None else verdict.request
    return {
        "schema": SCHEMA,
        "version": __version__,
        "request": {
            "url": report.paths[0].spec.url,
            "origin": report.origin,
            "other_origin": report.other_origin,
            "method": None if request is None else request.method,
            "headers": [] if request is None else [[n, v] for n, v in request.headers],
            "credentials": None if request is None else request.credentials.value,
            "cookie": REDACTED if report.cookie else None,
            "profile": report.profile,
        },
        "paths": [_path(p) for p in report.paths],
        "hops": [_hop(h) for h in report.hops],
        "cache_tests": [_cache(t) for t in report.cache_tests],
        "findings": [_finding(f) for f in report.findings],
        "summary": counts(report),
        "fail_on": fail_on.label,
        "exit_code": exit_code(report, fail_on),
    }
