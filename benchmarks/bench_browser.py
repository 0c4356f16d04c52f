"""Benchmark of the real-browser oracle: browser start and scenarios per second.

    .venv/bin/python benchmarks/bench_browser.py [--scenarios 300] [--rounds 3]

Prints medians.  Targets (issue 4): at least 50 scenarios/s through one reused browser on a
2-core machine, browser start under 1 s.  The baseline measured in the same run is the naive
harness: a fresh browser per scenario.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from corsdoctor.browser import ChromiumOracle, ScriptedServer
from corsdoctor.browser._generator import ScenarioGenerator
from corsdoctor.browser._record import run_scenario
from corsdoctor.browser._scenario import HOSTS, Bases, page_request, routes


def bench_start(rounds: int) -> tuple[list[float], list[float], dict[str, list[float]]]:
    """(start to first page ready incl. the Playwright driver, close, per-step times) in seconds."""
    starts, closes = [], []
    steps: dict[str, list[float]] = {}
    for _ in range(rounds):
        t0 = time.perf_counter()
        oracle = ChromiumOracle(hosts=HOSTS)
        oracle.start()
        t_open = time.perf_counter()
        oracle.open_origin("http://app.corsdoctor.test:8000")
        t1 = time.perf_counter()
        for name, seconds in {**oracle.start_timings, "page at origin": t1 - t_open}.items():
            steps.setdefault(name, []).append(seconds)
        oracle.close()
        starts.append(t1 - t0)
        closes.append(time.perf_counter() - t1)
    return starts, closes, steps


def bench_reused(server: ScriptedServer, count: int, rounds: int) -> list[float]:
    rates = []
    with ChromiumOracle(hosts=HOSTS) as oracle:
        oracle.open_origin("http://app.corsdoctor.test:8000")
        for r in range(rounds):
            scenarios = list(ScenarioGenerator(1000 + r).scenarios(count))
            t0 = time.perf_counter()
            for scenario in scenarios:
                run_scenario(oracle, server, scenario)
            rates.append(count / (time.perf_counter() - t0))
    return rates


def bench_fresh_browser(server: ScriptedServer, count: int) -> float:
    live = Bases.for_port(server.port)
    scenarios = list(ScenarioGenerator(7).scenarios(count))
    t0 = time.perf_counter()
    for scenario in scenarios:
        server.script(scenario.sid, routes(scenario, live))
        with ChromiumOracle(hosts=HOSTS) as oracle:
            oracle.run(page_request(scenario, live))
    return count / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=int, default=5, help="scenarios for the fresh-browser baseline")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    starts, closes, steps = bench_start(args.rounds)
    with ScriptedServer() as server:
        rates = bench_reused(server, args.scenarios, args.rounds)
        baseline = bench_fresh_browser(server, args.baseline)
    start = statistics.median(starts)
    rate = statistics.median(rates)
    print(f"browser start (driver + Chromium + page at origin): median {start * 1000:.0f} ms "
          f"(runs: {', '.join(f'{s * 1000:.0f}' for s in starts)}) — target < 1000 ms: "
          f"{'OK' if start < 1.0 else 'MISSED'}")
    print("  steps (median ms): " + ", ".join(f"{k} {statistics.median(v) * 1000:.0f}" for k, v in steps.items()))
    print(f"browser close: median {statistics.median(closes) * 1000:.0f} ms")
    print(f"scenarios/s, one reused browser: median {rate:.1f} ({args.scenarios} scenarios x {args.rounds}; "
          f"runs: {', '.join(f'{r:.1f}' for r in rates)}) — target >= 50: {'OK' if rate >= 50 else 'MISSED'}")
    print(f"machine load average (1 min) at start / end: {load_before:.2f} / {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs (other work on the machine slows every figure)")
    print(f"baseline, fresh browser per scenario: {baseline:.2f} scenarios/s; reuse is {rate / baseline:.0f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
