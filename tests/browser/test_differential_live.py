"""Live differential run: fresh scenarios (new seed every run) in real Chromium vs. the engine.

The seed is printed; rerun a failure with ``CORSDOCTOR_DIFF_SEED=<seed>``.  The engine must agree
with Chromium on every compared field (allowed, stage, hop, corsError, failedParameter, console
line, requests sent, exposed headers...) for at least 97 % of the scenarios; the recorded corpus
pins exact agreement.  The margin absorbs a rare live-browser hiccup, not known engine gaps.
"""

from __future__ import annotations

import os
import random

import pytest

from corsdoctor.browser import ChromiumOracle, ScriptedServer
from corsdoctor.browser._differential import compare, summarise
from corsdoctor.browser._generator import ScenarioGenerator
from corsdoctor.browser._record import record, run_scenario
from corsdoctor.browser._scenario import Bases
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

COUNT = 120


def test_fresh_seed_against_the_engine(oracle: ChromiumOracle, server: ScriptedServer) -> None:
    seed = int(os.environ.get("CORSDOCTOR_DIFF_SEED") or random.SystemRandom().randrange(1, 2**31))
    print(f"differential seed {seed}")
    live = Bases.for_port(server.port)
    records = []
    for scenario in ScenarioGenerator(seed, prefix=f"live{seed}x").scenarios(COUNT):
        obs, log = run_scenario(oracle, server, scenario)
        rec = record(scenario, obs, log, live=live, scenario_id=scenario.sid, source="live")
        # The browser's own two views agree: the server log and the DevTools request list.
        wire = [(e.kind.value.replace("main", "actual"), e.method) for e in obs.exchanges if e.sent]
        assert wire == [(r["kind"], r["method"]) for r in rec["expect"]["requests"]], scenario.sid
        records.append(rec)
    disagreements = [d for rec in records for d in compare(rec)]
    bad = {d.scenario_id for d in disagreements}
    print(f"seed {seed}: {summarise(disagreements)}")
    for d in disagreements:
        print(d.describe())
    assert len(bad) <= COUNT * 0.03, f"seed {seed}: {len(bad)} scenarios disagree with Chromium"
