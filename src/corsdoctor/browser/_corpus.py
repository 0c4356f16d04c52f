"""Record a differential corpus: seeded scenarios decided by real Chromium, one JSON line each.

    python -m corsdoctor.browser._corpus --seed 156 --count 2400 --out tests/data/differential/chromium-156.jsonl

The records are in the conformance format (FORMAT.md) with Chromium's observed fields; the
Chromium version is in every record (``browser_version``).  Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corsdoctor.browser._generator import ScenarioGenerator
from corsdoctor.browser._oracle import ChromiumOracle
from corsdoctor.browser._record import record, run_scenario
from corsdoctor.browser._scenario import HOSTS, Bases
from corsdoctor.browser._server import ScriptedServer


def record_scenarios(
    seed: int, count: int, *, source: str, recycle_every: int = 1500
) -> Iterator[dict[str, Any]]:
    """Generate ``count`` scenarios from ``seed`` and yield their records (one browser, recycled)."""
    generator = ScenarioGenerator(seed)
    with ScriptedServer() as server:
        live = Bases.for_port(server.port)
        oracle = ChromiumOracle(hosts=HOSTS)
        oracle.start()
        try:
            for n, scenario in enumerate(generator.scenarios(count)):
                if n and n % recycle_every == 0:
                    # Memory grows slowly on one page (chromium-oracle.md §6): start afresh now and then.
                    oracle.close()
                    oracle.start()
                obs, log = run_scenario(oracle, server, scenario)
                yield record(scenario, obs, log, live=live, scenario_id=f"{source}#{n}", source=source)
        finally:
            oracle.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=2400)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    source = f"corsdoctor:tests/data/differential/{args.out.name}"
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for n, rec in enumerate(record_scenarios(args.seed, args.count, source=source), start=1):
            out.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
            if n % 200 == 0:
                print(f"{n}/{args.count} recorded", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"{args.count} scenarios in {elapsed:.1f} s ({args.count / elapsed:.0f}/s) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
