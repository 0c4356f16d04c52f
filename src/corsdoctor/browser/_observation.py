"""What real Chromium did for one page request, as frozen data.

Vocabulary follows the Fetch Standard (https://fetch.spec.whatwg.org/#http-fetch): a *main*
request walks one or more hops (redirects keep the DevTools ``requestId``), each hop may be
preceded by a *CORS-preflight request* (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
Chromium's own verdict comes from ``Network.loadingFailed.corsErrorStatus`` (``corsError`` +
``failedParameter``) and the ``cors`` console line (chromium-oracle.md §2.5).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

Headers = tuple[tuple[str, str], ...]


class Stage(enum.Enum):
    """Where the request failed; the conformance format's ``stage`` values."""

    NONE = "none"
    REQUEST = "request"
    PREFLIGHT = "preflight"
    ACTUAL = "actual"


class Outcome(enum.Enum):
    PASSED = "passed"  # script could read the response (or got an opaque one in no-cors)
    BLOCKED = "blocked"  # a CORS failure (corsErrorStatus present)
    NETWORK_ERROR = "network-error"  # failed without a CORS reason (net::ERR_…)
    REJECTED = "rejected"  # refused before any request went out (fetch()/XHR TypeError, mixed content)
    TIMEOUT = "timeout"  # the page never settled within the time limit


class RequestKind(enum.Enum):
    PREFLIGHT = "preflight"
    MAIN = "main"


def header_value(headers: Headers, name: str) -> str | None:
    """The first value of ``name`` (case-insensitive), or ``None``."""
    low = name.lower()
    return next((v for n, v in headers if n.lower() == low), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class WireResponse:
    """A response as it came off the wire (raw header lines, duplicates kept)."""

    status: int
    headers: Headers

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "headers": [list(h) for h in self.headers]}


@dataclass(frozen=True, slots=True, kw_only=True)
class WireExchange:
    """One request Chromium sent and what it got back (``response`` is ``None`` when none came)."""

    kind: RequestKind
    hop: int  # index of the URL in the redirect chain (0 = the URL passed to fetch())
    method: str
    url: str
    headers: Headers
    response: WireResponse | None
    sent: bool = True  # reached the wire (Network.requestWillBeSentExtraInfo seen)
    error_text: str | None = None  # Network.loadingFailed.errorText of this request, if it failed
    cookies_sent: tuple[str, ...] = ()  # names of the profile's cookies Chromium attached
    cookies_blocked: tuple[tuple[str, str], ...] = ()  # (name, Chromium's blockedReasons, comma-joined)

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    def to_json(self) -> dict[str, Any]:
        """JSON form; the ``Cookie`` header's values are redacted (names kept)."""
        return {
            "kind": self.kind.value,
            "hop": self.hop,
            "method": self.method,
            "url": self.url,
            "headers": [
                [n, redact_cookie_header(v) if n.lower() == "cookie" else v] for n, v in self.headers
            ],
            "response": None if self.response is None else self.response.to_json(),
            "sent": self.sent,
            "error_text": self.error_text,
            "cookies_sent": list(self.cookies_sent),
            "cookies_blocked": [{"name": n, "reasons": r.split(",")} for n, r in self.cookies_blocked],
        }


def redact_cookie_header(value: str) -> str:
    """``a=1; b=2`` → ``a=REDACTED; b=REDACTED``: cookie values never leave corsdoctor."""
    from corsdoctor.redact import REDACTED

    names = [part.strip().partition("=")[0] for part in value.split(";") if part.strip()]
    return "; ".join(f"{n}={REDACTED}" for n in names)


@dataclass(frozen=True, slots=True, kw_only=True)
class BrowserObservation:
    """Chromium's decision for one page request plus every exchange it made on the way."""

    browser_version: str
    page_origin: str
    url: str
    api: str
    outcome: Outcome
    stage: Stage
    failed_hop: int | None
    cors_error: str | None
    failed_parameter: str | None
    error_text: str | None  # Network.loadingFailed.errorText of the page request (net::…)
    js_error: str | None  # what script saw: "TypeError: Failed to fetch", …
    status: int  # status visible to script (0 = network error or opaque)
    response_type: str  # basic | cors | opaque | error
    exposed_headers: tuple[str, ...]  # lower-case names script could read, sorted
    console: tuple[str, ...]  # every console error/warning line, in order
    cors_message: str | None  # the ``cors`` console line (Log.entryAdded source javascript)
    exchanges: tuple[WireExchange, ...]
    issues: tuple[str, ...] = ()  # Audits.issueAdded codes (CorsIssue, DeprecationIssue…)
    blocked_reason: str | None = None  # Network.loadingFailed.blockedReason (mixed-content, …)
    body_incomplete: bool = False  # passed, but the body had not ended within the time limit
    elapsed_ms: float = 0.0

    @property
    def blocked(self) -> bool:
        return self.outcome is not Outcome.PASSED

    @property
    def preflights(self) -> tuple[WireExchange, ...]:
        return tuple(e for e in self.exchanges if e.kind is RequestKind.PREFLIGHT)

    @property
    def main_hops(self) -> tuple[WireExchange, ...]:
        return tuple(e for e in self.exchanges if e.kind is RequestKind.MAIN)

    @property
    def preflight_sent(self) -> bool:
        return bool(self.preflights)

    @property
    def acrh(self) -> str | None:
        """``Access-Control-Request-Headers`` of the first preflight."""
        pre = self.preflights
        return pre[0].header("Access-Control-Request-Headers") if pre else None

    @property
    def preflight_origin_header(self) -> str | None:
        pre = self.preflights
        return pre[0].header("Origin") if pre else None

    @property
    def final_origin_header(self) -> str | None:
        hops = self.main_hops
        return hops[-1].header("Origin") if hops else None

    def to_json(self) -> dict[str, Any]:
        return {
            "browser": "chromium",
            "browser_version": self.browser_version,
            "page_origin": self.page_origin,
            "url": self.url,
            "api": self.api,
            "outcome": self.outcome.value,
            "blocked": self.blocked,
            "stage": self.stage.value,
            "failed_hop": self.failed_hop,
            "cors_error": self.cors_error,
            "failed_parameter": self.failed_parameter,
            "error_text": self.error_text,
            "blocked_reason": self.blocked_reason,
            "js_error": self.js_error,
            "status": self.status,
            "response_type": self.response_type,
            "exposed_headers": list(self.exposed_headers),
            "body_incomplete": self.body_incomplete,
            "preflight": self.preflight_sent,
            "acrh": self.acrh,
            "preflight_origin_header": self.preflight_origin_header,
            "final_origin_header": self.final_origin_header,
            "cors_message": self.cors_message,
            "console": list(self.console),
            "issues": list(self.issues),
            "exchanges": [e.to_json() for e in self.exchanges],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }
