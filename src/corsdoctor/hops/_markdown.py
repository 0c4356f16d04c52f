"""``--format markdown``: the hop report for an issue or a pull request."""

from __future__ import annotations

from corsdoctor.engine import Severity
from corsdoctor.hops._model import HopsReport
from corsdoctor.hops._summary import change_line, exit_code, hop_title, path_outcome, tally_line, where


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: HopsReport, fail_on: Severity = Severity.ERROR) -> str:
    out: list[str] = [f"# corsdoctor hops: `{report.paths[0].spec.url}`", ""]
    cookie = ", `Cookie: REDACTED` on credentialed requests" if report.cookie else ""
    out.append(f"Origin `{report.origin}`, browser profile `{report.profile}`{cookie}.")
    out += ["", "## Paths", "", "| # | path | URL | outcome |", "| --- | --- | --- | --- |"]
    for path in report.paths:
        out.append(
            f"| {path.index + 1} | {_cell(path.spec.label)} | `{_cell(path.spec.describe)}` | "
            f"{_cell(path_outcome(path))} |"
        )
    out += ["", "## Hops", ""]
    for hop in report.hops:
        out.append(f"### {hop_title(report, hop)}")
        out.append("")
        if hop.kind.evidence:
            out.append("Identified by: " + ", ".join(f"`{e}`" for e in hop.kind.evidence))
            out.append("")
        if hop.note:
            out += [f"_{hop.note}_", ""]
        if hop.inner is not None and not hop.changes:
            out += ["No change to the CORS headers.", ""]
        if hop.changes:
            out += ["```", *(change_line(c, hop) for c in hop.changes), "```", ""]
    if report.cache_tests:
        out += [
            "## Cache test",
            "",
            f"Origin A `{report.origin}`, then B `{report.other_origin}`, then A.",
            "",
        ]
        out += ["| path | exchange | outcome | A | B | A again |", "| --- | --- | --- | --- | --- | --- |"]
        for test in report.cache_tests:
            cells = [" ".join(t.acao) or "(none)" for t in test.trials]
            out.append(
                f"| {test.path + 1} | {test.exchange.value} | {test.outcome} | "
                + " | ".join(f"`{_cell(c)}`" for c in cells)
                + " |"
            )
        out.append("")
    out += ["## Findings", ""]
    if not report.findings:
        out += ["None: every hop passes the CORS headers through unchanged.", ""]
    for item in report.findings:
        finding = item.finding
        out.append(
            f"- **{finding.severity}** `{finding.code}` {finding.name} at {where(report, item)}: "
            f"{finding.summary}"
        )
        for evidence in item.evidence:
            if evidence:
                out.append(f"  - evidence: {evidence}")
        if item.fix:
            out.append(f"  - fix: {item.fix}")
    public = report.paths[0].verdict
    if public is not None and public.failure is not None and report.paths[0].fault is None:
        out += [
            "",
            f"What {report.profile} prints through the public URL:",
            "",
            "```",
            public.own_message,
            "```",
        ]
    out += ["", f"**Summary:** {tally_line(report)}; exit {exit_code(report, fail_on)}", ""]
    return "\n".join(out)
