"""Rendering ``corsdoctor verify``: Chromium's observation next to the engine's prediction.

Text goes through rich (colours in a terminal, plain when piped); JSON is one object with the
observation and the per-field comparison.
"""

from __future__ import annotations

import json
from typing import IO, Any

from corsdoctor.browser._observation import BrowserObservation, Outcome, RequestKind
from corsdoctor.browser._prediction import Prediction


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


def render_text(obs: BrowserObservation, prediction: Prediction | None, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    verdicts = {
        Outcome.PASSED: ("PASSED", "green"),
        Outcome.BLOCKED: ("BLOCKED", "red"),
        Outcome.NETWORK_ERROR: ("NETWORK ERROR", "red"),
        Outcome.REJECTED: ("REJECTED BY SCRIPT API", "red"),
        Outcome.TIMEOUT: ("TIMED OUT", "yellow"),
    }
    label, colour = verdicts[obs.outcome]
    head = Text()
    head.append(f"Chromium {obs.browser_version}: ", style="bold")
    head.append(label, style=f"bold {colour}")
    head.append(f"  {obs.api} {obs.url} from {obs.page_origin}")
    console.print(head)
    if obs.stage.value != "none":
        where = f"stage {obs.stage.value}" + ("" if obs.failed_hop is None else f", hop {obs.failed_hop}")
        reason = obs.cors_error or obs.error_text or obs.js_error or ""
        if obs.failed_parameter:
            reason += f" ({obs.failed_parameter!r})"
        console.print(f"  {where}: {reason}")
    message = obs.cors_message or (obs.console[0] if obs.console and obs.blocked else None)
    if message:
        console.print("  console: " + message, style=colour)

    console.print(Text("Requests on the wire", style="bold"))
    for ex in obs.exchanges:
        kind = "preflight" if ex.kind is RequestKind.PREFLIGHT else "request"
        sent = "" if ex.sent else "  (not sent)"
        console.print(f"  hop {ex.hop} {kind}: {ex.method} {ex.url}{sent}")
        for name in ("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"):
            value = ex.header(name)
            if value is not None:
                console.print(f"      > {name}: {value}")
        if ex.cookies_sent:
            console.print(f"      > Cookie: {', '.join(ex.cookies_sent)} (values redacted)")
        for name, reasons in ex.cookies_blocked:
            console.print(f"      ! cookie {name} not sent: {reasons.replace(',', ', ')}")
        if ex.response is not None:
            console.print(f"      < {ex.response.status}")
            for name, value in ex.response.headers:
                if name.lower().startswith("access-control-") or name.lower() in ("location", "vary"):
                    console.print(f"      < {name}: {value}")
        elif ex.error_text:
            console.print(f"      ! {ex.error_text}")
    if not obs.exchanges:
        console.print("  (none: the request was refused before the network)")
    if obs.outcome is Outcome.PASSED:
        console.print(
            f"  script read: status {obs.status}, type {obs.response_type}, "
            f"headers {_show(list(obs.exposed_headers))}"
        )

    if prediction is None:
        return
    table = Table(title="Chromium vs. engine (chromium profile)", title_justify="left", show_lines=False)
    table.add_column("field", no_wrap=True)
    table.add_column("Chromium", overflow="fold")
    table.add_column("engine", overflow="fold")
    table.add_column("")
    for f in prediction.fields:
        mark = Text("ok", style="green") if f.agrees else Text("DIFFERS", style="bold red")
        table.add_row(f.field, _show(f.chromium), _show(f.engine), mark)
    console.print(table)
    if prediction.divergence:
        console.print("engine and browser diverged: " + prediction.divergence, style="bold red")
    elif prediction.disagreements:
        names = ", ".join(f.field for f in prediction.disagreements)
        console.print(f"engine disagrees with Chromium on: {names}", style="bold red")
    else:
        console.print("engine prediction agrees with Chromium", style="green")
