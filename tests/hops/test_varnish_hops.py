"""A real caching layer: Debian's Varnish 7 in front of the test app, with VCL written here.

One ``varnishd`` serves every case, routed by the URL's first segment (the app answers the same
resource under any prefix; the cache key is the URL as requested, so prefixes never share objects):

* ``/plain/``: the builtin VCL: GET/HEAD cached under URL + Host, the backend's ``Vary`` honoured.
* ``/dropvary/``: the builtin key and ``unset beresp.http.Vary`` (cache key without Origin even
  though the app sends ``Vary: Origin``).
* ``/preflight/``: "cache preflights too": OPTIONS looked up in the cache (method in the key,
  not Origin), stored 300 s whatever the status, ``Vary`` dropped.
* ``/keyed/``: OPTIONS cached as well, but keyed on Origin, Access-Control-Request-Method and
  -Headers with the backend's ``Vary`` kept: the good control.

Each case must be found and attributed to the Varnish hop, with the cache's own evidence
(``X-Varnish`` with two ids, ``Age``, identical ``Date``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from corsdoctor.engine import ExchangeKind, PageRequest, Severity
from corsdoctor.hops import HopsReport, build_paths, diagnose_hops, to_dict
from corsdoctor.hops._summary import change_line, exit_code
from tests.hops.conftest import Stack
from tests.hops.servers import CorsApp
from tests.hops.varnish import Varnish, varnish, varnish_pids, vcl

pytestmark = pytest.mark.slow

A = "https://app.example"
REFUSED = "https://evil.example"
GOLDEN = Path(__file__).parent / "golden"

VCL_BODY = r"""
sub vcl_recv {
    if (req.url ~ "^/(preflight|keyed)/" && req.method == "OPTIONS") {
        # "Cache preflights too".  On a miss Varnish would fetch with GET: remember the method.
        set req.http.X-Cached-Method = req.method;
        return (hash);
    }
}

sub vcl_hash {
    if (req.http.X-Cached-Method) {
        hash_data(req.http.X-Cached-Method);
    }
    if (req.url ~ "^/keyed/") {
        hash_data(req.http.Origin);
        hash_data(req.http.Access-Control-Request-Method);
        hash_data(req.http.Access-Control-Request-Headers);
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Cached-Method) {
        set bereq.method = bereq.http.X-Cached-Method;
        unset bereq.http.X-Cached-Method;
    }
}

sub vcl_backend_response {
    if (bereq.method == "OPTIONS") {
        set beresp.ttl = 300s;
        if (bereq.url ~ "^/preflight/") {
            unset beresp.http.Vary;
        }
        return (deliver);
    }
    if (bereq.url ~ "^/dropvary/") {
        unset beresp.http.Vary;
    }
}
"""


@pytest.fixture(scope="module")
def cache(stack: Stack) -> Iterator[Varnish]:
    with varnish(vcl(stack.app, VCL_BODY)) as running:
        yield running
    assert varnish_pids(running.workdir) == [], "varnishd left running"


def _run(
    stack: Stack, cache: Varnish, prefix: str, route: str, query: str, method: str = "GET"
) -> HopsReport:
    paths = build_paths(cache.url(f"/{prefix}/{route}{query}"), [("via", stack.app_url(route, query))])
    return diagnose_hops(PageRequest(url=paths[0].url, origin=A, method=method), paths)


def _codes_at(report: HopsReport, hop: int) -> set[str]:
    return {f.finding.code for f in report.findings if f.hop == hop}


def _warm_preflight(url: str, origin: str) -> httpx.Response:
    """Someone else's preflight reaches the cache first."""
    headers = {"Origin": origin, "Access-Control-Request-Method": "PUT"}
    return httpx.request("OPTIONS", url, headers=headers, timeout=5)


TWO_IDS = re.compile(r"X-Varnish: \d+ \d+")


def test_varnishd_is_stopped_with_its_cache_child(stack: Stack) -> None:
    with varnish(vcl(stack.app, "")) as running:
        assert len(varnish_pids(running.workdir)) == 2  # the manager and the cache child
        response = httpx.get(running.url("/plain/items"), timeout=5)
        assert response.headers["via"].startswith("1.1 varnish") and "x-varnish" in response.headers
    assert varnish_pids(running.workdir) == []
    assert not running.workdir.exists()


