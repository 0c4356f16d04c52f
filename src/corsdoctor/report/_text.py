"""The text report: a DevTools-like timeline, each browser's verdict in its console words, then
root cause, where to look, fixes and verify steps.  Rich styles in a terminal; plain when piped
(the same renderables on a console without colour)."""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.text import Text

from corsdoctor.engine import Severity, lookup
from corsdoctor.probe import CheckResult, Step, redact_header
from corsdoctor.report._describe import (
    BROWSER_NAMES,
    CORS_REQUEST_HEADERS,
    CORS_RESPONSE_HEADERS,
    Diagnosis,
    diagnoses,
    differences,
    layer_line,
    missing_headers,
    other_findings,
    purpose_title,
    verdict_cell,
)

_SEVERITY_STYLE = {"info": "dim", "warning": "yellow", "error": "red", "security": "bold magenta"}
_WIDTH = 100
_TRANSPORT = frozenset(
    {
        "host",
        "accept-language",
        "accept-encoding",
        "user-agent",
        "sec-fetch-mode",
        "sec-fetch-site",
        "sec-fetch-dest",
        "referer",
        "content-length",
    }
)


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def _step(console: Console, result: CheckResult, step: Step) -> None:
    record = step.record
    who = " ".join(BROWSER_NAMES.get(b, b) for b in step.browsers)
    head = Text(f"#{step.index + 1} ", style="bold")
    head.append(f"{purpose_title(step)}", style="bold cyan")
    head.append(f"  {record.method} {record.url}")
    if who:
        head.append(f"   [{who}]", style="dim")
    console.print(head)
    brief = step.purpose not in ("preflight", "actual")
    transport: list[str] = []
    for name, value in record.request_headers:
        lower = name.lower()
        if lower in _TRANSPORT or (brief and lower not in CORS_REQUEST_HEADERS):
            transport.append(name)
            continue
        style = "bold" if lower in CORS_REQUEST_HEADERS else ""
        console.print(Text(f"   > {name}: {redact_header(name, value)}", style=style))
    if transport:
        console.print(Text(f"   > (+ {', '.join(transport)})", style="dim"))
    if record.status is None:
        console.print(
            Text(f"   ✗ no response: {record.net_error} (the page sees status 0)", style="bold red")
        )
    else:
        status_style = "green" if 200 <= record.status < 300 else "yellow" if record.status < 400 else "red"
        line = Text("   < ")
        line.append(
            f"{record.http_version} {record.status} {record.reason}".rstrip(), style=f"bold {status_style}"
        )
        line.append(f"   {record.elapsed_ms:.0f} ms", style="dim")
        if record.body_truncated:
            line.append(f"   body cut at {record.body_read} bytes", style="dim")
        console.print(line)
        hidden = 0
        for name, value in record.response_headers:
            cors = name.lower() in CORS_RESPONSE_HEADERS
            if brief and not cors:
                hidden += 1
                continue
            console.print(Text(f"   < {name}: {redact_header(name, value)}", style="bold cyan" if cors else "dim"))
        if hidden:
            console.print(Text(f"   < (+ {hidden} other headers)", style="dim"))
        for missing in missing_headers(result, step):
            console.print(Text(f"   ✗ missing {missing}", style="red"))
    console.print(Text(f"   $ {step.curl}", style="dim italic"))


def _verdicts(console: Console, result: CheckResult, origin: str) -> None:
    origin_result = next(r for r in result.results if r.origin == origin)
    for outcome in origin_result.outcomes:
        verdict = outcome.verdict
        name = BROWSER_NAMES.get(outcome.browser, outcome.browser)
        line = Text(f"   {name:<8} ")
        if verdict.failure is None:
            line.append(
                f"✓ allowed: status {verdict.status}, response type {verdict.response_type}", style="green"
            )
            console.print(line)
            continue
        failure = verdict.failure
        stage = failure.stage.value + (f" (hop {failure.hop})" if failure.hop else "")
        line.append(f"✗ blocked at {stage}: {failure.code} {lookup(failure.code).name}", style="bold red")
        if failure.chromium_error and outcome.browser == "chromium":
            param = f" ({verdict.failed_parameter})" if verdict.failed_parameter else ""
            line.append(f"  corsError {failure.chromium_error}{param}", style="red")
        console.print(line)
        for text in verdict.message(outcome.browser).splitlines():
            console.print(Text(f"            {text}", style="italic"))
        console.print(Text(f"            script sees: {verdict.script_error(outcome.browser)}", style="dim"))


def _diagnosis(console: Console, diag: Diagnosis, number: int, total: int) -> None:
    style = _SEVERITY_STYLE.get(diag.severity, "")
    prefix = f"{number}/{total} " if total > 1 else ""
    _heading(console, f"{prefix}Root cause: {diag.code} {diag.name}")
    console.print(Text(f"   {diag.title}", style=f"bold {style}"))
    for summary in diag.summaries:
        for line in _wrap(f"seen: {summary}", "   "):
            console.print(Text(line))
    if diag.root_cause != diag.title:
        for line in _wrap(diag.root_cause, "   "):
            console.print(line, markup=False, highlight=False)
    if diag.places:
        console.print(Text("   Where to look (most likely first):", style="bold"))
        for n, (owner, what, grep) in enumerate(diag.places, 1):
            for line in _wrap(f"{n}. {owner}: {what}", "     "):
                console.print(line, markup=False, highlight=False)
            for g in grep:
                console.print(Text(f"        $ {g}", style="dim"))
    if diag.fixes:
        console.print(Text("   Fix:", style="bold"))
        for stack, summary, _language, snippet in diag.fixes:
            console.print(Text(f"     [{stack}] {summary}"))
            for snippet_line in snippet.splitlines():
                console.print(Text(f"        {snippet_line}", style="green"))
        console.print(Text(f"     (every stack: corsdoctor explain {diag.code})", style="dim"))
    if diag.verify:
        console.print(Text("   Verify:", style="bold"))
        for n, (kind, command, expect) in enumerate(diag.verify, 1):
            console.print(Text(f"     {n}. ({kind}) {command}"))
            for line in _wrap(f"expect: {expect}", "        "):
                console.print(Text(line, style="dim"))


