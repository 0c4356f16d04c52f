"""Apache httpd as a real hop: Debian's apache2 (mod_proxy_http, mod_headers, mod_rewrite) in front
of the test app, one ``<Location>`` per fault, run through the ``hops`` CLI in a subprocess.

Apache's reverse proxy keeps the backend's ``Server`` header, so the hop must be named Apache from
what mod_proxy adds itself (``Keep-Alive: timeout=5, max=100``), and every fix must be in Apache's
terms (``Header unset``, ``RequestHeader unset Origin``, ``Header always set``, ``ProxyErrorOverride``).
The ``/dupfixed/`` location applies the fix hops gives for ``/dup/`` and must come out clean.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.hops.apache import apache, available
from tests.hops.conftest import Stack

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="Debian apache2 with mod_proxy_http is not installed"),
]

A = "https://app.example"

LOCATIONS = """
    RewriteEngine On
    <Location /strip/>
        ProxyPass http://127.0.0.1:{app}/api/
        Header unset Access-Control-Allow-Origin
    </Location>
    <Location /dup/>
        ProxyPass http://127.0.0.1:{app}/api/
        Header always set Access-Control-Allow-Origin "https://app.example"
    </Location>
    <Location /dupfixed/>
        ProxyPass http://127.0.0.1:{app}/api/
        Header unset Access-Control-Allow-Origin
        Header always set Access-Control-Allow-Origin "https://app.example"
    </Location>
    <Location /noorigin/>
        ProxyPass http://127.0.0.1:{app}/api/
        RequestHeader unset Origin
    </Location>
    <Location /override/>
        ProxyPass http://127.0.0.1:{app}/api/
        ProxyErrorOverride On
    </Location>
    RewriteCond %{{REQUEST_METHOD}} OPTIONS
    RewriteRule ^/options/ - [R=405,L]
    ProxyPass /options/ http://127.0.0.1:{app}/api/
"""


@pytest.fixture(scope="module")
def httpd(stack: Stack) -> Iterator[int]:
    with apache(LOCATIONS.format(app=stack.app)) as port:
        yield port


def _hops(httpd: int, stack: Stack, location: str, route: str, fresh: str, *extra: str) -> tuple[int, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "corsdoctor",
            "hops",
            f"http://127.0.0.1:{httpd}/{location}/{route}{fresh}",
            "--origin",
            A,
            "--via",
            stack.app_url(route, fresh),
            "--format",
            "json",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stderr.count("Traceback") == 0, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _at_hop1(doc: Any) -> dict[str, Any]:
    return {f["code"]: f for f in doc["findings"] if f["hop"] == 0}


def test_header_unset_is_stripped_by_apache(httpd: int, stack: Stack, fresh: str) -> None:
    code, doc = _hops(httpd, stack, "strip", "items", fresh)
    assert code == 1
    hop = doc["hops"][0]
    assert hop["kind"] == "apache"
    assert any(e.startswith("Keep-Alive: timeout=") for e in hop["identified_by"])
    found = _at_hop1(doc)
    assert set(found) == {"CORS507"}
    assert "Apache httpd (hop 1) strips Access-Control-Allow-Origin" in found["CORS507"]["summary"]
    assert "Header unset Access-Control-" in found["CORS507"]["fix"]


def test_header_always_set_on_top_of_the_app_is_two_owners(httpd: int, stack: Stack, fresh: str) -> None:
    code, doc = _hops(httpd, stack, "dup", "items", fresh)
    assert code == 1
    found = _at_hop1(doc)
    assert set(found) == {"CORS108"}
    assert "'Header always set' writes Apache's own table" in found["CORS108"]["fix"]
    change = doc["hops"][0]["changes"][0]
    assert (change["action"], change["in_front"]) == ("duplicated", [A, A])


def test_the_fix_hops_gives_for_two_owners_works(httpd: int, stack: Stack, fresh: str) -> None:
    code, doc = _hops(httpd, stack, "dupfixed", "items", fresh)
    assert code == 0
    assert _at_hop1(doc) == {}
    assert doc["hops"][0]["changes"] == []


def test_request_header_unset_origin_is_origin_not_forwarded(httpd: int, stack: Stack, fresh: str) -> None:
    code, doc = _hops(httpd, stack, "noorigin", "items", fresh)
    assert code == 1
    found = _at_hop1(doc)
    assert set(found) == {"CORS506"}
    assert found["CORS506"]["fix"] == "remove 'RequestHeader unset Origin'"


def test_rewrite_rule_rejecting_options_is_the_preflight_not_forwarded(
    httpd: int, stack: Stack, fresh: str
) -> None:
    code, doc = _hops(httpd, stack, "options", "items", fresh, "-X", "PUT")
    assert code == 1
    found = _at_hop1(doc)
    assert set(found) == {"CORS210"}
    assert "answers the preflight itself with 405" in found["CORS210"]["summary"]
    assert "RewriteRule" in found["CORS210"]["fix"]
    assert doc["hops"][0]["kind"] == "apache"  # from Apache's own 405 (Server: Apache/2.4…)


def test_proxy_error_override_replaces_the_error_without_cors(httpd: int, stack: Stack, fresh: str) -> None:
    code, doc = _hops(httpd, stack, "override", "error", fresh)
    assert code == 1
    found = _at_hop1(doc)
    assert set(found) == {"CORS107"}
    assert "replaces the backend's 500 error response with its own" in found["CORS107"]["summary"]
    assert "ProxyErrorOverride" in found["CORS107"]["fix"]
    assert doc["hops"][0]["kind"] == "apache"
