"""The seeded scenario generator: deterministic, and it covers every dimension of the issue."""

from __future__ import annotations

from corsdoctor.browser._generator import ScenarioGenerator
from corsdoctor.browser._scenario import CANONICAL, conformance_fields


def test_same_seed_same_scenarios() -> None:
    a = list(ScenarioGenerator(42).scenarios(50))
    b = list(ScenarioGenerator(42).scenarios(50))
    c = list(ScenarioGenerator(43).scenarios(50))
    assert a == b
    assert a != c


def test_dimensions_are_covered() -> None:
    scenarios = list(ScenarioGenerator(7).scenarios(1500))
    methods = {s.method for s in scenarios}
    assert {"GET", "PUT", "DELETE", "patch", "chicken", "TRACE"} <= methods
    names = {n.lower() for s in scenarios for n, _ in s.headers}
    assert {"content-type", "range", "authorization", "x-custom", "dpr"} <= names
    assert {s.credentials for s in scenarios} == {"omit", "same-origin", "include"}
    assert {s.mode for s in scenarios} == {"cors", "no-cors", "same-origin"}
    assert {len(s.hops) for s in scenarios} == {1, 2, 3}
    assert any({h.host for h in s.hops} == {"API", "API2"} for s in scenarios)
    statuses = {h.preflight.status for s in scenarios for h in s.hops}
    assert {204, 200, 405, 500, 302, 307} <= statuses
    acao_values = {
        v for s in scenarios for h in s.hops for n, v in h.response.headers if n.lower().endswith("origin")
    }
    assert {"*", "null", "{PAGE}", "not a url", "*, *"} <= acao_values
    totals = {sum(len(v) for _, v in s.headers) for s in scenarios}
    assert 1024 in totals
    assert any(t > 1024 for t in totals)


def test_conformance_fields_are_canonical_and_complete() -> None:
    scenario = next(s for s in ScenarioGenerator(3).scenarios(400) if len(s.hops) == 3 and s.body is not None)
    fields = conformance_fields(scenario)
    assert fields["request"]["url"] == f"{CANONICAL.api}/s/{scenario.sid}/0"
    assert fields["request"]["origin"] == "http://app.corsdoctor.test:8000"
    assert len(fields["redirects"]) == 2
    for item in fields["redirects"]:
        assert ["Location", item["location"]] in item["headers"]
        assert "next_preflight_response" in item
    assert any(n.lower() == "content-type" for n, _ in fields["request"]["headers"])
