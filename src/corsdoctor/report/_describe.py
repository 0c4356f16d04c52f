"""What every report format says, decided once: headers that matter per exchange, the diagnoses
to explain, the knowledge per code (degrading to the registry title when no document exists).

Spec anchor: https://fetch.spec.whatwg.org/#http-cors-protocol
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corsdoctor.engine import Severity, lookup
from corsdoctor.probe import CheckResult, Layer, Reported, Step

if TYPE_CHECKING:
    from corsdoctor.knowledge import OwnerGuess

BROWSER_NAMES = {"chromium": "Chrome", "firefox": "Firefox", "webkit": "Safari", "spec": "Spec"}
CORS_RESPONSE_HEADERS = frozenset(
    {
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-expose-headers",
        "access-control-max-age",
        "access-control-allow-private-network",
        "vary",
        "location",
    }
)
CORS_REQUEST_HEADERS = frozenset(
    {"origin", "access-control-request-method", "access-control-request-headers", "cookie", "authorization"}
)
_SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})
_PURPOSE_TITLES = {
    "preflight": "preflight",
    "actual": "request",
    "error-path": "error path (should 404)",
    "without-credentials": "same request without credentials",
    "any-origin": "from an unrelated origin",
    "null-origin": "from Origin: null",
}


def purpose_title(step: Step) -> str:
    return _PURPOSE_TITLES.get(step.purpose, step.purpose)


def step_credentialed(result: CheckResult, step: Step) -> bool:
    if step.purpose in ("any-origin", "null-origin"):
        return True
    return result.request.credentials and step.purpose != "without-credentials"


def missing_headers(result: CheckResult, step: Step) -> list[str]:
    """CORS response headers this exchange needed but did not get, each with why it is needed."""
    record = step.record
    if record.status is None:
        return []
    have = {n.lower() for n, _ in record.response_headers}
    request = {n.lower(): v for n, v in record.request_headers}
    missing: list[str] = []
    if "access-control-allow-origin" not in have:
        missing.append("Access-Control-Allow-Origin")
    credentialed = step_credentialed(result, step)
    if credentialed and "access-control-allow-credentials" not in have:
        missing.append("Access-Control-Allow-Credentials (credentialed request)")
    if step.purpose == "preflight" or record.method == "OPTIONS":
        acrm = request.get("access-control-request-method", "")
        if acrm and acrm not in _SAFELISTED_METHODS and "access-control-allow-methods" not in have:
            missing.append(f"Access-Control-Allow-Methods (for {acrm})")
        acrh = request.get("access-control-request-headers")
        if acrh and "access-control-allow-headers" not in have:
            missing.append(f"Access-Control-Allow-Headers (for {acrh})")
    else:
        acao = record.header("access-control-allow-origin")
        vary = ",".join(record.header("vary")).lower()
        if acao and acao != ["*"] and "origin" not in vary and "*" not in vary:
            missing.append("Vary: Origin (the Allow-Origin value depends on Origin)")
    return missing


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnosis:
    """A code to explain: its root cause, where to look, fixes and verify steps."""

    code: str
    name: str
    title: str
    severity: str
    summaries: tuple[str, ...]
    root_cause: str
    places: tuple[tuple[str, str, tuple[str, ...]], ...]
    fixes: tuple[tuple[str, str, str, str], ...]
    verify: tuple[tuple[str, str, str], ...]


def _knowledge(code: str) -> Any:
    try:
        from corsdoctor import knowledge
    except ImportError:  # the knowledge layer is optional for the probe
        return None
    try:
        return knowledge.get(code)
    except KeyError:
        return None


def _example(result: CheckResult, origin: str) -> Any:
    from corsdoctor.knowledge import Example

    request = result.request
    return Example(
        url=request.url,
        origin=origin,
        method=request.method.upper(),
        request_headers=next(
            (o.verdict.cors_unsafe_header_names for r in result.results for o in r.outcomes), ()
        ),
        credentials=request.credentials,
        api=request.api.value,
    )


_STACK_HINTS = {
    "nginx": "nginx",
    "Apache httpd": "Apache",
    "Express": "Express",
    "ASGI (Starlette/FastAPI)": "Starlette",
    "Flask (Werkzeug)": "Flask",
    "Python WSGI (Django/Flask)": "Django",
    "CloudFront": "CloudFront",
    "Amazon API Gateway": "API Gateway",
    "Amazon S3": "S3",
    "Netlify": "Netlify",
    "Vercel": "Vercel",
}


def _owners(result: CheckResult, code: str, origin: str) -> tuple[OwnerGuess, ...]:
    """The shared owner inference (``knowledge.infer_owners``) over this origin's exchanges: the
    failing exchange's stage, status and offending value, and every response's headers."""
    from corsdoctor.knowledge import Exchange, infer_owners

    steps = [s for s in result.steps if s.origin == origin and s.purpose in ("preflight", "actual")]
    stage, status, value = "actual", None, None
    for origin_result in result.results:
        if origin_result.origin != origin:
            continue
        for outcome in origin_result.outcomes:
            failure = outcome.verdict.failure
            if failure is None or failure.code != code:
                continue
            stage = failure.stage.value
            status = failure.status
            value = next((f.value for f in outcome.verdict.findings if f.code == code), None)
            break
    exchanges = [
        Exchange(stage=s.purpose, status=s.record.status, headers=tuple(s.record.response_headers))
        for s in steps
        if s.record.status is not None
    ]
    return infer_owners(code, url=result.request.url, stage=stage, status=status, value=value,
                        origin=origin, exchanges=exchanges)


def diagnose(
    result: CheckResult, code: str, summaries: list[str], origin: str, max_fixes: int = 3
) -> Diagnosis:
    info = lookup(code)
    doc = _knowledge(code)
    if doc is None:
        return Diagnosis(
            code=code,
            name=info.name,
            title=info.title,
            severity=info.severity.label,
            summaries=tuple(summaries),
            root_cause=info.title,
            places=(),
            fixes=(),
            verify=(),
        )
    owners = _owners(result, code, origin)
    rank = {guess.owner: n for n, guess in enumerate(owners)}
    places = sorted(doc.where_to_look, key=lambda p: rank.get(p.owner, len(rank)))
    hints = [h for layer in result.layers for key, h in _STACK_HINTS.items() if key == layer.product]
    fixes = sorted(doc.fixes, key=lambda f: not any(h.lower() in f.stack.value.lower() for h in hints))
    example = _example(result, origin)
    return Diagnosis(
        code=code,
        name=info.name,
        title=info.title,
        severity=info.severity.label,
        summaries=tuple(summaries),
        root_cause=doc.root_cause,
        places=tuple((p.owner.value, p.what, tuple(p.grep)) for p in places),
        fixes=tuple((f.stack.value, f.summary, f.language, f.snippet) for f in fixes[:max_fixes]),
        verify=tuple((s.kind.value, s.render(example), s.expect) for s in doc.verify),
    )


def diagnoses(result: CheckResult) -> list[Diagnosis]:
    """Blocking codes first (each once, across origins and browsers), then extra-check problems."""
    order: dict[str, tuple[list[str], str]] = {}
    for origin_result in result.results:
        for outcome in origin_result.outcomes:
            failure = outcome.verdict.failure
            if failure is None:
                continue
            summary = next(
                (f.summary for f in outcome.verdict.findings if f.code == failure.code),
                failure.net_error or "",
            )
            summaries, _ = order.setdefault(failure.code, ([], origin_result.origin))
            if summary and summary not in summaries:
                summaries.append(summary)
    for reported in result.extra_findings:
        if reported.severity >= Severity.WARNING:
            summaries, _ = order.setdefault(reported.finding.code, ([], result.request.origins[0]))
            if reported.finding.summary not in summaries:
                summaries.append(reported.finding.summary)
    return [diagnose(result, code, s, origin) for code, (s, origin) in order.items()]


def other_findings(result: CheckResult) -> list[Reported]:
    """Findings not already explained as a diagnosis, worst first (one line each)."""
    explained = {d.code for d in diagnoses(result)}
    seen: set[tuple[str, str]] = set()
    rows: list[Reported] = []
    for reported in result.all_findings:
        key = (reported.finding.code, reported.finding.summary)
        if reported.finding.code in explained or key in seen:
            continue
        seen.add(key)
        rows.append(reported)
    return sorted(rows, key=lambda r: -r.severity)


def layer_line(layer: Layer) -> str:
    return f"{layer.owner}: {layer.product} ({layer.evidence})"


def verdict_cell(result: CheckResult, origin: str, browser: str) -> tuple[bool, str]:
    """(allowed, short text) for the matrix."""
    origin_result = next(r for r in result.results if r.origin == origin)
    outcome = origin_result.outcome(browser)
    if outcome is None:
        return True, ""
    verdict = outcome.verdict
    if verdict.failure is None:
        return True, f"allowed ({verdict.status} {verdict.response_type})"
    failure = verdict.failure
    # Each browser's own name for the failure: DevTools' corsError, Firefox's reason key (the
    # name of MDN's error page); Safari has none beyond its message.
    own = {"chromium": failure.chromium_error, "firefox": failure.firefox_key}.get(browser)
    detail = failure.net_error or own or ""
    return False, f"{failure.code} {lookup(failure.code).name}" + (f" ({detail})" if detail else "")


def differences(result: CheckResult) -> list[tuple[str, str]]:
    """Why the origins of a matrix are decided differently: (origin, reason) per origin.

    Empty for one origin or when every origin gets the same decision from every browser.  A
    reason names the browsers it applies to when the browsers of that origin disagree.
    """
    if len(result.results) < 2:
        return []
    decisions = {r.origin: tuple(o.verdict.code for o in r.outcomes) for r in result.results}
    if len(set(decisions.values())) < 2:
        return []
    out: list[tuple[str, str]] = []
    for origin_result in result.results:
        groups: dict[str | None, list[str]] = {}
        reasons: dict[str | None, str] = {}
        for outcome in origin_result.outcomes:
            verdict = outcome.verdict
            groups.setdefault(verdict.code, []).append(BROWSER_NAMES.get(outcome.browser, outcome.browser))
            if verdict.code in reasons:
                continue
            if verdict.failure is None:
                acao = None
                for exchange in verdict.exchanges:
                    if exchange.response is not None:
                        acao = exchange.response.get("access-control-allow-origin")
                reasons[None] = (
                    f"allowed with Access-Control-Allow-Origin {acao!r}" if acao is not None else "allowed"
                )
            else:
                code = verdict.failure.code
                blocking = next((f.summary for f in verdict.findings if f.code == code), None)
                reasons[code] = blocking or f"{code} {lookup(code).name}"
        if len(groups) == 1:
            out.append((origin_result.origin, next(iter(reasons.values()))))
        else:
            out.append(
                (origin_result.origin, "; ".join(f"{', '.join(groups[c])}: {reasons[c]}" for c in groups))
            )
    return out
