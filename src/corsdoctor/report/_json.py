"""``--format json``: the versioned ``corsdoctor.check/1`` document (docs/check-json-schema.md)."""

from __future__ import annotations

from typing import Any

from corsdoctor._version import __version__
from corsdoctor.engine import Severity, lookup
from corsdoctor.probe import CheckResult, Reported, Step, redact_header
from corsdoctor.report._describe import diagnoses, differences, missing_headers

SCHEMA = "corsdoctor.check/1"


def _step(result: CheckResult, step: Step) -> dict[str, Any]:
    record = step.record
    return {
        "index": step.index,
        "purpose": step.purpose,
        "hop": step.hop,
        "origin": step.origin,
        "browsers": list(step.browsers),
        "request": {
            "method": record.method,
            "url": record.url,
            "headers": [[n, redact_header(n, v)] for n, v in record.request_headers],
            "body_bytes": record.body_bytes,
        },
        "response": None
        if record.status is None
        else {
            "status": record.status,
            "reason": record.reason,
            "http_version": record.http_version,
            "headers": [[n, redact_header(n, v)] for n, v in record.response_headers],
            "body_bytes_read": record.body_read,
            "body_truncated": record.body_truncated,
        },
        "net_error": record.net_error,
        "elapsed_ms": round(record.elapsed_ms, 2),
        "missing_headers": missing_headers(result, step),
        "curl": step.curl,
    }


def _finding(reported: Reported, fixes: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    finding = reported.finding
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "stage": finding.stage.value,
        "hop": finding.hop,
        "summary": finding.summary,
        "browsers": list(reported.browsers),
        "evidence": {
            "exchange": reported.step,
            "lines": list(finding.evidence.lines),
            "status": finding.evidence.status,
        },
        "fixes": fixes.get(finding.code, []),
    }


def to_dict(result: CheckResult, fail_on: Severity = Severity.ERROR) -> dict[str, Any]:
    request = result.request
    found = diagnoses(result)
    fixes = {
        d.code: [
            {"stack": s, "summary": m, "language": lang, "snippet": snip} for s, m, lang, snip in d.fixes
        ]
        for d in found
    }
    origins = []
    for origin_result in result.results:
        browsers: dict[str, Any] = {}
        for outcome in origin_result.outcomes:
            verdict = outcome.verdict
            failure = verdict.failure
            browsers[outcome.browser] = {
                "blocked": verdict.blocked,
                "stage": verdict.stage.value,
                "code": verdict.code,
                "name": lookup(verdict.code).name if verdict.code else None,
                "chromium_error": verdict.chromium_error,
                "failed_parameter": verdict.failed_parameter,
                "net_error": failure.net_error if failure else None,
                "message": verdict.message(outcome.browser),
                "script_error": verdict.script_error(outcome.browser),
                "status": verdict.status,
                "response_type": verdict.response_type,
                "failed_hop": verdict.failed_hop,
                "exchanges": list(outcome.steps),
            }
        origins.append(
            {
                "origin": origin_result.origin,
                "blocked": origin_result.blocked,
                "browsers": browsers,
                "findings": [_finding(f, fixes) for f in origin_result.findings],
            }
        )
    return {
        "schema": SCHEMA,
        "tool": {"name": "corsdoctor", "version": __version__},
        "request": {
            "url": request.url,
            "method": request.method,
            "origins": list(request.origins),
            "headers": [[n, redact_header(n, v)] for n, v in request.headers],
            "credentials": request.credentials,
            "api": request.api.value,
            "body_bytes": len(request.body) if request.body is not None else None,
            "browsers": list(request.browsers),
        },
        "results": origins,
        "differences": [{"origin": o, "reason": why} for o, why in differences(result)],
        "exchanges": [_step(result, s) for s in result.steps],
        "extra_findings": [_finding(f, fixes) for f in result.extra_findings],
        "layers": [{"owner": x.owner, "product": x.product, "evidence": x.evidence} for x in result.layers],
        "diagnoses": [
            {
                "code": d.code,
                "name": d.name,
                "severity": d.severity,
                "title": d.title,
                "seen": list(d.summaries),
                "root_cause": d.root_cause,
                "where_to_look": [{"owner": o, "what": w, "grep": list(g)} for o, w, g in d.places],
                "fixes": fixes[d.code],
                "verify": [{"kind": k, "command": c, "expect": e} for k, c, e in d.verify],
            }
            for d in found
        ],
        "summary": {
            "blocked_origins": [r.origin for r in result.results if r.blocked],
            "worst_severity": (w.label if (w := result.worst()) is not None else None),
            "inconclusive": result.inconclusive,
            "exit_code": result.exit_code(fail_on),
            "elapsed_ms": round(result.elapsed_ms, 2),
        },
    }
