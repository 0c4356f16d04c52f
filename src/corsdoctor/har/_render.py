"""Render a :class:`HarReport` as text, JSON (``corsdoctor.har/1``), Markdown or HTML.

Every output passes through :meth:`Secrets.scrub` last; HTML is self-contained and escaped.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Iterator
from typing import Any

from corsdoctor.har._analyse import HarReport
from corsdoctor.har._result import HarResult, Outcome
from corsdoctor.har._summary import HostOwners, advice, counts, groups

SCHEMA = "corsdoctor.har/1"
FORMATS = ("text", "json", "markdown", "html")
_STYLE = {Outcome.ALLOWED: "green", Outcome.BLOCKED: "bold red", Outcome.UNKNOWN: "yellow"}
_WIDTH = 100
_MAX_OWNERS = 3

Line = tuple[str, str]  # (text, rich style)


def _recorder(report: HarReport) -> str:
    meta = report.meta
    parts = [f"{meta.creator} {meta.creator_version}".strip()]
    if meta.browser:
        parts.append(f"{meta.browser} {meta.browser_version}".strip())
    return " / ".join(p for p in parts if p) or "unknown recorder"


def _wrap(text: str, indent: str, hang: str = "") -> list[str]:
    lines = textwrap.wrap(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + hang)
    return lines or [indent]


def _result_lines(r: HarResult) -> list[Line]:
    head = f"#{r.index} {r.outcome.value.upper()} {r.method} {r.url}"
    lines: list[Line] = [(head, _STYLE[r.outcome])]
    pre = f", preflight entry {', '.join(map(str, r.preflight_entries))}" if r.preflight_entries else ""
    lines.append((f"    from {r.origin} ({r.origin_source}); recorded: {r.recorded}{pre}", "dim"))
    if r.outcome is Outcome.ALLOWED:
        for f in r.findings:
            lines.append((f"    note {f.code} {f.name}: {f.summary}", "yellow"))
        return lines
    if r.outcome is Outcome.BLOCKED:
        lines.append((f"    stage: {r.stage}; {r.code} {r.name}", ""))
        lines.append((f"    {r.browser} says: {r.message}", "bold"))
    else:
        lines.append((f"    unknown: {r.missing}", "yellow"))
    tip = advice(r.code, r.owners)
    if r.outcome is Outcome.BLOCKED:
        lines += [(t, "") for t in _wrap(f"root cause: {tip.root_cause}", "    ")]
        lines += _owner_lines(r)
        if tip.fix:
            lines += [(t, "green") for t in _wrap(f"fix: {tip.fix}", "    ")]
    for f in r.findings:
        lines.append((f"    also {f.code} {f.name}: {f.summary}", "yellow"))
    for note in r.notes:
        lines += [(t, "dim") for t in _wrap(f"note: {note}", "    ")]
    if r.check_command:
        label = "fill the gap with" if r.outcome is Outcome.UNKNOWN else "re-check with"
        lines.append((f"    {label}: {r.check_command}", "cyan"))
    return lines


def _owner_lines(r: HarResult) -> list[Line]:
    """'look at', most likely owner first (up to three), with what to grep for the first."""
    if not r.owners:
        tip = advice(r.code)
        return [(t, "") for t in _wrap(f"look at: {tip.where}", "    ")] if tip.where else []
    lines: list[Line] = [("    look at (most likely first):", "")]
    for n, owner in enumerate(r.owners[:_MAX_OWNERS], 1):
        lines += [(t, "bold" if n == 1 else "") for t in _wrap(f"{n}. {owner.label}: {owner.why}", "      ", "   ")]
        if n == 1:
            lines += [(f"         $ {g}", "dim") for g in owner.look_for[:2]]
    return lines


def _host_line(h: HostOwners) -> str:
    first = f"look at {h.owners[0]}" if h.owners else "no owner inferred"
    then = f", then {', '.join(h.owners[1:3])}" if len(h.owners) > 1 else ""
    seen = f" (evidence: {'; '.join(h.evidence)})" if h.evidence else ""
    return f"{h.host} ({h.count}): {first}{then}{seen}"


def text_lines(report: HarReport, *, verbose: bool = False) -> list[Line]:
    c = counts(report)
    lines: list[Line] = [
        (f"corsdoctor har {report.file} ({_recorder(report)}; decided as {report.profile})", "bold"),
        ("", ""),
    ]
    for r in report.results:
        if r.is_problem or verbose or r.findings:
            lines += _result_lines(r)
        else:
            lines.append((f"#{r.index} allowed {r.method} {r.url} ({r.recorded})", "green"))
    if report.results:
        lines.append(("", ""))
    lines.append(
        (
            f"Summary: {c['cross_origin']} cross-origin requests in {c['entries']} entries: "
            f"{c['allowed']} allowed, {c['blocked']} blocked, {c['unknown']} unknown",
            "bold",
        )
    )
    for g in groups(report):
        lines.append((f"  {g.code} {g.name} ({g.outcome}, {g.count}):", _STYLE[Outcome(g.outcome)]))
        if g.root_cause:
            lines += [(t, "") for t in _wrap(g.root_cause, "      ")]
        lines.append(("      by host:", "dim"))
        for h in g.hosts:
            lines += [(t, "") for t in _wrap(_host_line(h), "        ", "  ")]
    if report.problems:
        lines.append(("Read problems:", "bold yellow"))
        lines += [(f"  {p}", "yellow") for p in report.problems]
    return lines


def iter_text(report: HarReport, *, verbose: bool = False) -> Iterator[str]:
    scrub = report.secrets.scrub
    for text, _ in text_lines(report, verbose=verbose):
        yield scrub(text) + "\n"


def render_text(report: HarReport, *, verbose: bool = False) -> str:
    return "".join(iter_text(report, verbose=verbose))


def _request_dict(r: HarResult) -> dict[str, Any]:
    item = r.to_dict()
    tip = advice(r.code, r.owners) if r.outcome is Outcome.BLOCKED else None
    item["root_cause"] = tip.root_cause if tip else None
    item["where_to_look"] = tip.where if tip else None
    item["fix"] = {"summary": tip.fix, "snippet": tip.fix_snippet} if tip and tip.fix else None
    return item


def to_dict(report: HarReport) -> dict[str, Any]:
    data = to_dict_shell(report)
    data["requests"] = [_request_dict(r) for r in report.results]
    return data


def to_dict_shell(report: HarReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "file": report.file,
        "recorder": {
            "creator": report.meta.creator,
            "creator_version": report.meta.creator_version,
            "browser": report.meta.browser,
            "browser_version": report.meta.browser_version,
        },
        "profile": report.profile,
        "counts": counts(report),
        "requests": None,
        "summary": [g.to_dict() for g in groups(report)],
        "problems": [p.to_dict() for p in report.problems],
    }


def iter_json(report: HarReport) -> Iterator[str]:
    """The JSON document in pieces (one per request), so 50,000 requests never form one string."""
    scrub = report.secrets.scrub
    head = to_dict_head(report)
    text = json.dumps(head, indent=2, ensure_ascii=False)
    before, _, after = text.partition('"requests": []')
    yield scrub(before) + '"requests": [\n'
    for n, r in enumerate(report.results):
        piece = json.dumps(_request_dict(r), ensure_ascii=False)
        yield ("    " if n == 0 else ",\n    ") + scrub(piece)
    yield "\n  ]" + scrub(after) + "\n"


def to_dict_head(report: HarReport) -> dict[str, Any]:
    data = to_dict_shell(report)
    data["requests"] = []
    return data


def render_json(report: HarReport) -> str:
    return "".join(iter_json(report))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: HarReport) -> str:
    c = counts(report)
    out = [
        f"# corsdoctor har: `{report.file}`",
        "",
        f"Recorder: {_recorder(report)}; decided as **{report.profile}**.  ",
        f"{c['cross_origin']} cross-origin requests in {c['entries']} entries: "
        f"**{c['allowed']} allowed, {c['blocked']} blocked, {c['unknown']} unknown**.",
        "",
        "| # | outcome | method | URL | stage | code | message |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report.results:
        msg = r.message or r.missing
        out.append(
            f"| {r.index} | {r.outcome.value} | {r.method} | `{_md(r.url)}` | {r.stage} | "
            f"{r.code or ''} | {_md(msg)} |"
        )
    problems = [r for r in report.results if r.is_problem]
    if problems:
        out += ["", "## Blocked and unknown requests", ""]
    for r in problems:
        out += [f"### #{r.index} {r.method} `{_md(r.url)}`", ""]
        out.append(f"- outcome: **{r.outcome.value}** ({r.stage}), {r.code} `{r.name}`")
        out.append(f"- recorded: {r.recorded}; origin `{r.origin}` ({r.origin_source})")
        if r.message:
            out.append(f"- {r.browser} says: `{_md(r.message)}`")
        if r.missing:
            out.append(f"- unknown: {_md(r.missing)}")
        tip = advice(r.code, r.owners) if r.outcome is Outcome.BLOCKED else None
        if tip and tip.root_cause:
            out.append(f"- root cause: {_md(tip.root_cause)}")
        if r.owners:
            out.append("- look at (most likely first):")
            for n, owner in enumerate(r.owners[:_MAX_OWNERS], 1):
                out.append(f"  {n}. **{_md(owner.label)}**: {_md(owner.why)}")
                if n == 1:
                    out += [f"     `{_md(g)}`" for g in owner.look_for[:2]]
        elif tip and tip.where:
            out.append(f"- look at: {_md(tip.where)}")
        if tip and tip.fix:
            out.append(f"- fix: {_md(tip.fix)}")
        for f in r.findings:
            out.append(f"- also {f.code} `{f.name}`: {_md(f.summary)}")
        for note in r.notes:
            out.append(f"- note: {_md(note)}")
        if r.check_command:
            out += ["", "```sh", r.check_command, "```"]
        out.append("")
    out += ["", "## Summary by root cause and host", ""]
    for g in groups(report):
        out.append(f"- **{g.code} {g.name}** ({g.outcome}, {g.count}): {_md(g.root_cause)}")
        out += [f"  - `{_md(h.host)}` {_md(_host_line(h).removeprefix(h.host + ' '))}" for h in g.hosts]
    if report.problems:
        out += ["", "## Read problems", ""]
        out += [f"- {_md(str(p))}" for p in report.problems]
    return report.secrets.scrub("\n".join(out).rstrip() + "\n")


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left}"
    ".allowed{color:#176f2c}.blocked{color:#b00020;font-weight:bold}.unknown{color:#8a6d00}"
    "code,pre{background:#f5f5f5}pre{padding:.5em;white-space:pre-wrap}"
)


def render_html(report: HarReport) -> str:
    e = html.escape
    c = counts(report)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>corsdoctor har: {e(report.file)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>corsdoctor har: <code>{e(report.file)}</code></h1>",
        f"<p>Recorder: {e(_recorder(report))}; decided as <b>{e(report.profile)}</b>. "
        f"{c['cross_origin']} cross-origin requests in {c['entries']} entries: "
        f"{c['allowed']} allowed, {c['blocked']} blocked, {c['unknown']} unknown.</p>",
        "<table><tr><th>#</th><th>outcome</th><th>method</th><th>URL</th><th>stage</th>"
        "<th>code</th><th>message</th></tr>",
    ]
    for r in report.results:
        parts.append(
            f'<tr><td>{r.index}</td><td class="{r.outcome.value}">{r.outcome.value}</td>'
            f"<td>{e(r.method)}</td><td><code>{e(r.url)}</code></td><td>{e(r.stage)}</td>"
            f"<td>{e(r.code or '')}</td><td>{e(r.message or r.missing)}</td></tr>"
        )
    parts.append("</table>")
    for r in (r for r in report.results if r.is_problem):
        parts.append(
            f'<h3 class="{r.outcome.value}">#{r.index} {e(r.method)} <code>{e(r.url)}</code></h3><ul>'
        )
        parts.append(
            f"<li>outcome: {r.outcome.value} ({e(r.stage)}), {e(r.code or '')} {e(r.name or '')}</li>"
        )
        parts.append(f"<li>recorded: {e(r.recorded)}; origin {e(r.origin)} ({e(r.origin_source)})</li>")
        if r.message:
            parts.append(f"<li>{e(r.browser)} says: <code>{e(r.message)}</code></li>")
        if r.missing:
            parts.append(f"<li>unknown: {e(r.missing)}</li>")
        tip = advice(r.code, r.owners) if r.outcome is Outcome.BLOCKED else None
        if tip and tip.root_cause:
            parts.append(f"<li>root cause: {e(tip.root_cause)}</li>")
        if r.owners:
            parts.append('<li>look at (most likely first):<ol class="owners">')
            for n, owner in enumerate(r.owners[:_MAX_OWNERS], 1):
                greps = "".join(f"<pre>{e(g)}</pre>" for g in owner.look_for[:2]) if n == 1 else ""
                parts.append(f"<li><b>{e(owner.label)}</b>: {e(owner.why)}{greps}</li>")
            parts.append("</ol></li>")
        elif tip and tip.where:
            parts.append(f"<li>look at: {e(tip.where)}</li>")
        if tip and tip.fix:
            parts.append(f"<li>fix: {e(tip.fix)}<pre>{e(tip.fix_snippet)}</pre></li>")
        for f in r.findings:
            parts.append(f"<li>also {e(f.code)} {e(f.name)}: {e(f.summary)}</li>")
        for note in r.notes:
            parts.append(f"<li>note: {e(note)}</li>")
        if r.check_command:
            parts.append(f"<li><pre>{e(r.check_command)}</pre></li>")
        parts.append("</ul>")
    parts.append("<h2>Summary by root cause and host</h2><ul>")
    for g in groups(report):
        hosts = "".join(f"<li>{e(_host_line(h))}</li>" for h in g.hosts)
        parts.append(
            f'<li class="{g.outcome}"><b>{e(g.code)} {e(g.name)}</b> ({g.count}): {e(g.root_cause)}'
            f"<ul>{hosts}</ul></li>"
        )
    parts.append("</ul>")
    if report.problems:
        parts.append("<h2>Read problems</h2><ul>")
        parts += [f"<li>{e(str(p))}</li>" for p in report.problems]
        parts.append("</ul>")
    parts.append("</body></html>")
    return report.secrets.scrub("\n".join(parts) + "\n")


def iter_render(report: HarReport, fmt: str, *, verbose: bool = False) -> Iterator[str]:
    if fmt == "json":
        yield from iter_json(report)
    elif fmt == "markdown":
        yield render_markdown(report)
    elif fmt == "html":
        yield render_html(report)
    else:
        yield from iter_text(report, verbose=verbose)


def render(report: HarReport, fmt: str, *, verbose: bool = False) -> str:
    return "".join(iter_render(report, fmt, verbose=verbose))
