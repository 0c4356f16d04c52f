"""``--format markdown``: a report to paste into an issue or a pull request."""

from __future__ import annotations

from corsdoctor.probe import CheckResult, redact_header
from corsdoctor.report._describe import (
    BROWSER_NAMES,
    diagnoses,
    differences,
    missing_headers,
    other_findings,
    purpose_title,
    verdict_cell,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: CheckResult) -> str:
    request = result.request
    out = [f"# CORS check: `{request.method} {request.url}`", ""]
    browsers = request.browsers
    out.append("| origin | " + " | ".join(BROWSER_NAMES.get(b, b) for b in browsers) + " |")
    out.append("|---" * (len(browsers) + 1) + "|")
    for origin in request.origins:
        cells = []
        for browser in browsers:
            allowed, text = verdict_cell(result, origin, browser)
            cells.append(_cell(("✅ " if allowed else "❌ ") + text))
        out.append(f"| `{origin}` | " + " | ".join(cells) + " |")
    out.append("")
    why = differences(result)
    if why:
        out += ["**Why they differ:**", ""]
        out += [f"- `{origin}`: {reason}" for origin, reason in why]
        out.append("")
    for origin_result in result.results:
        for outcome in origin_result.outcomes:
            message = outcome.verdict.message(outcome.browser)
            script = outcome.verdict.script_error(outcome.browser)
            if message or script:
                out += [
                    f"**{BROWSER_NAMES.get(outcome.browser, outcome.browser)}, origin `{origin_result.origin}`:**",
                    "",
                ]
                if message:
                    out += ["```text", message, "```", ""]
                out += [f"Script sees: `{script}`", ""]
    out += ["## Exchanges", ""]
    for step in result.steps:
        record = step.record
        out.append(f"### #{step.index + 1} {purpose_title(step)} (origin `{step.origin}`)")
        out += ["", "```http", f"{record.method} {record.url}"]
        out += [f"{n}: {redact_header(n, v)}" for n, v in record.request_headers]
        out.append("")
        if record.status is None:
            out.append(f"(no response: {record.net_error})")
        else:
            out.append(f"{record.http_version} {record.status} {record.reason}".rstrip())
            out += [f"{n}: {redact_header(n, v)}" for n, v in record.response_headers]
        out += ["```", ""]
        missing = missing_headers(result, step)
        if missing:
            out += ["Missing: " + ", ".join(missing), ""]
        out += ["```sh", step.curl, "```", ""]
    for diag in diagnoses(result):
        out += [f"## {diag.code} {diag.name}", "", f"**{diag.title}**", ""]
        out += [f"- seen: {s}" for s in diag.summaries]
        out += ["", diag.root_cause, ""]
        if diag.places:
            out += ["**Where to look**", ""]
            out += [f"{n}. {owner}: {what}" for n, (owner, what, _g) in enumerate(diag.places, 1)]
            out.append("")
        for stack, summary, language, snippet in diag.fixes:
            out += [f"**Fix ({stack}):** {summary}", "", f"```{language}", snippet, "```", ""]
        if diag.verify:
            out += ["**Verify**", ""]
            out += [f"{n}. `{command}` — {expect}" for n, (_k, command, expect) in enumerate(diag.verify, 1)]
            out.append("")
    others = other_findings(result)
    if others:
        out += ["## Other findings", ""]
        out += [
            f"- **{r.finding.severity}** {r.finding.code} {r.finding.name}: {r.finding.summary}"
            for r in others
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
