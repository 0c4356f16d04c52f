"""Drive one engine :class:`~corsdoctor.engine.Transaction` per browser and origin over a prober.

For each origin (in the order given: a cache that ignores ``Vary`` shows only then), every
browser's transaction runs concurrently; identical wire requests are sent once.  Then the checks
beyond the single request run (:mod:`corsdoctor.probe._extras`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import replace

import httpx

from corsdoctor.engine import (
    CredentialsMode,
    Done,
    Finding,
    PageRequest,
    Transaction,
    Verdict,
)
from corsdoctor.probe._address_space import client_space, target_spaces
from corsdoctor.probe._curl import curl_command
from corsdoctor.probe._layers import infer_layers
from corsdoctor.probe._options import ProbeOptions
from corsdoctor.probe._prober import Key, Prober
from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._result import (
    CheckRequest,
    CheckResult,
    OriginResult,
    Outcome,
    Reported,
    Step,
)


def page_request(
    request: CheckRequest,
    origin: str,
    *,
    credentials: bool | None = None,
    spaces: tuple[str | None, tuple[tuple[str, str], ...]] = (None, ()),
) -> PageRequest:
    """The engine's request; ``spaces`` = (the page's address space, (host, space) of targets)."""
    include = request.credentials if credentials is None else credentials
    client, targets = spaces
    return PageRequest(
        url=request.url,
        origin=origin,
        method=request.method,
        headers=request.headers,
        credentials=CredentialsMode.INCLUDE if include else CredentialsMode.SAME_ORIGIN,
        api=request.api,
        has_body=request.body is not None,
        # Local Network Access only when the page's space is known (the engine skips it otherwise).
        client_address_space=client,
        address_spaces=targets if client is not None else (),
    )


async def drive(
    prober: Prober,
    page: PageRequest,
    browser: str,
    *,
    cookie: str | None,
    body: bytes | None,
    memo: dict[Key, asyncio.Future[WireRecord]] | None = None,
) -> tuple[Verdict, list[WireRecord]]:
    """Run one transaction to its verdict, sending what it asks for."""
    tx = Transaction(page, browser)
    records: list[WireRecord] = []
    while True:
        action = tx.next_action()
        if isinstance(action, Done):
            return action.verdict, records
        record = await prober.send(
            action.request, browser=browser, page_origin=page.origin, cookie=cookie, body=body, memo=memo
        )
        records.append(record)
        response = record.response()
        if response is None:
            tx.receive_network_error(record.net_error or "net::ERR_FAILED")
        else:
            tx.receive(response)


class StepBook:
    """Numbers each distinct wire record once, in a deterministic order."""

    def __init__(self, request: CheckRequest, options: ProbeOptions) -> None:
        self._request = request
        self._options = options
        self._index: dict[int, int] = {}
        #: Identical wire requests of this check are sent once (across browsers).
        self.memo: dict[Key, asyncio.Future[WireRecord]] = {}
        self._steps: list[Step] = []

    def add(self, record: WireRecord, *, purpose: str, hop: int, origin: str, browser: str) -> int:
        index = self._index.get(id(record))
        if index is not None:
            step = self._steps[index]
            if browser not in step.browsers:
                self._steps[index] = replace(step, browsers=(*step.browsers, browser))
            return index
        index = len(self._steps)
        self._index[id(record)] = index
        body = self._request.body if purpose == "actual" else None
        curl = curl_command(record, body=body, resolve=self._options.resolve, insecure=self._options.insecure)
        self._steps.append(
            Step(
                index=index,
                purpose=purpose,
                hop=hop,
                origin=origin,
                record=record,
                browsers=(browser,),
                curl=curl,
            )
        )
        return index

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)


def merge_findings(outcomes: Sequence[Outcome]) -> tuple[Reported, ...]:
    """Every browser's findings, once each, with the browsers that reported them."""
    merged: dict[tuple[object, ...], Reported] = {}
    for outcome in outcomes:
        for finding in outcome.verdict.findings:
            ex = finding.evidence.exchange
            step = outcome.steps[ex] if ex is not None and ex < len(outcome.steps) else None
            key = (finding.code, finding.stage, finding.hop, step)
            seen = merged.get(key)
            if seen is None:
                merged[key] = Reported(finding=finding, browsers=(outcome.browser,), step=step)
            elif outcome.browser not in seen.browsers:
                merged[key] = replace(seen, browsers=(*seen.browsers, outcome.browser))
    return tuple(merged.values())


async def run_origin(
    prober: Prober,
    book: StepBook,
    request: CheckRequest,
    origin: str,
    targets: tuple[tuple[str, str], ...] = (),
) -> OriginResult:
    page = page_request(request, origin, spaces=(await client_space(origin), targets))
    pairs = await asyncio.gather(
        *(
            drive(prober, page, b, cookie=request.cookie, body=request.body, memo=book.memo)
            for b in request.browsers
        )
    )
    outcomes: list[Outcome] = []
    for browser, (verdict, records) in zip(request.browsers, pairs, strict=True):
        steps = []
        for exchange, record in zip(verdict.exchanges, records, strict=False):
            purpose = exchange.request.kind.value
            steps.append(
                book.add(record, purpose=purpose, hop=exchange.request.hop, origin=origin, browser=browser)
            )
        outcomes.append(Outcome(browser=browser, verdict=verdict, steps=tuple(steps)))
    return OriginResult(origin=origin, outcomes=tuple(outcomes), findings=merge_findings(outcomes))


async def run_check(
    request: CheckRequest,
    options: ProbeOptions,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    prober: Prober | None = None,
) -> CheckResult:
    """The whole check: every origin, every browser, then the extra checks."""
    from corsdoctor.probe._extras import run_extras, wire_findings

    if prober is None:
        async with Prober(options, transport=transport) as own:
            return await run_check(request, options, prober=own)
    started = time.perf_counter()
    book = StepBook(request, options)
    results: list[OriginResult] = []
    targets = await target_spaces(request.url, options)
    for origin in request.origins:
        results.append(await run_origin(prober, book, request, origin, targets))
    extra: list[Reported] = []
    sent_anything = any(o.verdict.exchange_records for r in results for o in r.outcomes)
    if request.extra_checks and sent_anything and not any(
        o.verdict.failure is not None and o.verdict.failure.code in ("CORS601", "CORS904")
        for r in results
        for o in r.outcomes
    ):
        extra += await run_extras(prober, book, request, results)
    steps = book.steps
    extra = list(wire_findings(request, results, steps)) + extra
    return CheckResult(
        request=request,
        options=options,
        results=tuple(results),
        steps=steps,
        extra_findings=tuple(extra),
        layers=infer_layers(s.record for s in steps),
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def extra_finding(
    code: str, summary: str, *, step: int | None, lines: tuple[str, ...] = (), status: int | None = None
) -> Reported:
    """A finding of a check beyond the engine's single transaction."""
    from corsdoctor.engine import CODES, Evidence, Stage

    info = CODES[code]
    finding = Finding(
        code=code,
        name=info.name,
        severity=info.severity.label,
        stage=Stage.ACTUAL,
        hop=None,
        summary=summary,
        evidence=Evidence(exchange=step, lines=lines, status=status),
    )
    return Reported(finding=finding, browsers=(), step=step)
