"""Record real HARs from headless Chromium against loopback servers reproducing each root cause.

Two recordings per run:

* ``playwright.har``: Playwright's own recorder (``record_har_path``).  It keeps only the
  provisional request headers of a blocked request and no preflights, which exercises the
  *unknown* path.
* ``devtools.har``: built from the CDP ``Network`` events the way Chrome DevTools exports a HAR
  (``_initiator``, ``_resourceType``, preflights as their own entries with ``_initiator.type
  == "preflight"``, one entry per redirect hop with ``redirectURL``, ``_error`` on failures,
  raw response headers from ``responseReceivedExtraInfo`` even for blocked responses).

Facts used: reference/chromium-oracle.md §2 (launch flags, preflight initiator, one-write
server), §4 (127.0.0.1:P -> 127.0.0.1:A is same-site, so the cookie is sent).
Run ``python tests/har/recorder.py`` to refresh the committed fixtures.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corsdoctor.browser import ScriptedResponse, ScriptedRoute, ScriptedServer
from corsdoctor.browser._launch import find_chromium, launch_args

R = ScriptedResponse
COOKIE_VALUE = "c00kie-s3cret-value-4711"
TOKEN_VALUE = "t0ken-s3cret-value-0815"

#: leaf -> (fetch init, route factory(page_origin, api_base))
SCENARIOS: dict[str, tuple[dict[str, Any], Any]] = {
    "ok": (
        {},
        lambda p, a: ScriptedRoute(
            response=R(status=200, headers=(("Access-Control-Allow-Origin", p), ("Vary", "Origin")))
        ),
    ),
    "missing-acao": (
        {},
        lambda p, a: ScriptedRoute(
            response=R(status=200, headers=(("Content-Type", "text/plain"),), body=b"hi")
        ),
    ),
    "preflight-405": (
        {"method": "PUT", "body": "x"},
        lambda p, a: ScriptedRoute(
            preflight=R(status=405), response=R(status=200, headers=(("Access-Control-Allow-Origin", p),))
        ),
    ),
    "header-not-allowed": (
        {"headers": {"X-Auth-Token": TOKEN_VALUE}},
        lambda p, a: ScriptedRoute(
            preflight=R(
                status=204,
                headers=(("Access-Control-Allow-Origin", p), ("Access-Control-Allow-Methods", "GET")),
            ),
            response=R(status=200, headers=(("Access-Control-Allow-Origin", p),)),
        ),
    ),
    "wildcard-credentials": (
        {"credentials": "include"},
        lambda p, a: ScriptedRoute(
            response=R(
                status=200,
                headers=(
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Set-Cookie", "sid2=" + COOKIE_VALUE + "; Path=/"),
                ),
            )
        ),
    ),
    "redirect-no-acao": (
        {},
        lambda p, a: ScriptedRoute(response=R(status=302, headers=(("Location", a + "/s/{sid}/ok"),))),
    ),
    "preflight-ok": (
        {
            "method": "PUT",
            "body": "{}",
            "headers": {"Content-Type": "application/json", "Authorization": "Bearer " + TOKEN_VALUE},
        },
        lambda p, a: ScriptedRoute(
            preflight=R(
                status=204,
                headers=(
                    ("Access-Control-Allow-Origin", p),
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "content-type, authorization"),
                ),
            ),
            response=R(status=200, headers=(("Access-Control-Allow-Origin", p), ("Vary", "Origin"))),
        ),
    ),
}

_FETCH = (
    "async ([u, i]) => { try { const r = await fetch(u, i); await r.text(); return r.status }"
    " catch (e) { return String(e) } }"
)


def _iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _hdrs(mapping: dict[str, str] | None) -> list[dict[str, str]]:
    out = []
    for name, value in (mapping or {}).items():
        for line in str(value).split("\n"):  # CDP joins duplicate header lines with \n
            out.append({"name": name, "value": line})
    return out


class DevtoolsHar:
    """A HAR in Chrome DevTools' export shape, built from CDP Network events."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._current: dict[str, dict[str, Any]] = {}
        self._extra_req: dict[str, list[dict[str, str]]] = {}
        self._extra_resp: dict[str, list[dict[str, Any]]] = {}
        self._seen: set[str] = set()
        self._settled: set[str] = set()

    def attach(self, cdp: Any) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestWillBeSentExtraInfo", self._sent_extra)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.responseReceivedExtraInfo", self._received_extra)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, ev: dict[str, Any]) -> None:
        self._settled.add(ev["requestId"])

    def settled(self) -> bool:
        """Every request seen has finished or failed (CDP events arrive late on a loaded machine)."""
        return self._seen <= self._settled

    def _entry(self, ev: dict[str, Any]) -> dict[str, Any]:
        req = ev["request"]
        initiator = ev.get("initiator", {})
        rtype = "preflight" if initiator.get("type") == "preflight" else str(ev.get("type", "other")).lower()
        entry: dict[str, Any] = {
            "_initiator": {"type": initiator.get("type", "other")},
            "_priority": "High",
            "_resourceType": rtype,
            "cache": {},
            "request": {
                "method": req["method"],
                "url": req["url"],
                "httpVersion": "HTTP/1.1",
                "headers": _hdrs(req.get("headers")),
                "queryString": [],
                "cookies": [],
                "headersSize": -1,
                "bodySize": len(req.get("postData", "")),
            },
            "response": {
                "status": 0,
                "statusText": "",
                "httpVersion": "",
                "headers": [],
                "cookies": [],
                "content": {"size": 0, "mimeType": "x-unknown"},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1,
                "_transferSize": 0,
                "_error": None,
            },
            "serverIPAddress": "127.0.0.1",
            "startedDateTime": _iso(ev.get("wallTime", 0.0)),
            "time": 1.0,
            "timings": {
                "blocked": -1,
                "dns": -1,
                "ssl": -1,
                "connect": -1,
                "send": 0,
                "wait": 1,
                "receive": 0,
            },
        }
        if "postData" in req:
            entry["request"]["postData"] = {
                "mimeType": req.get("headers", {}).get("Content-Type", ""),
                "text": req["postData"],
            }
        return entry

    def _sent(self, ev: dict[str, Any]) -> None:
        rid = ev["requestId"]
        if ev["request"]["url"].startswith("data:"):
            return
        if ev.get("type") != "Document":
            self._seen.add(rid)
        previous = self._current.get(rid)
        if previous is not None and "redirectResponse" in ev:
            self._fill(previous, ev["redirectResponse"], rid)
            previous["response"]["redirectURL"] = ev["request"]["url"]
        entry = self._entry(ev)
        self._current[rid] = entry
        self.entries.append(entry)
        extra = self._extra_req.get(rid)
        if extra:
            entry["request"]["headers"] = extra.pop(0)

    def _sent_extra(self, ev: dict[str, Any]) -> None:
        headers = _hdrs(ev.get("headers"))
        entry = self._current.get(ev["requestId"])
        # ExtraInfo arrives before or after requestWillBeSent; the later one wins for this hop.
        if entry is not None and not any(h["name"].lower() == "origin" for h in entry["request"]["headers"]):
            entry["request"]["headers"] = headers
        else:
            self._extra_req.setdefault(ev["requestId"], []).append(headers)
        names = {h["name"].lower() for h in headers}
        if entry is not None and "cookie" in names:
            entry["request"]["cookies"] = [{"name": "sid", "value": COOKIE_VALUE}]

    def _fill(self, entry: dict[str, Any], response: dict[str, Any], rid: str) -> None:
        extra = self._extra_resp.get(rid)
        raw = extra.pop(0) if extra else None
        entry["response"].update(
            status=response.get("status", 0),
            statusText=response.get("statusText", ""),
            httpVersion="HTTP/1.1",
            headers=raw["headers"] if raw else _hdrs(response.get("headers")),
        )

    def _received(self, ev: dict[str, Any]) -> None:
        if ev.get("type") == "Preflight":  # a passing preflight gets no loadingFinished
            self._settled.add(ev["requestId"])
        entry = self._current.get(ev["requestId"])
        if entry is not None:
            self._fill(entry, ev["response"], ev["requestId"])

    def _received_extra(self, ev: dict[str, Any]) -> None:
        rid = ev["requestId"]
        raw = {"headers": _hdrs(ev.get("headers")), "status": ev.get("statusCode", 0)}
        self._extra_resp.setdefault(rid, []).append(raw)

    def _failed(self, ev: dict[str, Any]) -> None:
        rid = ev["requestId"]
        self._settled.add(rid)
        entry = self._current.get(rid)
        if entry is None:
            return
        entry["response"]["_error"] = ev.get("errorText", "")
        extra = self._extra_resp.get(rid)
        if extra and entry["response"]["status"] == 0:
            # Chrome keeps the raw response headers of a response it blocked (ExtraInfo).
            raw = extra.pop(0)
            entry["response"].update(status=raw["status"], headers=raw["headers"], httpVersion="HTTP/1.1")

    def har(self, browser_version: str, page_url: str) -> dict[str, Any]:
        started = self.entries[0]["startedDateTime"] if self.entries else _iso(0)
        for entry in self.entries:
            entry["pageref"] = "page_1"
        return {
            "log": {
                "version": "1.2",
                "creator": {"name": "WebInspector", "version": "537.36"},
                "pages": [{"startedDateTime": started, "id": "page_1", "title": page_url, "pageTimings": {}}],
                "entries": self.entries,
                "_browserVersion": browser_version,
            }
        }


