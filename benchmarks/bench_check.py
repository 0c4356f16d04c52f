"""Benchmarks of ``corsdoctor check`` against the local lab (run: python benchmarks/bench_check.py).

1. One preflighted check (PUT + X-Api-Key to /ok/preflight) vs the two equivalent ``curl``
   commands (OPTIONS, then PUT), measured in the same run.  Target: check <= 3x curl.
   The check is timed in-process (the Python API), without and with the extra probes; the CLI's
   interpreter start-up is printed separately.
2. 100 endpoints x 3 origins, concurrently with a bound, full checks.  Target: <= 2 s.

The lab runs in its own process (``corsdoctor lab``) so the client does not share its GIL.
Prints medians of several rounds.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import time

from corsdoctor.api import build_request
from corsdoctor.lab import ENDPOINTS, OTHER_PAGE, PAGE, check_args
from corsdoctor.probe import ProbeOptions, Prober, run_check

ROUNDS = 15
ORIGINS = (PAGE, OTHER_PAGE, "http://127.0.0.1:5173")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_lab() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "corsdoctor", "lab", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the lab did not start")


def _curl_pair(url: str) -> float:
    started = time.perf_counter()
    for argv in (
        ["curl", "-s", "-o", "/dev/null", "-X", "OPTIONS", url, "-H", f"Origin: {PAGE}",
         "-H", "Access-Control-Request-Method: PUT", "-H", "Access-Control-Request-Headers: x-api-key"],
        ["curl", "-s", "-o", "/dev/null", "-X", "PUT", url, "-H", f"Origin: {PAGE}", "-H", "X-Api-Key: k",
         "-H", "Content-Type: text/plain;charset=UTF-8", "--data-binary", "x"],
    ):  # fmt: skip
        subprocess.run(argv, check=True)
    return time.perf_counter() - started


async def _one_check(url: str, extra: bool) -> float:
    request = build_request(url, [PAGE], method="PUT", data="x", headers=["X-Api-Key: k"], extra_checks=extra)
    started = time.perf_counter()
    result = await run_check(request, ProbeOptions(timeout=10))
    elapsed = time.perf_counter() - started
    assert result.results[0].outcomes[0].verdict.allowed
    return elapsed


def _cli_check(url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "corsdoctor", "check", url, "--origin", PAGE, "-X", "PUT", "--data", "x",
         "-H", "X-Api-Key: k", "--no-extra-checks", "--format", "json"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


async def _matrix(base: str, concurrency: int = 16) -> tuple[float, int, int]:
    listed = [e for e in ENDPOINTS if e.listed]
    jobs = [(listed[i % len(listed)], i) for i in range(100)]
    gate = asyncio.Semaphore(concurrency)
    options = ProbeOptions(timeout=10, max_connections=64)
    async with Prober(options) as prober:

        async def one(endpoint_index: tuple[object, int]) -> int:
            endpoint, i = endpoint_index
            url = base + endpoint.path + f"?n={i}"  # type: ignore[attr-defined]
            request = build_request(url, ORIGINS, **check_args(endpoint))  # type: ignore[arg-type]
            async with gate:
                result = await run_check(request, options, prober=prober)
            return len(result.steps)

        started = time.perf_counter()
        sent = await asyncio.gather(*(one(j) for j in jobs))
        return time.perf_counter() - started, sum(sent), len(jobs) * len(ORIGINS)


def main() -> int:
    if shutil.which("curl") is None:
        raise SystemExit("curl is needed for the baseline (apt-get install -y curl)")
    proc, base = _start_lab()
    try:
        url = base + "/ok/preflight"
        for _ in range(3):  # warm up both sides
            _curl_pair(url)
            asyncio.run(_one_check(url, True))
        curl = [_curl_pair(url) for _ in range(ROUNDS)]
        plain = [asyncio.run(_one_check(url, False)) for _ in range(ROUNDS)]
        full = [asyncio.run(_one_check(url, True)) for _ in range(ROUNDS)]
        cli = [_cli_check(url) for _ in range(5)]
        c, p, f = statistics.median(curl), statistics.median(plain), statistics.median(full)
        print(f"1. one preflighted check vs two curl commands (medians of {ROUNDS})")
        print(f"   curl OPTIONS + PUT              {c * 1000:7.1f} ms")
        print(f"   corsdoctor.check (2 requests)   {p * 1000:7.1f} ms   ratio {p / c:.2f}x  (target <= 3x)")
        print(f"   corsdoctor.check + extra probes {f * 1000:7.1f} ms   ratio {f / c:.2f}x")
        print(
            f"   corsdoctor check CLI (process)  {statistics.median(cli) * 1000:7.1f} ms   (interpreter start-up included)"
        )
        runs = [asyncio.run(_matrix(base)) for _ in range(3)]
        elapsed = statistics.median(r[0] for r in runs)
        _, requests, checks = runs[0]
        print("2. 100 endpoints x 3 origins, bound 16, full checks (median of 3)")
        print(
            f"   {checks} origin checks, {requests} requests: {elapsed * 1000:.0f} ms   (target <= 2000 ms)"
        )
        ok = p / c <= 3 and elapsed <= 2.0
        print("targets met" if ok else "TARGET MISSED")
        return 0 if ok else 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
