"""HARs recorded by real headless Chromium through real Debian nginx and Apache httpd in front of an
app, where the proxy strips or writes the CORS header: ``har`` must name the proxy first, by the
``Server`` / ``Via`` header it left on the recorded responses (preflight included), in every format
and in the summary by root cause and host.

Facts used: nginx replaces the upstream's ``Server`` with its own (``Server: nginx/1.x``); Apache's
mod_proxy with ``ProxyVia Full`` answers ``Via: 1.1 <host> (Apache/2.4.x (Debian))``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.hops import apache as httpd
from tests.hops.servers import NGINX, free_port, nginx

from corsdoctor.browser import ScriptedResponse, ScriptedRoute, ScriptedServer
from corsdoctor.har import HarReport, HarResult, Outcome, analyse
from corsdoctor.har._render import render, to_dict
from corsdoctor.knowledge import Owner

pytestmark = [pytest.mark.slow, pytest.mark.browser]

R = ScriptedResponse

NGINX_SERVER = """
    server {{
        listen 127.0.0.1:{port};
        location /strip/ {{
            proxy_pass http://127.0.0.1:{app}/s/{sid}/;
            proxy_hide_header Access-Control-Allow-Origin;
        }}
        location /fixed/ {{
            proxy_pass http://127.0.0.1:{app}/s/{sid}/;
            add_header Access-Control-Allow-Origin "https://app.example.com" always;
        }}
        location /options/ {{
            if ($request_method = OPTIONS) {{ return 204; }}
            proxy_pass http://127.0.0.1:{app}/s/{sid}/;
        }}
    }}
"""

APACHE_VHOST = """
    ProxyVia Full
    <Location /unset/>
        ProxyPass http://127.0.0.1:{app}/s/{sid}/
        Header unset Access-Control-Allow-Origin
    </Location>
    <Location /star/>
        ProxyPass http://127.0.0.1:{app}/s/{sid}/
        Header always set Access-Control-Allow-Origin "*"
        Header always set Access-Control-Allow-Credentials "true"
    </Location>
