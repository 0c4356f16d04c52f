"""One HAR entry, normalised across Chrome, Firefox, Safari and Playwright recordings.

What differs between recorders (HAR 1.2 plus each browser's ``_`` extensions):

* Chrome DevTools: a CORS-blocked request has ``response.status`` 0, no response headers and
  ``response._error`` (e.g. ``net::ERR_FAILED``); preflights are entries of their own with
  ``_initiator.type == "preflight"`` / ``_resourceType == "preflight"`` in newer versions and
  are absent in older ones; each redirect hop is an entry with ``response.redirectURL``.
* Playwright: failed requests have ``status`` -1 and ``response._failureText``; only the
  provisional request headers are kept (no ``Origin``); preflights are not recorded.
* Firefox: preflights are separate ``OPTIONS`` entries; headers are recorded for blocked
  responses; no ``_resourceType``.
* Safari (Web Inspector): minimal fields; ``_fetchType``; may omit ``cookies``/``headersSize``.

Schema errors are reported with the entry index; missing optional parts just mean less evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from corsdoctor.engine import HeaderList
from corsdoctor.har._problems import ReadProblem


class SchemaError(ValueError):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class HarEntry:
    index: int
    started: float | None
    page_ref: str
    method: str
    url: str
    request_headers: HeaderList
    #: cookie names sent (request.cookies or the Cookie header)
    sent_cookies: bool
    has_body: bool
    status: int
    status_text: str
    response_headers: HeaderList
    redirect_url: str
    #: net::ERR_* (Chrome ``_error``, Playwright ``_failureText``), or "" when none recorded.
    error: str
    resource_type: str
    initiator_type: str
    from_cache: bool

    @property
    def got_response(self) -> bool:
        """A response was recorded (status line at least)."""
        return self.status > 0

    def request_header(self, name: str) -> str | None:
        lower = name.lower()
        values = [v for n, v in self.request_headers if n.lower() == lower]
        return ", ".join(values) if values else None

    def response_header(self, name: str) -> str | None:
        lower = name.lower()
        values = [v for n, v in self.response_headers if n.lower() == lower]
        return ", ".join(values) if values else None

    @property
    def is_preflight(self) -> bool:
        if self.initiator_type == "preflight" or self.resource_type == "preflight":
            return True
        return self.method == "OPTIONS" and self.request_header("access-control-request-method") is not None


def _headers(value: Any, where: str) -> HeaderList:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SchemaError(f"{where}.headers is not a list")
    out: list[tuple[str, str]] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise SchemaError(f"{where}.headers has an item without a string 'name'")
        raw = item.get("value", "")
        out.append((item["name"], raw if isinstance(raw, str) else str(raw)))
    return tuple(out)


def _started(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default


def parse_entry(index: int, raw: dict[str, Any]) -> HarEntry | ReadProblem:
    """Normalise one entry dict; a :class:`ReadProblem` names the entry index when it cannot be used."""
    try:
        return _parse(index, raw)
    except SchemaError as exc:
        return ReadProblem(message=f"wrong schema: {exc}", index=index)


def _parse(index: int, raw: dict[str, Any]) -> HarEntry:
    request = raw.get("request")
    if not isinstance(request, dict):
        raise SchemaError("missing 'request' object")
    method = request.get("method")
    url = request.get("url")
    if not isinstance(method, str) or not method:
        raise SchemaError("request.method is missing")
    if not isinstance(url, str) or not url:
        raise SchemaError("request.url is missing")
    response = raw.get("response")
    if response is None:
        response = {}
    if not isinstance(response, dict):
        raise SchemaError("'response' is not an object")
    request_headers = _headers(request.get("headers"), "request")
    response_headers = _headers(response.get("headers"), "response")
    cookies = request.get("cookies")
    sent_cookies = (isinstance(cookies, list) and len(cookies) > 0) or any(
        n.lower() == "cookie" for n, _ in request_headers
    )
    post = request.get("postData")
    has_body = (isinstance(post, dict) and bool(post.get("text") or post.get("params"))) or _int(
        request.get("bodySize"), 0
    ) > 0
    error = response.get("_error") or response.get("_failureText") or raw.get("_error") or ""
    initiator = raw.get("_initiator")
    initiator_type = initiator.get("type", "") if isinstance(initiator, dict) else ""
    from_cache = raw.get("_fromCache")
    redirect = response.get("redirectURL") or ""
    return HarEntry(
        index=index,
        started=_started(raw.get("startedDateTime")),
        page_ref=str(raw.get("pageref") or ""),
        method=method,
        url=url,
        request_headers=request_headers,
        sent_cookies=sent_cookies,
        has_body=has_body,
        status=_int(response.get("status"), 0),
        status_text=str(response.get("statusText") or ""),
        response_headers=response_headers,
        redirect_url=redirect if isinstance(redirect, str) else "",
        error=error if isinstance(error, str) else str(error),
        resource_type=str(raw.get("_resourceType") or "").lower(),
        initiator_type=str(initiator_type).lower(),
        from_cache=bool(from_cache),
    )
