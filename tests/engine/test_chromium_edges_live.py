"""Edge cases of the engine's Chromium profile, decided live by real Chromium (the oracle).

Each scenario below was found by probing Chromium 156 outside the differential generator's domain
(ACAO values GURL rejects, Range positions past int64, X-HTTP-Method-Override values with quoted
commas, non-UTF-8 header bytes, redirects to non-HTTP schemes, bad ports).  The engine must agree
with Chromium on every compared field: allowed, stage, hop, corsError, failedParameter, the
console line, the requests sent and the exposed headers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.browser import ChromiumOracle, ScriptedServer
from corsdoctor.browser._differential import compare
from corsdoctor.browser._record import record, run_scenario
from corsdoctor.browser._request import Api
from corsdoctor.browser._scenario import HOSTS, Bases, HopScript, Scenario
from corsdoctor.browser._server import ScriptedResponse
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

_A = ("Access-Control-Allow-Origin", "{PAGE}")
_STAR = ("Access-Control-Allow-Origin", "*")
_OPEN_PREFLIGHT = ScriptedResponse(
    status=204, headers=(_A, ("Access-Control-Allow-Methods", "*"), ("Access-Control-Allow-Headers", "*"))
)
_OK = ScriptedResponse(status=200, headers=(_A,))


def _one(sid: str, *, headers: tuple[tuple[str, str], ...] = (), response: ScriptedResponse = _OK,
         credentials: str = "same-origin") -> Scenario:
    hop = HopScript(host="API", preflight=_OPEN_PREFLIGHT, response=response)
    return Scenario(sid=sid, method="GET", headers=headers, credentials=credentials, hops=(hop,))


def _redirect(sid: str, location: str, api: Api = Api.FETCH) -> Scenario:
    first = HopScript(host="API", preflight=_OPEN_PREFLIGHT,
                      response=ScriptedResponse(status=302, headers=(_STAR, ("Location", location))))
    last = HopScript(host="API2", preflight=_OPEN_PREFLIGHT, response=ScriptedResponse(status=200, headers=(_STAR,)))
    return Scenario(sid=sid, method="GET", api=api, hops=(first, last))


_H = "http://app.corsdoctor.test"
_ACAO = [_H + ":8000.", _H + ":65536", _H + ":+80", _H + ":8000\x7f", _H + ":8000\x01", "http://a^b.test",
         "http://a%b.test", "http://a%41.test", "http://\xe9.test", "http://x\xc3\xa9.test", "http://a\tb.test",
         "http://1.2.3.256", "http://0x7f.1", "https://x.test:99999999999", "http://[::1"]
_ACAC = ["tru\xe9", "tru\xc3\xa9", "\x80", "tr\x7fue"]
_RANGE = [f"bytes={2**63 - 2}-", f"bytes={2**63 - 1}-", f"bytes=0-{2**63 - 1}", "bytes=" + "0" * 40 + "5-"]
_OVERRIDE = ['"x,TRACE,y"', '"a,TRACE', 'x"y,TRACE', '"a" ,TRACE', "GET, TRACE"]

SCENARIOS = (
    [_one(f"edgeacao{i}", response=ScriptedResponse(status=200, headers=(("Access-Control-Allow-Origin", v),)))
     for i, v in enumerate(_ACAO)]
    + [_one(f"edgeacac{i}", credentials="include",
            response=ScriptedResponse(status=200, headers=(_A, ("Access-Control-Allow-Credentials", v))))
       for i, v in enumerate(_ACAC)]
    + [_one(f"edgerange{i}", headers=(("Range", v),)) for i, v in enumerate(_RANGE)]
    + [_one(f"edgeovr{i}", headers=(("X-HTTP-Method-Override", v), ("X-A", "1"))) for i, v in enumerate(_OVERRIDE)]
    + [_redirect(f"edgescheme{i}", loc) for i, loc in enumerate(
        ["ftp://x/", "javascript:x", "foo:bar", "data:,x", "about:blank", "http://api2.corsdoctor.test:1/"])]
    + [_redirect("edgeschemexhr", "ftp://x/", Api.XHR)]
)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[ChromiumOracle, ScriptedServer]]:
    with ScriptedServer() as server, ChromiumOracle(hosts=HOSTS, timeout_s=5.0) as oracle:
        yield oracle, server


def test_chromium_edges_agree_with_the_engine(live: tuple[ChromiumOracle, ScriptedServer]) -> None:
    oracle, server = live
    bases = Bases.for_port(server.port)
    problems: list[str] = []
    for scenario in SCENARIOS:
        obs, log = run_scenario(oracle, server, scenario)
        rec = record(scenario, obs, log, live=bases, scenario_id=scenario.sid, source="live")
        problems.extend(d.describe() for d in compare(rec))
    assert not problems, "\n".join(problems)
