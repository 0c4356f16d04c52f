"""Rendering ``corsdoctor verify``: Chromium's observation next to the engine's prediction.

Three formats carry the same facts: text through rich (colours in a terminal, plain when piped,
never wrapped inside a cell), Markdown (for pasting into an issue) and JSON (the observation and
the per-field comparison).  Cookie values never appear (names only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from corsdoctor.browser._observation import BrowserObservation, Outcome, RequestKind, WireExchange
from corsdoctor.browser._prediction import FieldComparison, Prediction

VERDICTS: dict[Outcome, tuple[str, str]] = {
    Outcome.PASSED: ("PASSED", "green"),
    Outcome.BLOCKED: ("BLOCKED", "red"),
    Outcome.NETWORK_ERROR: ("NETWORK ERROR", "red"),
    Outcome.REJECTED: ("REFUSED BEFORE THE NETWORK", "red"),
    Outcome.TIMEOUT: ("TIMED OUT", "yellow"),
}

#: Request headers worth showing for each exchange (the CORS protocol's own).
SHOWN_REQUEST_HEADERS = ("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers")


def render_json(obs: BrowserObservation, prediction: Prediction | None) -> str:
    body: dict[str, Any] = {
        "chromium": obs.to_json(),
        "engine": None if prediction is None else prediction.to_json(),
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Line:
    """One line under an exchange: ``>`` sent, ``<`` received, ``!`` something went wrong."""

    mark: str
    text: str


def _reason(obs: BrowserObservation) -> str | None:
    if obs.stage.value == "none":
        return None
    where = f"stage {obs.stage.value}" + ("" if obs.failed_hop is None else f", hop {obs.failed_hop}")
    reason = obs.cors_error or obs.error_text or obs.js_error or ""
    if obs.blocked_reason:
        reason = f"blocked ({obs.blocked_reason}); script saw {reason}"
    if obs.failed_parameter:
        reason += f" ({obs.failed_parameter!r})"
    return f"{where}: {reason}"


def _console_line(obs: BrowserObservation) -> str | None:
    return obs.cors_message or (obs.console[0] if obs.console and obs.blocked else None)


def _exchange_title(ex: WireExchange) -> str:
    kind = "preflight" if ex.kind is RequestKind.PREFLIGHT else "request"
    sent = "" if ex.sent else "  (not sent)"
    return f"hop {ex.hop} {kind}: {ex.method} {ex.url}{sent}"


def _exchange_lines(ex: WireExchange) -> Iterator[_Line]:
    for name in SHOWN_REQUEST_HEADERS:
        value = ex.header(name)
        if value is not None:
            yield _Line(mark=">", text=f"{name}: {value}")
    if ex.cookies_sent:
        yield _Line(mark=">", text=f"Cookie: {', '.join(ex.cookies_sent)} (values redacted)")
    for name, reasons in ex.cookies_blocked:
        yield _Line(mark="!", text=f"cookie {name} not sent: {reasons.replace(',', ', ')}")
    if ex.response is not None:
        yield _Line(mark="<", text=str(ex.response.status))
        for name, value in ex.response.headers:
            if name.lower().startswith("access-control-") or name.lower() in ("location", "vary"):
                yield _Line(mark="<", text=f"{name}: {value}")
    elif ex.error_text:
        yield _Line(mark="!", text=ex.error_text)


def _script_read(obs: BrowserObservation) -> str | None:
    if obs.outcome is not Outcome.PASSED:
        return None
    body = " (the body was still arriving at the time limit)" if obs.body_incomplete else ""
    return (
        f"script read: status {obs.status}, type {obs.response_type}, "
        f"headers {_show(list(obs.exposed_headers))}{body}"
    )


def _cells(f: FieldComparison) -> tuple[str, str]:
    """The Chromium and engine cells; the console line is long and already shown above."""
    if f.field == "console" and f.chromium is not None:
        return "(the console line above)", ("the same" if f.agrees else "differs, see below")
    return _show(f.chromium), _show(f.engine)


def _summary(prediction: Prediction) -> tuple[str, bool]:
    """(sentence, agrees)."""
    if prediction.divergence:
        return "engine and browser diverged: " + prediction.divergence, False
    if prediction.disagreements:
        names = ", ".join(f.field for f in prediction.disagreements)
        return f"engine disagrees with Chromium on: {names}", False
    return "engine prediction agrees with Chromium", True


def _engine_console(prediction: Prediction) -> str | None:
    """The engine's console line when it differs from Chromium's."""
    for f in prediction.fields:
        if f.field == "console" and not f.agrees:
            return _show(f.engine)
    return None


def render_text(obs: BrowserObservation, prediction: Prediction | None, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    label, colour = VERDICTS[obs.outcome]
    head = Text()
    head.append(f"Chromium {obs.browser_version}: ", style="bold")
    head.append(label, style=f"bold {colour}")
    head.append(f"  {obs.api} {obs.url} from {obs.page_origin}")
    console.print(head)
    reason = _reason(obs)
    if reason:
        console.print(f"  {reason}")
    message = _console_line(obs)
    if message:
        console.print("  console: " + message, style=colour)

    console.print(Text("Requests on the wire", style="bold"))
    for ex in obs.exchanges:
        console.print(f"  {_exchange_title(ex)}")
        for line in _exchange_lines(ex):
            console.print(f"      {line.mark} {line.text}")
    if not obs.exchanges:
        console.print("  (none: the request was refused before the network)")
    read = _script_read(obs)
    if read:
        console.print(f"  {read}")

    if prediction is None:
        return
    console.print(Text("Chromium vs. engine (chromium profile)", style="bold"))
    rows = [("field", "Chromium", "engine")] + [(f.field, *_cells(f)) for f in prediction.fields]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(rows[0]))
    console.print(Text("  " + header.rstrip(), style="dim"))
    for f, row in zip(prediction.fields, rows[1:], strict=True):
        row_text = Text("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + "  ")
        row_text.append("ok" if f.agrees else "DIFFERS", style="green" if f.agrees else "bold red")
        console.print(row_text)
    engine_console = _engine_console(prediction)
    if engine_console is not None:
        console.print(f"  engine's console line: {engine_console}", style="red")
    sentence, agrees = _summary(prediction)
    console.print(sentence, style="green" if agrees else "bold red")


def _md(text: str) -> str:
    """Text for a Markdown table cell or inline code: pipes escaped, backticks neutralised."""
    return text.replace("|", "\\|").replace("`", "'")


def render_markdown(obs: BrowserObservation, prediction: Prediction | None) -> str:
    label, _ = VERDICTS[obs.outcome]
    out = [
        f"### Chromium {obs.browser_version}: {label}",
        "",
        f"`{obs.api}` {obs.url} from `{obs.page_origin}`",
        "",
    ]
    reason = _reason(obs)
    if reason:
        out.append(f"- {_md(reason)}")
    message = _console_line(obs)
    if message:
        out.append(f"- console: `{_md(message)}`")
    read = _script_read(obs)
    if read:
        out.append(f"- {read}")
    out += ["", "#### Requests on the wire", ""]
    if not obs.exchanges:
        out.append("(none: the request was refused before the network)")
    for ex in obs.exchanges:
        out.append(f"- {_md(_exchange_title(ex))}")
        out.extend(f"  - `{line.mark} {_md(line.text)}`" for line in _exchange_lines(ex))
    if prediction is not None:
        out += [
            "",
            "#### Chromium vs. engine (chromium profile)",
            "",
            "| field | Chromium | engine | |",
            "|---|---|---|---|",
        ]
        for f in prediction.fields:
            chromium, engine = _cells(f)
            mark = "ok" if f.agrees else "**DIFFERS**"
            out.append(f"| {f.field} | {_md(chromium)} | {_md(engine)} | {mark} |")
        engine_console = _engine_console(prediction)
        out.append("")
        if engine_console is not None:
            out += [f"engine's console line: `{_md(engine_console)}`", ""]
        sentence, agrees = _summary(prediction)
        out.append(sentence if agrees else f"**{sentence}**")
    return "\n".join(out) + "\n"