"""

#: name -> (proxy, path, fetch init, code the browser's block maps to)
FETCHES: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "nginx-strip": ("nginx", "/strip/allow", {}, "CORS101"),
    "nginx-fixed": ("nginx", "/fixed/plain", {}, "CORS102"),
    "nginx-options": ("nginx", "/options/allow", {"method": "PUT", "body": "{}",
                                                  "headers": {"Content-Type": "application/json"}}, "CORS101"),
    "apache-unset": ("apache", "/unset/allow", {}, "CORS101"),
    "apache-star": ("apache", "/star/plain", {"credentials": "include"}, "CORS105"),
}
PRODUCT = {"nginx": "nginx", "apache": "Apache httpd"}
HEADER = {"nginx": "Server: nginx/", "apache": "(Apache/"}


def _app_routes(page_origin: str) -> dict[str, ScriptedRoute]:
    cors = (("Access-Control-Allow-Origin", page_origin), ("Vary", "Origin"), ("Content-Type", "text/plain"))
    return {
        "allow": ScriptedRoute(
            response=R(status=200, headers=cors, body=b"ok"),
            preflight=R(status=204, headers=(*cors[:2], ("Access-Control-Allow-Methods", "GET, PUT"),
                                             ("Access-Control-Allow-Headers", "content-type"))),
        ),
        "plain": ScriptedRoute(response=R(status=200, headers=(("Content-Type", "text/plain"),), body=b"ok")),
    }


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HarReport, dict[str, Any]]]:
    pytest.importorskip("playwright")
    from corsdoctor.browser import ChromiumNotFoundError, find_chromium

    try:
        find_chromium()
    except ChromiumNotFoundError as exc:
        pytest.skip(str(exc))
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    if not httpd.available():
        pytest.skip("apache2 with mod_proxy_http is not installed")
    from recorder import browse, page_script

    out = tmp_path_factory.mktemp("proxied")
    sid = secrets.token_hex(6)
    port = free_port()
    with ScriptedServer() as page_srv, ScriptedServer() as app:
        page_script(page_srv)
        page_origin = page_srv.base_url()
        app.script(sid, _app_routes(page_origin))
        app_port = int(app.base_url().rsplit(":", 1)[1])
        with nginx(NGINX_SERVER.format(port=port, app=app_port, sid=sid), [port]), \
                httpd.apache(APACHE_VHOST.format(app=app_port, sid=sid)) as apache_port:
            bases = {"nginx": f"http://127.0.0.1:{port}", "apache": f"http://127.0.0.1:{apache_port}"}
            fetches = {name: (bases[proxy] + path, init) for name, (proxy, path, init, _) in FETCHES.items()}
            outcomes = browse(out, page_origin + "/s/p/index.html", fetches)
    yield analyse(out / "devtools.har"), outcomes


def _by_name(report: HarReport) -> dict[str, HarResult]:
    """Results by fetch name (the paths differ between the proxies)."""
    names = {path: name for name, (_, path, _, _) in FETCHES.items()}
    return {names[urlsplit(r.url).path]: r for r in report.results if urlsplit(r.url).path in names}


def test_the_browser_blocked_each_and_har_agrees(recorded: tuple[HarReport, dict[str, Any]]) -> None:
    report, outcomes = recorded
    results = _by_name(report)
    assert set(results) == set(FETCHES)
    for name, (_, _, _, code) in FETCHES.items():
        assert outcomes[name] != 200, (name, outcomes[name])  # a TypeError: the browser blocked it
        assert (results[name].outcome, results[name].code) == (Outcome.BLOCKED, code), name


def test_the_proxy_is_named_first_by_the_header_it_left(recorded: tuple[HarReport, dict[str, Any]]) -> None:
    report, _ = recorded
    results = _by_name(report)
    for name, (proxy, _, _, _) in FETCHES.items():
        first = results[name].owners[0]
        assert (first.owner, first.product) == (Owner.PROXY, PRODUCT[proxy]), (name, results[name].owners)
        assert any(HEADER[proxy] in fact for fact in first.evidence), (name, first.evidence)
    # nginx answered the preflight itself: the evidence says which response showed it
    options = results["nginx-options"].owners[0]
    assert results["nginx-options"].stage == "preflight"
    assert any("preflight" in fact for fact in options.evidence), options.evidence
    # what to grep is the proxy's own configuration
    assert "/etc/nginx/" in results["nginx-strip"].owners[0].look_for[0]
    assert "/etc/apache2/" in results["apache-unset"].owners[0].look_for[0]


def test_every_format_shows_the_owners_per_request_and_by_host(recorded: tuple[HarReport, dict[str, Any]]) -> None:
    report, _ = recorded
    results = _by_name(report)
    strip = results["nginx-strip"]
    text = render(report, "text")
    assert f"#{strip.index} BLOCKED" in text
    block = text.split(f"#{strip.index} BLOCKED", 1)[1].split("\n#", 1)[0]
    assert "look at (most likely first):\n      1. reverse proxy (nginx): nginx is in front of the app" in block
    markdown = render(report, "markdown")
    assert "1. **reverse proxy (nginx)**" in markdown and "1. **reverse proxy (Apache httpd)**" in markdown
    page = render(report, "html")
    assert "<b>reverse proxy (nginx)</b>" in page and "<b>reverse proxy (Apache httpd)</b>" in page
    data = json.loads(render(report, "json"))
    assert len(data["requests"]) == len(to_dict(report)["requests"])
    request = next(r for r in data["requests"] if r["index"] == strip.index)
    assert request["owners"][0]["owner"] == "reverse proxy" and request["owners"][0]["product"] == "nginx"
    assert request["where_to_look"].startswith("reverse proxy (nginx): ")
    # the summary: CORS101 came through both proxies; each host names its own proxy first
    group = next(g for g in data["summary"] if g["code"] == "CORS101")
    firsts = {h["host"].rsplit(":", 1)[1]: h["owners"][0] for h in group["hosts"]}
    assert sorted(firsts.values()) == ["reverse proxy (Apache httpd)", "reverse proxy (nginx)"]
    assert "by host:" in text and "look at reverse proxy (nginx)" in text