def test_default_caching_serves_origin_a_s_acao_to_origin_b(stack: Stack, cache: Varnish, fresh: str) -> None:
    before = len(CorsApp.seen)
    report = _run(stack, cache, "plain", "novary", fresh)
    assert [h.kind.key for h in report.hops] == ["varnish", "python"]
    assert any(e.startswith("X-Varnish: ") for e in report.hops[0].kind.evidence)
    # Only the first request through Varnish reached the app: B and A-again were hits.
    assert [s[2] for s in CorsApp.seen[before:] if s[1] == f"/plain/novary{fresh}"] == [A]
    wrong = next(t for t in report.cache_tests if t.path == 0)
    assert wrong.outcome == "wrong-origin"
    assert wrong.trials[1].acao == (A,)
    assert any(TWO_IDS.search(line) for line in wrong.replay)
    assert any("identical Date as request A" in line for line in wrong.replay)
    assert next(t for t in report.cache_tests if t.path == 1).outcome == "ok"
    assert _codes_at(report, 0) == {"CORS504", "CORS505"}
    assert _codes_at(report, 1) == {"CORS501"}  # the app reflects without Vary: its part of the fix
    fix = next(f.fix for f in report.findings if f.finding.code == "CORS505")
    assert "hash_data(req.http.Origin);" in fix and "vcl_hash" in fix
    assert exit_code(report, Severity.ERROR) == 1


def test_key_without_origin_and_vary_unset_is_varnish_s_doing(
    stack: Stack, cache: Varnish, fresh: str
) -> None:
    report = _run(stack, cache, "dropvary", "items", fresh)
    assert _codes_at(report, 0) == {"CORS501", "CORS504", "CORS505"}
    assert _codes_at(report, 1) == set()  # the app sends Vary: Origin; it is not blamed
    key = next(f for f in report.findings if f.finding.code == "CORS505")
    assert "drops the 'Vary: Origin' the layer behind it sends" in key.finding.summary
    assert "unset beresp.http.Vary" in key.fix
    vary = next(f for f in report.findings if f.finding.code == "CORS501")
    assert vary.hop == 0 and "unset beresp.http.Vary" in vary.fix
    assert next(t for t in report.cache_tests if t.path == 0).outcome == "wrong-origin"


def _assert_cached_failed_preflight(report: HopsReport, stored_status: str) -> None:
    assert report.paths[0].verdict is not None and report.paths[0].verdict.blocked
    assert report.paths[1].verdict is not None and report.paths[1].verdict.allowed
    assert report.hops[0].kind.key == "varnish"
    assert report.hops[0].stored == (ExchangeKind.PREFLIGHT,)
    assert "came from this hop's cache" in report.hops[0].note
    # Not "strips the headers", not "answers OPTIONS itself": a stored answer.
    assert _codes_at(report, 0) == {"CORS504"}
    finding = next(f for f in report.findings if f.hop == 0)
    assert f"served a cached failed preflight: a stored {stored_status}" in finding.finding.summary
    assert any(line.startswith("served from cache: ") and TWO_IDS.search(line) for line in finding.evidence)
    assert any("a fresh request through the same hop" in line and A in line for line in finding.evidence)
    assert "return (pass)" in finding.fix and "hash_data(req.http.Origin)" in finding.fix
    test = next(t for t in report.cache_tests if t.path == 0 and t.exchange is ExchangeKind.PREFLIGHT)
    assert test.outcome == "cached-failure"
    assert [t.acao for t in test.trials] == [(), (), ()]
    doc = to_dict(report)
    assert doc["hops"][0]["served_from_cache"] == ["preflight"]
    preflight = [c for c in doc["hops"][0]["changes"] if c["exchange"] == "preflight"]
    assert preflight and all(c["from_cache"] for c in preflight)
    lines = [change_line(c, report.hops[0]) for c in report.hops[0].changes]
    assert lines and not any(" stripped " in line for line in lines)  # the cache did not strip them
    assert any("not in cached answer    Access-Control-Allow-Origin" in line for line in lines)
    assert next(t for t in doc["cache_tests"] if t["path"] == 0)["outcome"] == "cached-failure"
    assert exit_code(report, Severity.ERROR) == 1


def test_preflight_from_a_refused_origin_cached_for_everyone(
    stack: Stack, cache: Varnish, fresh: str
) -> None:
    warm = _warm_preflight(cache.url(f"/preflight/items{fresh}"), REFUSED)
    assert warm.status_code == 204 and "access-control-allow-origin" not in warm.headers
    report = _run(stack, cache, "preflight", "items", fresh, method="PUT")
    _assert_cached_failed_preflight(report, "204 without Access-Control-Allow-Origin")


def test_a_500_preflight_cached(stack: Stack, cache: Varnish, fresh: str) -> None:
    CorsApp.fail_preflight.add(f"/preflight/items{fresh}")
    try:
        assert _warm_preflight(cache.url(f"/preflight/items{fresh}"), A).status_code == 500
    finally:
        CorsApp.fail_preflight.discard(f"/preflight/items{fresh}")
    report = _run(stack, cache, "preflight", "items", fresh, method="PUT")
    _assert_cached_failed_preflight(report, "500")
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS201"


