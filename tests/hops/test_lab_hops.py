"""Hops through the lab's own reverse proxy (real HTTP over loopback).

The lab proxy strips ``Access-Control-Allow-Origin`` from ``/proxy-strips-acao``, whose app only
varies that one header by Origin: from outside, stripping it and not forwarding ``Origin`` give
the same answer in front, so hops must name both possibilities (and both fixes), not guess one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.engine import PageRequest
from corsdoctor.hops import build_paths, diagnose_hops
from corsdoctor.lab import Lab, LabThread

pytestmark = pytest.mark.slow

PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


def test_stripped_acao_that_could_also_be_a_dropped_origin_names_both(lab: Lab) -> None:
    paths = build_paths(
        lab.urls["proxy"] + "/proxy-strips-acao", [("via", lab.urls["app"] + "/proxy-strips-acao")]
    )
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=PAGE), paths)
    hop = [f for f in report.findings if f.hop == 0]
    assert [f.finding.code for f in hop] == ["CORS507"]
    assert "or does not forward the Origin request header" in hop[0].finding.summary
    assert "if it strips the header:" in hop[0].fix and "if it drops Origin:" in hop[0].fix


def test_duplicating_proxy_is_still_two_owners(lab: Lab) -> None:
    paths = build_paths(lab.urls["proxy"] + "/duplicate-acao", [("via", lab.urls["app"] + "/duplicate-acao")])
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=PAGE), paths)
    assert "CORS108" in {f.finding.code for f in report.findings if f.hop == 0}


def test_a_cache_that_adds_via_is_named_a_cache(lab: Lab) -> None:
    url = lab.urls["cache"] + "/cache-ignores-vary"
    paths = build_paths(url, [("via", lab.urls["app"] + "/cache-ignores-vary")])
    report = diagnose_hops(PageRequest(url=paths[0].url, origin=PAGE), paths)
    assert report.hops[0].kind.key == "generic-cache"
    assert "CORS504" in {f.finding.code for f in report.findings if f.hop == 0}
