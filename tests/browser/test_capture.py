"""When the DevTools events of one page request are complete (no browser needed: event lists)."""

from __future__ import annotations

from typing import Any

from corsdoctor.browser._capture import Event, is_settled, wire_info_complete

MAIN = "m1"
URL = "http://api.test/r"


def _sent(rid: str, *, preflight_of: str | None = None, method: str = "GET") -> Event:
    params: dict[str, Any] = {
        "requestId": rid,
        "type": "Preflight" if preflight_of else "Fetch",
        "request": {"url": URL, "method": method, "headers": {}},
        "initiator": {"type": "preflight", "requestId": preflight_of} if preflight_of else {"type": "script"},
    }
    return ("Network.requestWillBeSent", params)


def _extra(rid: str) -> list[Event]:
    return [
        ("Network.requestWillBeSentExtraInfo", {"requestId": rid, "headers": {"Origin": "http://a.test"}}),
        (
            "Network.responseReceivedExtraInfo",
            {"requestId": rid, "statusCode": 301, "headersText": "HTTP/1.1 301 Moved\r\n\r\n"},
        ),
    ]


def _failed(rid: str, cors_error: str | None = None) -> Event:
    params: dict[str, Any] = {"requestId": rid, "errorText": "net::ERR_FAILED"}
    if cors_error:
        params["corsErrorStatus"] = {"corsError": cors_error, "failedParameter": ""}
    return ("Network.loadingFailed", params)


def test_a_redirect_mode_error_waits_for_the_actual_requests_wire_events() -> None:
    # fetch(..., {redirect: "error"}) answered by a 301: no CORS error, but the request was on
    # the wire, so its ExtraInfo events are still due (CI run of 2026-11-25 caught this race).
    events = [_sent(MAIN, method="HEAD"), _failed(MAIN)]
    assert is_settled(events)
    assert not wire_info_complete(events)
    assert wire_info_complete(events + _extra(MAIN))


def test_a_failed_preflight_does_not_wait_for_an_actual_request_that_never_left() -> None:
    events = [
        _sent(MAIN, method="PUT"),
        _sent("p1", preflight_of=MAIN, method="OPTIONS"),
        _failed("p1"),
        _failed(MAIN),
    ]
    events.insert(3, ("Network.requestWillBeSentExtraInfo", {"requestId": "p1", "headers": {}}))
    assert wire_info_complete(events)


def test_a_preflight_cors_error_waits_for_the_preflight_events() -> None:
    events = [_sent(MAIN, method="PUT"), _failed(MAIN, "PreflightMissingAllowOriginHeader")]
    assert not wire_info_complete(events)
    events += [
        _sent("p1", preflight_of=MAIN, method="OPTIONS"),
        *_extra("p1"),
        ("Network.loadingFinished", {"requestId": "p1"}),
    ]
    assert wire_info_complete(events)


def test_an_actual_cors_error_waits_for_the_actual_requests_events() -> None:
    events = [_sent(MAIN), _failed(MAIN, "MissingAllowOriginHeader")]
    assert not wire_info_complete(events)
    assert wire_info_complete(events + _extra(MAIN))
