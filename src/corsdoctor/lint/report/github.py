"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions — property values
escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF.
"""

from __future__ import annotations

from corsdoctor.lint.runner import LintReport

_LEVEL = {"security": "error", "error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: LintReport) -> str:
    lines = []
    for f in report.findings:
        title = _prop(f"{f.code} {f.name}")
        body = _data(f"{f.message}\nbrowser: {f.consequence}\nfix: {f.fix}")
        lines.append(f"::{_LEVEL[f.severity.label]} file={_prop(f.at.path)},line={f.at.line},"
                     f"col={f.at.column},title={title}::{body}")
    for note in report.notes:  # skipped files: a notice without a file, so the run log shows them
        lines.append(f"::notice title=corsdoctor lint::{_data(note)}")
    return "\n".join(lines) + ("\n" if lines else "")
