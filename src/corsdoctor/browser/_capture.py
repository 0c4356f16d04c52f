"""Turn the DevTools events of one page request into a ``BrowserObservation``.

Event facts this relies on, measured on Chromium 156 (chromium-oracle.md §2.4–2.5, §7):

* the page request keeps one ``requestId`` across redirects; each hop emits its own
  ``Network.requestWillBeSent`` (hops after the first carry ``redirectResponse``);
* a CORS preflight is a separate request with ``initiator.type == "preflight"`` and
  ``initiator.requestId`` = the page request;
* ``…ExtraInfo`` events carry the headers as they went over the wire (``Origin`` included) and the
  raw response head (``headersText``, duplicates kept); they exist only for requests that reached
  the wire, one per hop, in hop order — but they may arrive before the renderer's events;
* the verdict is ``Network.loadingFailed.corsErrorStatus``; the human text is the console entry
  with ``source == "javascript"`` and ``category == "cors"``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from corsdoctor.browser._cookies import associated_cookies
from corsdoctor.browser._observation import (
    BrowserObservation,
    Headers,
    Outcome,
    RequestKind,
    Stage,
    WireExchange,
    WireResponse,
)

Event = tuple[str, dict[str, Any]]

EVENTS: tuple[str, ...] = (
    "Network.requestWillBeSent",
    "Network.requestWillBeSentExtraInfo",
    "Network.responseReceived",
    "Network.responseReceivedExtraInfo",
    "Network.loadingFinished",
    "Network.loadingFailed",
    "Audits.issueAdded",
    "Log.entryAdded",
)

#: corsError values reported for a failed CORS-preflight fetch (services/network/public/mojom/cors.mojom).
PREFLIGHT_ERRORS: frozenset[str] = frozenset(
    {
        "HeaderDisallowedByPreflightResponse",
        "MethodDisallowedByPreflightResponse",
        "InvalidAllowMethodsPreflightResponse",
        "InvalidAllowHeadersPreflightResponse",
    }
)


def is_preflight_error(cors_error: str) -> bool:
    return cors_error.startswith("Preflight") or cors_error in PREFLIGHT_ERRORS


@dataclass(slots=True)
class EventRecorder:
    """Collects the CDP events of one page; ``clear()`` before each request."""

    events: list[Event] = field(default_factory=list)

    def attach(self, on: Callable[[str, Callable[[dict[str, Any]], None]], None]) -> None:
        for name in EVENTS:
            on(name, self._handler(name))

    def _handler(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(params: dict[str, Any]) -> None:
            self.events.append((name, params))

        return record

    def clear(self) -> None:
        self.events.clear()

    def snapshot(self) -> list[Event]:
        return list(self.events)


def parse_headers_text(text: str) -> tuple[int | None, Headers]:
    """Status and header lines of a raw response head (``HTTP/1.1 200 OK\\r\\nA: b\\r\\n…``)."""
    lines = text.split("\r\n")
    status: int | None = None
    parts = lines[0].split(" ", 2) if lines else []
    if len(parts) >= 2 and parts[1].isdigit():
        status = int(parts[1])
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line or ":" not in line:
            continue
        name, _, value = line.partition(":")
        headers.append((name, value.strip(" \t")))
    return status, tuple(headers)


def _dict_headers(raw: dict[str, Any] | None) -> Headers:
    out: list[tuple[str, str]] = []
    for name, value in (raw or {}).items():
        out.extend((name, v) for v in str(value).split("\n"))
    return tuple(out)


@dataclass(slots=True)
class _Request:
    """Everything seen for one DevTools requestId."""

    will_be_sent: list[dict[str, Any]] = field(default_factory=list)
    extra_request: list[dict[str, Any]] = field(default_factory=list)
    extra_response: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    failed: dict[str, Any] | None = None
    finished: bool = False


def _index(events: Sequence[Event]) -> dict[str, _Request]:
    by_id: dict[str, _Request] = defaultdict(_Request)
    for name, p in events:
        rid = p.get("requestId")
        if not isinstance(rid, str):
            continue
        req = by_id[rid]
        if name == "Network.requestWillBeSent":
            req.will_be_sent.append(p)
        elif name == "Network.requestWillBeSentExtraInfo":
            req.extra_request.append(p)
        elif name == "Network.responseReceivedExtraInfo":
            req.extra_response.append(p)
        elif name == "Network.responseReceived":
            req.received.append(p)
        elif name == "Network.loadingFailed":
            req.failed = p
        elif name == "Network.loadingFinished":
            req.finished = True
    return by_id


def find_main_request(events: Sequence[Event]) -> str | None:
    """The requestId of the page's own request (not a preflight, not the navigation)."""
    for name, p in events:
        if name != "Network.requestWillBeSent":
            continue
        if (p.get("initiator") or {}).get("type") == "preflight":
            continue
        if p.get("type") in ("Fetch", "XHR"):
            rid = p.get("requestId")
            return rid if isinstance(rid, str) else None
    return None


