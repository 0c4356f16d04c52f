"""The text report of ``corsdoctor hops``: paths, hops with what each did, the cache test, then
findings with their fixes.  Rich styles in a terminal, plain when piped."""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.text import Text

from corsdoctor.engine import Severity
from corsdoctor.hops._model import HopsReport
from corsdoctor.hops._summary import change_line, exit_code, hop_title, path_outcome, tally_line, where

_STYLE = {"info": "dim", "warning": "yellow", "error": "red", "security": "bold magenta"}
_WIDTH = 100


def _wrapped(console: Console, text: str, indent: str, style: str = "") -> None:
    width = min(_WIDTH, console.width) if console.is_terminal else _WIDTH
    for line in textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + "  "):
        console.print(Text(line, style=style))


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def render_text(report: HopsReport, console: Console, fail_on: Severity = Severity.ERROR) -> None:
    request = report.paths[0].verdict.request if report.paths[0].verdict is not None else None
    method = request.method if request is not None else "GET"
    head = Text("corsdoctor hops: ", style="bold")
    head.append(f"{method} {report.paths[0].spec.url} from {report.origin} ({report.profile})")
    console.print(head)
    if report.cookie:
        console.print(Text("  Cookie: REDACTED on credentialed requests (never on preflights)", style="dim"))

    _heading(console, "Paths (browser first, origin last)")
    for path in report.paths:
        outcome = path_outcome(path)
        style = "green" if outcome == "allowed" else "red"
        line = Text(f"  {path.index + 1}. {path.spec.label}: {path.spec.describe}  ")
        line.append(outcome, style=style)
        console.print(line)

    _heading(console, "Hops")
    for hop in report.hops:
        console.print(Text(f"  {hop_title(report, hop)}", style="bold"))
        if hop.kind.evidence:
            console.print(Text(f"     identified by: {'; '.join(hop.kind.evidence)}", style="dim"))
        if hop.note:
            console.print(Text(f"     {hop.note}", style="yellow"))
        if hop.inner is not None and not hop.changes:
            console.print(Text("     no change to the CORS headers", style="green"))
        for change in hop.changes:
            console.print(Text(f"     {change_line(change, hop)}"))

    if report.cache_tests:
        _heading(console, f"Cache test (origin A {report.origin}, then B {report.other_origin}, then A)")
        for test in report.cache_tests:
            style = {"ok": "green", "wrong-origin": "red"}.get(test.outcome, "yellow")
            line = Text(f"  path {test.path + 1} {test.exchange.value}: ")
            line.append(test.outcome, style=style)
            line.append(f": {test.summary}")
            console.print(line)
            for label, trial in zip(("A", "B", "A"), test.trials, strict=True):
                acao = " | ".join(trial.acao) if trial.acao else "(none)"
                status = (
                    trial.status if trial.status is not None else (trial.fault.value if trial.fault else "?")
                )
                console.print(
                    Text(f"     {label} {status}  Access-Control-Allow-Origin: {acao}", style="dim")
                )

    _heading(console, "Findings")
    if not report.findings:
        console.print(Text("  none: every hop passes the CORS headers through unchanged", style="green"))
    for item in report.findings:
        finding = item.finding
        line = Text("  ")
        line.append(f"{finding.severity.upper():<8}", style=_STYLE.get(finding.severity, ""))
        line.append(f" {finding.code} {finding.name}", style="bold")
        line.append(f"  at {where(report, item)}")
        console.print(line)
        _wrapped(console, finding.summary, "     ")
        for evidence in item.evidence:
            if evidence:
                _wrapped(console, f"evidence: {evidence}", "     ", style="dim")
        if item.fix:
            _wrapped(console, f"fix: {item.fix}", "     ", style="cyan")
    public = report.paths[0].verdict
    if public is not None and public.failure is not None and report.paths[0].fault is None:
        _heading(console, f"What {report.profile} prints through the public URL")
        _wrapped(console, public.own_message, "  ")

    console.print()
    console.print(Text(f"Summary: {tally_line(report)}; exit {exit_code(report, fail_on)}", style="bold"))
