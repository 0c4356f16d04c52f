"""A differential scenario: one page request and the scripted answers of every hop.

Header values may hold placeholders, filled in when the scenario is materialised:
``{PAGE}`` the page origin, ``{API}``/``{API2}`` the two API origins (same server, two names, so
``api → api2`` is a cross-origin redirect), ``{NEXT}`` the URL of the next hop.  Running uses the
live server's port; recording uses the canonical port, so the corpus does not depend on which
ephemeral port a run got.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corsdoctor.browser._request import Api, PageRequest
from corsdoctor.browser._server import ScriptedResponse, ScriptedRoute, render_response

Headers = tuple[tuple[str, str], ...]

PAGE_ORIGIN = "http://app.corsdoctor.test:8000"
API_HOST = "api.corsdoctor.test"
API2_HOST = "api2.corsdoctor.test"
CANONICAL_PORT = 8001
HOSTS: dict[str, str] = {API_HOST: "127.0.0.1", API2_HOST: "127.0.0.1"}


@dataclass(frozen=True, slots=True, kw_only=True)
class HopScript:
    """The server side of one URL of the chain: which API origin, and its two answers."""

    host: str  # "API" or "API2"
    preflight: ScriptedResponse
    response: ScriptedResponse


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    sid: str
    method: str
    headers: Headers = ()
    body: str | None = None
    credentials: str = "same-origin"
    mode: str = "cors"
    redirect: str = "follow"
    api: Api = Api.FETCH
    hops: tuple[HopScript, ...]
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Bases:
    page: str
    api: str
    api2: str

    @classmethod
    def for_port(cls, port: int) -> Bases:
        return cls(page=PAGE_ORIGIN, api=f"http://{API_HOST}:{port}", api2=f"http://{API2_HOST}:{port}")


CANONICAL = Bases.for_port(CANONICAL_PORT)


def hop_url(scenario: Scenario, index: int, bases: Bases) -> str:
    base = bases.api if scenario.hops[index].host == "API" else bases.api2
    return f"{base}/s/{scenario.sid}/{index}"


def _fill(value: str, scenario: Scenario, index: int, bases: Bases) -> str:
    if "{" not in value:
        return value
    nxt = hop_url(scenario, index + 1, bases) if index + 1 < len(scenario.hops) else f"{bases.api}/elsewhere"
    return (
        value.replace("{PAGE}", bases.page)
        .replace("{API2}", bases.api2)
        .replace("{API}", bases.api)
        .replace("{NEXT}", nxt)
    )


def materialise(resp: ScriptedResponse, scenario: Scenario, index: int, bases: Bases) -> ScriptedResponse:
    return ScriptedResponse(
        status=resp.status,
        headers=tuple((n, _fill(v, scenario, index, bases)) for n, v in resp.headers),
        body=resp.body,
        delay=resp.delay,
    )


def routes(scenario: Scenario, bases: Bases) -> dict[str, ScriptedRoute]:
    """The server script of the scenario (leaf = hop index)."""
    return {
        str(i): ScriptedRoute(
            preflight=materialise(hop.preflight, scenario, i, bases),
            response=materialise(hop.response, scenario, i, bases),
        )
        for i, hop in enumerate(scenario.hops)
    }


def page_request(scenario: Scenario, bases: Bases) -> PageRequest:
    return PageRequest(
        url=hop_url(scenario, 0, bases),
        origin=bases.page,
        method=scenario.method,
        headers=scenario.headers,
        body=scenario.body,
        credentials=scenario.credentials,
        mode=scenario.mode,
        redirect=scenario.redirect,
        api=scenario.api,
    )


def wire_headers(resp: ScriptedResponse, *, head: bool = False) -> Headers:
    """The header lines the scripted server really sends for ``resp`` (Content-Length etc. added)."""
    raw = render_response(resp, head=True).decode("latin-1")
    lines = raw.split("\r\n")[1:]
    out = []
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            out.append((name, value.strip(" \t")))
    return tuple(out)


def _response_json(resp: ScriptedResponse) -> dict[str, Any]:
    return {"status": resp.status, "headers": [list(h) for h in wire_headers(resp)]}


def implicit_headers(scenario: Scenario) -> Headers:
    """Author headers plus the ``Content-Type`` fetch()/XHR add for a string body."""
    headers = scenario.headers
    if scenario.api is Api.XHR and scenario.method.upper() in ("GET", "HEAD"):
        return headers  # XMLHttpRequest.send() drops the body of GET/HEAD (xhr.spec.whatwg.org #the-send()-method)
    if scenario.body is not None and not any(n.lower() == "content-type" for n, _ in headers):
        headers = (*headers, ("Content-Type", "text/plain;charset=UTF-8"))
    return headers


def conformance_fields(scenario: Scenario, bases: Bases = CANONICAL) -> dict[str, Any]:
    """``request``, ``preflight_response``, ``response`` and ``redirects`` in the corpus format."""
    hops = [
        (materialise(h.preflight, scenario, i, bases), materialise(h.response, scenario, i, bases))
        for i, h in enumerate(scenario.hops)
    ]
    request: dict[str, Any] = {
        "url": hop_url(scenario, 0, bases),
        "origin": bases.page,
        "method": scenario.method,
        "headers": [list(h) for h in implicit_headers(scenario)],
        "credentials": scenario.credentials,
        "mode": scenario.mode,
        "api": scenario.api.value,
    }
    if scenario.body is not None:
        request["body"] = scenario.body
    if scenario.api is Api.FETCH:
        request["redirect"] = scenario.redirect
    out: dict[str, Any] = {
        "request": request,
        "preflight_response": _response_json(hops[0][0]),
        "response": _response_json(hops[-1][1]),
    }
    if len(hops) > 1:
        redirects = []
        for i, (_, resp) in enumerate(hops[:-1]):
            item = _response_json(resp)
            item["location"] = hop_url(scenario, i + 1, bases)
            item["next_preflight_response"] = _response_json(hops[i + 1][0])
            redirects.append(item)
        out["redirects"] = redirects
    return out
