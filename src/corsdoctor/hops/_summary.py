"""What the renderers share: counts, the exit code, and one-line descriptions."""

from __future__ import annotations

from corsdoctor.engine import Severity
from corsdoctor.hops._headers import display_name
from corsdoctor.hops._model import Action, HeaderChange, Hop, HopFinding, HopsReport, PathResult

ACTION_WORDS = {
    Action.STRIPPED: "stripped",
    Action.ADDED: "added",
    Action.REWRITTEN: "rewritten",
    Action.DUPLICATED: "duplicated",
    Action.OPTIONS_ANSWERED: "answered OPTIONS itself",
    Action.STATUS_CHANGED: "status changed",
    Action.ERROR_REWRITTEN: "error response replaced",
}

#: The same differences when the hop served a stored answer: the hop did not make them, its cache
#: kept an answer that the layer behind gave once (https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches).
STORED_WORDS = {
    Action.STRIPPED: "not in cached answer",
    Action.ADDED: "only in cached answer",
    Action.REWRITTEN: "cached answer differs",
    Action.DUPLICATED: "cached answer differs",
    Action.OPTIONS_ANSWERED: "cached answer differs",
    Action.STATUS_CHANGED: "cached status",
    Action.ERROR_REWRITTEN: "cached error response",
}


def cors_findings(report: HopsReport) -> list[HopFinding]:
    return [f for f in report.findings if not f.fault]


def exit_code(report: HopsReport, fail_on: Severity) -> int:
    """0 nothing at or above ``fail_on``; 1 findings (or the browser blocks through the public URL);
    2 the public URL could not be checked, or a path failed and nothing else was found."""
    if report.paths[0].fault is not None:
        return 2
    if any(Severity.parse(f.finding.severity) >= fail_on for f in cors_findings(report)):
        return 1
    public = report.paths[0].verdict
    if public is not None and public.blocked and fail_on <= Severity.ERROR and not _network_failure(report):
        return 1  # the browser blocks through the public URL: an error whatever the codes' severity
    if any(f.fault for f in report.findings):
        return 2
    return 0


def _network_failure(report: HopsReport) -> bool:
    """The public URL's exchange ended in a timeout or a broken answer, not in a CORS check."""
    public = report.paths[0]
    failure = public.verdict.failure if public.verdict is not None else None
    return (
        failure is not None
        and failure.code in ("CORS601", "CORS904")
        and any(s.fault is not None for s in public.sent)
    )


def tally_line(report: HopsReport) -> str:
    parts = [
        f"{n} {label}{'' if n == 1 or label == 'security' else 's'}"
        for label, n in counts(report).items()
        if n
    ]
    faults = sum(1 for f in report.findings if f.fault)
    if faults:
        parts.append(f"{faults} path{'' if faults == 1 else 's'} down or unusable")
    return ", ".join(parts) or "no findings"


def counts(report: HopsReport) -> dict[str, int]:
    out = {s.label: 0 for s in Severity}
    for f in cors_findings(report):
        out[f.finding.severity] += 1
    return out


def path_outcome(path: PathResult) -> str:
    if path.fault is not None:
        return f"{path.fault.value}: {path.fault_detail}"
    verdict = path.verdict
    if verdict is None:
        return "no verdict"
    if verdict.allowed:
        return "allowed"
    failure = verdict.failure
    if failure is None:
        return verdict.response_type
    return f"blocked at the {failure.stage.value}: {failure.code} {_name(failure.code)}"


def _name(code: str) -> str:
    from corsdoctor.engine import CODES

    return CODES[code].name


def hop_title(report: HopsReport, hop: Hop) -> str:
    last = len(report.paths) - 1
    fault = report.paths[hop.outer].fault
    if fault is not None:
        return f"{hop.name}: not compared (path {hop.outer + 1} {fault.value})"
    if hop.inner is None and hop.index == last:
        where = f"the origin as reached by path {hop.outer + 1}"
    elif hop.inner is None:
        where = f"behind path {hop.outer + 1}"
    else:
        where = f"between path {hop.outer + 1} and path {hop.inner + 1}"
    return f"{hop.name}: {hop.kind.display} ({where})"


def change_line(change: HeaderChange, hop: Hop | None = None) -> str:
    """One difference; under a hop that served that exchange from its cache, worded as a stored
    answer ("not in cached answer"), not as something the hop does to every response."""
    name = change.header if change.header.startswith(":") else display_name(change.header)
    inner = " | ".join(change.inner) if change.inner else "(none)"
    outer = " | ".join(change.outer) if change.outer else "(none)"
    stored = hop is not None and change.exchange in hop.stored
    words = (STORED_WORDS if stored else ACTION_WORDS)[change.action]
    return f"{change.exchange.value:<9} {words:<23} {name}: behind {inner}  ->  in front {outer}"


def where(report: HopsReport, finding: HopFinding) -> str:
    if finding.fault and finding.path is not None:
        return f"path {finding.path + 1} ({report.paths[finding.path].spec.label})"
    if finding.hop is None:
        return "what the browser sees through the public URL"
    hop = report.hops[finding.hop]
    return f"{hop.name} ({hop.kind.display})"
