"""Ruff-like text: ``path:line:col: CODE [severity] message`` plus value, browser line and fix."""

from __future__ import annotations

from corsdoctor.lint.runner import LintReport

_STYLE = {"security": "bold magenta", "error": "bold red", "warning": "yellow", "info": "cyan"}


def render_text(report: LintReport, *, color: bool = False) -> str:
    if not color:
        lines: list[str] = []
        for f in report.findings:
            lines.append(f"{f.at}: {f.code} [{f.severity.label}] {f.name}: {f.message}")
            lines.append(f"    value:   {f.value}")
            if f.consequence:
                lines.append(f"    browser: {f.consequence}")
            lines.append(f"    fix:     {f.fix}")
        return "\n".join(lines) + ("\n" if lines else "")
    from io import StringIO

    from rich.console import Console
    from rich.markup import escape

    buf = StringIO()
    console = Console(file=buf, force_terminal=True, width=200, highlight=False, soft_wrap=True)
    for f in report.findings:
        style = _STYLE[f.severity.label]
        console.print(f"[bold]{escape(str(f.at))}[/]: [{style}]{f.code}[/] [{style}]\\[{f.severity.label}][/] "
                      f"[dim]{f.name}:[/] {escape(f.message)}")
        console.print(f"    [dim]value:[/]   {escape(f.value)}")
        if f.consequence:
            console.print(f"    [dim]browser:[/] [red]{escape(f.consequence)}[/]")
        console.print(f"    [dim]fix:[/]     [green]{escape(f.fix)}[/]")
    return buf.getvalue()


def summary(report: LintReport) -> str:
    by: dict[str, int] = {}
    for f in report.findings:
        by[f.severity.label] = by.get(f.severity.label, 0) + 1
    parts = ", ".join(f"{n} {k}" for k, n in sorted(by.items()))
    found = f"Found {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''}"
    return (f"{found}{f' ({parts})' if parts else ''} in {report.linted} configuration file"
            f"{'s' if report.linted != 1 else ''} ({report.files} file{'s' if report.files != 1 else ''} scanned).")
