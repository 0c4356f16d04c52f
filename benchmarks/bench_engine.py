"""Engine throughput and CLI start-up.

    python benchmarks/bench_engine.py [--rounds N]

* verdicts/s: the whole conformance corpus decided repeatedly on one core (decisions only, and
  with every browser's console text rendered), beside a baseline measured in the same run: the
  cost of merely constructing the same PageRequest/Response objects.  Target >= 50,000/s.
* start-up: wall time of ``corsdoctor --version`` and of ``corsdoctor simulate`` on one scenario,
  printed beside ``python -c pass`` in the same run.  Target: within 150 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from corsdoctor.conformance.scenario import decide, parse_scenario  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "conformance" / "scenarios.jsonl"


def _median_rate(fn, count: int, rounds: int) -> float:  # type: ignore[no-untyped-def]
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def _wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    lines = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    scenarios = [parse_scenario(obj) for obj in lines]
    n = len(scenarios)

    def parse_only() -> None:
        for obj in lines:
            parse_scenario(obj)

    def decisions() -> None:
        for sc in scenarios:
            decide(sc, "chromium")

    def with_messages() -> None:
        for sc in scenarios:
            v = decide(sc, "chromium")
            v.message("chromium"), v.message("firefox"), v.message("webkit")

    base = _median_rate(parse_only, n, args.rounds)
    dec = _median_rate(decisions, n, args.rounds)
    msg = _median_rate(with_messages, n, args.rounds)
    print(f"corpus: {n} scenarios, {args.rounds} rounds, medians, one core")
    print(f"  baseline (build request/response objects): {base:12,.0f} /s")
    print(f"  engine verdicts (chromium profile):        {dec:12,.0f} /s   ratio to baseline {dec / base:.2f}")
    print(f"  verdicts + 3 browsers' console text:       {msg:12,.0f} /s   ratio to baseline {msg / base:.2f}")
    print(f"  target >= 50,000 verdicts/s: {'met' if dec >= 50_000 else 'NOT met'}")

    exe = str(Path(sys.executable).with_name("corsdoctor"))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.write(json.dumps(lines[0]) + "\n")
    runs = 15
    py = _wall([sys.executable, "-c", "pass"], runs)
    ver = _wall([exe, "--version"], runs)
    sim = _wall([exe, "simulate", fh.name], runs)
    print(f"start-up (median of {runs} runs, wall ms):")
    print(f"  python -c pass:                 {py:7.1f} ms")
    print(f"  corsdoctor --version:           {ver:7.1f} ms   (+{ver - py:.1f} ms over python)")
    print(f"  corsdoctor simulate 1 scenario: {sim:7.1f} ms   (+{sim - py:.1f} ms over python)")
    print(f"  target <= 150 ms: {'met' if max(ver, sim) <= 150 else 'NOT met'}")
    Path(fh.name).unlink()


if __name__ == "__main__":
    main()
