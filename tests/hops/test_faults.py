"""A hop that is down, times out or answers garbage is reported for that hop only; the other
hops are still compared (real sockets on loopback)."""

from __future__ import annotations

import pytest

from corsdoctor.engine import ExchangeKind, PageRequest, Severity, Stage
from corsdoctor.hops import Fault, HopsOptions, SendOptions, build_paths, diagnose_hops
from corsdoctor.hops._summary import exit_code, tally_line
from tests.hops.conftest import Stack
from tests.hops.servers import broken_server, free_port, half_broken

pytestmark = pytest.mark.slow

A = "https://app.example"


def test_broken_hops_are_reported_alone_and_the_rest_compared(stack: Stack, fresh: str) -> None:
    down = free_port()
    with broken_server("garbage") as garbage, broken_server("silent") as silent:
        paths = build_paths(
            stack.proxy_url("strip", "items", fresh),
            [
                ("via", f"http://127.0.0.1:{garbage}"),
                ("via", f"http://127.0.0.1:{silent}"),
                ("via", f"http://127.0.0.1:{down}"),
                ("via", stack.app_url("items", fresh)),
            ],
        )
        options = HopsOptions(send=SendOptions(timeout=0.5))
        report = diagnose_hops(PageRequest(url=paths[0].url, origin=A), paths, options)
    assert [p.fault for p in report.paths] == [None, Fault.GARBAGE, Fault.TIMEOUT, Fault.DOWN, None]
    faults = {f.path: f.finding.code for f in report.findings if f.fault}
    assert faults == {1: "CORS601", 2: "CORS904", 3: "CORS901"}
    # Hop 1 (nginx) is compared with the origin across the broken paths.
    assert report.hops[0].inner == 4
    assert "across the down path(s) 2, 3, 4" in report.hops[0].note
    assert {f.finding.code for f in report.findings if f.hop == 0 and not f.fault} == {"CORS507"}
    assert [h.compared for h in report.hops[1:4]] == [False, False, False]
    # The broken paths are left out of the cache test; the others ran it.
    assert {t.path for t in report.cache_tests} == {0, 4}
    assert exit_code(report, Severity.ERROR) == 1


def test_public_url_down_cannot_conclude(stack: Stack, fresh: str) -> None:
    down = free_port()
    paths = build_paths(f"http://127.0.0.1:{down}/api/items", [("via", stack.app_url("items", fresh))])
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=A), paths)
    assert report.paths[0].fault is Fault.DOWN
    assert report.paths[1].verdict is not None and report.paths[1].verdict.allowed
    assert exit_code(report, Severity.ERROR) == 2
    assert tally_line(report) == "1 path down or unusable"  # not "no findings"


def test_inner_path_down_with_a_clean_public_path_is_inconclusive(stack: Stack, fresh: str) -> None:
    down = free_port()
    paths = build_paths(stack.proxy_url("clean", "items", fresh), [("via", f"http://127.0.0.1:{down}")])
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=A), paths)
    assert report.paths[1].fault is Fault.DOWN
    assert [f.finding.code for f in report.findings] == ["CORS901"]
    assert exit_code(report, Severity.ERROR) == 2


@pytest.mark.parametrize(
    ("mode", "code", "words"), [("hang", "CORS904", "timed out"), ("garbage", "CORS601", "answered garbage")]
)
def test_a_hop_that_breaks_only_on_the_actual_request(
    stack: Stack, fresh: str, mode: str, code: str, words: str
) -> None:
    """The preflight passes through the hop, the actual request does not come back: the fault is
    reported for that path and exchange, the preflight is still compared, and the broken request is
    not sent three times more by the cache test."""
    with half_broken(mode) as (port, handler):
        public = f"http://127.0.0.1:{port}/api/items{fresh}"
        paths = build_paths(public, [("via", stack.app_url("items", fresh))])
        request = PageRequest(url=public, origin=A, method="PUT")
        report = diagnose_hops(request, paths, HopsOptions(send=SendOptions(timeout=0.5)))
        assert handler.actual_requests == 1
    assert report.paths[0].fault is None  # the preflight answered
    faults = [f for f in report.findings if f.fault]
    assert [(f.path, f.finding.code, f.finding.stage) for f in faults] == [(0, code, Stage.ACTUAL)]
    assert (
        f"path 1 (public URL, {public}) {words} on the actual request; its preflight answer was compared"
        == faults[0].finding.summary
    )
    assert report.hops[0].compared and report.hops[0].changes == ()  # the preflights agree
    assert [(t.path, t.exchange) for t in report.cache_tests] == [
        (0, ExchangeKind.PREFLIGHT),
        (1, ExchangeKind.PREFLIGHT),
    ]
    # Only a fault, no CORS finding: could not conclude (as check does for a timeout).
    assert [f for f in report.findings if not f.fault] == []
    assert exit_code(report, Severity.ERROR) == 2
