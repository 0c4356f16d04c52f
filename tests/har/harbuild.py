"""Build HAR documents in each browser's documented export shape (for fixtures and goldens).

* Firefox (devtools/client/netmonitor/src/har/har-builder.js): ``creator`` ``Firefox``,
  ``browser`` ``Firefox``; preflights are separate ``OPTIONS`` entries; blocked responses keep
  their status and headers; entries carry ``_securityState``; no ``_resourceType``.
* Safari (Web Inspector's HAR export): ``creator`` ``WebKit Web Inspector``; minimal fields
  (``_fetchType``, ``_priority``); a blocked request may have status 0 and no headers.
* Chrome DevTools: ``creator`` ``WebInspector``; ``_initiator``/``_resourceType``; ``_error``.
"""

from __future__ import annotations

from typing import Any

PAGE = "https://app.example.test"
API = "https://api.example.test"

Headers = list[tuple[str, str]]


def _h(headers: Headers) -> list[dict[str, str]]:
    return [{"name": n, "value": v} for n, v in headers]


def entry(
    flavour: str,
    method: str,
    url: str,
    req_headers: Headers,
    status: int,
    resp_headers: Headers,
    *,
    second: int = 0,
    error: str | None = None,
    redirect: str = "",
    preflight: bool = False,
    resource_type: str = "fetch",
    body: str | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": _h(req_headers),
    }
    response: dict[str, Any] = {
        "status": status,
        "statusText": "OK" if status == 200 else "",
        "httpVersion": "HTTP/1.1",
        "headers": _h(resp_headers),
        "content": {"size": 0, "mimeType": "text/plain", "text": "secret body text"},
        "redirectURL": redirect,
    }
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": body}
    item: dict[str, Any] = {
        "startedDateTime": f"2026-01-02T03:04:{second:02d}.000Z",
        "time": 1,
        "request": request,
        "response": response,
    }
    if flavour == "chrome":
        request.update(queryString=[], cookies=[], headersSize=-1, bodySize=len(body or ""))
        response.update(cookies=[], headersSize=-1, bodySize=-1)
        item.update(cache={}, timings={"send": 0, "wait": 1, "receive": 0}, pageref="page_1")
        item["_resourceType"] = "preflight" if preflight else resource_type
        item["_initiator"] = {"type": "preflight" if preflight else "script"}
        if error is not None:
            response["_error"] = error
    elif flavour == "firefox":
        request.update(queryString=[], cookies=[], headersSize=300, bodySize=len(body or ""))
        response.update(cookies=[], headersSize=200, bodySize=0)
        item.update(
            cache={},
            timings={"blocked": 0, "dns": 0, "connect": 0, "send": 0, "wait": 1, "receive": 0},
            pageref="page_1",
            _securityState="secure",
            serverIPAddress="192.0.2.1",
            connection="443",
        )
    else:  # safari: minimal
        item.update(
            pageref="page_0",
            _fetchType="Network Load",
            _priority="medium",
            timings={"send": 0, "wait": 1, "receive": 0},
            cache={},
        )
    return item


def har(flavour: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    creator = {
        "chrome": {"name": "WebInspector", "version": "537.36"},
        "firefox": {"name": "Firefox", "version": "128.0"},
        "safari": {"name": "WebKit Web Inspector", "version": "1.0"},
    }[flavour]
    log: dict[str, Any] = {
        "version": "1.2",
        "creator": creator,
        "pages": [
            {
                "startedDateTime": "2026-01-02T03:04:00.000Z",
                "id": "page_1" if flavour != "safari" else "page_0",
                "title": PAGE + "/",
                "pageTimings": {},
            }
        ],
        "entries": entries,
    }
    if flavour == "firefox":
        log["browser"] = {"name": "Firefox", "version": "128.0"}
    return {"log": log}


def origin_hdr(extra: Headers | None = None, origin: str = PAGE) -> Headers:
    return [("Host", "api.example.test"), ("Origin", origin), ("Accept", "*/*"), *(extra or [])]
