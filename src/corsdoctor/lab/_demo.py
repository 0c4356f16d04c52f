"""``demo``: check every lab endpoint through the real prober and compare with its declaration."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from corsdoctor.api import build_request
from corsdoctor.lab._commands import check_args
from corsdoctor.lab._endpoints import ENDPOINTS, Endpoint
from corsdoctor.lab._lab import Lab
from corsdoctor.probe import CheckResult, ProbeOptions, Prober, run_check


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoRow:
    endpoint: Endpoint
    url: str
    result: CheckResult

    @property
    def code(self) -> str | None:
        """Chromium's blocking code for the first origin that is blocked (None: all allowed)."""
        for origin_result in self.result.results:
            outcome = origin_result.outcome("chromium") or origin_result.outcomes[0]
            if outcome.verdict.code is not None:
                return outcome.verdict.code
        return None

    @property
    def chromium_error(self) -> str | None:
        for origin_result in self.result.results:
            outcome = origin_result.outcome("chromium") or origin_result.outcomes[0]
            if outcome.verdict.failure is not None:
                failure = outcome.verdict.failure
                return failure.chromium_error or failure.net_error
        return None

    @property
    def codes(self) -> set[str]:
        return {f.finding.code for f in self.result.all_findings}

    @property
    def missing_findings(self) -> tuple[str, ...]:
        return tuple(c for c in self.endpoint.findings if c not in self.codes)

    @property
    def as_declared(self) -> bool:
        return self.code == self.endpoint.expect and not self.missing_findings


async def check_endpoint(
    lab: Lab, endpoint: Endpoint, prober: Prober, browsers: tuple[str, ...] = ("chromium",)
) -> DemoRow:
    url = lab.url(endpoint)
    request = build_request(url, endpoint.probe.origins, browsers=browsers, **check_args(endpoint))  # type: ignore[arg-type]
    result = await run_check(request, prober.options, prober=prober)
    return DemoRow(endpoint=endpoint, url=url, result=result)


async def run_demo(
    lab: Lab, *, browsers: tuple[str, ...] = ("chromium",), concurrency: int = 8
) -> list[DemoRow]:
    """Every listed endpoint, checked concurrently (bounded), in table order."""
    gate = asyncio.Semaphore(concurrency)
    options = ProbeOptions(timeout=10.0)

    async def one(endpoint: Endpoint) -> DemoRow:
        async with gate, Prober(options) as prober:
            return await check_endpoint(lab, endpoint, prober, browsers)

    listed = [e for e in ENDPOINTS if e.listed]
    return list(await asyncio.gather(*(one(e) for e in listed)))
