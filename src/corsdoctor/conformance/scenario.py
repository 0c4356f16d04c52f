"""Scenarios in the conformance format (../shared/conformance/FORMAT.md) and their verdicts.

A scenario gives the request as a page makes it and what the server answers to each request;
:func:`decide` drives the engine's :class:`Transaction` with those answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from corsdoctor.engine import (
    BROWSERS,
    Api,
    CredentialsMode,
    ExchangeKind,
    InputError,
    Mode,
    PageRequest,
    RedirectMode,
    Response,
    Transaction,
    Verdict,
    WireRequest,
)

_API = {"fetch": Api.FETCH, "xhr": Api.XHR, "unit": Api.FETCH}
_UNSENDABLE = re.compile(r"[\r\n]|[^\x00-\xff]")


def _header_list(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A ``[[name, value], ...]`` list.  CR, LF or characters outside latin-1 cannot be on the
    wire at all, so they are input errors; a name that is merely not a token is kept (the page's
    fetch() throws a TypeError for it, which the engine decides)."""
    if not isinstance(value, list) or not all(
        isinstance(h, list) and len(h) == 2 and all(isinstance(x, str) for x in h) for h in value
    ):
        raise InputError(f"{where} must be a list of [name, value] strings")
    for name, text in value:
        for part, label in ((name, "name"), (text, "value")):
            bad = _UNSENDABLE.search(part)
            if bad is not None:
                raise InputError(
                    f"{where}: header {name!r} has a {label} with {bad.group(0)!r}, "
                    "which no HTTP header can carry (CR, LF or outside latin-1)"
                )
    return tuple((h[0], h[1]) for h in value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    id: str
    request: PageRequest
    preflight_responses: tuple[Response | None, ...]
    responses: tuple[Response, ...]
    browser: str | None
    raw: dict[str, Any]


def _response(obj: Any, where: str) -> Response | None:
    if obj is None:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("status"), int) or isinstance(obj["status"], bool):
        raise InputError(f"{where}: expected an object with an integer 'status'")
    if not 100 <= obj["status"] <= 999:
        # An HTTP status is three digits (RFC 9110 §15); anything else never reaches a page.
        raise InputError(f"{where}: status {obj['status']} is not a three-digit HTTP status")
    headers = _header_list(obj.get("headers", []), f"{where}.headers")
    return Response(status=obj["status"], headers=headers)


def _enum(kind: type, value: Any, field: str, sid: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(m.value for m in kind)  # type: ignore[attr-defined]
        raise InputError(f"{sid}: request.{field} {value!r} is not one of {choices}") from None


def parse_scenario(obj: Any) -> Scenario:
    """Build a Scenario from one decoded JSON line; raise InputError naming what is wrong."""
    if not isinstance(obj, dict):
        raise InputError("a scenario must be a JSON object")
    sid = obj.get("id")
    if not isinstance(sid, str):
        raise InputError("scenario has no string 'id'")
    req = obj.get("request")
    if not isinstance(req, dict):
        raise InputError(f"{sid}: no 'request' object")
    for key in ("url", "origin", "method"):
        if not isinstance(req.get(key), str):
            raise InputError(f"{sid}: request.{key} must be a string")
    headers = _header_list(req.get("headers", []), f"{sid}: request.headers")
    api = req.get("api", "fetch")
    if api not in _API:
        raise InputError(f"{sid}: request.api {api!r} is not fetch, xhr or unit")
    request = PageRequest(
        url=req["url"],
        origin=req["origin"],
        method=req["method"],
        headers=headers,
        credentials=_enum(CredentialsMode, req.get("credentials", "same-origin"), "credentials", sid),
        mode=_enum(Mode, req.get("mode", "cors"), "mode", sid),
        redirect=_enum(RedirectMode, req.get("redirect", "follow"), "redirect", sid),
        api=_API[api],
        has_body=bool(req.get("body")),
        force_preflight=bool(req.get("force_preflight", False)),
        method_is_normalized=bool(req.get("method_is_normalized", False)),
        tainted_origin=bool(req.get("tainted_origin", False)),
        # Chromium unit tests exercise the network service, below the renderer's Mixed Content check.
        mixed_content_checks=api != "unit",
    )
    preflights: list[Response | None] = [
        _response(obj.get("preflight_response"), f"{sid}: preflight_response")
    ]
    responses: list[Response] = []
    redirects = obj.get("redirects") or []
    if not isinstance(redirects, list):
        raise InputError(f"{sid}: 'redirects' must be a list")
    for n, item in enumerate(redirects):
        resp = _response(item, f"{sid}: redirects[{n}]")
        if resp is None:
            raise InputError(f"{sid}: redirects[{n}]: expected an object with an integer 'status', not null")
        if isinstance(item, dict) and item.get("location") is not None and resp.get("location") is None:
            resp = Response(status=resp.status, headers=(*resp.headers, ("Location", str(item["location"]))))
        responses.append(resp)
        preflights.append(
            _response(item.get("next_preflight_response"), f"{sid}: redirects[{n}].next_preflight")
        )
    final = _response(obj.get("response"), f"{sid}: response")
    # ``response: null`` = not modelled (unit predicates): an empty 200 stands in for it.
    responses.append(final if final is not None else Response(status=200))
    browser = obj.get("browser")
    return Scenario(
        id=sid,
        request=request,
        preflight_responses=tuple(preflights),
        responses=tuple(responses),
        browser=browser if isinstance(browser, str) else None,
        raw=obj,
    )


def decide(scenario: Scenario, profile: str) -> Verdict:
    """Run the scenario's request through the engine under ``profile``."""

    def respond(wire: WireRequest) -> Response:
        hop = wire.hop
        if wire.kind is ExchangeKind.PREFLIGHT:
            found = scenario.preflight_responses[hop] if hop < len(scenario.preflight_responses) else None
            if found is None:
                # Not modelled by the source: the handler answers OPTIONS like the actual request.
                return scenario.responses[min(hop, len(scenario.responses) - 1)]
            return found
        return scenario.responses[min(hop, len(scenario.responses) - 1)]

    return Transaction(scenario.request, profile).run(respond)


def simulate_dict(scenario: Scenario, profile: str) -> dict[str, Any]:
    """FORMAT.md §8: the verdict object, with each browser's own console text."""
    verdict = decide(scenario, profile)
    messages = {}
    for browser in BROWSERS:
        own = verdict if browser == profile else decide(scenario, browser)
        messages[browser] = own.message(browser)
    return verdict.to_simulate_dict(scenario.id, messages)


def iter_lines(text_lines: Iterator[str]) -> Iterator[tuple[int, Scenario | InputError]]:
    """Parse JSONL lines; yield (line number, Scenario or the InputError for that line)."""
    for number, line in enumerate(text_lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, InputError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield number, parse_scenario(obj)
        except InputError as exc:
            yield number, InputError(f"line {number}: {exc}")
