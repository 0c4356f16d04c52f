"""Real hops on loopback: Debian's nginx in front of a real app server, configured to strip,
duplicate, answer OPTIONS itself, drop headers on errors and cache without Origin in the key.
Each case must be found and attributed to the right hop."""

from __future__ import annotations

import pytest

from corsdoctor.engine import PageRequest, Severity
from corsdoctor.hops import Action, HopsReport, build_paths, diagnose_hops
from corsdoctor.hops._summary import exit_code
from tests.hops.conftest import Stack
from tests.hops.servers import CorsApp

pytestmark = pytest.mark.slow

A = "https://app.example"


def _run(stack: Stack, location: str, route: str, query: str, method: str = "GET") -> HopsReport:
    paths = build_paths(stack.proxy_url(location, route, query), [("via", stack.app_url(route, query))])
    return diagnose_hops(PageRequest(url=paths[0].url, origin=A, method=method), paths)


def _codes_at(report: HopsReport, hop: int) -> set[str]:
    return {f.finding.code for f in report.findings if f.hop == hop}


def test_clean_proxy_changes_nothing(stack: Stack, fresh: str) -> None:
    report = _run(stack, "clean", "items", fresh)
    assert [p.verdict.allowed for p in report.paths if p.verdict] == [True, True]
    assert report.hops[0].kind.key == "nginx"
    assert report.hops[1].kind.key == "python"
    assert report.hops[0].changes == ()
    assert report.findings == ()
    assert {t.outcome for t in report.cache_tests} == {"ok"}
    assert exit_code(report, Severity.ERROR) == 0


def test_proxy_hide_header_is_stripped_by_nginx(stack: Stack, fresh: str) -> None:
    report = _run(stack, "strip", "items", fresh)
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS101"
    assert report.paths[1].verdict is not None and report.paths[1].verdict.allowed
    change = report.hops[0].changes[0]
    assert (change.action, change.header, change.outer) == (Action.STRIPPED, "access-control-allow-origin", ())
    assert _codes_at(report, 0) == {"CORS507"}
    finding = next(f for f in report.findings if f.hop == 0)
    assert "proxy_hide_header" in finding.fix
    assert exit_code(report, Severity.ERROR) == 1


def test_add_header_on_top_of_the_app_is_two_owners(stack: Stack, fresh: str) -> None:
    report = _run(stack, "dup", "items", fresh)
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS103"
    # nginx echoes $http_origin: origin B, which the app rejects, is allowed (no credentials for B).
    assert _codes_at(report, 0) == {"CORS108", "CORS508"}
    reflect = next(f for f in report.findings if f.finding.code == "CORS508")
    assert "reflects any Origin" in reflect.finding.summary and "map $http_origin" in reflect.fix
    dup = next(c for c in report.hops[0].changes if c.action is Action.DUPLICATED)
    assert dup.outer == (A, A) and dup.inner == (A,)
    assert "proxy_hide_header Access-Control-Allow-Origin" in next(f.fix for f in report.findings if f.hop == 0)


def test_nginx_answering_the_preflight_itself(stack: Stack, fresh: str) -> None:
    report = _run(stack, "options", "items", fresh, method="PUT")
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS203"
    assert report.paths[1].verdict is not None and report.paths[1].verdict.allowed
    assert any(c.action is Action.OPTIONS_ANSWERED for c in report.hops[0].changes)
    assert _codes_at(report, 0) == {"CORS508"}
    # A fixed ACAO is not mistaken for a cache.
    assert "wrong-origin" not in {t.outcome for t in report.cache_tests}
    assert not any(f.finding.code == "CORS504" for f in report.findings)


def test_nginx_rejecting_the_preflight(stack: Stack, fresh: str) -> None:
    report = _run(stack, "options405", "items", fresh, method="PUT")
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS201"
    assert _codes_at(report, 0) == {"CORS210"}
    assert "return" in next(f.fix for f in report.findings if f.hop == 0)