def page_script(page_srv: ScriptedServer) -> None:
    """The page every recording runs its fetches from: ``/s/p/index.html`` on ``page_srv``."""
    page_srv.script(
        "p",
        {
            "index.html": ScriptedRoute(
                response=R(
                    status=200,
                    headers=(("Content-Type", "text/html"),),
                    body=b"<!doctype html><link rel=icon href='data:,'><title>t</title>",
                )
            )
        },
    )


def browse(out_dir: Path, page_url: str, fetches: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Open ``page_url`` in headless Chromium and run ``fetch(url, init)`` for each of ``fetches``
    (in order), recording ``playwright.har`` and ``devtools.har`` into ``out_dir``; returns
    ``{name: status or TypeError text}``."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, Any] = {}
    devtools = DevtoolsHar()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=launch_args())
        context = browser.new_context(record_har_path=str(out_dir / "playwright.har"), record_har_content="omit")
        context.add_cookies([{"name": "sid", "value": COOKIE_VALUE, "domain": "127.0.0.1", "path": "/"}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        devtools.attach(cdp)
        page.goto(page_url)
        for name, (url, init) in fetches.items():
            outcomes[name] = page.evaluate(_FETCH, [url, init])
        deadline = time.monotonic() + 5.0
        page.wait_for_timeout(20)
        while not devtools.settled() and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        version = browser.version
        context.close()
        browser.close()
    (out_dir / "devtools.har").write_text(json.dumps(devtools.har(version, page_url), indent=1), encoding="utf-8")
    return outcomes


def record(out_dir: Path, scenarios: list[str] | None = None) -> dict[str, Any]:
    """Record both HARs into ``out_dir``; returns ``{leaf: fetch outcome}`` and the origins."""
    chosen = scenarios or list(SCENARIOS)
    sid = secrets.token_hex(6)
    with ScriptedServer() as page_srv, ScriptedServer() as api:
        page_origin, api_base = page_srv.base_url(), api.base_url()
        page_script(page_srv)
        routes = {}
        for leaf in chosen:
            route = SCENARIOS[leaf][1](page_origin, api_base)
            if leaf == "redirect-no-acao":
                route = ScriptedRoute(
                    response=R(status=302, headers=(("Location", f"{api_base}/s/{sid}/ok"),))
                )
            routes[leaf] = route
        routes.setdefault("ok", SCENARIOS["ok"][1](page_origin, api_base))
        api.script(sid, routes)
        fetches = {
            leaf: (f"{api_base}/s/{sid}/{leaf}?access_token={TOKEN_VALUE}", SCENARIOS[leaf][0]) for leaf in chosen
        }
        outcomes = browse(out_dir, page_origin + "/s/p/index.html", fetches)
    return {"outcomes": outcomes, "page_origin": page_origin, "api": api_base, "sid": sid}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "fixtures" / "chromium"
    info = record(target)
    print(json.dumps(info, indent=1))
