"""Checks beyond the single request, as a developer's guide to CORS asks for them.

* **Error path**: a path that should 404 (and, for a credentialed request, the same request
  without credentials).  A 4xx/5xx without CORS headers reaches the page as a CORS error, so
  "your 500 shows up as a CORS error" (CORS107).
* **Any origin with credentials**: the same request from an unrelated origin; if it is allowed
  with credentials, any site can read the user's data (CORS701).  Probed (with ``Origin: null``
  too) when the request is credentialed or a response carried ``Access-Control-Allow-Credentials``:
  without credentials, reflecting any origin is the same as ``*``.
* **Origin null**: sandboxed iframes and ``file:`` pages send ``Origin: null``; allowing it is
  allowing everyone (CORS702).
* From the exchanges already made: two ``Access-Control-Allow-Origin`` lines (two layers set it,
  CORS108) and a response carrying another checked origin's ACAO (a cache ignoring ``Vary``,
  CORS504).

https://fetch.spec.whatwg.org/#cors-protocol-and-credentials, #cors-protocol-and-http-caches
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from corsdoctor.engine import Verdict
from corsdoctor.probe._prober import Prober
from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._result import CheckRequest, OriginResult, Reported, Step
from corsdoctor.probe._session import StepBook, drive, extra_finding, page_request

ATTACKER_ORIGIN = "https://corsdoctor-attacker.example"
NOT_FOUND_SEGMENT = "corsdoctor-404-probe"
_CACHE_HEADERS = ("age", "x-cache", "cf-cache-status", "x-cache-status", "x-proxy-cache")


def not_found_url(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") + "/" + NOT_FOUND_SEGMENT
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _lines(record: WireRecord, *names: str) -> tuple[str, ...]:
    wanted = set(names)
    return tuple(f"{n}: {v}" for n, v in record.response_headers if n.lower() in wanted)


async def _run(
    prober: Prober, book: StepBook, request: CheckRequest, origin: str, purpose: str, **changes: object
) -> tuple[Verdict, list[int], list[WireRecord]]:
    credentials = bool(changes.pop("credentials", request.credentials))
    variant = replace(request, **changes)  # type: ignore[arg-type]
    page = page_request(variant, origin, credentials=credentials)
    cookie = variant.cookie if credentials else None
    verdict, records = await drive(prober, page, "chromium", cookie=cookie, body=variant.body, memo=book.memo)
    steps = [
        book.add(r, purpose=purpose, hop=e.request.hop, origin=origin, browser="chromium")
        for e, r in zip(verdict.exchanges, records, strict=False)
    ]
    return verdict, steps, records


def _blocking_step(verdict: Verdict, steps: list[int]) -> int | None:
    failure = verdict.failure
    if failure is None:
        return steps[-1] if steps else None
    for finding in verdict.findings:
        if finding.code == failure.code and finding.evidence.exchange is not None:
            return steps[finding.evidence.exchange]
    return steps[-1] if steps else None


async def _error_path(prober: Prober, book: StepBook, request: CheckRequest, origin: str) -> list[Reported]:
    url = not_found_url(request.url)
    verdict, steps, records = await _run(
        prober, book, request, origin, "error-path", url=url, method="GET", headers=(), body=None
    )
    found: list[Reported] = []
    if verdict.code == "CORS107" and records and records[-1].status is not None:
        status = records[-1].status
        found.append(
            extra_finding(
                "CORS107",
                f"a request to a missing path ({url}) was answered {status} without "
                "Access-Control-Allow-Origin: every error this server returns shows up in the page as a "
                "CORS error, hiding the real status",
                step=_blocking_step(verdict, steps),
                status=status,
            )
        )
    return found


async def _anonymous(prober: Prober, book: StepBook, request: CheckRequest, origin: str) -> list[Reported]:
    headers = tuple((n, v) for n, v in request.headers if n.lower() not in ("authorization", "cookie"))
    verdict, steps, records = await _run(
        prober, book, request, origin, "without-credentials", credentials=False, headers=headers, cookie=None
    )
    if verdict.code != "CORS107" or not records or records[-1].status is None:
        return []
    status = records[-1].status
    return [
        extra_finding(
            "CORS107",
            f"without credentials the server answers {status} without Access-Control-Allow-Origin: a "
            "logged-out user (expired cookie or token) sees a CORS error instead of a "
            f"{status} the page could handle",
            step=_blocking_step(verdict, steps),
            status=status,
        )
    ]


def _allows(verdict: Verdict, records: Sequence[WireRecord], origin: str) -> tuple[bool, WireRecord | None]:
    """Allowed with credentials, or some response reflects ``origin`` with ACAC true."""
    for record in records:
        acao = record.header("access-control-allow-origin")
        acac = record.header("access-control-allow-credentials")
        if acao == [origin] and [v.strip() for v in acac] == ["true"]:
            return True, record
    return verdict.allowed and bool(records), records[-1] if records else None


async def _foreign_origin(
    prober: Prober, book: StepBook, request: CheckRequest, origin: str, purpose: str
) -> list[Reported]:
    verdict, steps, records = await _run(prober, book, request, origin, purpose, credentials=True)
    allowed, record = _allows(verdict, records, origin)
    if not allowed or record is None:
        return []
    step = steps[records.index(record)] if record in records else None
    lines = _lines(record, "access-control-allow-origin", "access-control-allow-credentials")
    if origin == "null":
        return [
            extra_finding(
                "CORS702",
                "Origin 'null' is allowed with credentials: sandboxed iframes and file: pages of any site "
                "send 'null', so allowing it allows everyone",
                step=step,
                lines=lines,
            )
        ]
    return [
        extra_finding(
            "CORS701",
            f"an unrelated origin ({origin}) is reflected into Access-Control-Allow-Origin together with "
            "Access-Control-Allow-Credentials: true: any web site can read this endpoint with the user's "
            "cookies",
            step=step,
            lines=lines,
        )
    ]


async def run_extras(
    prober: Prober, book: StepBook, request: CheckRequest, results: Sequence[OriginResult]
) -> list[Reported]:
    origin = request.origins[0]
    jobs = [_error_path(prober, book, request, origin)]
    # Other origins matter only with credentials: without them, reflecting any origin is '*'.
    # Probe when the request is credentialed or the server already speaks Allow-Credentials.
    speaks_credentials = any(s.record.header("access-control-allow-credentials") for s in book.steps)
    if request.credentials or speaks_credentials:
        jobs.append(_foreign_origin(prober, book, request, ATTACKER_ORIGIN, "any-origin"))
        if "null" not in request.origins:
            jobs.append(_foreign_origin(prober, book, request, "null", "null-origin"))
    if request.credentials:
        jobs.append(_anonymous(prober, book, request, origin))
    found: list[Reported] = []
    for group in await asyncio.gather(*jobs):
        found.extend(group)
    return found


def wire_findings(
    request: CheckRequest, results: Sequence[OriginResult], steps: Iterable[Step]
) -> list[Reported]:
    """Findings visible in the exchanges already made: two ACAO owners, a cache serving another
    origin's ACAO."""
    found: list[Reported] = []
    checked = set(request.origins)
    for step in steps:
        record = step.record
        acao = record.header("access-control-allow-origin")
        if len(acao) > 1 and step.purpose in ("preflight", "actual"):
            found.append(
                extra_finding(
                    "CORS108",
                    f"the {step.purpose} response carries {len(acao)} Access-Control-Allow-Origin lines: two "
                    "layers (app and proxy/CDN, or two middlewares) each add the header; keep one owner",
                    step=step.index,
                    lines=_lines(record, "access-control-allow-origin"),
                )
            )
        if (
            len(acao) == 1
            and step.purpose in ("preflight", "actual")
            and acao[0] != step.origin
            and acao[0] in checked
        ):
            cached = _lines(record, *_CACHE_HEADERS)
            found.append(
                extra_finding(
                    "CORS504",
                    f"the response to Origin {step.origin} carries Access-Control-Allow-Origin {acao[0]}, the "
                    "origin checked before it: a cache stored the first answer and ignores 'Vary: Origin'",
                    step=step.index,
                    lines=_lines(record, "access-control-allow-origin", "vary") + cached,
                )
            )
    return found