def test_error_response_without_always(stack: Stack, fresh: str) -> None:
    ok = _run(stack, "noalways", "items", fresh)
    assert ok.paths[0].verdict is not None and ok.paths[0].verdict.allowed
    # nginx owns ACAO here and echoes any origin: the only finding on a 200.
    assert [f.finding.code for f in ok.findings] == ["CORS508"]
    report = _run(stack, "noalways", "error", fresh)
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS107"
    assert _codes_at(report, 0) == {"CORS107"}
    assert "always" in next(f.fix for f in report.findings if f.hop == 0)


def test_intercepted_error_page_drops_the_headers(stack: Stack, fresh: str) -> None:
    report = _run(stack, "intercept", "error", fresh)
    assert any(c.action is Action.ERROR_REWRITTEN for c in report.hops[0].changes)
    assert _codes_at(report, 0) == {"CORS107"}
    finding = next(f for f in report.findings if f.hop == 0)
    assert "replaces the backend's 500 error response" in finding.finding.summary


def test_origin_not_forwarded(stack: Stack, fresh: str) -> None:
    report = _run(stack, "noorigin", "items", fresh)
    assert report.paths[0].verdict is not None and report.paths[0].verdict.code == "CORS101"
    assert _codes_at(report, 0) == {"CORS506"}


def test_cache_without_origin_and_app_without_vary(stack: Stack, fresh: str) -> None:
    before = len(CorsApp.seen)
    report = _run(stack, "cache", "novary", fresh)
    through_proxy = [s for s in CorsApp.seen[before:] if s[1].startswith("/api/novary")]
    # The app saw: the proxy's first miss, the direct path's 4 requests; never origin B via nginx.
    assert len(through_proxy) == 5
    assert _codes_at(report, 0) == {"CORS504", "CORS505"}
    assert _codes_at(report, 1) == {"CORS501"}
    wrong = next(t for t in report.cache_tests if t.path == 0)
    assert wrong.outcome == "wrong-origin"
    assert wrong.trials[1].acao == (A,)
    assert any("X-Cache-Status: HIT" in line for line in wrong.replay)
    assert next(t for t in report.cache_tests if t.path == 1).outcome == "ok"
    assert "proxy_cache_key" in next(f.fix for f in report.findings if f.finding.code == "CORS505")


def test_cache_ignoring_vary(stack: Stack, fresh: str) -> None:
    report = _run(stack, "cachevary", "items", fresh)
    assert _codes_at(report, 0) == {"CORS504", "CORS505"}
    assert _codes_at(report, 1) == set()
    summary = next(f.finding.summary for f in report.findings if f.finding.code == "CORS505")
    assert "although the response says 'Vary: Origin'" in summary


def test_three_hops_cache_in_front_of_a_clean_proxy(stack: Stack, fresh: str) -> None:
    paths = build_paths(
        stack.edge_url("clean", "items", fresh),
        [("via", stack.proxy_url("clean", "items", fresh)), ("via", stack.app_url("items", fresh))],
    )
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=A), paths)
    assert [h.kind.key for h in report.hops] == ["nginx", "nginx", "python"]
    assert _codes_at(report, 0) == {"CORS504", "CORS505"}
    assert _codes_at(report, 1) == set() and _codes_at(report, 2) == set()
    assert report.hops[1].changes == ()


def test_resolve_bypasses_the_front_layers(stack: Stack, fresh: str) -> None:
    public = f"http://localhost:{stack.edge}/strip/items{fresh}"
    paths = build_paths(public, [("resolve", f"localhost:{stack.edge}:127.0.0.2")])
    report = diagnose_hops(PageRequest(url=public, origin=A), paths)
    assert report.paths[1].spec.resolve is not None
    assert report.paths[1].verdict is not None and report.paths[1].verdict.allowed
    assert _codes_at(report, 0) == {"CORS507"}
    host = report.paths[1].sent[0].request.url
    assert host == public  # the same URL, only the connection goes elsewhere