def is_settled(events: Sequence[Event], *, passed: bool = False) -> bool:
    """The page request has finished or failed, and a CORS failure's console line has arrived.

    When script already read the response (``passed``), its ``responseReceived`` is enough: an
    opaque (no-cors) body may never be read, so its ``loadingFinished`` can come late or never.
    """
    main = find_main_request(events)
    if main is None:
        return False
    req = _index(events).get(main)
    if req is None:
        return False
    if passed and req.received:
        return True
    if not (req.finished or req.failed):
        return False
    if req.failed and req.failed.get("corsErrorStatus"):
        return any(_is_cors_console(p) for n, p in events if n == "Log.entryAdded")
    return True


def wire_info_complete(events: Sequence[Event]) -> bool:
    """Every exchange that must have happened has all its events.

    Preflights are made by the network service, so their events — and every ``…ExtraInfo`` —
    can arrive after the page request has already failed.
    """
    main = find_main_request(events)
    if main is None:
        return True
    by_id = _index(events)
    req = by_id[main]
    hops = len(req.will_be_sent)
    cors_error = str(((req.failed or {}).get("corsErrorStatus") or {}).get("corsError") or "")
    preflights = [
        by_id[str(p.get("requestId"))]
        for name, p in events
        if name == "Network.requestWillBeSent"
        and (p.get("initiator") or {}).get("type") == "preflight"
        and (p.get("initiator") or {}).get("requestId") == main
    ]
    # A failure without a CORS error (redirect mode "error", a reset connection...) happened on
    # the wire unless the last preflight is what failed: its ExtraInfo events must be awaited too.
    preflight_failed = bool(preflights) and preflights[-1].failed is not None
    actual_reached = (
        req.finished
        or bool(req.received)
        or (cors_error != "" and not is_preflight_error(cors_error))
        or (req.failed is not None and cors_error == "" and not preflight_failed)
    )
    needed = hops if actual_reached else hops - 1
    if len(req.extra_request) < needed or len(req.extra_response) < needed:
        return False
    if cors_error and is_preflight_error(cors_error) and not preflights:
        return False
    for pre in preflights:
        if not (pre.finished or pre.failed) or not pre.extra_request:
            return False
        if pre.finished and not pre.extra_response:
            return False
    return True


def _is_cors_console(p: dict[str, Any]) -> bool:
    entry = p.get("entry") or {}
    return bool(entry.get("source") == "javascript" and entry.get("category") == "cors")


def _response_of(req: _Request, hop: int, next_redirect: dict[str, Any] | None) -> WireResponse | None:
    if hop < len(req.extra_response):
        extra = req.extra_response[hop]
        text = extra.get("headersText")
        if isinstance(text, str) and text:
            status, headers = parse_headers_text(text)
            return WireResponse(status=int(extra.get("statusCode") or status or 0), headers=headers)
        return WireResponse(
            status=int(extra.get("statusCode") or 0), headers=_dict_headers(extra.get("headers"))
        )
    if next_redirect is not None:
        return WireResponse(
            status=int(next_redirect.get("status") or 0), headers=_dict_headers(next_redirect.get("headers"))
        )
    return None


def _exchanges(by_id: dict[str, _Request], main: str, events: Sequence[Event]) -> list[WireExchange]:
    req = by_id[main]
    out: list[WireExchange] = []
    hop_urls: list[str] = []
    for hop, wbs in enumerate(req.will_be_sent):
        nxt = req.will_be_sent[hop + 1] if hop + 1 < len(req.will_be_sent) else None
        last = nxt is None
        response = _response_of(req, hop, None if nxt is None else nxt.get("redirectResponse"))
        if response is None and last and req.received:
            r = req.received[-1].get("response") or {}
            response = WireResponse(status=int(r.get("status") or 0), headers=_dict_headers(r.get("headers")))
        sent = hop < len(req.extra_request)
        headers = _dict_headers(
            req.extra_request[hop].get("headers") if sent else (wbs.get("request") or {}).get("headers")
        )
        request = wbs.get("request") or {}
        url = str(request.get("url", ""))
        hop_urls.append(url)
        cookies_sent, cookies_blocked = associated_cookies(req.extra_request[hop]) if sent else ((), ())
        out.append(
            WireExchange(
                kind=RequestKind.MAIN,
                hop=hop,
                method=str(request.get("method", "")),
                url=url,
                headers=headers,
                response=response,
                sent=sent,
                error_text=(req.failed or {}).get("errorText") if last else None,
                cookies_sent=cookies_sent,
                cookies_blocked=cookies_blocked,
            )
        )
    seen_per_url: dict[str, int] = defaultdict(int)
    for name, p in events:
        if name != "Network.requestWillBeSent":
            continue
        initiator = p.get("initiator") or {}
        if initiator.get("type") != "preflight" or initiator.get("requestId") != main:
            continue
        pre = by_id[str(p.get("requestId"))]
        request = p.get("request") or {}
        url = str(request.get("url", ""))
        nth = seen_per_url[url]
        seen_per_url[url] += 1
        matches = [i for i, u in enumerate(hop_urls) if u == url]
        hop = matches[nth] if nth < len(matches) else (matches[-1] if matches else len(hop_urls) - 1)
        sent = bool(pre.extra_request)
        response = _response_of(pre, 0, None)
        if response is None and pre.received:
            r = pre.received[0].get("response") or {}
            response = WireResponse(status=int(r.get("status") or 0), headers=_dict_headers(r.get("headers")))
        out.append(
            WireExchange(
                kind=RequestKind.PREFLIGHT,
                hop=max(hop, 0),
                method=str(request.get("method", "OPTIONS")),
                url=url,
                headers=_dict_headers(
                    pre.extra_request[0].get("headers") if sent else request.get("headers")
                ),
                response=response,
                sent=sent,
                error_text=(pre.failed or {}).get("errorText"),
            )
        )
    out.sort(key=lambda e: (e.hop, 0 if e.kind is RequestKind.PREFLIGHT else 1))
    return out