def _matrix(console: Console, result: CheckResult) -> None:
    """Origins x browsers; columns as wide as their longest cell, two spaces apart."""
    browsers = result.request.browsers
    _heading(console, "Matrix")
    rows = [
        (origin, [verdict_cell(result, origin, browser) for browser in browsers])
        for origin in result.request.origins
    ]
    widths = [max(len("origin"), *(len(origin) for origin, _ in rows))]
    for column, browser in enumerate(browsers):
        name = BROWSER_NAMES.get(browser, browser)
        widths.append(max(len(name), *(len(cells[column][1]) + 2 for _, cells in rows)))
    header = Text("   " + "origin".ljust(widths[0]))
    for column, browser in enumerate(browsers):
        header.append("  " + BROWSER_NAMES.get(browser, browser).ljust(widths[column + 1]))
    header.rstrip()
    console.print(header, style="bold")
    for origin, cells in rows:
        row = Text("   " + origin.ljust(widths[0]))
        for column, (allowed, text) in enumerate(cells):
            row.append("  ")
            cell = ("✓ " if allowed else "✗ ") + text
            row.append(cell, style="green" if allowed else "red")
            if column < len(cells) - 1:
                row.append(" " * (widths[column + 1] - len(cell)))
        console.print(row)
    why = differences(result)
    if why:
        console.print(Text("   Why they differ:", style="bold"))
        for origin, reason in why:
            for line in _wrap(f"{origin}: {reason}", "     "):
                console.print(line, markup=False, highlight=False)


def render_text(result: CheckResult, console: Console) -> None:
    request = result.request
    title = Text("corsdoctor check ", style="bold")
    title.append(f"{request.method} {request.url}", style="bold cyan")
    console.print(title)
    creds = "include" if request.credentials else "same-origin"
    names = ", ".join(BROWSER_NAMES.get(b, b) for b in request.browsers)
    console.print(
        Text(
            f"   {request.api.value}() from {', '.join(request.origins)} · credentials {creds} · {names}",
            style="dim",
        )
    )
    if len(request.origins) > 1:
        _matrix(console, result)
    main_steps = [s for s in result.steps if s.purpose in ("preflight", "actual")]
    for origin in request.origins:
        _heading(console, f"Origin {origin}")
        for step in main_steps:
            if step.origin == origin:
                _step(console, result, step)
        console.print(Text("   Verdict:", style="bold"))
        _verdicts(console, result, origin)
    extra_steps = [s for s in result.steps if s.purpose not in ("preflight", "actual")]
    if extra_steps:
        _heading(console, "Checks beyond the request")
        for step in extra_steps:
            _step(console, result, step)
    if result.layers:
        _heading(console, "Layers seen")
        for layer in result.layers:
            console.print(Text(f"   {layer_line(layer)}"))
    found = diagnoses(result)
    for number, diag in enumerate(found, 1):
        _diagnosis(console, diag, number, len(found))
    others = other_findings(result)
    if others:
        _heading(console, "Other findings")
        for reported in others:
            finding = reported.finding
            where = f" (#{reported.step + 1})" if reported.step is not None else ""
            who = (
                (" [" + " ".join(BROWSER_NAMES.get(b, b) for b in reported.browsers) + "]")
                if reported.browsers and len(reported.browsers) < len(request.browsers)
                else ""
            )
            line = Text(f"   {finding.severity:<8} ", style=_SEVERITY_STYLE.get(finding.severity, ""))
            line.append(f"{finding.code} {finding.name}: {finding.summary}{where}{who}")
            console.print(line)
    console.print()
    console.print(summary_line(result))


def summary_line(result: CheckResult, fail_on: Severity = Severity.ERROR) -> Text:
    blocked = [r.origin for r in result.results if r.blocked]
    counts: dict[str, int] = {}
    for reported in result.all_findings:
        if reported.severity >= Severity.WARNING:
            counts[reported.finding.severity] = counts.get(reported.finding.severity, 0) + 1
    plural = {"warning": "warnings", "error": "errors", "security": "security risks"}
    tally = (
        ", ".join(f"{n} {s if n == 1 else plural.get(s, s)}" for s, n in sorted(counts.items()))
        or "no problems"
    )
    if result.inconclusive:
        text, style = "Could not conclude: the request failed below HTTP", "bold red"
    elif blocked:
        text, style = f"Blocked for {len(blocked)} of {len(result.results)} origin(s)", "bold red"
    else:
        text, style = "Allowed for every origin", "bold green"
    return Text(f"{text} · {tally} · {result.elapsed_ms:.0f} ms", style=style)
