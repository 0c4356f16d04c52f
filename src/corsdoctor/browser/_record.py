"""Run a differential scenario in real Chromium and write what happened as a corpus record.

A record is one line of the conformance format (../shared/conformance/FORMAT.md): the scenario's
``request``, ``preflight_response``, ``response`` and ``redirects`` (as the scripted server puts
them on the wire), and an ``expect`` filled only from what Chromium did — never from a model.
Chromium-only fields: ``chromium_error``, ``failed_parameter``, ``chromium_message`` (the
``cors`` console line), ``console`` (every console error line) and ``requests`` (what reached the
server, in order: kind, hop, method, ``Origin`` and ``Access-Control-Request-Headers``).
Live ports are rewritten to the canonical ones, so a record does not depend on the run.
"""

from __future__ import annotations

from typing import Any

from corsdoctor.browser._observation import BrowserObservation, Outcome
from corsdoctor.browser._oracle import ChromiumOracle
from corsdoctor.browser._scenario import CANONICAL, Bases, Scenario, conformance_fields, page_request, routes
from corsdoctor.browser._server import LoggedRequest, ScriptedServer

#: The ``expect`` keys every record asserts (FORMAT.md §8 verdict keys).
ASSERTED: tuple[str, ...] = (
    "preflight",
    "allowed",
    "stage",
    "failed_hop",
    "status",
    "response_type",
    "exposed_headers",
    "not_exposed_headers",
    "acrh",
    "preflight_origin_header",
    "final_origin_header",
    "chromium_error",
    "failed_parameter",
)


def canonicalise(text: str, live: Bases, canonical: Bases = CANONICAL) -> str:
    return text.replace(live.api, canonical.api).replace(live.api2, canonical.api2)


def console_message(obs: BrowserObservation) -> str | None:
    """The console line that explains the outcome: the ``cors`` line, else the first error line."""
    if obs.outcome is Outcome.PASSED:
        return None
    if obs.cors_message is not None:
        return obs.cors_message
    return obs.console[0] if obs.console else None


def _requests(log: tuple[LoggedRequest, ...]) -> list[dict[str, Any]]:
    out = []
    for entry in log:
        leaf = entry.path.split("?", 1)[0].rsplit("/", 1)[-1]
        out.append(
            {
                "kind": "preflight" if entry.is_preflight else "actual",
                "hop": int(leaf) if leaf.isdigit() else None,
                "method": entry.method,
                "origin": entry.header("Origin"),
                "acrh": entry.header("Access-Control-Request-Headers") if entry.is_preflight else None,
            }
        )
    return out


def expectation(
    obs: BrowserObservation, log: tuple[LoggedRequest, ...], scenario: Scenario, live: Bases
) -> dict[str, Any]:
    """The ``expect`` object of a record, from Chromium's observation and the server log."""
    requests = _requests(log)
    preflights = [r for r in requests if r["kind"] == "preflight"]
    actuals = [r for r in requests if r["kind"] == "actual"]
    opaque = obs.outcome is Outcome.PASSED and obs.response_type == "opaque"
    allowed = obs.outcome is Outcome.PASSED and not opaque
    final_names = {n.lower() for n, _ in scenario.hops[-1].response.headers}
    not_exposed = sorted(final_names - set(obs.exposed_headers)) if allowed else []

    def canon(text: str | None) -> str | None:
        return None if text is None else canonicalise(text, live)

    expect: dict[str, Any] = {
        "preflight": bool(preflights),
        "allowed": allowed,
        "stage": obs.stage.value,
        "failed_hop": obs.failed_hop,
        "status": obs.status,
        "response_type": obs.response_type,
        "exposed_headers": list(obs.exposed_headers),
        "not_exposed_headers": not_exposed,
        "acrh": preflights[0]["acrh"] if preflights else None,
        "preflight_origin_header": preflights[0]["origin"] if preflights else None,
        "final_origin_header": actuals[-1]["origin"] if actuals else None,
        "chromium_error": obs.cors_error,
        "failed_parameter": canon(obs.failed_parameter),
        "chromium_message": canon(console_message(obs)),
        "net_error": obs.error_text if obs.outcome is not Outcome.PASSED else None,
        "console": [canonicalise(line, live) for line in obs.console],
        "requests": requests,
        "asserted": list(ASSERTED),
    }
    return expect


def run_scenario(
    oracle: ChromiumOracle, server: ScriptedServer, scenario: Scenario, *, timeout_s: float = 5.0
) -> tuple[BrowserObservation, tuple[LoggedRequest, ...]]:
    live = Bases.for_port(server.port)
    server.script(scenario.sid, routes(scenario, live))
    try:
        obs = oracle.run(page_request(scenario, live), timeout_s=timeout_s)
        return obs, server.log(scenario.sid)
    finally:
        server.forget(scenario.sid)


def record(
    scenario: Scenario,
    obs: BrowserObservation,
    log: tuple[LoggedRequest, ...],
    *,
    live: Bases,
    scenario_id: str,
    source: str,
) -> dict[str, Any]:
    """One corpus line for ``scenario`` as Chromium decided it."""
    out: dict[str, Any] = {"id": scenario_id, "source": source}
    out.update(conformance_fields(scenario))
    out["expect"] = expectation(obs, log, scenario, live)
    out["browser"] = "chromium"
    out["browser_version"] = obs.browser_version
    out["topics"] = list(scenario.topics)
    out["flags"] = ["browser-specific:chromium"]
    out["note"] = (
        "Generated differential scenario; expect recorded from headless Chromium (corsdoctor.browser)."
    )
    return out