def build_observation(
    events: Sequence[Event],
    script_result: dict[str, Any],
    *,
    browser_version: str,
    page_origin: str,
    url: str,
    api: str,
    elapsed_ms: float,
) -> BrowserObservation:
    """Read Chromium's decision from the events and what the page script returned."""
    by_id = _index(events)
    main = find_main_request(events)
    exchanges = _exchanges(by_id, main, events) if main is not None else []
    if script_result.get("ok") and exchanges:
        # redirect: "manual" ends at the 3xx, yet DevTools announces the next hop (never sent).
        last = exchanges[-1]
        if last.kind is RequestKind.MAIN and not last.sent and last.response is None and last.hop > 0:
            exchanges.pop()
    failed = by_id[main].failed if main is not None else None
    cors_status = (failed or {}).get("corsErrorStatus") or None
    cors_error = cors_status.get("corsError") if cors_status else None
    failed_parameter = cors_status.get("failedParameter") if cors_status else None
    main_hops = [e for e in exchanges if e.kind is RequestKind.MAIN]
    blocked_reason = (failed or {}).get("blockedReason") or None

    timed_out = bool(script_result.get("timedOut"))
    ok = bool(script_result.get("ok")) and not timed_out
    if ok:
        outcome, stage = Outcome.PASSED, Stage.NONE
    elif timed_out:
        outcome = Outcome.TIMEOUT
        stage = Stage.PREFLIGHT if exchanges and exchanges[-1].kind is RequestKind.PREFLIGHT else Stage.ACTUAL
    elif main is None or (blocked_reason and not any(e.sent for e in exchanges)):
        # Refused before anything went out: by fetch()/XHR themselves (no DevTools request), or
        # by the browser (``loadingFailed.blockedReason``: mixed-content, inspector...).
        outcome, stage = Outcome.REJECTED, Stage.REQUEST
    elif cors_error:
        outcome = Outcome.BLOCKED
        stage = Stage.PREFLIGHT if is_preflight_error(str(cors_error)) else Stage.ACTUAL
    else:
        outcome = Outcome.NETWORK_ERROR
        failed_pre = [e for e in exchanges if e.kind is RequestKind.PREFLIGHT and e.error_text]
        stage = Stage.PREFLIGHT if failed_pre and failed_pre[-1].hop == len(main_hops) - 1 else Stage.ACTUAL
    failed_hop = None if ok or not main_hops else len(main_hops) - 1
    if outcome is Outcome.REJECTED:
        failed_hop = None

    console: list[str] = []
    cors_message: str | None = None
    issues: list[str] = []
    for name, p in events:
        if name == "Log.entryAdded":
            entry = p.get("entry") or {}
            if entry.get("level") in ("error", "warning"):
                console.append(str(entry.get("text", "")))
            if cors_message is None and _is_cors_console(p):
                cors_message = str(entry.get("text", ""))
        elif name == "Audits.issueAdded":
            issues.append(str((p.get("issue") or {}).get("code", "")))

    return BrowserObservation(
        browser_version=browser_version,
        page_origin=page_origin,
        url=url,
        api=api,
        outcome=outcome,
        stage=stage,
        failed_hop=failed_hop,
        cors_error=str(cors_error) if cors_error else None,
        failed_parameter=None if failed_parameter is None else str(failed_parameter),
        error_text=(failed or {}).get("errorText") or None,
        blocked_reason=None if blocked_reason is None else str(blocked_reason),
        body_incomplete=ok and bool(script_result.get("bodyIncomplete")),
        js_error=None if ok or timed_out else str(script_result.get("error", "")),
        status=int(script_result.get("status") or 0) if ok else 0,
        response_type=str(script_result.get("type") or "basic") if ok else "error",
        exposed_headers=tuple(script_result.get("headers") or ()) if ok else (),
        console=tuple(console),
        cors_message=cors_message,
        exchanges=tuple(exchanges),
        issues=tuple(issues),
        elapsed_ms=elapsed_ms,
    )