@pytest.mark.parametrize(("prefix", "method"), [("keyed", "PUT"), ("plain", "GET")])
def test_origin_in_the_key_or_vary_honoured_is_clean(
    stack: Stack, cache: Varnish, fresh: str, prefix: str, method: str
) -> None:
    if method == "PUT":
        _warm_preflight(cache.url(f"/{prefix}/items{fresh}"), REFUSED)
    report = _run(stack, cache, prefix, "items", fresh, method=method)
    assert report.hops[0].kind.key == "varnish"
    assert report.findings == ()
    assert {t.outcome for t in report.cache_tests} == {"ok"}
    assert exit_code(report, Severity.ERROR) == 0


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "corsdoctor", "hops", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cookie_reaches_the_app_only_on_the_actual_request(stack: Stack, cache: Varnish, fresh: str) -> None:
    secret = "session=s3cr3t-cookie-value"
    url, direct = cache.url(f"/plain/items{fresh}"), stack.app_url("items", fresh)
    base = [url, "--origin", A, "--via", direct, "-X", "PUT", "--credentials", "--cookie", secret]
    before = len(CorsApp.cookies)
    outputs = {fmt: _cli(*base, "--format", fmt) for fmt in ("text", "json", "markdown")}
    seen = [(m, c) for m, p, c in CorsApp.cookies[before:] if fresh in p]
    assert {m for m, _ in seen} == {"OPTIONS", "PUT"}
    assert all(c is None for m, c in seen if m == "OPTIONS")
    assert all(c == secret for m, c in seen if m == "PUT")
    for fmt, result in outputs.items():
        assert result.returncode == 0, (fmt, result.stdout, result.stderr)
        assert "s3cr3t" not in result.stdout + result.stderr, fmt
        assert "REDACTED" in result.stdout, fmt
    doc = json.loads(outputs["json"].stdout)
    assert doc["request"]["cookie"] == "REDACTED"
    for path in doc["paths"]:
        assert [(e["kind"], e["request"]["cookie"]) for e in path["exchanges"]] == [
            ("preflight", None),
            ("actual", "REDACTED"),
        ]
    # Without --credentials the cookie is never sent.
    plain = _cli(url, "--origin", A, "--via", direct, "--cookie", secret, "--no-cache-test")
    assert "--cookie is sent only with --credentials" in plain.stderr
    assert all(c is None for _, p, c in CorsApp.cookies[before + len(seen) :] if fresh in p)


def _unwrap(text: str) -> str:
    """Undo the report's word wrapping (a continuation line is indented two more than its indented
    paragraph; textwrap may break after a hyphen), so that values of varying length (X-Varnish ids)
    do not move the line breaks of the golden."""
    out: list[str] = []
    indent = -1
    for line in text.splitlines():
        here = len(line) - len(line.lstrip(" "))
        if out and line.strip() and indent >= 2 and here == indent + 2:
            glue = "" if out[-1].endswith("-") and not out[-1].endswith(" -") else " "
            out[-1] += glue + line.strip()
            continue
        out.append(line)
        indent = here
    return "\n".join(out) + "\n"


def _normalise(text: str, stack: Stack, cache: Varnish) -> str:
    text = _unwrap(text)
    for port, name in ((stack.app, "APP"), (cache.port, "VARNISH")):
        text = text.replace(f"127.0.0.1:{port}", f"127.0.0.1:{name}")
    substitutions = (
        (r"t=[0-9a-f]{12}", "t=QUERY"),
        (r"corsdoctor-cache-bust=[0-9a-f]{12}", "corsdoctor-cache-bust=BUST"),
        (r"X-Varnish: \d+ \d+", "X-Varnish: ID ID"),
        (r"X-Varnish: \d+", "X-Varnish: ID"),
        (r"Age: \d+", "Age: N"),
        (r"req-\d+", "req-N"),
        (r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", "DATE"),
        (r"Python/3\.\d+\.\d+", "Python/3.x"),
        (r"Varnish/\d+\.\d+", "Varnish/N"),
    )
    for pattern, replacement in substitutions:
        text = re.sub(pattern, replacement, text)
    return text


def test_text_report_golden_cached_failed_preflight(stack: Stack, cache: Varnish, fresh: str) -> None:
    url = cache.url(f"/preflight/items{fresh}")
    _warm_preflight(url, REFUSED)
    result = _cli(url, "--origin", A, "--via", stack.app_url("items", fresh), "-X", "PUT")
    assert result.returncode == 1, result.stderr
    path = GOLDEN / "varnish_cached_preflight.txt"
    text = _normalise(result.stdout, stack, cache)
    if os.environ.get("CORSDOCTOR_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()
